// The scenario: issues, actors and stances, constraints, timeline and conflict; immutable once loaded.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/diagnostics.hpp"

namespace parley::expr {
class Program;
}

namespace parley {

/// A number that may be known only as a distribution (docs/scenario-format.md, "Numbers that are not known
/// exactly").
struct Uncertain {
  enum class Shape { fixed, normal, uniform, triangular };
  Shape shape = Shape::fixed;
  /// fixed: {x}; normal: {mean, sd}; uniform: {low, high}; triangular: {low, mode, high}.
  std::array<double, 3> p{};

  static Uncertain exactly(double x) { return {Shape::fixed, {x, 0, 0}}; }
  /// The value analyses use when they take one: normal's mean, uniform's midpoint, triangular's mode.
  [[nodiscard]] double central() const;
  /// The location parameters, which must lie in a field's valid range.
  [[nodiscard]] std::vector<double> locations() const;
  [[nodiscard]] bool is_fixed() const { return shape == Shape::fixed; }
  friend bool operator==(const Uncertain&, const Uncertain&) = default;
};

[[nodiscard]] std::string_view shape_name(Uncertain::Shape s);

struct Source {
  std::string id, title, url, date, note;
  SourceLocation where;
};

struct Label {
  double value;
  std::string text;
};

struct Issue {
  std::string id, name, description;
  bool discrete = false;
  std::vector<std::string> options;  // discrete issues: option k has value k
  /// A discrete issue's options are ordered (a scale of steps) unless `ordered: false` says they are nominal
  /// (docs/scenario-format.md, "Nominal issues"): no distance, mean or median is then computed on them.
  bool ordered = true;
  double min = 0, max = 100, step = 10;
  bool step_given = false;
  std::vector<Label> labels;  // continuous issues, sorted by value
  SourceLocation where;

  [[nodiscard]] double range() const { return max - min; }
  [[nodiscard]] bool nominal() const { return discrete && !ordered; }
  /// min, min+step, ..., max (max always included).
  [[nodiscard]] std::vector<double> grid() const;
  [[nodiscard]] std::size_t grid_size() const;
};

enum class Role { party, mediator, guarantor, stakeholder };
[[nodiscard]] std::string_view role_name(Role r);

/// How a stance values an issue: around an ideal point (`position`), or monotonically, more (or less) being better
/// (docs/scenario-format.md, "Stances"). A monotone stance stands at the scale's end it prefers: the tent utility
/// around that end is linear over the whole scale.
enum class Prefers { ideal, more, less };

struct Stance {
  std::size_t issue = 0;  // index into Scenario::issues
  Uncertain position, salience;
  std::optional<Uncertain> reservation;        // a limit as far from the position on either side
  std::optional<Uncertain> at_least, at_most;  // one-sided limits: the actor accepts this value and above (below)
  Prefers prefers = Prefers::ideal;
  /// Discrete issues: the actor's value of each option in [0, 1] as written (`values`), which replaces the
  /// distance from a position (its position is then its best option, the first of ties); empty otherwise.
  std::vector<double> values;
  /// Discrete issues: the options the actor accepts (`acceptable`), ascending; empty: no such limit.
  std::vector<std::size_t> acceptable;
  std::string source, note;
  SourceLocation where;

  /// Whether the stance values every option alike (`values` all equal): it has no best option, so the weights,
  /// medians and forecasts leave it out (docs/models.md §1.7).
  [[nodiscard]] bool flat() const {
    return !values.empty() && std::all_of(values.begin(), values.end(), [&](double v) { return v == values[0]; });
  }
  /// Whether the stance bounds the values the actor accepts on its issue.
  [[nodiscard]] bool limited() const { return reservation || at_least || at_most || !acceptable.empty(); }
  /// The actor's value of option (or scale value) x of its issue `on`: its `values` entry, 1 at its position and 0
  /// elsewhere on a nominal issue, else 1 - |x - p| / R (docs/models.md §2.2), at central values.
  [[nodiscard]] double value_of(const Issue& on, double x) const;
  /// Whether the stance accepts value x of its issue `on` (its acceptable interval, or its acceptable options),
  /// within `tolerance`.
  [[nodiscard]] bool accepts(const Issue& on, double x, double tolerance) const;
  /// A discrete issue's options the stance accepts, ascending.
  [[nodiscard]] std::vector<std::size_t> accepted_options(const Issue& on) const;
  /// Whether what the stance accepts reads as a list of options rather than an interval: on a nominal issue, or
  /// when it lists them (`acceptable`).
  [[nodiscard]] bool listed(const Issue& on) const { return on.discrete && (on.nominal() || !acceptable.empty()); }
};

/// A closed interval of an issue's values.
struct Interval {
  double low = 0, high = 0;
};

/// The values of `issue` a stance accepts, at central values (docs/models.md §1.4): `[p - |r - p|, p + |r - p|]` for
/// a reservation r around the position p; from `at_least` up and from `at_most` down for one-sided limits; clipped to
/// the scale. The whole scale when the stance has no limit; with `acceptable` options, from the first to the last
/// of them (Stance::accepts tells the options between).
[[nodiscard]] Interval acceptable_interval(const Issue& issue, const Stance& stance);

/// A named weight an actor holds for weighted decision rules: its population, its votes, its share of a fund.
struct ActorWeight {
  std::string name;
  double value = 0;
  SourceLocation where;
};

struct Actor {
  std::string id, name, description;
  Role role = Role::party;
  Uncertain capability = Uncertain::exactly(1);
  std::vector<ActorWeight> weights;  // as written; `capability` is a weight too (its central value)
  std::optional<double> risk;        // nullopt: auto
  std::optional<Uncertain> no_deal;
  std::vector<Stance> stances;  // in issue order
  std::string source, note;
  SourceLocation where;

  [[nodiscard]] const Stance* stance_on(std::size_t issue) const;
};

enum class ConstraintKind { ratification, red_line };

struct Constraint {
  std::string id;
  std::size_t actor = 0;
  ConstraintKind kind = ConstraintKind::red_line;
  std::string require;                           // as written
  std::shared_ptr<const expr::Program> program;  // over issue values, in issue order
  Uncertain pass_probability = Uncertain::exactly(0);
  bool pass_probability_given = false;
  std::string source, note;
  SourceLocation where;
};

enum class Field { capability, risk, no_deal, position, salience, reservation, at_least, at_most };
[[nodiscard]] std::string_view field_name(Field f);

/// One change at a timeline point: an absolute value, a shift ("-5") or a percentage ("+10%").
struct Change {
  enum class Mode { absolute, shift, percent };
  std::size_t actor = 0;
  std::optional<std::size_t> issue;
  Field field = Field::capability;
  Mode mode = Mode::absolute;
  Uncertain value;      // absolute
  double amount = 0;    // shift or percent
  std::string written;  // the relative text, or an option name, as written
  SourceLocation where;
};

struct TimePoint {
  std::string id, date, label, source, note;
  std::vector<Change> changes;
  SourceLocation where;
};

enum class Direction { both, take, drop };
[[nodiscard]] std::string_view direction_name(Direction d);

struct ConflictOption {
  std::string id, label;
  std::size_t actor = 0;
  Direction direction = Direction::both;
  SourceLocation where;
};

struct Statement {
  std::string text;
  std::shared_ptr<const expr::Program> program;  // over option values, in option order
  SourceLocation where;
};

struct DecisionMaker {
  std::size_t actor = 0;
  std::vector<Statement> preferences;               // prioritization, most important first
  std::vector<std::vector<std::uint64_t>> ranking;  // or: state codes, best first, ties grouped
  SourceLocation where;
};

struct Conflict {
  std::vector<ConflictOption> options;
  std::vector<Statement> infeasible;
  std::vector<DecisionMaker> decision_makers;
  std::optional<std::uint64_t> status_quo;  // state code: bit k set when option k is Y
  SourceLocation where;

  /// "YNY" for a state code, in option order.
  [[nodiscard]] std::string pattern(std::uint64_t code) const;
  [[nodiscard]] bool feasible(std::uint64_t code) const;
};

/// Who must accept a package for it to pass (docs/scenario-format.md, "Decision rule"). Every clause given must
/// hold; none given: every party (unanimity).
struct DecisionRule {
  std::optional<std::size_t> parties;   // at least this many parties accept
  std::optional<double> parties_share;  // or at least this share of the parties (rounded up to a count)
  std::vector<std::size_t> vetoes;      // actor indices: parties whose acceptance is required
  struct Weighted {
    std::string weight;  // an actor weight's name, or "capability"
    double share = 0;    // the accepting parties hold at least this share of the parties' total, in (0, 1]
    SourceLocation where;
  };
  std::vector<Weighted> weights;
  std::string note;
  SourceLocation where;
};

/// One setting of KTAB's spatial model (its `<ModelParameters>`; docs/models.md §6.9): the key under `models: smp:`
/// in a scenario (the command-line option is `--smp-` and the key with '-' for '_'), KTAB's element, the values
/// (parley's names, then KTAB's, in the same order), and KTAB's default.
struct SmpParameter {
  std::string_view key, ktab_element, values, ktab_values, fallback;
};

/// The spatial model's settings, in the order of `SmpSettings::value`.
inline constexpr std::array<SmpParameter, 9> kSmpParameters{{
    {"victory", "VictoryProbModel", "linear square quartic octic binary", "Linear Square Quartic Octic Binary",
     "linear"},
    {"voting", "VotingRule", "binary prop-bin proportional prop-cubic cubic asymmetric",
     "Binary PropBin Prop PropCbc Cubic ASymProsp", "proportional"},
    {"pce", "PCEModel", "conditional markov-incentive markov-uniform", "Conditional MarkovIncentive MarkovUniform",
     "conditional"},
    {"transitions", "StateTransitions", "deterministic stochastic", "Deterministic Stochastic", "deterministic"},
    {"risk_range", "BigRRange", "min mid max", "Min Mid Max", "mid"},
    {"risk_adjust", "BigRAdjust", "none one-third half two-thirds full", "None OneThird Half TwoThirds Full",
     "one-third"},
    {"third_party", "ThirdPartyCommit", "none semi full", "NoCommit SemiCommit FullCommit", "semi"},
    {"interpolation", "InterVecBrgn", "s1p1 s2p2 s2pmax", "S1P1 S2P2 S2PMax", "s2p2"},
    {"bargain", "BargnModel", "initiator initiator-receiver power-weighted",
     "InitOnlyInterp InitRcvrInterp PWCompInterp", "initiator"},
}};

/// Where "transitions" stands among kSmpParameters: whether a run draws depends on it.
inline constexpr std::size_t kSmpTransitions = 3;
static_assert(kSmpParameters[kSmpTransitions].key == "transitions");

/// kSmpParameters[k]'s command-line option ("smp-risk-adjust") and its name in words ("risk adjust").
[[nodiscard]] std::string smp_option(std::size_t k);
[[nodiscard]] std::string smp_words(std::size_t k);
/// The values of kSmpParameters[k]: parley's names, or KTAB's when `ktab`, in the same order.
[[nodiscard]] std::vector<std::string> smp_value_names(std::size_t k, bool ktab = false);
/// The position of `name` among those values, if it is one of them.
[[nodiscard]] std::optional<std::size_t> smp_value_index(std::size_t k, std::string_view name, bool ktab = false);

/// The spatial model's settings a scenario gives under `models: smp:` (or a KTAB XML file's `<ModelParameters>`
/// and `<prngSeed>`): value[k] is a value of kSmpParameters[k] by parley's name, empty when not given.
struct SmpSettings {
  std::array<std::string, kSmpParameters.size()> value;
  std::optional<std::uint64_t> seed;  // of stochastic transitions
  SourceLocation where_seed;
  /// KTAB's ideal accommodation (<IdealAdjustment>): after each turn actor's ideal moves `rate` of the way toward
  /// `toward`'s new position. Every actor starts at rate 1 toward its own position and 0 toward the others (its
  /// ideal is its position); an entry replaces one rate, and an actor's rates sum to at most 1, the rest of the
  /// way staying at its last ideal.
  struct IdealShift {
    std::size_t actor = 0, toward = 0;  // actor indices
    double rate = 0;
    SourceLocation where;
  };
  std::vector<IdealShift> ideals;
};

/// Model settings a scenario carries (docs/scenario-format.md, "Model settings").
struct ModelSettings {
  std::optional<SmpSettings> smp;
};

/// Where the scenario came from.
enum class InputFormat { yaml, json, bdm_csv, ktab_csv, ktab_xml, gmcr, decide };

/// A scenario imported from gmcr-py (InputFormat::gmcr) holds only `conflict`: no issues, and actors without
/// stances. Tasks over issues refuse it; `show`, `validate` and the graph-model analyses take it.
struct Scenario {
  int version = 1;
  std::string title, date, description;
  std::vector<Source> sources;
  std::vector<Issue> issues;
  std::vector<Actor> actors;  // as they stand after `applied` timeline points
  std::vector<Constraint> constraints;
  std::vector<TimePoint> timeline;
  std::optional<Conflict> conflict;
  std::optional<DecisionRule> decision;  // none: every party must accept
  ModelSettings models;                  // settings of the forecasting models; none: each model's defaults
  std::size_t applied = 0;               // timeline points applied to `actors` (0: as written)
  InputFormat format = InputFormat::yaml;
  std::shared_ptr<const std::string> file;

  [[nodiscard]] std::optional<std::size_t> issue_index(std::string_view id) const;
  [[nodiscard]] std::optional<std::size_t> actor_index(std::string_view id) const;
  [[nodiscard]] const Source* source(std::string_view id) const;
};

}  // namespace parley
