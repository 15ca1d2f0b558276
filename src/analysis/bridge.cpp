#include "analysis/bridge.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::analysis {

namespace {

// What relaxing one party's red line costs at each combination of the issues it reads.
class RedLineCost {
 public:
  RedLineCost(const Space& space, std::size_t rule, const BridgeLimits& limits) : space_(space), rule_(rule) {
    const SpaceRule& r = space.rules[rule];
    double size = 1;
    for (std::size_t k : r.issues) size *= static_cast<double>(space.issues[k].values.size());
    if (size > limits.max_rule_grid) {
      throw LimitError("red line '" + r.id + "' reads issues spanning " + core::format_number(size) +
                           " grid points, more than the " + core::format_number(limits.max_rule_grid) +
                           " that pricing its relaxation scans",
                       where_text(r.where));
    }
    const auto total = static_cast<std::size_t>(size);
    std::vector<double> values(space.issues.size(), 0.0);
    std::vector<std::size_t> combo(r.issues.size(), 0);
    for (std::size_t c = 0; c < total; ++c) {
      decode(c, combo);
      for (std::size_t i = 0; i < combo.size(); ++i) values[r.issues[i]] = space.issues[r.issues[i]].values[combo[i]];
      if (r.holds(values)) satisfying_.push_back(c);
    }
    // Small rule grids get a full table; large ones are priced per package on demand.
    if (total <= 4096) {
      table_.resize(total);
      for (std::size_t c = 0; c < total; ++c) {
        decode(c, combo);
        table_[c] = scan(combo);
      }
    }
  }

  [[nodiscard]] bool none() const { return satisfying_.empty(); }

  /// Work one pricing costs: the satisfying points scanned when there is no table.
  [[nodiscard]] double work() const { return table_.empty() ? static_cast<double>(satisfying_.size()) : 1.0; }

  /// The cost at a package (grid indices over all issues).
  [[nodiscard]] double at(std::span<const std::size_t> package) const {
    const SpaceRule& r = space_.rules[rule_];
    std::vector<std::size_t> combo(r.issues.size());
    std::size_t code = 0;
    for (std::size_t i = 0; i < r.issues.size(); ++i) {
      combo[i] = package[r.issues[i]];
      code = code * space_.issues[r.issues[i]].values.size() + combo[i];
    }
    return table_.empty() ? scan(combo) : table_[code];
  }

 private:
  void decode(std::size_t code, std::vector<std::size_t>& combo) const {
    const SpaceRule& r = space_.rules[rule_];
    for (std::size_t i = r.issues.size(); i-- > 0;) {
      const std::size_t n = space_.issues[r.issues[i]].values.size();
      combo[i] = code % n;
      code /= n;
    }
  }

  [[nodiscard]] double scan(const std::vector<std::size_t>& combo) const {
    if (satisfying_.empty()) return 1.0;
    const SpaceRule& r = space_.rules[rule_];
    const SpaceActor& actor = space_.actors[r.actor];
    std::vector<std::size_t> other(combo.size());
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t c : satisfying_) {
      decode(c, other);
      double d = 0;
      for (std::size_t i = 0; i < combo.size(); ++i) {
        const SpaceIssue& issue = space_.issues[r.issues[i]];
        const double w = actor.indifferent ? 0.0 : actor.weight[r.issues[i]];
        // A nominal issue has no distance: another option is a whole issue away.
        d += issue.nominal ? (combo[i] != other[i] ? w : 0.0)
                           : w * std::abs(issue.values[combo[i]] - issue.values[other[i]]) / issue.range;
      }
      best = std::min(best, d);
    }
    return best;
  }

  const Space& space_;
  std::size_t rule_;
  std::vector<std::size_t> satisfying_;
  std::vector<double> table_;
};

double reservation_cost(const SpaceActor& a, const SpaceIssue& issue, std::size_t k, std::size_t j) {
  if (a.excess[k].empty() || a.indifferent) return 0.0;
  return a.weight[k] * a.excess[k][j] / issue.range;
}

class Search {
 public:
  Search(const Space& space, const BridgeLimits& limits) : space_(space), limits_(limits) {
    const std::size_t n = space.issues.size();
    for (std::size_t p : space.parties) {
      if (space.actors[p].no_deal) judged_.push_back(p);
    }
    sep_.resize(n);
    order_.resize(n);
    min_sep_after_.assign(n + 1, 0.0);
    best_u_after_.assign(n + 1, std::vector<double>(judged_.size(), 0.0));
    for (std::size_t k = n; k-- > 0;) {
      const SpaceIssue& issue = space.issues[k];
      sep_[k].assign(issue.values.size(), 0.0);
      for (std::size_t j = 0; j < issue.values.size(); ++j) {
        for (std::size_t p : space.parties) sep_[k][j] += reservation_cost(space.actors[p], issue, k, j);
      }
      order_[k].resize(issue.values.size());
      std::iota(order_[k].begin(), order_[k].end(), std::size_t{0});
      std::stable_sort(order_[k].begin(), order_[k].end(),
                       [&](std::size_t a, std::size_t b) { return sep_[k][a] < sep_[k][b]; });
      min_sep_after_[k] = min_sep_after_[k + 1] + sep_[k][order_[k].front()];
      for (std::size_t q = 0; q < judged_.size(); ++q) {
        double best = 0;
        for (std::size_t j = 0; j < issue.values.size(); ++j)
          best = std::max(best, space.actors[judged_[q]].share(k, j));
        best_u_after_[k][q] = best_u_after_[k + 1][q] + best;
      }
    }
    ready_.resize(n + 1);
    for (std::size_t r = 0; r < space.rules.size(); ++r) {
      const SpaceRule& rule = space.rules[r];
      if (!rule.red_line || !space.actors[rule.actor].party) continue;
      rules_.emplace_back(r, RedLineCost(space, r, limits));
      ready_[rule.issues.empty() ? 0 : rule.issues.back() + 1].push_back(rules_.size() - 1);
    }
    package_.assign(n, 0);
    best_package_.assign(n, 0);
  }

  Bridge run() {
    std::vector<double> u(judged_.size(), 0.0);
    visit(0, 0.0, 0.0, u);
    Bridge b;
    b.nodes = nodes_;
    b.min_ratification = limits_.min_ratification;
    if (!best_package_found_) {
      b.found = false;
      b.exact = !exhausted_;
      return b;
    }
    b.exact = !exhausted_;
    b.cost = best_;
    b.lower_bound = exhausted_ ? std::min(best_, open_bound_) : best_;
    b.package = best_package_;
    b.ratification = space_.ratification(b.package);
    describe(b);
    return b;
  }

 private:
  double rule_cost(std::size_t depth) {
    double c = 0;
    for (std::size_t i : ready_[depth]) {
      c += rules_[i].second.at(package_);
      nodes_ += rules_[i].second.work() - 1;  // a scan of a large red line counts against the budget
    }
    return c;
  }

  void visit(std::size_t depth, double sep, double rl, std::vector<double>& u) {
    rl += rule_cost(depth);
    double shortfall = 0;
    for (std::size_t q = 0; q < judged_.size(); ++q) {
      shortfall += std::max(0.0, *space_.actors[judged_[q]].no_deal - (u[q] + best_u_after_[depth][q]));
    }
    const double bound = sep + min_sep_after_[depth] + rl + shortfall;
    if (bound > best_ + kUtilityEpsilon) return;
    // The budget counts only once a package has been found: the first dive always completes. With a minimum
    // ratification probability a dive may end on a package that misses it, so the budget counts throughout.
    ++nodes_;
    if (exhausted_ || (nodes_ > limits_.max_nodes && (best_package_found_ || limits_.min_ratification > 0))) {
      exhausted_ = true;
      open_bound_ = std::min(open_bound_, bound);
      return;
    }
    if (depth == space_.issues.size()) {
      leaf(bound);
      return;
    }
    std::vector<double> next(u.size());
    for (std::size_t j : order_[depth]) {
      package_[depth] = j;
      for (std::size_t q = 0; q < judged_.size(); ++q) next[q] = u[q] + space_.actors[judged_[q]].share(depth, j);
      visit(depth + 1, sep + sep_[depth][j], rl, next);
    }
  }

  void leaf(double total) {
    if (limits_.min_ratification > 0 && space_.ratification(package_) < limits_.min_ratification - 1e-12) return;
    best_package_found_ = true;
    if (total < best_ - kUtilityEpsilon) {
      best_ = total;
      best_package_ = package_;
      best_max_ = largest_party_cost(package_);
      return;
    }
    // A tie: the smaller largest single-party cost, then the smaller package.
    const double largest = largest_party_cost(package_);
    if (largest < best_max_ - kUtilityEpsilon || (largest <= best_max_ + kUtilityEpsilon && package_ < best_package_)) {
      best_package_ = package_;
      best_max_ = largest;
    }
  }

  std::vector<double> party_costs(std::span<const std::size_t> package, std::vector<Concession>* out) const {
    const std::size_t m = space_.parties.size();
    std::vector<double> cost(m, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t p = space_.parties[i];
      const SpaceActor& a = space_.actors[p];
      for (std::size_t k = 0; k < space_.issues.size(); ++k) {
        const double c = reservation_cost(a, space_.issues[k], k, package[k]);
        if (a.excess[k].empty() || a.excess[k][package[k]] == 0) continue;
        cost[i] += c;
        if (out && !a.options[k].empty()) {
          // An option the party left out of the ones it accepts: it now accepts it too.
          out->push_back({Concession::Kind::acceptable, p, k, 0, 0, space_.issues[k].values[package[k]], false, c});
        } else if (out && !a.reservation[k]) {
          // A one-sided limit moves to the package's value.
          const double x = space_.issues[k].values[package[k]];
          const bool below = a.at_least[k] && x < *a.at_least[k];
          const double from = below ? *a.at_least[k] : a.at_most[k].value_or(x);
          out->push_back({below ? Concession::Kind::at_least : Concession::Kind::at_most, p, k, 0, from, x, false, c});
        } else if (out) {
          const double x = space_.issues[k].values[package[k]], pos = *a.position[k], r = *a.reservation[k];
          // The new reservation stays on the old one's side unless that leaves the scale; the acceptable
          // interval is symmetric, so the package's own value is then equivalent.
          const double side = r != pos ? (r > pos ? 1.0 : -1.0) : (x >= pos ? 1.0 : -1.0);
          const auto& values = space_.issues[k].values;
          double to = pos + side * std::abs(x - pos);
          if (to < values.front() || to > values.back()) to = x;
          out->push_back({Concession::Kind::reservation, p, k, 0, r, core::snap_decimal(to), false, c});
        }
      }
      if (a.no_deal) {
        const double u = a.utility(package);
        if (u < *a.no_deal - kUtilityEpsilon) {
          cost[i] += *a.no_deal - u;
          if (out) out->push_back({Concession::Kind::no_deal, p, 0, 0, *a.no_deal, u, false, *a.no_deal - u});
        }
      }
      for (const auto& [r, pricing] : rules_) {
        if (space_.rules[r].actor != p) continue;
        std::vector<double> values(space_.issues.size());
        space_.values_of(package, values);
        if (space_.rules[r].holds(values)) continue;
        const double c = pricing.at(package);
        cost[i] += c;
        if (out) out->push_back({Concession::Kind::red_line, p, 0, r, 0, 0, pricing.none(), c});
      }
    }
    return cost;
  }

  double largest_party_cost(std::span<const std::size_t> package) const {
    const auto c = party_costs(package, nullptr);
    return c.empty() ? 0.0 : *std::max_element(c.begin(), c.end());
  }

  void describe(Bridge& b) const { b.party_cost = party_costs(b.package, &b.concessions); }

  const Space& space_;
  const BridgeLimits& limits_;
  std::vector<std::size_t> judged_;
  std::vector<std::vector<double>> sep_;
  std::vector<std::vector<std::size_t>> order_;
  std::vector<double> min_sep_after_;
  std::vector<std::vector<double>> best_u_after_;
  std::vector<std::pair<std::size_t, RedLineCost>> rules_;
  std::vector<std::vector<std::size_t>> ready_;
  std::vector<std::size_t> package_, best_package_;
  double best_ = std::numeric_limits<double>::infinity(), best_max_ = std::numeric_limits<double>::infinity();
  double open_bound_ = std::numeric_limits<double>::infinity();
  double nodes_ = 0;
  bool exhausted_ = false;
  bool best_package_found_ = false;
};

}  // namespace

Bridge bridge(const Space& space, const BridgeLimits& limits) {
  return Search(space, limits).run();
}

}  // namespace parley::analysis
