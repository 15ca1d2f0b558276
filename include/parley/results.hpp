// Typed results: what the services return to a program (docs/api.md), before any rendering. Plain data; ids of
// issues and actors are their own types, and a value on a discrete issue carries its option, never a bare index.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/options.hpp"

namespace parley {

enum class OutputFormat { text, json, yaml, csv };

/// An option as a run was given it, typed by the options registry (parley/options.hpp).
struct StampedOption {
  std::string name;
  OptionType type = OptionType::text;
  std::vector<std::string> values;  // as text: one, or one per item of a list; none when it was left unset
};

/// What every output is stamped with: which engine, on which scenario, and with which options (every registered
/// option of the task that can change what the output says: not threads, formats, files or progress bars).
struct Stamp {
  std::string version;
  std::string scenario_sha256;
  std::vector<StampedOption> options;
};

/// An issue, by its place in Scenario::issues (input order). Its own type, so that it cannot be taken for an actor.
struct IssueId {
  std::size_t index = 0;
  friend auto operator<=>(const IssueId&, const IssueId&) = default;
};

/// An actor, by its place in Scenario::actors (input order).
struct ActorId {
  std::size_t index = 0;
  friend auto operator<=>(const ActorId&, const ActorId&) = default;
};

/// A value on an issue. On a continuous issue, a position on its scale; on a discrete issue, an option: its
/// index and name (a position between two options, such as a weighted median, is the nearest option).
struct Value {
  double position = 0;                // on the issue's scale (option k of a discrete issue lies at k)
  std::optional<std::size_t> option;  // discrete issues: the option
  std::string name;                   // discrete issues: the option's name; empty on a continuous issue

  [[nodiscard]] bool discrete() const { return option.has_value(); }
};

/// One issue as `analyze` sees it (docs/models.md §1): where the actors stand and whether the parties' limits
/// leave a zone of possible agreement (ZOPA).
struct IssueSummary {
  IssueId issue;
  std::string id, name;
  std::optional<double> mean, sd;       // weighted by capability x salience; continuous issues only
  std::optional<Value> median;          // the weighted median; none when nobody takes a stance
  Value lowest, highest;                // the extreme positions
  bool zopa = true;                     // the parties' intervals meet
  Value low, high;                      // the ZOPA when `zopa`; else the gap's ends (above `low`, below `high`)
  double gap = 0;                       // how far apart the nearest ends are, on the scale (0 with a ZOPA)
  std::optional<ActorId> above, below;  // no ZOPA: the party that will not go below `low`, and above `high`
  /// Discrete issues: the options every party accepts. Nominal issues (options with no order) have no median,
  /// ends or gap's ends: `plurality` is the option holding the most weight.
  std::vector<Value> common;
  bool nominal = false;
  std::optional<Value> plurality;
};

/// A package: one value per issue, in issue order; every party's utility of it and its ratification chance.
struct Package {
  std::vector<Value> values;
  std::vector<double> utilities;  // per party (AnalyzeResult::parties order), in [0, 1]
  double ratification = 1;        // the product of the ratification votes' pass chances
};

/// A party's concession in the cheapest way to an agreement (docs/models.md §2.8).
struct Concession {
  enum class Kind { reservation, at_least, at_most, acceptable, no_deal, red_line };
  /// "reservation", "at_least", "at_most", "acceptable", "no_deal" or "red_line", as the JSON names them.
  [[nodiscard]] static std::string_view kind_name(Kind kind);
  Kind kind = Kind::reservation;
  ActorId actor;
  std::optional<IssueId> issue;  // reservation, at_least, at_most, acceptable (`to`: the option now accepted)
  std::string constraint;        // red_line: its id
  double from = 0, to = 0;       // reservation: the limit's old and new value; no_deal: the old and new level
  bool drop = false;             // red_line: it holds nowhere on the grid, so it must go
  double cost = 0;               // in the party's utility
};

/// What it would take to open an agreement: the package the parties reach at the least total concession.
struct WhatItWouldTake {
  std::optional<std::string> not_computed;  // why the search was not run (too many winning coalitions)
  bool found = false;                       // false: no package reaches the minimum ratification asked for
  bool exact = true;  // the search finished (else `cost` is the best found, `lower_bound` below it)
  double cost = 0, lower_bound = 0;
  std::optional<Package> package;
  std::vector<Concession> concessions;
};

/// `analyze` at one timeline point (docs/models.md §1-2).
struct AnalyzeResult {
  Stamp stamp;
  std::string title, at;  // `at`: the timeline point ("start", a point's id, or the last point's)
  std::vector<IssueSummary> issues;
  std::vector<ActorId> parties;  // the actors who must accept a package, in input order
  double packages = 0;           // in the space (may exceed 2^64)
  /// Packages every party accepts: exact, or bounded by [agreeable_low, agreeable_high] past the work limits.
  double agreeable = 0, agreeable_low = 0, agreeable_high = 0;
  bool agreeable_exact = true;
  /// Under a decision rule (docs/models.md §2.3) `agreeable` counts the packages that pass it; these, every party's
  /// acceptance whatever the rule (-1 when only bounded), the rule in words and the parties nothing passes without.
  double unanimous = 0;
  std::string decision;
  bool unanimity = true;
  std::vector<ActorId> essential;
  bool found_off_grid = false;    // the agreeable packages lie between grid values (docs/analysis.md)
  double frontier_packages = 0;   // on the Pareto frontier, ties counted
  std::vector<Package> frontier;  // listed, best sum of utilities first, at most AnalyzeOptions::max_pareto
  std::optional<Package> nash, kalai_smorodinsky, egalitarian, utilitarian,
      leximin;                                        // none when nothing is agreeable
  std::optional<WhatItWouldTake> what_it_would_take;  // when nothing is agreeable (or min_ratification asks)

  /// What the renderers draw on (report/): opaque to callers.
  struct Internals;
  std::shared_ptr<const Internals> internals;
};

/// Why a forecast run ended (docs/models.md §3.7, §6).
enum class ForecastStop { converged, cycle, rounds, cancelled };
/// "converged", "cycle", "rounds" or "cancelled".
[[nodiscard]] std::string_view name(ForecastStop stop);

/// One model's forecast of an issue, in `forecast --model all`.
struct ModelForecast {
  std::string model;  // eum-scholz | eum-bdm | smp | compromise | compromise-median | exchange
  Value forecast;
  bool settled = false;
  std::string state;  // converged | cycle | cycle, one median | cap | one step
  Value low, high;
};

/// One issue's forecast.
struct IssueForecast {
  IssueId issue;
  std::string id;
  std::optional<Value> start;  // eum: the weighted median before any move
  Value forecast;              // where bargaining ends
  /// Whether the forecast is one firm number: the run converged, or it cycles with one median. Otherwise
  /// [low, high] is the range behind it, and the number alone must not be read as a prediction.
  bool settled = false;
  ForecastStop stop = ForecastStop::rounds;
  Value low, high;
  int rounds = 0;           // rounds (eum) or turns (smp) run
  std::vector<Value> path;  // eum: the weighted median after each round, round 0 first
  /// A nominal issue (options with no order): no model runs on it; `forecast` is its plurality option and
  /// `shares` each option's share of the weight (capability x salience) of the actors whose best option it is.
  bool nominal = false;
  std::vector<double> shares;
  /// `--model all`: each model's forecast (then `forecast` is their median, `low` and `high` the lowest and the
  /// highest), `spread` the distance between those two, and `reading` in plain words where the models part.
  std::vector<ModelForecast> models;
  double spread = 0;
  std::vector<std::string> reading;
};

/// `forecast`: where bargaining ends, issue by issue, and whether the forecast package passes the parties' limits.
struct ForecastResult {
  Stamp stamp;
  std::string model;  // eum | smp | compromise | exchange | all
  std::string at;
  std::vector<IssueForecast> issues;
  /// The forecast package against the parties' limits, red lines and no_deal levels: each party that would
  /// refuse it, in input order (a party once per reason).
  std::vector<ActorId> refused_by;
  double ratification = 1;  // the chance the ratification votes pass on it

  struct Internals;
  std::shared_ptr<const Internals> internals;
};

/// One issue at one point of the timeline.
struct TimelineIssue {
  IssueId issue;
  std::string id;
  std::optional<Value> median;  // the weighted median (an option, named, on a discrete issue)
  bool zopa = false;            // the parties' limits overlap
  double gap = 0;               // how far apart they are when they do not
};

/// The analysis at one point of the timeline, as `analyze --timeline` follows it.
struct TimelinePoint {
  std::string at, date, label;  // the point's id ("start" before the first), and its date and label if given
  std::vector<TimelineIssue> issues;
  std::optional<double> agreeable;  // packages every party accepts; none when only bounds were within the limits
  double pareto_packages = 0;
  std::optional<Package> nash;
  std::optional<double> what_it_would_take;  // the least total concession that opens a deal, when one was found
};

/// `analyze --timeline`: how the gap changed, point by point.
struct TimelineResult {
  Stamp stamp;
  std::string title;
  std::vector<TimelinePoint> points;

  struct Internals;
  std::shared_ptr<const Internals> internals;
};

/// The solution concepts of the graph model (docs/models.md §4): Nash, general metarationality, symmetric
/// metarationality, sequential stability, simultaneous sanctioning, and limited move L_h.
enum class StabilityConcept { nash, gmr, smr, seq, sim, limited };
/// "nash", "gmr", "smr", "seq", "sim" or "limited".
[[nodiscard]] std::string_view name(StabilityConcept concept_);

/// A state of the graph model: which options are taken.
struct ConflictState {
  std::size_t number = 0;  // 1 to the number of feasible states, as parley prints it
  std::string pattern;     // Y or N per option, in option order
};

/// A state and who finds it stable under which concept.
struct StateVerdicts {
  ConflictState state;
  /// Per decision maker (StabilityResult::decision_makers order): the concepts under which the state is stable for it.
  std::vector<std::vector<StabilityConcept>> stable_for;
  std::vector<StabilityConcept> equilibrium;  // the concepts under which it is stable for every decision maker
};

/// A coalition that can move jointly from an equilibrium to a state every member strictly prefers.
struct CoalitionUpset {
  std::vector<ActorId> members;
  ConflictState from, to;
  std::size_t moves = 0;  // the shortest such path's length
};

/// `stability`: which outcomes are stable (docs/stability.md).
struct StabilityResult {
  Stamp stamp;
  std::vector<ActorId> decision_makers;    // in the conflict's order
  std::vector<std::string> options;        // the options' ids, in order
  std::size_t states = 0;                  // feasible states
  std::vector<StabilityConcept> concepts;  // computed: the four, and limited with a horizon
  /// Every state that is an equilibrium under at least one concept, by number (all of them, whatever the output
  /// lists).
  std::vector<StateVerdicts> equilibria;
  std::optional<ConflictState> status_quo;
  /// The equilibria reachable from the status quo by legal moves, and by improvements only.
  std::vector<ConflictState> reachable, reachable_by_improvements;
  /// The coalitions analysed (none when not asked, or not by default: `coalitions_note` says why).
  std::vector<CoalitionUpset> coalition_upsets;
  std::string coalitions_note;

  struct Internals;
  std::shared_ptr<const Internals> internals;
};

/// A party of a simulated negotiation: who plays it and how.
struct SimulatedParty {
  ActorId actor;
  std::string strategy;        // as named, with its parameter (boulware, tit-for-tat:2, ...)
  double no_deal_utility = 0;  // what no agreement is worth to it (its reservation value)
};

/// One action of a simulated negotiation.
struct SimulationStep {
  std::size_t round = 0;
  std::optional<ActorId> party;  // none: the mediator (single text)
  std::string action;            // offer | accept | end | propose | vote_yes | vote_no
  /// The package acted on, in issue order, with each party's utility of it (SimulateResult::parties order); none
  /// for `end`.
  std::optional<Package> package;
};

/// `simulate`: one negotiation between software agents (docs/models.md §5).
struct SimulateResult {
  Stamp stamp;
  std::uint64_t seed = 0;
  std::string protocol;  // saop | single-text
  std::string at;        // the timeline point it started from
  std::size_t rounds = 0;
  std::vector<SimulatedParty> parties;
  std::optional<ActorId> mediator;  // single text
  /// The agreement (its values, each party's utility and the chance it is ratified), and the round it came in.
  std::optional<Package> agreement;
  std::optional<std::size_t> round;
  std::vector<double> expected_utilities;  // per party: of the agreement, counting the chance it is not ratified
  std::vector<double> utilities;           // per party at the end: of the agreement, or of no agreement
  std::optional<double> distance_to_pareto, distance_to_nash;
  std::optional<ActorId> ended_by;  // the party that walked away
  bool timed_out = false;
  std::vector<SimulationStep> trace;

  struct Internals;
  std::shared_ptr<const Internals> internals;
};

/// A mean over a tournament's negotiations, with its spread.
struct MeanOf {
  std::optional<double> mean, sd, ci95;  // none over no negotiation
  std::size_t count = 0;
};

/// How one strategy did (docs/simulate.md, "Tournaments").
struct StrategyScores {
  std::string strategy;  // as named, with its parameter
  MeanOf utility;        // what the party it played got, counting the chance its agreement is not ratified
  MeanOf agreement;      // the share of its negotiations that ended in agreement (weighted by ratification)
  MeanOf welfare;        // the sum of the parties' utilities in its negotiations
  MeanOf distance_to_nash;
  MeanOf round;  // the round its agreements came in
};

/// A strategy in one role of one scenario.
struct RoleScores {
  MeanOf utility, agreement;
};

/// One scenario of a tournament.
struct TournamentScenario {
  std::string file;
  std::vector<std::string> roles;                // its parties' ids, in role order
  std::size_t assignments = 0;                   // the strategies-to-roles assignments played
  std::vector<StrategyScores> strategies;        // in this scenario alone, in the order given
  std::vector<std::vector<RoleScores>> by_role;  // [role][strategy]
};

/// `tournament`: every strategy against every other in every role of every scenario (docs/simulate.md).
struct TournamentResult {
  Stamp stamp;
  std::uint64_t seed = 0;
  std::string protocol;  // saop | single-text
  std::size_t rounds = 0, repetitions = 0, negotiations = 0;
  std::vector<StrategyScores> strategies;  // over every scenario, in the order given
  std::vector<TournamentScenario> scenarios;

  struct Internals;
  std::shared_ptr<const Internals> internals;
};

/// One output of a sweep over its draws (docs/models.md §7.3-7.4): numeric (count > 0: its moments and
/// quantiles over the draws where it was a number) or categorical (each category's share of all draws).
struct OutputSummary {
  std::string path;   // as the analysis's JSON names it: issues.territory.weighted_median
  std::string label;  // for people: "Status of the Donbas: weighted median"
  std::size_t count = 0;
  double mean = 0, sd = 0, se = 0;
  double q05 = 0, q25 = 0, q50 = 0, q75 = 0, q95 = 0;
  std::vector<std::pair<std::string, double>> shares;  // category, share; "absent" for draws without the output
  bool membership = false;                             // a list membership: "true" or "false" in each draw
};

/// An uncertain input of the scenario, drawn in every draw.
struct DrawnInput {
  std::string path;          // actors.ua.stances.security.reservation
  std::string label;         // "Ukraine: reservation on Security guarantees for Ukraine"
  std::string distribution;  // normal(80, 10)
};

/// How one output moves with the inputs (`sensitivity`): each input alone at its 5 % and 95 % values (widest first),
/// and each input's first-order share of the output's variance over the draws (largest first; none below 100
/// draws).
struct InputSwing {
  std::string input;
  double low = 0, high = 0;
};
struct OutputSensitivity {
  std::string output;
  double base = 0;  // every input at its central value
  std::vector<InputSwing> tornado;
  std::vector<std::pair<std::string, double>> variance_shares;
};

/// `sweep`: an analysis over Monte Carlo draws of the scenario's uncertain numbers (docs/models.md §7).
struct SweepResult {
  Stamp stamp;
  std::string analysis;  // analyze | forecast | stability
  std::string at;        // the timeline point drawn
  std::uint64_t seed = 0;
  std::size_t draws = 0;        // the draws every summary covers
  std::size_t draws_asked = 0;  // more than `draws` only when the run was interrupted
  bool interrupted = false;
  /// 0: the quantiles are exact (every draw's values kept); else they come from a sketch that kept no draw,
  /// each within this fraction of its magnitude (SweepOptions::quantiles).
  double quantile_error = 0;
  std::vector<DrawnInput> inputs;
  std::vector<OutputSummary> outputs;  // in the order of first appearance; empty for a grid
  std::optional<std::vector<OutputSensitivity>> sensitivity;

  /// A `vary` grid (the first axis varying slowest): each point's outputs over its own draws (or its one run at
  /// central values with no draws). `inputs` are then the inputs drawn, the varied ones excepted.
  struct GridAxis {
    std::string path, label;
    std::vector<double> values;
  };
  struct GridPoint {
    std::vector<double> values;  // per axis
    std::vector<OutputSummary> outputs;
  };
  std::vector<GridAxis> axes;
  std::vector<GridPoint> grid;

  struct Internals;
  std::shared_ptr<const Internals> internals;
};

/// An uncertain input as one draw drew it.
struct ReplayedInput {
  std::string path;          // actors.ua.stances.security.reservation
  std::string distribution;  // normal(80, 10)
  double value = 0;
};

/// A sweep's `replay`: one draw rerun alone, its inputs and the analysis's own result on the drawn scenario.
struct SweepReplay {
  std::uint64_t seed = 0;
  std::size_t draw = 0;
  std::vector<ReplayedInput> inputs;
  /// The sweep's analysis on that draw: the one of the three it runs.
  std::optional<AnalyzeResult> analyze;
  std::optional<ForecastResult> forecast;
  std::optional<StabilityResult> stability;
};

/// A section of a report: its analysis's result, or why that analysis refused this scenario (work limits, nothing
/// to forecast).
template <class Result>
struct ReportSection {
  std::optional<Result> result;
  std::string skipped;  // the reason, when there is no result
};

/// The analysis at one point of the timeline, as a report shows it.
struct ReportPoint {
  std::string at;                          // "start" before the first point, else the point's id
  std::optional<std::string> date, label;  // the point's, when it is one
  ReportSection<AnalyzeResult> analysis;
};

/// How sure are we, in a report: the forecast and the analysis over Monte Carlo draws (with its tornado).
struct ReportUncertainty {
  std::size_t draws = 0;
  std::uint64_t seed = 0;
  ReportSection<SweepResult> forecast, analyze;
};

/// `report`: every analysis of one scenario (docs/report.md). Its sections carry the scenario's stamp; `stamp` is
/// the report's own, with its options.
struct ReportResult {
  Stamp stamp;
  std::string created;                                      // when it was made (ISO 8601): its only varying part
  std::vector<ReportPoint> points;                          // from "start" to after the last point; none without issues
  std::optional<ReportSection<ForecastResult>> eum, smp;    // from the last point; none without issues
  std::optional<ReportSection<ForecastResult>> models;      // every model side by side (forecast --model all)
  std::optional<ReportSection<StabilityResult>> stability;  // with a conflict section
  std::optional<ReportUncertainty> uncertainty;             // with draws
  std::vector<std::string> notes;                           // "SECTION: why it was skipped", one per skipped section

  struct Internals;
  std::shared_ptr<const Internals> internals;
};

}  // namespace parley
