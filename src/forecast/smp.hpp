// The spatial model of politics of KAPSARC's Toolkit for Behavioral Analysis (KTAB; Wise et al., KAPSARC
// 2015-2019): multi-issue "Bargain, Challenge, Negotiate" turns under any of KTAB's parameter settings;
// docs/models.md §6. Design, the KTAB details settled from its source, and degenerate inputs: docs/design/smp.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/work.hpp"
#include "parley/scenario.hpp"

namespace parley::forecast {

/// KTAB's parameters (its `<ModelParameters>`; docs/models.md §6.9), each in the order of its values in
/// kSmpParameters (parley/scenario.hpp), so that a value's index is its enumerator.
enum class VictoryModel { linear, square, quartic, octic, binary };
enum class VotingRule { binary, prop_bin, proportional, prop_cubic, cubic, asymmetric };
enum class PceModel { conditional, markov_incentive, markov_uniform };
enum class Transitions { deterministic, stochastic };
enum class RiskRange { min, mid, max };
enum class RiskAdjust { none, one_third, half, two_thirds, full };
enum class ThirdParty { none, semi, full };
enum class Interpolation { s1p1, s2p2, s2pmax };
enum class BargainModel { initiator, initiator_receiver, power_weighted };

/// The run's settings; the parameters default to KTAB's: linear victory probability, proportional voting,
/// conditional PCE, deterministic transitions, mid risk range, one-third risk adjustment, semi-committed third
/// parties, "S2P2" interpolation, initiator-only bargains.
struct SmpOptions {
  int max_turns = 100;            // stop after this many turns (KTAB: 100)
  int min_turns = 2;              // the movement rule applies from this turn on (KTAB: 2)
  double min_delta_ratio = 0.02;  // converged: movement this turn / (movement in turn 1 + 1e-4) below this
  unsigned threads = 1;           // 0: every hardware thread; results do not depend on it
  VictoryModel victory = VictoryModel::linear;
  VotingRule voting = VotingRule::proportional;
  PceModel pce = PceModel::conditional;
  Transitions transitions = Transitions::deterministic;
  RiskRange risk_range = RiskRange::mid;
  RiskAdjust risk_adjust = RiskAdjust::one_third;
  ThirdParty third_party = ThirdParty::semi;
  Interpolation interpolation = Interpolation::s2p2;
  BargainModel bargain = BargainModel::initiator;
  std::uint64_t seed = 1;  // stochastic transitions draw from parley's stream of this seed
};

/// Sets the parameters named in `values` (parley's names, in kSmpParameters order; empty: left as they are).
/// Throws UsageError for a name that is not one of the parameter's values.
void set_parameters(SmpOptions& options, const std::array<std::string, kSmpParameters.size()>& values);
/// The parameters' names, in kSmpParameters order.
[[nodiscard]] std::array<std::string, kSmpParameters.size()> parameter_names(const SmpOptions& options);

/// The model's input: actor i has capability[i] >= 0, and per issue k a position[i][k] in [0, 1] and a
/// salience[i][k] in [0, 1] with sum_k salience[i][k] <= 1.
struct SmpInput {
  std::vector<std::string> ids;
  std::vector<double> capability;
  std::vector<std::vector<double>> position;  // actor x issue, 0..1
  std::vector<std::vector<double>> salience;  // actor x issue, 0..1
  std::vector<std::string> rescaled;          // smp_input: actors whose saliences summed above 100, scaled to 100
  /// KTAB's ideal accommodation, actor x actor: after each turn i's ideal moves a[i][j] of the way toward j's
  /// new position, each row summing to at most 1 (the rest stays at the last ideal). Empty: the identity, each
  /// ideal is the actor's position (KTAB's default).
  std::vector<std::vector<double>> accommodation;
};

/// `challenger` challenged `target` in a turn; gain: the challenger's expected gain over the status quo;
/// probability: the challenger's estimate that it wins. The bargain it proposed puts the two at
/// `challenger_to` and `target_to`.
struct SmpChallenge {
  std::size_t challenger = 0, target = 0;
  double gain = 0, probability = 0;
  std::vector<double> challenger_to, target_to;
  /// Bargain model initiator-receiver only: the target's own interpolation, offered beside the challenger's.
  std::vector<double> counter_challenger_to, counter_target_to;
};

/// State `turn` (0: the input) and the turn that led to it.
struct SmpState {
  int turn = 0;
  std::vector<std::vector<double>> position;  // actor x issue, 0..1
  std::vector<std::vector<double>> ideal;     // actor x issue, 0..1, when the input accommodates ideals (else empty)
  /// Each actor's winning probability: the conditional PCE probability of its position among the distinct
  /// positions (actors at one position show the same number, so the column can sum to more than 1).
  std::vector<double> probability;
  std::vector<double> risk;  // the risk attitudes R_i of this state: in [0, 1], [-1/2, 1] or [-1, 1] by the range
  std::vector<SmpChallenge> challenges;              // made in the turn that led here (empty in state 0)
  std::vector<std::optional<std::size_t>> moved_by;  // the bargain partner that moved each actor, if any
};

struct SmpResult {
  std::vector<SmpState> states;  // states[t].turn == t
  std::string stop;              // "turns" or "converged"
  /// Per issue, the last state's distinct positions weighted by their winning probabilities.
  std::vector<double> forecast;
  /// The last state's distinct positions (one actor at each) and their winning probabilities, summing to 1.
  std::vector<std::size_t> distinct;
  std::vector<double> of_distinct;
};

/// On issue k of n options (the option indices 0..n-1 mapped to [0, 1]): the winning probability of the last
/// state's distinct positions that lie nearest each option, summing to 1. A weighted mean of option indices
/// means nothing on unordered options; these shares do (docs/models.md §6).
[[nodiscard]] std::vector<double> option_shares(const SmpResult& r, std::size_t k, std::size_t n);

/// The scenario's actors with at least one stance, in scenario order: central capability, position mapped
/// from the issue's [min, max] to [0, 1] (clamped; a zero-width scale maps to 0), salience / 100. An actor
/// without a stance on an issue gets salience 0 and position 0.5 there. Saliences summing above 100 are
/// scaled to sum to 100 (the model needs at most 1), and the actor is listed in `rescaled`.
[[nodiscard]] SmpInput smp_input(const Scenario& scenario);

/// Runs the model: O(n^3) time and O(n^2) memory per turn for n actors, on `options.threads` threads. Deterministic,
/// whatever the threads. Throws UsageError for no actors, no issues, mismatched sizes, non-finite numbers, a
/// capability < 0, a position or salience outside [0, 1], a salience total above 1, max_turns < 0 or min_turns < 1.
/// `work`, when given, hears of each turn (phase "turns", of max_turns) and is asked whether to stop (Cancelled).
[[nodiscard]] SmpResult run_smp(const SmpInput& input, const SmpOptions& options = {}, core::Work* work = nullptr);

}  // namespace parley::forecast
