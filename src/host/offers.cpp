#include "host/offers.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "analysis/rule.hpp"
#include "analysis/solutions.hpp"
#include "parley/error.hpp"

namespace parley::host {

namespace {

analysis::Limits limits() {
  analysis::Limits l;
  l.threads = 1;  // the server's own threads serve requests side by side
  return l;
}

// `picked` gets up to `max` distinct indices: `first` (in order), then others of `pool` evenly spaced.
std::vector<std::size_t> spread(const std::vector<std::size_t>& first, const std::vector<std::size_t>& pool,
                                std::size_t max) {
  std::vector<std::size_t> picked;
  auto add = [&](std::size_t i) {
    if (picked.size() < max && std::find(picked.begin(), picked.end(), i) == picked.end()) picked.push_back(i);
  };
  for (const auto i : first) add(i);
  const std::size_t want = std::min(max, pool.size());
  for (std::size_t j = 0; picked.size() < want && j < want; ++j) {
    add(pool[want <= 1 ? 0 : j * (pool.size() - 1) / (want - 1)]);
  }
  for (std::size_t j = 0; picked.size() < want && j < pool.size(); ++j) add(pool[j]);
  return picked;
}

// A reservation `r` of a party at `position` moved onto the issue's lattice (its grid: the public resolution):
// inward, the farthest lattice value from the position on r's side that is no farther than r (the position
// itself when there is none); outward, the nearest lattice value at or beyond r on r's side (the scale's end
// when there is none). Lattice values between r and the position are accepted either way, as with r itself.
double on_lattice(const Issue& issue, double position, double r, Limits limits) {
  if (limits == Limits::exact || issue.discrete) return r;  // a discrete reservation is an option already
  const double reach = std::abs(r - position);
  const double side = r < position ? -1.0 : 1.0;
  const double tolerance = 1e-9 * issue.range();
  std::optional<double> best;
  for (const double v : issue.grid()) {
    const double d = (v - position) * side;  // how far v lies from the position towards r
    if (d < -tolerance) continue;
    if (limits == Limits::inward && d <= reach + tolerance && (!best || d > (*best - position) * side)) best = v;
    if (limits == Limits::outward && d >= reach - tolerance && (!best || d < (*best - position) * side)) best = v;
  }
  if (best) return *best;
  return limits == Limits::inward ? position : (side < 0 ? issue.min : issue.max);
}

// A one-sided limit moved onto the lattice: `at_least` (least) inward to the nearest lattice value at or above it,
// outward to the nearest at or below it (`at_most` the other way round). The lattice holds the scale's ends, so
// there is always one.
double one_sided_on_lattice(const Issue& issue, double x, bool least, Limits limits) {
  if (limits == Limits::exact || issue.discrete) return x;
  const bool up = (limits == Limits::inward) == least;
  const double tolerance = 1e-9 * issue.range();
  std::optional<double> best;
  for (const double v : issue.grid()) {
    if (up && v >= x - tolerance && (!best || v < *best)) best = v;
    if (!up && v <= x + tolerance && (!best || v > *best)) best = v;
  }
  return best.value_or(up ? issue.max : issue.min);
}

double no_deal_at(double no_deal, Limits limits) {
  if (limits == Limits::exact) return no_deal;
  const double cells = no_deal / kNoDealResolution;
  // A value on a multiple (0.3 in binary) is on it, not a hair beside it.
  const double snapped = std::abs(cells - std::round(cells)) < 1e-9 ? std::round(cells) : cells;
  const double whole = limits == Limits::inward ? std::ceil(snapped) : std::floor(snapped);
  // Divided, not multiplied: 3 / 10 is the double nearest 0.3, 3 * 0.1 is not.
  return std::clamp(whole / std::round(1 / kNoDealResolution), 0.0, 1.0);
}

}  // namespace

Scenario with_preferences(const Scenario& s, const std::map<std::string, Preferences>& preferences, Limits limits) {
  Scenario out = s;
  for (auto& actor : out.actors) {
    if (actor.role != Role::party) continue;
    const auto it = preferences.find(actor.id);
    if (it == preferences.end()) throw Error(ExitCode::internal, "no preferences for party '" + actor.id + "'");
    const Preferences& p = it->second;
    std::vector<parley::Stance> stances;
    for (std::size_t k = 0; k < p.stances.size(); ++k) {
      if (!p.stances[k]) continue;
      parley::Stance st;
      st.issue = k;
      st.position = Uncertain::exactly(p.stances[k]->position);
      st.salience = Uncertain::exactly(p.stances[k]->salience);
      if (p.stances[k]->reservation)
        st.reservation =
            Uncertain::exactly(on_lattice(out.issues[k], p.stances[k]->position, *p.stances[k]->reservation, limits));
      if (p.stances[k]->at_least)
        st.at_least = Uncertain::exactly(one_sided_on_lattice(out.issues[k], *p.stances[k]->at_least, true, limits));
      if (p.stances[k]->at_most)
        st.at_most = Uncertain::exactly(one_sided_on_lattice(out.issues[k], *p.stances[k]->at_most, false, limits));
      // Options are a discrete issue's lattice already: the list is read as it is, inward and outward.
      st.acceptable = p.stances[k]->acceptable;
      stances.push_back(st);
    }
    actor.stances = std::move(stances);
    actor.no_deal.reset();
    if (p.no_deal) actor.no_deal = Uncertain::exactly(no_deal_at(*p.no_deal, limits));
  }
  return out;
}

double package_count(const Scenario& s) {
  double n = 1;
  for (const auto& i : s.issues) n *= static_cast<double>(i.grid_size());
  return n;
}

Evaluation::Evaluation(const Scenario& confidential, Scope scope, core::Work* work)
    // The lattice alone: a grid refined at the parties' limits would place packages on them (Grid::lattice).
    : space_(analysis::space_of(confidential, analysis::Grid::lattice)), scope_(scope) {
  if (space_.size() > kMaxPackages) throw LimitError("the package space is too large to host");
  if (scope == Scope::views) return;
  analysis::Limits l = limits();
  l.work = work;
  if (space_.decision.unanimity) {
    blocks_ = analysis::blocks_of(space_, l);
  } else {
    // Under a decision rule the packages that pass it are enumerated (analysis/rule.hpp): one block.
    blocks_.push_back(analysis::enumerate_by_rule(space_, l).passing);
  }
  frontier_ = analysis::pareto_frontier(space_, blocks_, l);
}

void Evaluation::require_offers() const {
  if (scope_ != Scope::offers) throw Error(ExitCode::internal, "offers asked of an evaluation made for views");
}

std::vector<double> Evaluation::values_of(std::size_t point) const {
  const auto grid = analysis::package_of(space_, blocks_, frontier_.points[point]);
  std::vector<double> values(grid.size());
  space_.values_of(grid, values);
  return values;
}

std::vector<std::size_t> Evaluation::grid_of(const std::vector<double>& values) const {
  std::vector<std::size_t> grid(space_.issues.size());
  for (std::size_t k = 0; k < grid.size(); ++k) {
    const auto& vs = space_.issues[k].values;
    const auto it = std::min_element(
        vs.begin(), vs.end(), [&](double a, double b) { return std::abs(a - values[k]) < std::abs(b - values[k]); });
    grid[k] = static_cast<std::size_t>(it - vs.begin());
  }
  return grid;
}

std::vector<std::vector<double>> Evaluation::suggestions(std::size_t max) const {
  require_offers();
  if (frontier_.points.empty()) return {};
  const auto solved = analysis::solve(space_, frontier_);
  std::vector<std::size_t> first;
  for (const auto& s : {solved.nash, solved.kalai_smorodinsky, solved.egalitarian, solved.utilitarian})
    if (s) first.push_back(*s);
  std::vector<std::size_t> pool(frontier_.points.size());
  for (std::size_t i = 0; i < pool.size(); ++i) pool[i] = i;
  std::set<std::vector<double>> out;
  for (const auto i : spread(first, pool, max)) out.insert(values_of(i));
  return {out.begin(), out.end()};
}

std::vector<std::vector<double>> Evaluation::improvements(const std::vector<double>& agreed, std::size_t max) const {
  require_offers();
  const auto grid = grid_of(agreed);
  std::vector<double> base;
  for (const auto i : space_.parties) base.push_back(space_.actors[i].utility(grid));
  std::vector<std::size_t> better;
  std::optional<std::size_t> nash;
  double best = 0;
  for (std::size_t p = 0; p < frontier_.points.size(); ++p) {
    const auto& u = frontier_.points[p].utilities;
    double product = 1;
    bool all = true;
    for (std::size_t i = 0; i < base.size() && all; ++i) {
      all = u[i] > base[i] + analysis::kUtilityEpsilon;
      product *= u[i] - base[i];
    }
    if (!all) continue;
    better.push_back(p);
    if (!nash || product > best + analysis::kUtilityEpsilon) {
      nash = p;
      best = product;
    }
  }
  std::set<std::vector<double>> out;
  for (const auto i : spread(nash ? std::vector<std::size_t>{*nash} : std::vector<std::size_t>{}, better, max))
    out.insert(values_of(i));
  return {out.begin(), out.end()};
}

std::pair<double, bool> Evaluation::view(const std::string& party, const std::vector<double>& values) const {
  const auto grid = grid_of(values);
  for (std::size_t i = 0; i < space_.actors.size(); ++i)
    if (space_.actors[i].id == party) return {space_.actors[i].utility(grid), space_.accepts(i, grid)};
  throw Error(ExitCode::internal, "no actor '" + party + "'");
}

}  // namespace parley::host
