// Tournaments: every strategy against every other, in every role, on every scenario, repeated; scored per
// strategy with confidence intervals (as the ANAC competitions score agents; Baarslag et al. 2012).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/work.hpp"
#include "sim/outcomes.hpp"
#include "sim/protocol.hpp"
#include "sim/strategy.hpp"

namespace parley::sim {

struct TournamentOptions {
  std::vector<StrategySpec> strategies;
  std::size_t repetitions = 10;
  std::size_t rounds = 100;
  bool single_text = false;  // the mediated protocol instead of stacked alternating offers
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0: every hardware thread; results do not depend on it
};

/// A mean over negotiations, with the half-width of its 95 % confidence interval (normal approximation).
struct Mean {
  double mean = 0, sd = 0, ci95 = 0;
  std::size_t count = 0;
};

struct StrategyScore {
  Mean utility;           // what the party it played got: its no-deal utility without agreement; with one, its utility
                          // weighted by the agreement's ratification probability, the no-deal utility by the rest
  Mean agreement;         // share of its negotiations that ended in an agreement, each counted by its ratification
                          // probability (1 without ratification votes)
  Mean welfare;           // sum of the parties' utilities in its negotiations
  Mean distance_to_nash;  // over its agreements, in scenarios that have a Nash solution
  Mean rounds;            // the round its agreements came in
};

struct TournamentResult {
  std::size_t negotiations = 0;
  std::vector<std::size_t> assignments;  // per scenario: the strategies-to-roles assignments played
  std::vector<StrategyScore> scores;     // per strategy, in the order given
  /// Per scenario, per strategy: its scores in that scenario alone, and per role (party, in the scenario's order)
  /// when it played that role.
  struct ScenarioScores {
    std::vector<StrategyScore> by_strategy;
    std::vector<std::vector<StrategyScore>> by_role;  // [role][strategy]
  };
  std::vector<ScenarioScores> scenarios;
};

/// Negotiations past this many, or negotiation-rounds (negotiations x deadline) past kMaxWork, are refused
/// before any is played: 1e11 rounds is about an hour on one core.
inline constexpr double kMaxNegotiations = 1e9;
inline constexpr double kMaxWork = 1e11;

/// How a tournament's negotiations are numbered and split into blocks, the units of work shared out among
/// threads and processes. Scores are summed exactly (in fixed point), so they do not depend on how the blocks
/// are shared out.
struct TournamentPlan {
  std::size_t negotiations = 0;
  std::vector<std::size_t> assignments;  // per scenario
  std::vector<std::size_t> first;        // per scenario: its first negotiation's number
  std::vector<std::size_t> roles;  // per scenario: the number of cells before it, scenario-major (role x strategy)
  std::size_t cells = 0;           // (scenario, role, strategy) cells
  std::size_t blocks = 0;
};

/// Throws UsageError without strategies, LimitError past kMaxNegotiations or kMaxWork.
[[nodiscard]] TournamentPlan plan_tournament(std::span<const Outcomes* const> scenarios,
                                             const TournamentOptions& options);

/// Plays blocks [begin, end) on `options.threads` threads: the sums of their scores per (scenario, role,
/// strategy), as bytes for `score` (the same build reads them: an MPI rank sends them to rank 0). `work`, when
/// given, hears of each block's negotiations (phase "negotiations") and is asked whether to stop (Cancelled).
[[nodiscard]] std::string play_blocks(std::span<const Outcomes* const> scenarios, const TournamentOptions& options,
                                      const TournamentPlan& plan, std::size_t begin, std::size_t end,
                                      core::Work* work = nullptr);

/// The scores from every block's sums: `parts` are play_blocks' results over ranges covering every block once.
[[nodiscard]] TournamentResult score(const TournamentPlan& plan, const TournamentOptions& options,
                                     const std::vector<std::string>& parts);

/// Plays the tournament: for each scenario, every assignment of the strategies to its parties (with repeats:
/// each strategy meets itself too), `repetitions` times. Negotiation g draws from Stream(seed, g, ...), and
/// scores are summed exactly, so results are the same whatever the thread count.
/// Throws LimitError past kMaxNegotiations.
[[nodiscard]] TournamentResult run_tournament(std::span<const Outcomes* const> scenarios,
                                              const TournamentOptions& options, core::Work* work = nullptr);

}  // namespace parley::sim
