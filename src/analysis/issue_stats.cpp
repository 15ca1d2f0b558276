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
      if (!stance) continue;
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
      st.median = core::weighted_median(x, w);
      for (const auto& e : entries) st.farthest.push_back({e.actor, std::abs(e.x - *st.median)});
      std::stable_sort(st.farthest.begin(), st.farthest.end(),
                       [](const auto& a, const auto& b) { return a.distance > b.distance; });
    }
    st.low = issue.min;
    st.high = issue.max;
    for (std::size_t a = 0; a < s.actors.size(); ++a) {
      if (s.actors[a].role != Role::party) continue;
      IssueStats::Interval in{a, issue.min, issue.max, false};
      if (const Stance* stance = s.actors[a].stance_on(k)) {
        const Interval limits = acceptable_interval(issue, *stance);
        in.low = limits.low;
        in.high = limits.high;
        in.reserved = stance->limited();
      }
      if (st.intervals.empty() || in.low > st.low) st.low = in.low, st.blocking_low = a;
      if (st.intervals.empty() || in.high < st.high) st.high = in.high, st.blocking_high = a;
      st.intervals.push_back(in);
    }
    st.zopa = st.low <= st.high;
    st.gap = st.zopa ? 0 : st.low - st.high;
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace parley::analysis
