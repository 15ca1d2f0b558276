#include "analysis/package_check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/issue_stats.hpp"
#include "expr/expr.hpp"

namespace parley::analysis {

namespace {

// Whether the rule reads only issues the package fixes.
bool decided(const Constraint& c, std::span<const std::optional<double>> values) {
  const auto& used = c.program->variables_used();
  return std::all_of(used.begin(), used.end(), [&](std::size_t k) { return k < values.size() && values[k]; });
}

// u_i of docs/models.md §2.2 at a package of values: the salience-weighted closeness to the positions.
double utility(const Scenario& s, const Actor& actor, std::span<const std::optional<double>> values) {
  double total = 0, u = 0;
  for (const auto& st : actor.stances) total += st.salience.central();
  if (total == 0) return 1;
  for (const auto& st : actor.stances) {
    const Issue& issue = s.issues[st.issue];
    u += st.salience.central() / total * st.value_of(issue, *values[st.issue]);
  }
  return u;
}

}  // namespace

PackageCheck check_package(const Scenario& s, std::span<const std::optional<double>> values) {
  PackageCheck out;
  std::vector<double> x(s.issues.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    if (k < values.size() && values[k]) {
      x[k] = *values[k];
    } else {
      out.complete = false;
    }
  }
  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    const Actor& actor = s.actors[a];
    if (actor.role != Role::party) continue;
    for (const auto& st : actor.stances) {
      if (!st.limited() || std::isnan(x[st.issue])) continue;
      const auto [low, high] = acceptable_interval(s.issues[st.issue], st);
      const double tolerance = 1e-9 * s.issues[st.issue].range();
      if (!st.accepts(s.issues[st.issue], x[st.issue], tolerance)) {
        Violation v;
        v.actor = a;
        v.kind = Violation::Kind::reservation;
        v.issue = st.issue;
        v.value = x[st.issue];
        v.low = low;
        v.high = high;
        out.violations.push_back(v);
      }
    }
    for (std::size_t r = 0; r < s.constraints.size(); ++r) {
      const Constraint& c = s.constraints[r];
      if (c.actor != a || c.kind != ConstraintKind::red_line || !decided(c, values)) continue;
      if (!c.program->holds(x)) {
        Violation v;
        v.actor = a;
        v.kind = Violation::Kind::red_line;
        v.rule = r;
        out.violations.push_back(v);
      }
    }
    if (actor.no_deal && out.complete) {
      const double u = utility(s, actor, values);
      if (u < actor.no_deal->central() - 1e-12) {
        Violation v;
        v.actor = a;
        v.kind = Violation::Kind::no_deal;
        v.value = u;
        v.low = actor.no_deal->central();
        out.violations.push_back(v);
      }
    }
  }
  for (std::size_t r = 0; r < s.constraints.size(); ++r) {
    const Constraint& c = s.constraints[r];
    if (c.kind != ConstraintKind::ratification || !decided(c, values)) continue;
    Vote vote;
    vote.rule = r;
    vote.holds = c.program->holds(x);
    vote.pass = vote.holds ? 1.0 : c.pass_probability.central();
    out.ratification *= vote.pass;
    out.votes.push_back(vote);
  }
  return out;
}

}  // namespace parley::analysis
