// Sensitivity of a sweep's outputs to its uncertain inputs (docs/models.md §7.5-7.6): one-at-a-time swings (a
// tornado ranking) and first-order variance shares estimated from the Monte Carlo draws already made.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sweep/outputs.hpp"

namespace parley::sweep {

/// An output's value with one input at its 5 % and at its 95 % value, every other input at its central value.
struct Swing {
  std::string input;
  double low = 0, high = 0;
  [[nodiscard]] double width() const { return high > low ? high - low : low - high; }
};

struct OutputSensitivity {
  std::string output;
  double base = 0;                                     // every input at its central value
  std::vector<Swing> tornado;                          // widest swing first (ties: input order)
  std::vector<std::pair<std::string, double>> shares;  // Var(E[Y | X_i]) / Var(Y), largest first; empty below 100 draws
};

/// The tornado of every numeric output that has a value in the base run and in every one-at-a-time run.
/// `low[i]` and `high[i]` are the outputs with input i at its 5 % and 95 % value.
[[nodiscard]] std::vector<OutputSensitivity> tornado(const std::vector<Output>& base,
                                                     const std::vector<std::string>& inputs,
                                                     const std::vector<std::vector<Output>>& low,
                                                     const std::vector<std::vector<Output>>& high);

/// Adds first-order variance shares to `sensitivity` for outputs with a value in every draw: the correlation
/// ratio of the output on each input, from kBins equal-count bins of the input's drawn values. `x[i][k]` is
/// input i's value in draw k. The estimate is biased upwards by about (kBins - 1) / draws.
void add_variance_shares(std::vector<OutputSensitivity>& sensitivity, const Collector& draws,
                         const std::vector<std::string>& inputs, const std::vector<std::vector<double>>& x);

inline constexpr std::size_t kBins = 20;
inline constexpr std::size_t kMinDrawsForShares = 100;

}  // namespace parley::sweep
