#include "analysis/issue_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/stats.hpp"

namespace parley::analysis {

std::size_t nearest_option(const Issue& issue, double x) {
  return core::nearest_option(x, issue.options.size());
}

std::vector<IssueStats> issue_stats(const Scenario& s) {
  std::vector<IssueStats> out;
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    IssueStats st;
    st.issue = k;
    struct Entry {
      std::size_t actor;
      double x, w;
    };
    std::vector<Entry> entries;
    for (std::size_t a = 0; a < s.actors.size(); ++a) {
      const Stance* stance = s.actors[a].stance_on(k);
      // A stance that values every option alike has no best option to stand at (docs/models.md §1.7).
      if (!stance || stance->flat()) continue;
      entries.push_back({a, stance->position.central(), s.actors[a].capability.central() * stance->salience.central()});
      st.positions.push_back({a, entries.back().x, stance->salience.central(), entries.back().w});
    }
    if (!entries.empty()) {
      st.lowest = std::min_element(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.x < b.x; })->x;
      st.highest = std::max_element(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.x < b.x; })->x;
    }
    const double total =
        std::accumulate(entries.begin(), entries.end(), 0.0, [](double t, const Entry& e) { return t + e.w; });
    if (total > 0) {
      std::vector<double> x, w;
      for (const auto& e : entries) x.push_back(e.x), w.push_back(e.w);
      if (issue.discrete) {
        st.option_weights.assign(issue.options.size(), 0.0);
        for (const auto& e : entries) st.option_weights[nearest_option(issue, e.x)] += e.w / total;
      } else {
        const double mean = core::weighted_mean(x, w);
        double var = 0;
        for (const auto& e : entries) var += e.w * (e.x - mean) * (e.x - mean);
        st.mean = mean;
        st.sd = std::sqrt(var / total);
      }
      if (issue.nominal()) {
        // Options with no order have no median: the plurality option holds the most weight, and an actor is 0 or 1
        // option from it (docs/models.md §1.7).
        const auto most = std::max_element(st.option_weights.begin(), st.option_weights.end());
        st.plurality = static_cast<std::size_t>(most - st.option_weights.begin());
        for (const auto& e : entries)
          st.farthest.push_back({e.actor, nearest_option(issue, e.x) == *st.plurality ? 0.0 : 1.0});
      } else {
        st.median = core::weighted_median(x, w);
        for (const auto& e : entries) st.farthest.push_back({e.actor, std::abs(e.x - *st.median)});
      }
      std::stable_sort(st.farthest.begin(), st.farthest.end(),
                       [](const auto& a, const auto& b) { return a.distance > b.distance; });
    }
    st.low = issue.min;
    st.high = issue.max;
    for (std::size_t a = 0; a < s.actors.size(); ++a) {
      if (s.actors[a].role != Role::party) continue;
      IssueStats::Interval in{a, issue.min, issue.max, false, {}};
      const Stance* stance = s.actors[a].stance_on(k);
      if (stance != nullptr) {
        const Interval limits = acceptable_interval(issue, *stance);
        in.low = limits.low;
        in.high = limits.high;
        in.reserved = stance->limited();
      }
      if (issue.discrete) {
        in.accepted.assign(issue.options.size(), stance == nullptr ? 1 : 0);
        if (stance != nullptr) {
          for (const std::size_t o : stance->accepted_options(issue)) in.accepted[o] = 1;
        }
      }
      if (st.intervals.empty() || in.low > st.low) st.low = in.low, st.blocking_low = a;
      if (st.intervals.empty() || in.high < st.high) st.high = in.high, st.blocking_high = a;
      st.intervals.push_back(in);
    }
    st.zopa = st.low <= st.high;
    st.gap = st.zopa ? 0 : st.low - st.high;
    if (issue.discrete && !st.intervals.empty()) {
      // Options the parties accept one by one may leave holes, and nominal ones have no ends: the ZOPA is the
      // options every party accepts. With none, ordered options are at least one option apart; nominal ones
      // count as one option apart (some party must accept an option it refused).
      for (std::size_t o = 0; o < issue.options.size(); ++o) {
        if (std::all_of(st.intervals.begin(), st.intervals.end(), [&](const auto& in) { return in.accepted[o] != 0; }))
          st.common.push_back(o);
      }
      st.zopa = !st.common.empty();
      if (st.zopa) {
        st.low = static_cast<double>(st.common.front());
        st.high = static_cast<double>(st.common.back());
        st.gap = 0;
      } else {
        st.gap = issue.nominal() ? 1.0 : std::max(st.gap, 1.0);
      }
    }
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace parley::analysis
