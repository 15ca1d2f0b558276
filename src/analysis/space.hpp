// The package space an analysis works on: issues' grids, each actor's additive utility over them, and the
// rules that decide acceptance. Built from a parley scenario (at central values) or a GENIUS domain.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/scenario.hpp"
#include "scenario/game.hpp"
#include "scenario/genius.hpp"

namespace parley::expr {
class Program;
}

namespace parley::analysis {

struct SpaceIssue {
  std::string id, name;
  std::vector<double> values;       // the grid (a discrete issue's option indices)
  std::vector<std::string> labels;  // per value, when values have names (options, GENIUS items); else empty
  double range = 1;                 // R_k, the scale's width: distances are measured in units of it
  std::vector<double> breakpoints;  // values added to the step grid where acceptance changes (Grid::breakpoints)
  std::optional<double> found;      // a value added for a package found off the grid (agreeable_point)
  bool named = false;               // packages print this issue's values by name (GENIUS domains)
  bool nominal = false;             // options with no order (Issue::nominal): no distance, median or ends
  SourceLocation where;
};

struct SpaceActor {
  std::string id, name;
  bool party = true;                       // only parties must accept a package
  std::optional<double> no_deal;           // accepts only packages worth at least this much
  double disagreement = 0;                 // d_i of the bargaining solutions: no_deal, or 0 (docs/models.md §2.7)
  std::vector<double> weight;              // per issue: w_ik, the share of the actor's utility (sums to 1, or all 0)
  std::vector<std::vector<double>> value;  // per issue, per grid value: v_ik(x) in [0, 1]
  /// Per issue: empty when the actor has no reservation there; else per grid value how far the value lies
  /// beyond the reservation, in scale units (0 inside the acceptable interval).
  std::vector<std::vector<double>> excess;
  /// Per issue: the values the actor accepts, when its stance limits them (parley::acceptable_interval); and the
  /// limits as written, for "what it would take": a reservation around the position, or one-sided limits.
  std::vector<std::optional<Interval>> limits;
  std::vector<std::optional<double>> reservation, at_least, at_most;
  /// Per issue: empty unless the actor lists the options it accepts (`acceptable`), else 1 or 0 per option.
  std::vector<std::vector<std::uint8_t>> options;
  std::vector<std::optional<double>> position;  // per issue, when the actor has a stance

  bool indifferent = false;  // all saliences 0: utility 1 everywhere (docs/models.md §2.2)

  /// A scorable game's party: its total score is least + span * u (docs/games.md), shown beside utilities.
  struct Points {
    double least = 0, span = 0;
  };
  std::optional<Points> points;

  /// Issue k's part of the utility at grid value j: w_ik v_ik(x), so that u_i(x) is the sum over issues.
  [[nodiscard]] double share(std::size_t k, std::size_t j) const {
    if (indifferent) return k == 0 ? 1.0 : 0.0;
    return weight[k] * value[k][j];
  }
  /// Whether the actor's limit on issue k allows value x, within `tolerance` (in the issue's units).
  [[nodiscard]] bool allows(std::size_t k, double x, double tolerance) const {
    if (!options[k].empty()) {
      const double j = std::round(x);
      return j >= 0 && j < static_cast<double>(options[k].size()) && options[k][static_cast<std::size_t>(j)] != 0;
    }
    return !limits[k] || (x >= limits[k]->low - tolerance && x <= limits[k]->high + tolerance);
  }
  /// u_i(x) = sum_k w_ik v_ik(x_k) for a package given as grid indices.
  [[nodiscard]] double utility(std::span<const std::size_t> package) const;
};

/// A constraint over issue values: a party's red line (acceptance) or a ratification vote.
struct SpaceRule {
  std::string id;
  std::size_t actor = 0;
  bool red_line = true;
  std::shared_ptr<const expr::Program> program;  // over issue values in issue order
  double pass_probability = 0;                   // ratification: the chance it passes where `require` fails
  std::vector<std::size_t> issues;               // the issues it reads, ascending
  SourceLocation where;
  [[nodiscard]] bool holds(std::span<const double> values) const;
};

/// Who must accept a package for it to pass, over the parties (Space::parties order): a scenario's `decision`
/// rule or an imported game's, resolved (docs/models.md §2.3). Monotone: a package that passes still passes when
/// more parties accept it.
struct Decision {
  bool stated = false;              // a rule was given; else every party must accept
  std::size_t at_least = 0;         // parties that must accept (0: no such clause)
  std::vector<std::size_t> vetoes;  // positions in Space::parties, ascending
  struct Weighted {
    std::string name;            // the weight's name ("capability", "population", ...)
    std::vector<double> weight;  // per party
    double share = 0;            // of the parties' total weight that the accepting ones must hold
  };
  std::vector<Weighted> weighted;
  /// Set by settle(): whether the rule asks every party after all (k = n, every party a veto, ...), and the
  /// parties without whose acceptance nothing passes (positions in Space::parties).
  bool unanimity = true;
  std::vector<std::size_t> essential;

  /// Whether a package accepted by the parties flagged in `accepted` (one byte per party) passes.
  [[nodiscard]] bool passes(std::span<const std::uint8_t> accepted) const;
  /// Computes `unanimity` and `essential` for `parties` parties.
  void settle(std::size_t parties);
};

struct Space {
  std::string title;
  std::vector<SpaceIssue> issues;
  std::vector<SpaceActor> actors;
  std::vector<SpaceRule> rules;
  std::vector<std::size_t> parties;  // indices of actors with role party, in input order
  Decision decision;                 // who of the parties must accept

  /// The number of packages, as a double (it may exceed 2^64).
  [[nodiscard]] double size() const;
  /// Issue values of a package given as grid indices.
  void values_of(std::span<const std::size_t> package, std::span<double> out) const;
  /// Whether the package passes the decision rule: by default, whether every party accepts it (docs/models.md
  /// §2.3).
  [[nodiscard]] bool agreeable(std::span<const std::size_t> package) const;
  /// Whether every party accepts the package, whatever the rule.
  [[nodiscard]] bool unanimous(std::span<const std::size_t> package) const;
  [[nodiscard]] bool accepts(std::size_t actor, std::span<const std::size_t> package) const;
  /// Product over ratification rules of 1 where `require` holds and its pass probability where not.
  [[nodiscard]] double ratification(std::span<const std::size_t> package) const;
};

/// Packages for a picture of the space, as grid indices in issue order: every package when there are at most
/// `max`, else `max` of them evenly spaced in package order (the last issue varying fastest), so that the
/// same space always gives the same sample.
[[nodiscard]] std::vector<std::vector<std::size_t>> sample_packages(const Space& space, std::size_t max);

/// Utilities closer than this count as equal in every comparison (docs/models.md §2.5).
inline constexpr double kUtilityEpsilon = 1e-12;

/// Which values of a continuous issue a space holds.
enum class Grid {
  /// The issue's step grid only. The site evaluates on this lattice alone: values taken from anyone's limits
  /// would reveal them (docs/serve.md, "What the site reveals").
  lattice,
  /// The step grid plus every value where a party's acceptance or a ratification vote changes: each party's
  /// reservation and its mirror across the position, and each threshold of a constraint that compares one
  /// issue with a constant; beside a strict threshold, the midpoints to its neighbours. No overlap between
  /// grid points is then missed (docs/models.md §2.1).
  breakpoints,
};

/// A scenario's decision rule over `parties` (actor indices), settled; unanimity when it states none.
[[nodiscard]] Decision decision_of(const Scenario& s, const std::vector<std::size_t>& parties);

/// The space of a scenario at central values: the grid of each issue, the utility of docs/models.md §2.2.
[[nodiscard]] Space space_of(const Scenario& s, Grid grid = Grid::lattice);
/// With Grid::breakpoints, plus each continuous issue's value in `point` (issue values, as agreeable_point
/// gives them), so that the package found off the grid is one of the space's (`SpaceIssue::found`).
[[nodiscard]] Space space_of(const Scenario& s, const std::vector<double>& point);
[[nodiscard]] Space space_of(const Scenario& s, Grid grid, const std::vector<double>& point);

/// The space of a GENIUS domain: each profile a party with its weights and normalised evaluations; its
/// reservation value is both its disagreement value and its no_deal level (docs/models.md §2.9).
/// Issues are named by ids made from their names; packages print item names.
[[nodiscard]] Space space_of(const genius::Domain& d);

/// The space of a scorable game: its domain (each party's total score mapped onto [0, 1], docs/games.md), under
/// the game's rule.
[[nodiscard]] Space space_of(const game::Game& g);

}  // namespace parley::analysis
