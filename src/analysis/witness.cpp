#include "analysis/witness.hpp"

#include <algorithm>
#include <cmath>

#include "core/lp.hpp"
#include "core/text.hpp"
#include "expr/expr.hpp"

namespace parley::analysis {

namespace {

constexpr std::size_t kMaxBoxes = 4096;
// The linear programs' tableaux, summed over the boxes tried, in entries: a dense simplex costs about rows
// pivots of rows x columns each, so a budget on the entries bounds memory and, with it, time (about a second).
constexpr double kMaxTableau = 4e6;
constexpr double kEdge = 1e-9;    // a value this close to a reservation's edge (relative to the range) is on it
constexpr double kInward = 1e-7;  // an open end of an allowed interval is closed this far inside (relative)

// Whether every party's reservation and one-issue red lines allow value x on issue k.
bool allowed(const Space& space, std::size_t k, double x, std::vector<double>& scratch) {
  const double range = space.issues[k].range;
  for (const std::size_t p : space.parties) {
    const SpaceActor& a = space.actors[p];
    if (!a.allows(k, x, kEdge * range)) return false;
  }
  scratch[k] = x;
  for (const auto& rule : space.rules) {
    if (!rule.red_line || !space.actors[rule.actor].party) continue;
    if (rule.issues.size() == 1 && rule.issues.front() == k && !rule.holds(scratch)) return false;
  }
  return true;
}

struct Interval {
  double low, high;
};

// Party a's value of issue k fixed at x: on a discrete issue its grid value's (x is one of the issue's values: a
// nominal issue or one valued option by option has no tent), else the tent of docs/models.md §2.2.
double fixed_value_of(const Space& space, const SpaceActor& a, std::size_t k, double x) {
  const SpaceIssue& issue = space.issues[k];
  if (!issue.labels.empty()) {
    const auto at = std::lower_bound(issue.values.begin(), issue.values.end(), x - 1e-9);
    if (at != issue.values.end()) return a.value[k][static_cast<std::size_t>(at - issue.values.begin())];
  }
  if (!a.position[k]) return 1.0;
  return std::clamp(1 - std::abs(x - *a.position[k]) / issue.range, 0.0, 1.0);
}

// The values of continuous issue k every party allows, as closed intervals: between two consecutive values of
// the refined grid every party's answer is the same (they are the breakpoints), so the grid values and one point
// inside each gap decide it. An open end (beside a strict threshold) is closed just inside.
std::vector<Interval> allowed_intervals(const Space& space, std::size_t k, std::vector<double>& scratch) {
  const auto& v = space.issues[k].values;
  const double inward = kInward * space.issues[k].range;
  std::vector<Interval> out;
  bool open = false;  // an interval is being built
  for (std::size_t j = 0; j < v.size(); ++j) {
    const bool at = allowed(space, k, v[j], scratch);
    if (at && !open) out.push_back({v[j], v[j]}), open = true;
    if (at) out.back().high = v[j];
    if (!at && open) open = false;
    if (j + 1 == v.size()) break;
    const bool inside = allowed(space, k, (v[j] + v[j + 1]) / 2, scratch);
    if (inside && !open) out.push_back({v[j] + inward, v[j] + inward}), open = true;
    if (inside) out.back().high = v[j + 1] - inward;
    if (!inside) open = false;
  }
  return out;
}

}  // namespace

std::optional<std::vector<double>> agreeable_point(const Space& space) {
  const std::size_t n = space.issues.size();
  std::vector<double> scratch(n, 0.0);
  // Per issue, the choices a box makes: a discrete issue's allowed options (as one-point intervals), a continuous
  // issue's allowed intervals.
  std::vector<std::vector<Interval>> choices(n);
  double boxes = 1;
  for (std::size_t k = 0; k < n; ++k) {
    if (space.issues[k].labels.empty()) {
      choices[k] = allowed_intervals(space, k, scratch);
    } else {
      for (const double x : space.issues[k].values)
        if (allowed(space, k, x, scratch)) choices[k].push_back({x, x});
    }
    boxes *= static_cast<double>(choices[k].size());
  }
  if (boxes == 0 || boxes > static_cast<double>(kMaxBoxes)) return std::nullopt;
  // Red lines of parties that read several issues and are linear (comparisons of affine expressions joined by
  // `and`) are rows of every box's program; any other such red line is checked by the caller at the point.
  std::vector<expr::LinearConstraint> coupled;
  for (const auto& rule : space.rules) {
    if (!rule.red_line || !space.actors[rule.actor].party || rule.issues.size() < 2) continue;
    if (const auto constraints = rule.program->linear())
      coupled.insert(coupled.end(), constraints->begin(), constraints->end());
  }
  std::vector<std::size_t> pick(n, 0);
  double tableau = 0;
  for (double b = 0; b < boxes; b += 1) {
    // Box b: the variables are y_k = x_k - low_k on each issue whose interval has width, then t_ik <= v_ik(x_k)
    // for each party i with a no_deal level and weight on k, then the margin d, maximised (at most 1):
    //   y_k <= high_k - low_k;  t_ik +- (low_k + y_k - p_ik) / R_k <= 1;
    //   d - sum_k w_ik t_ik <= (fixed part of u_i) - no_deal_i + eps.
    std::vector<std::size_t> var(n, 0);
    std::size_t columns = 0;
    std::vector<double> fixed_value(n);
    for (std::size_t k = 0; k < n; ++k) {
      const Interval& in = choices[k][pick[k]];
      if (in.high > in.low) var[k] = ++columns;  // 1-based: 0 means fixed at `low`
      fixed_value[k] = in.low;
    }
    struct Term {
      std::size_t party, issue, column;
    };
    std::vector<Term> terms;
    for (const std::size_t p : space.parties) {
      const SpaceActor& a = space.actors[p];
      if (!a.no_deal || a.indifferent) continue;
      for (std::size_t k = 0; k < n; ++k)
        if (var[k] != 0 && a.weight[k] > 0 && a.position[k]) terms.push_back({p, k, columns + terms.size()});
    }
    const std::size_t width = columns + terms.size() + 1;
    // Past the budget the search stops without an answer, before building anything: a program that large is
    // left to the grid. Rows: the intervals' widths, two per term, one per party's level, the margin's bound.
    const auto rows = static_cast<double>(columns + 2 * terms.size() + coupled.size() + space.parties.size() + 1);
    tableau += rows * (static_cast<double>(width) + 2 * rows);
    if (tableau > kMaxTableau) return std::nullopt;
    // The program of the box, its coupled red lines kept `inward` (relative to each issue's range) inside their
    // bounds; nullopt when a level or red line fails on the fixed issues alone.
    const auto program = [&](double inward) -> std::optional<core::LinearProgram> {
      core::LinearProgram lp;
      lp.columns = width;
      const std::size_t margin = lp.columns - 1;
      for (std::size_t k = 0; k < n; ++k) {
        if (var[k] == 0) continue;
        std::vector<double> row(lp.columns, 0.0);
        row[var[k] - 1] = 1;
        lp.add(row, choices[k][pick[k]].high - choices[k][pick[k]].low);
      }
      for (const Term& t : terms) {
        const double p = *space.actors[t.party].position[t.issue], r = space.issues[t.issue].range;
        const double low = fixed_value[t.issue];
        for (const double side : {1.0, -1.0}) {
          std::vector<double> row(lp.columns, 0.0);
          row[t.column] = 1;
          row[var[t.issue] - 1] = side / r;
          lp.add(row, 1 - side * (low - p) / r);
        }
      }
      bool possible = true;
      // sum_k a_k x_k <= b with x_k = low_k + y_k: sum over the varying issues of a_k y_k <= b - sum_k a_k low_k,
      // moved `inward` of each issue's range inside (a strict one always 2 kInward: its bound itself is out).
      for (const auto& c : coupled) {
        std::vector<double> row(lp.columns, 0.0);
        double rhs = c.bound;
        bool varies = false;
        for (const auto& [k, a] : c.terms) {
          rhs -= a * fixed_value[k];
          rhs -= (c.strict ? 2 * kInward : inward) * std::abs(a) * space.issues[k].range;
          if (var[k] != 0) row[var[k] - 1] = a, varies = true;
        }
        if (!varies && rhs < 0) possible = false;
        if (varies) lp.add(std::move(row), rhs);
      }
      for (const std::size_t p : space.parties) {
        const SpaceActor& a = space.actors[p];
        if (!a.no_deal) continue;
        double fixed = 0;
        if (a.indifferent) {
          fixed = 1;
        } else {
          for (std::size_t k = 0; k < n; ++k) {
            if (var[k] != 0 && a.weight[k] > 0 && a.position[k]) continue;
            fixed += a.weight[k] * fixed_value_of(space, a, k, fixed_value[k]);
          }
        }
        std::vector<double> row(lp.columns, 0.0);
        row[margin] = 1;
        bool any = false;
        for (const Term& t : terms) {
          if (t.party != p) continue;
          row[t.column] = -a.weight[t.issue];
          any = true;
        }
        const double rhs = fixed - *a.no_deal + kUtilityEpsilon;
        if (!any && rhs < 0) possible = false;  // nothing left to vary, and the fixed part falls short
        lp.add(row, rhs);
      }
      if (!possible) return std::nullopt;
      std::vector<double> row(lp.columns, 0.0);
      row[margin] = 1;
      lp.add(row, 1);  // the margin is bounded, so the objective is
      lp.c.assign(lp.columns, 0.0);
      lp.c[margin] = 1;
      return lp;
    };
    // First on the red lines' own bounds, so that a point where they meet is found; when rounding leaves the
    // vertex found outside a red line, once more just inside. The values are rounded to 15 significant digits
    // (a vertex at 81.99999999999999 is 82) and every red line over several issues is evaluated there exactly.
    for (const double inward : {0.0, kInward}) {
      const auto lp = program(inward);
      const auto solution = lp ? core::solve(*lp) : std::nullopt;
      if (!solution) break;
      std::vector<double> x(n);
      for (std::size_t k = 0; k < n; ++k) {
        const Interval& in = choices[k][pick[k]];
        x[k] = var[k] == 0 ? in.low : std::clamp(core::snap_decimal(in.low + solution->z[var[k] - 1]), in.low, in.high);
      }
      const bool holds = std::all_of(space.rules.begin(), space.rules.end(), [&](const SpaceRule& rule) {
        return !rule.red_line || !space.actors[rule.actor].party || rule.issues.size() < 2 || rule.holds(x);
      });
      if (holds) return x;
    }
    // The next box: the last issue's choice varies fastest.
    for (std::size_t k = n; k-- > 0;) {
      if (++pick[k] < choices[k].size()) break;
      pick[k] = 0;
    }
  }
  return std::nullopt;
}

}  // namespace parley::analysis
