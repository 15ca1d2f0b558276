#include "analysis/space.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "core/text.hpp"
#include "expr/expr.hpp"

namespace parley::analysis {

namespace {

// Grid values are decimals held in binary (0.1 * 3 != 0.3): a value this close to a reservation's edge
// is on it. Relative to the issue's range.
constexpr double kGridTolerance = 1e-9;

// A continuous issue's values with its breakpoints (see Grid::breakpoints), ascending.
std::vector<double> values_with_breakpoints(const Scenario& s, std::size_t k) {
  const Issue& issue = s.issues[k];
  std::vector<double> values = issue.grid();
  if (issue.discrete) return values;
  const double tolerance = kGridTolerance * issue.range();
  std::vector<double> strict;
  auto add = [&](double v, bool is_strict) {
    if (!std::isfinite(v) || v < issue.min - tolerance || v > issue.max + tolerance) return;
    v = core::snap_decimal(std::clamp(v, issue.min, issue.max));
    values.push_back(v);
    if (is_strict) strict.push_back(v);
  };
  for (const auto& actor : s.actors) {
    if (actor.role != Role::party) continue;
    const Stance* stance = actor.stance_on(k);
    if (stance == nullptr) continue;
    // Acceptance on the issue is |x - p| <= |r - p|: it changes at r and at its mirror 2p - r; and at each
    // one-sided limit.
    if (stance->reservation) {
      const double p = stance->position.central(), r = stance->reservation->central();
      add(r, false);
      add(2 * p - r, false);
    }
    if (stance->at_least) add(stance->at_least->central(), false);
    if (stance->at_most) add(stance->at_most->central(), false);
  }
  for (const auto& c : s.constraints) {
    // Only parties' red lines decide acceptance; every ratification vote weighs on a package.
    if (c.kind == ConstraintKind::red_line && s.actors[c.actor].role != Role::party) continue;
    for (const auto& t : c.program->thresholds())
      if (t.variable == k) add(t.value, t.strict);
  }
  std::sort(values.begin(), values.end());
  // Values closer than the tolerance are one value: a reservation written on a grid value adds nothing.
  std::vector<double> out;
  for (const double v : values)
    if (out.empty() || v - out.back() > tolerance) out.push_back(v);
  // At a strict threshold the answer differs from both sides': the open intervals beside it need a value of
  // their own, when no other value lies in them.
  std::vector<double> mid;
  for (const double t : strict) {
    const auto it = std::lower_bound(out.begin(), out.end(), t - tolerance);
    if (it == out.end()) continue;
    if (it != out.begin()) mid.push_back(core::snap_decimal((*(it - 1) + *it) / 2));
    if (it + 1 != out.end()) mid.push_back(core::snap_decimal((*it + *(it + 1)) / 2));
  }
  if (!mid.empty()) {
    out.insert(out.end(), mid.begin(), mid.end());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end(), [&](double a, double b) { return b - a <= tolerance; }), out.end());
  }
  return out;
}

}  // namespace

double SpaceActor::utility(std::span<const std::size_t> package) const {
  double u = 0;
  for (std::size_t k = 0; k < package.size(); ++k) u += share(k, package[k]);
  return u;
}

bool SpaceRule::holds(std::span<const double> values) const {
  return program->holds(values);
}

double Space::size() const {
  double n = 1;
  for (const auto& issue : issues) n *= static_cast<double>(issue.values.size());
  return n;
}

std::vector<std::vector<std::size_t>> sample_packages(const Space& space, std::size_t max) {
  std::vector<std::vector<std::size_t>> out;
  const double total = space.size();
  if (space.issues.empty() || total < 1 || max == 0) return out;
  const double count = std::min(total, static_cast<double>(max));
  for (double i = 0; i < count; i += 1) {
    // Package number floor(i * total / count), decoded in mixed radix. Doubles are exact up to 2^53; past
    // that the sample is still deterministic and evenly spread, only not exactly on those numbers.
    double number = std::floor(i * total / count);
    std::vector<std::size_t> package(space.issues.size());
    for (std::size_t k = space.issues.size(); k-- > 0;) {
      const double radix = static_cast<double>(space.issues[k].values.size());
      const double digit = std::fmod(number, radix);
      package[k] = static_cast<std::size_t>(digit);
      number = std::floor(number / radix);
    }
    out.push_back(std::move(package));
  }
  return out;
}

void Space::values_of(std::span<const std::size_t> package, std::span<double> out) const {
  for (std::size_t k = 0; k < package.size(); ++k) out[k] = issues[k].values[package[k]];
}

bool Space::accepts(std::size_t actor, std::span<const std::size_t> package) const {
  const SpaceActor& a = actors[actor];
  for (std::size_t k = 0; k < package.size(); ++k) {
    if (!a.excess[k].empty() && a.excess[k][package[k]] > 0) return false;
  }
  if (a.no_deal && a.utility(package) < *a.no_deal - kUtilityEpsilon) return false;
  std::vector<double> values(issues.size());
  bool have_values = false;
  for (const auto& rule : rules) {
    if (!rule.red_line || rule.actor != actor) continue;
    if (!have_values) values_of(package, values), have_values = true;
    if (!rule.holds(values)) return false;
  }
  return true;
}

bool Space::unanimous(std::span<const std::size_t> package) const {
  return std::all_of(parties.begin(), parties.end(), [&](std::size_t p) { return accepts(p, package); });
}

bool Space::agreeable(std::span<const std::size_t> package) const {
  if (decision.unanimity) return unanimous(package);
  std::vector<std::uint8_t> accepted(parties.size());
  for (std::size_t i = 0; i < parties.size(); ++i) accepted[i] = accepts(parties[i], package) ? 1 : 0;
  return decision.passes(accepted);
}

bool Decision::passes(std::span<const std::uint8_t> accepted) const {
  if (!stated) return std::all_of(accepted.begin(), accepted.end(), [](std::uint8_t a) { return a != 0; });
  if (at_least > 0 && static_cast<std::size_t>(std::count(accepted.begin(), accepted.end(), 1)) < at_least)
    return false;
  for (std::size_t v : vetoes) {
    if (accepted[v] == 0) return false;
  }
  for (const auto& w : weighted) {
    double total = 0, held = 0;
    for (std::size_t i = 0; i < accepted.size(); ++i) {
      total += w.weight[i];
      if (accepted[i] != 0) held += w.weight[i];
    }
    // When the parties hold no weight at all (a timeline point or a draw can bring every capability to 0), a
    // share of it means nothing: the clause asks every party (docs/models.md §2.3).
    if (!(total > 0) || !std::isfinite(total)) {
      if (std::any_of(accepted.begin(), accepted.end(), [](std::uint8_t a) { return a == 0; })) return false;
      continue;
    }
    // Relative slack for the sums' rounding: 65% of a total is reached by weights adding to exactly that.
    if (held < w.share * total - 1e-12 * total) return false;
  }
  return true;
}

void Decision::settle(std::size_t parties) {
  essential.clear();
  std::vector<std::uint8_t> accepted(parties, 1);
  for (std::size_t i = 0; i < parties; ++i) {
    accepted[i] = 0;
    if (!passes(accepted)) essential.push_back(i);
    accepted[i] = 1;
  }
  // The rule is monotone: when every party is essential, only unanimity passes.
  unanimity = !stated || essential.size() == parties;
}

double Space::ratification(std::span<const std::size_t> package) const {
  std::vector<double> values(issues.size());
  values_of(package, values);
  double p = 1;
  for (const auto& rule : rules) {
    if (!rule.red_line && !rule.holds(values)) p *= rule.pass_probability;
  }
  return p;
}

Decision decision_of(const Scenario& s, const std::vector<std::size_t>& parties) {
  Decision d;
  if (s.decision) {
    const DecisionRule& rule = *s.decision;
    d.stated = true;
    const auto n = static_cast<double>(parties.size());
    if (rule.parties) d.at_least = *rule.parties;
    // A share of the parties is a count rounded up: 55% of 27 members is 15 (14.85 rounded up); the share is
    // snapped first so that 50% of 4 is 2, not 3 from 2.0000000000000004.
    if (rule.parties_share)
      d.at_least = static_cast<std::size_t>(std::ceil(core::snap_decimal(*rule.parties_share * n)));
    for (std::size_t a : rule.vetoes) {
      const auto at = std::find(parties.begin(), parties.end(), a);
      if (at != parties.end()) d.vetoes.push_back(static_cast<std::size_t>(at - parties.begin()));
    }
    std::sort(d.vetoes.begin(), d.vetoes.end());
    for (const auto& w : rule.weights) {
      Decision::Weighted out;
      out.name = w.weight;
      out.share = w.share;
      for (std::size_t p : parties) {
        const Actor& actor = s.actors[p];
        double x = 0;
        if (w.weight == "capability") {
          x = actor.capability.central();
        } else {
          for (const auto& aw : actor.weights) {
            if (aw.name == w.weight) x = aw.value;
          }
        }
        out.weight.push_back(x);
      }
      d.weighted.push_back(std::move(out));
    }
  }
  d.settle(parties.size());
  return d;
}

Space space_of(const Scenario& s, Grid grid) {
  return space_of(s, grid, {});
}

Space space_of(const Scenario& s, const std::vector<double>& point) {
  return space_of(s, Grid::breakpoints, point);
}

Space space_of(const Scenario& s, Grid grid, const std::vector<double>& point) {
  Space space;
  space.title = s.title;
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    SpaceIssue out;
    out.id = issue.id;
    out.name = issue.name;
    out.values = issue.grid();
    if (grid == Grid::breakpoints) {
      auto refined = values_with_breakpoints(s, k);
      std::set_difference(refined.begin(), refined.end(), out.values.begin(), out.values.end(),
                          std::back_inserter(out.breakpoints));
      out.values = std::move(refined);
    }
    // The value of a package found off the grid (agreeable_point), so that the package is one of the space's.
    if (!point.empty() && !issue.discrete) {
      const double x = core::snap_decimal(std::clamp(point[k], issue.min, issue.max));
      const double tolerance = kGridTolerance * issue.range();
      const auto near =
          std::find_if(out.values.begin(), out.values.end(), [&](double v) { return std::abs(v - x) <= tolerance; });
      if (near == out.values.end()) {
        out.values.insert(std::upper_bound(out.values.begin(), out.values.end(), x), x);
        out.found = x;
      }
    }
    out.range = issue.range();
    if (issue.discrete) out.labels = issue.options;
    out.nominal = issue.nominal();
    out.where = issue.where;
    space.issues.push_back(std::move(out));
  }
  const std::size_t n = s.issues.size();
  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    const Actor& actor = s.actors[a];
    SpaceActor out;
    out.id = actor.id;
    out.name = actor.name;
    out.party = actor.role == Role::party;
    if (actor.no_deal) out.no_deal = actor.no_deal->central();
    out.disagreement = out.no_deal.value_or(0.0);
    out.weight.assign(n, 0.0);
    out.value.resize(n);
    out.excess.resize(n);
    out.options.resize(n);
    out.limits.resize(n);
    out.reservation.resize(n);
    out.at_least.resize(n);
    out.at_most.resize(n);
    out.position.resize(n);
    double total = 0;
    for (const auto& stance : actor.stances) total += stance.salience.central();
    for (std::size_t k = 0; k < n; ++k) {
      const SpaceIssue& issue = space.issues[k];
      const Stance* stance = actor.stance_on(k);
      out.value[k].assign(issue.values.size(), 1.0);
      if (!stance) continue;
      const double p = stance->position.central();
      out.position[k] = p;
      if (total > 0) out.weight[k] = stance->salience.central() / total;
      for (std::size_t j = 0; j < issue.values.size(); ++j)
        out.value[k][j] = stance->value_of(s.issues[k], issue.values[j]);
      if (!stance->acceptable.empty()) {
        // Options listed one by one: an option left out lies as far beyond as the nearest one listed on an ordered
        // issue, and a whole range away on a nominal one (accepting it costs the issue's whole weight,
        // docs/models.md §2.8).
        const Issue& scale = s.issues[k];
        out.options[k].assign(issue.values.size(), 0);
        out.excess[k].assign(issue.values.size(), 0.0);
        for (std::size_t j = 0; j < issue.values.size(); ++j) {
          double nearest = std::numeric_limits<double>::infinity();
          for (const std::size_t o : stance->acceptable)
            nearest = std::min(nearest, std::abs(issue.values[j] - static_cast<double>(o)));
          out.options[k][j] = nearest == 0 ? 1 : 0;
          if (nearest > 0) out.excess[k][j] = scale.nominal() ? issue.range : nearest;
        }
      } else if (stance->limited()) {
        if (stance->reservation) out.reservation[k] = stance->reservation->central();
        if (stance->at_least) out.at_least[k] = stance->at_least->central();
        if (stance->at_most) out.at_most[k] = stance->at_most->central();
        out.limits[k] = acceptable_interval(s.issues[k], *stance);
        out.excess[k].resize(issue.values.size());
        for (std::size_t j = 0; j < issue.values.size(); ++j) {
          const double x = issue.values[j];
          double beyond = -std::numeric_limits<double>::infinity();
          if (out.reservation[k]) beyond = std::abs(x - p) - std::abs(*out.reservation[k] - p);
          if (out.at_least[k]) beyond = std::max(beyond, *out.at_least[k] - x);
          if (out.at_most[k]) beyond = std::max(beyond, x - *out.at_most[k]);
          out.excess[k][j] = beyond > kGridTolerance * issue.range ? beyond : 0.0;
        }
      }
    }
    out.indifferent = total == 0;
    space.actors.push_back(std::move(out));
    if (actor.role == Role::party) space.parties.push_back(a);
  }
  space.decision = decision_of(s, space.parties);
  for (const auto& c : s.constraints) {
    SpaceRule rule;
    rule.id = c.id;
    rule.actor = c.actor;
    rule.red_line = c.kind == ConstraintKind::red_line;
    rule.program = c.program;
    rule.pass_probability = c.pass_probability.central();
    rule.issues = c.program->variables_used();
    rule.where = c.where;
    space.rules.push_back(std::move(rule));
  }
  return space;
}

Space space_of(const genius::Domain& d) {
  Space space;
  space.title = d.name;
  std::vector<std::string> names;
  for (const auto& issue : d.issues) names.push_back(core::id_from_name(issue.name));
  const auto ids = core::unique_ids(names);
  for (std::size_t k = 0; k < d.issues.size(); ++k) {
    const auto& in = d.issues[k];
    SpaceIssue out;
    out.id = ids[k];
    out.name = in.name;
    out.values = in.numbers;
    out.labels = in.values;
    out.named = true;
    const auto [lo, hi] = std::minmax_element(in.numbers.begin(), in.numbers.end());
    out.range = *hi > *lo ? *hi - *lo : 1.0;
    out.where = in.where;
    space.issues.push_back(std::move(out));
  }
  const std::size_t n = d.issues.size();
  for (const auto& profile : d.profiles) {
    SpaceActor a;
    a.id = profile.id;
    a.name = profile.name;
    a.no_deal = profile.reservation;
    a.disagreement = profile.reservation;
    a.weight = profile.weights;
    a.value = profile.evaluation;
    a.excess.resize(n);
    a.options.resize(n);
    a.limits.resize(n);
    a.reservation.resize(n);
    a.at_least.resize(n);
    a.at_most.resize(n);
    a.position.resize(n);
    space.parties.push_back(space.actors.size());
    space.actors.push_back(std::move(a));
  }
  space.decision.settle(space.parties.size());
  return space;
}

Space space_of(const game::Game& g) {
  Space space = space_of(g.domain);
  for (std::size_t i = 0; i < g.parties.size(); ++i) {
    SpaceActor::Points points;
    for (const auto& scores : g.parties[i].scores) {
      const auto [lo, hi] = std::minmax_element(scores.begin(), scores.end());
      points.least += *lo;
      points.span += *hi - *lo;
    }
    space.actors[space.parties[i]].points = points;
  }
  space.decision.stated = true;
  space.decision.at_least = g.at_least;
  space.decision.vetoes = g.vetoes;
  space.decision.settle(space.parties.size());
  return space;
}

}  // namespace parley::analysis
