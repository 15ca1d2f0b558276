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
    // Nobody's weight: no forecast (the issue is left open, as the other models leave it).
    if (c.actors.empty() || !(total > 0)) continue;
    c.median = core::weighted_median(c.position, c.weight);
    // Options are ordered but not spaced: a mean of their indices names nothing, so on a discrete issue the
    // compromise is the weighted median (docs/models.md §8).
    if (!issue.discrete) c.mean = core::weighted_mean(c.position, c.weight);
    c.forecast = variant == CompromiseVariant::mean && c.mean ? *c.mean : c.median;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace parley::forecast
