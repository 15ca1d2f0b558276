// The expected-utility model's round in O(n^2) time and O(u^2) memory for u distinct positions
// (docs/models.md §3; docs/design/eum.md).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "forecast/eum_detail.hpp"
#include "forecast/eum_votes.hpp"

namespace parley::forecast::detail {

/// Actors at the same position share their votes, probabilities and distances, so the work runs over the
/// distinct positions where it can: the votes (eum_votes.hpp), the dangers, the utilities per receiving
/// exponent. Only the offers are per pair of actors, and most of them are settled without a power: certain
/// confrontations and certain non-offers follow from bounds on the utilities (docs/design/eum.md).
class FastStepper final : public Stepper {
 public:
  /// How the votes are kept (VoteTable::Keep); the defaults suit every input, tests change them to reach
  /// every path.
  struct Tuning {
    /// Keeping every pair's votes takes 4 u^2 bytes; above this, look-ups from checkpoints only.
    double max_table_bytes = 1 << 30;
    /// Exact look-ups a scholz round makes from checkpoints before it starts again keeping every pair; by
    /// default about u^2 / 64, where the two cost about the same.
    std::optional<std::size_t> look_up_budget;
    /// Voters whose rows of votes are made at once on the threads (0: about 64 MB of rows).
    std::size_t rows_per_block = 0;
    /// The bound on the checkpoints' memory (wider strides past it).
    double checkpoint_bytes = VoteTable::kCheckpointBytes;
  };

  FastStepper() = default;
  explicit FastStepper(const Tuning& tuning) : tuning_(tuning) {}

  [[nodiscard]] Step step(const Model& model, std::span<const double> positions) override;

 private:
  // What a receiving actor's offers depend on besides the pair: r, 0.5^r, the status-quo level
  // c = (1 - Q) / 2 + Q 0.5^r, and the filters' constants.
  struct Receiver {
    double r = 1, half = 0.5, c = 0.5;
    double bend = 0;  // half the least second derivative of t^r on [0, 1]-ish intervals (see floor_of_f)
    bool convex = true;
  };
  // One direction of a pair: i (at position gi) receives from j (at gj); P(i, j), P(j, i), and
  // alpha = s_i (1 - P(j, i)), beta = s_j (1 - P(i, j)).
  struct Direction {
    std::size_t i, j, gi, gj;
    double p_ij, p_ji, alpha, beta;
  };

  void group(std::span<const double> positions);
  [[nodiscard]] std::vector<double> dangers(const Model& model);
  void build_votes(const Model& model, std::span<const double> risk, VoteTable::Keep keep);
  [[nodiscard]] PairProbability probability(const Model& model, std::size_t g, std::size_t h) const;
  [[nodiscard]] bool scan(const Model& model, std::size_t i, Choice& choice, std::size_t& look_ups) const;
  void pair_offers(const Model& model, std::size_t g, std::size_t h, Choice& choice) const;
  void offer(const Model& model, const Direction& d, Choice& choice) const;
  [[nodiscard]] static double floor_of_f(const Receiver& rc, double t, double delta);
  [[nodiscard]] static bool certain_confrontation(const Receiver& rc, double beta, double gap, double delta);
  void complete(const Model& model, std::vector<Move>& moves) const;

  std::vector<std::size_t> order_;          // actors by position, then exponent, then input order
  std::vector<double> positions_, counts_;  // distinct positions, ascending, and how many actors hold each
  std::vector<std::size_t> begin_;          // group g is order_[begin_[g], begin_[g + 1])
  std::vector<std::size_t> group_of_;       // per actor
  std::vector<VoteTable::Voter> voters_;
  LinearVotes linear_;
  VoteTable table_;
  std::vector<Receiver> receivers_;  // per actor
  double p_max_ = 1;                 // no P(i, j) exceeds it
  Tuning tuning_;
  std::size_t look_up_budget_ = 0;  // exact look-ups this scholz round may still make from checkpoints
};

}  // namespace parley::forecast::detail
