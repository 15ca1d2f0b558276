// Exact summaries of draws split among processes, computed where the draws are (docs/models.md §7.4;
// docs/design/sweep.md, "MPI").
#pragma once

#include <string>
#include <vector>

#include "sweep/outputs.hpp"

namespace parley::sweep {

/// The collective steps of processes that run one sweep together. Every rank calls each step, in the same order.
class Ranks {
 public:
  virtual ~Ranks() = default;
  [[nodiscard]] virtual int rank() const = 0;
  [[nodiscard]] virtual int size() const = 0;
  /// Every rank's message on rank 0, in rank order; an empty list on the others.
  [[nodiscard]] virtual std::vector<std::string> gather(const std::string& mine) = 0;
  /// Rank 0's message on every rank (what the others pass is ignored).
  [[nodiscard]] virtual std::string broadcast(const std::string& mine) = 0;
};

/// Collector::summarise over the draws of every rank, bit for bit, when rank r holds the draws that follow rank
/// r - 1's, without sending a draw:
/// - counts and category shares are added;
/// - sums run in draw order, a rank's partial sums handed to the next (two passes: the values, then their
///   squared distances from the mean), so every addition is the one a single process makes;
/// - each order statistic is found by bisection on the values' order, each rank counting its own sorted values
///   (at most 64 rounds, each of 24 bytes per statistic from each rank; fewer when the values are few).
/// Collective: rank 0 gets the summaries, the others an empty list. When a rank fails (no memory) every rank
/// throws std::runtime_error with that rank's message. Local work runs on up to `threads` threads.
[[nodiscard]] std::vector<Summary> summarise_split(const Collector& mine, Ranks& ranks, unsigned threads);

}  // namespace parley::sweep
