// The expected-utility model of group decisions on one issue (Bueno de Mesquita 1994, 2002), in the form of
// Scholz, Calbert & Smith's replication (J. Theoretical Politics 23(4), 2011, 510-531); docs/models.md §3.
// Design, complexity and the choices for degenerate inputs: docs/design/eum.md.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "core/stats.hpp"
#include "parley/scenario.hpp"

namespace parley::forecast {

struct EumOptions {
  /// scholz: Scholz et al.'s code, the default (P over all votes, no capitulation, confrontations first).
  /// bdm: the paper's stated intent (P normalised per pair, capitulation, the offer that moves an actor least).
  enum class Variant { scholz, bdm };
  Variant variant = Variant::scholz;
  double q = 1.0;   // Q: the probability that the status quo persists; in [0, 1]
  int rounds = 10;  // at most this many rounds of moves
  /// Two positions closer than `tolerance * D` (D: the issue's range) count as equal in the stop rules:
  /// converged when no actor moved further, a cycle when every position is that close to an earlier round's.
  /// 1e-9 lets the reference case's 2-cycle show by round 10 (rounds 8 and 10 differ by 2.6e-10 of D) without
  /// taking a run that is still moving for a cycle.
  double tolerance = 1e-9;
  /// Threads for a round's votes (0: every core); the result does not depend on it (docs/design/eum.md).
  unsigned threads = 1;
};

struct EumActor {
  double position = 0;
  double capability = 0;
  double salience = 0;         // 0..1
  std::optional<double> risk;  // fixed risk exponent (> 0); nothing: from the actor's danger each round
};

/// One issue: its actors, in input order, and its scale [min, max].
struct EumInput {
  std::vector<EumActor> actors;
  double min = 0, max = 100;
};

enum class MoveKind { confrontation, compromise, capitulation };

/// An offer `actor` took in a round: it moved to `to` because of `towards` (indices into EumInput::actors).
struct Move {
  std::size_t actor = 0, towards = 0;
  MoveKind kind = MoveKind::confrontation;
  double eu_ij = 0;  // x: EU_i(i challenges j), as i sees it
  double eu_ji = 0;  // y: EU_i(j challenges i), as i sees it
  double to = 0;
};

/// The state after round `round` (round 0: the input), and how the round got there.
struct Round {
  int round = 0;
  std::vector<double> positions;  // after this round's moves, in input order
  double median = 0, mean = 0;    // weighted by capability * salience (section 1); the median is the forecast
  std::vector<double> risk;       // the risk exponents this round used (empty in round 0)
  std::vector<Move> moves;        // the offers taken in this round, by actor (empty in round 0)
};

struct EumResult {
  std::vector<Round> rounds;  // rounds[k].round == k
  /// Why the run ended: the rounds cap, no actor moved (converged), the positions repeat an earlier round
  /// (cycle), or the caller's callback asked to stop (cancelled). Converged and cycle win over the cap when
  /// they happen in the last round.
  enum class Stop { rounds, converged, cycle, cancelled };
  Stop stop = Stop::rounds;
  int period = 0;       // cycle: the last round repeats round cycle_start = last - period (the latest such)
  int cycle_start = 0;  // cycle only
  /// The median the model shows at round `EumOptions::rounds`: the last round's median, except that a run
  /// stopped by a cycle takes the round of the cycle in the same phase as round `rounds`.
  double forecast = 0;
  /// Whether the forecast is one firm number (docs/models.md §3.7): the run converged, or it cycles with the
  /// same median (within the tolerance) in every state of the cycle. A run stopped by the rounds cap or
  /// cancelled has not settled.
  bool settled = false;
  /// The medians' range behind the forecast: the forecast itself when converged; over the cycle's states
  /// (rounds cycle_start to the one before the last) for a cycle; over the last half of the rounds (round
  /// ceil(last / 2) to the last) otherwise.
  double low = 0, high = 0;
};

/// Called after each round (round 0 included); return false to stop the run (Stop::cancelled).
using RoundCallback = std::function<bool(const Round&)>;

/// Runs the model. Exact (the same numbers as the literal formulas up to rounding), O(n^2) time per round for
/// n actors, O(n + u^2 / 32) memory for u distinct positions (bdm, and scholz rounds that need many exact
/// look-ups: 4 u^2 bytes up to 1 GiB). Throws UsageError on input that breaks the documented preconditions:
/// non-finite numbers, capability < 0, salience outside [0, 1], risk <= 0, q outside [0, 1], rounds < 0,
/// tolerance < 0, a scale and positions spanning more than the largest double.
[[nodiscard]] EumResult run_eum(const EumInput& input, const EumOptions& options, const RoundCallback& on_round = {});

/// The same model computed literally from the formulas of docs/models.md §3, O(n^3) per round: the test oracle for
/// run_eum. Use it only on small inputs.
[[nodiscard]] EumResult eum_reference(const EumInput& input, const EumOptions& options);

/// Weighted median and mean of docs/models.md §1.2-1.3 (core/stats.hpp), as the model reports them.
using core::weighted_mean;
using core::weighted_median;

/// One issue of a scenario as the model's input, and which scenario actor each EumInput actor is.
struct EumIssue {
  EumInput input;
  std::vector<std::size_t> actors;  // index into Scenario::actors, per EumInput actor
};

/// The actors with a stance on issue `issue` (in scenario order): central values of position, salience / 100,
/// capability, and the actor's fixed risk if it has one. Throws UsageError for an issue index out of range.
[[nodiscard]] EumIssue eum_issue(const Scenario& scenario, std::size_t issue);

}  // namespace parley::forecast
