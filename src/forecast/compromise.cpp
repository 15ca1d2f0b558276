#include "forecast/compromise.hpp"

#include "core/stats.hpp"

namespace parley::forecast {

std::vector<CompromiseIssue> compromise(const Scenario& s, const std::vector<std::size_t>& issues,
                                        CompromiseVariant variant) {
  std::vector<CompromiseIssue> out;
  for (const std::size_t k : issues) {
    const Issue& issue = s.issues[k];
    if (issue.nominal()) continue;
    CompromiseIssue c;
    c.issue = k;
    double total = 0;
    for (std::size_t a = 0; a < s.actors.size(); ++a) {
      const Stance* st = s.actors[a].stance_on(k);
      if (st == nullptr || st->flat()) continue;
      c.actors.push_back(a);
      c.position.push_back(st->position.central());
      c.weight.push_back(s.actors[a].capability.central() * st->salience.central());
      total += c.weight.back();
    }
    // With every weight 0, every actor weighs the same (core::weighted_mean, as in the expected-utility model).
    if (c.actors.empty()) continue;
    if (!(total > 0)) c.weight.assign(c.actors.size(), 1.0);
    c.median = core::weighted_median(c.position, c.weight);
    // Options are ordered but not spaced: a mean of their indices names nothing, so on a discrete issue the
    // compromise is the weighted median (docs/models.md §9).
    if (!issue.discrete) c.mean = core::weighted_mean(c.position, c.weight);
    c.forecast = variant == CompromiseVariant::mean && c.mean ? *c.mean : c.median;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace parley::forecast
