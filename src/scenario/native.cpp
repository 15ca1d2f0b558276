#include "scenario/native.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/text.hpp"

namespace parley::scenario {

std::optional<Scenario> scenario_of(const genius::Domain& d, Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  Scenario s;
  s.title = d.name;
  s.description = "The GENIUS domain " + d.name + ", written as a parley scenario (docs/genius.md).";
  std::vector<std::string> names;
  for (const auto& issue : d.issues) names.push_back(core::id_from_name(issue.name));
  const auto ids = core::unique_ids(names);
  for (std::size_t k = 0; k < d.issues.size(); ++k) {
    const genius::Issue& in = d.issues[k];
    Issue out;
    out.id = ids[k];
    out.name = in.name;
    out.discrete = true;
    out.options = in.values;
    // A discrete GENIUS issue's items are evaluated one by one, with no order among them; an integer or real
    // issue's values are numbers in order.
    out.ordered = in.kind != genius::Issue::Kind::discrete;
    out.min = 0;
    out.max = static_cast<double>(std::max<std::size_t>(in.values.size(), 2) - 1);
    out.step = 1;
    out.where = in.where;
    if (in.values.size() < 2) {
      diags.error(in.where, "cannot write issue '" + in.name +
                                "' as a scenario: it has one value, and a scenario's issue needs two options");
    }
    // Options are named by their values' text: each must be written, and tell itself from the others.
    for (std::size_t j = 0; j < in.values.size(); ++j) {
      if (in.values[j].empty()) {
        diags.error(in.where, "cannot write issue '" + in.name + "' as a scenario: its value " + std::to_string(j + 1) +
                                  " has no name, and a scenario names its options");
      } else if (std::find(in.values.begin(), in.values.begin() + static_cast<std::ptrdiff_t>(j), in.values[j]) !=
                 in.values.begin() + static_cast<std::ptrdiff_t>(j)) {
        diags.error(in.where, "cannot write issue '" + in.name + "' as a scenario: two of its values are written '" +
                                  in.values[j] + "', and a scenario's options need distinct names");
      }
    }
    s.issues.push_back(std::move(out));
  }
  for (const genius::Profile& p : d.profiles) {
    Actor a;
    a.id = p.id;
    a.name = p.name;
    a.role = Role::party;
    a.capability = Uncertain::exactly(1);
    a.where = p.where;
    const double sum = std::accumulate(p.weights.begin(), p.weights.end(), 0.0);
    // A party whose utility is the same for every package (its weights all 0, as a game party whose scores never
    // change) accepts every package or none: the first is an indifferent actor, the second has no scenario form.
    if (!(sum > 0)) {
      if (p.reservation > 0) {
        diags.error(p.where, "cannot write '" + p.name +
                                 "' as a scenario: its utility is the same for every package and below its "
                                 "reservation, so it accepts none");
        continue;
      }
      for (std::size_t k = 0; k < d.issues.size(); ++k) {
        Stance st;
        st.issue = k;
        st.salience = Uncertain::exactly(0);
        st.values.assign(p.evaluation[k].size(), 0.0);
        st.where = p.where;
        a.stances.push_back(std::move(st));
      }
      s.actors.push_back(std::move(a));
      continue;
    }
    if (p.reservation / sum > 1 + 1e-12) {
      diags.error(p.where, "cannot write '" + p.name + "' as a scenario: its reservation (" +
                               core::format_number(p.reservation) + ") is more than its weights can give (" +
                               core::format_number(core::snap_decimal(sum)) + "), so it accepts no package");
      continue;
    }
    if (std::abs(sum - 1) > 1e-9) {
      diags.warning(p.where, "profile '" + p.name + "': its weights sum to " +
                                 core::format_number(core::snap_decimal(sum)) +
                                 "; a scenario's saliences are shares of their sum, so its utilities are the profile's "
                                 "divided by that sum, and its no_deal with them (it accepts the same packages)");
    }
    if (p.reservation > 0) a.no_deal = Uncertain::exactly(std::min(1.0, core::snap_decimal(p.reservation / sum)));
    for (std::size_t k = 0; k < d.issues.size(); ++k) {
      Stance st;
      st.issue = k;
      st.salience = Uncertain::exactly(core::snap_decimal(100 * p.weights[k] / sum));
      for (const double v : p.evaluation[k]) st.values.push_back(core::snap_decimal(v));
      const auto best = std::max_element(st.values.begin(), st.values.end());
      st.position = Uncertain::exactly(static_cast<double>(best - st.values.begin()));
      st.where = p.where;
      a.stances.push_back(std::move(st));
    }
    s.actors.push_back(std::move(a));
  }
  if (diags.error_count() != before) return std::nullopt;
  return s;
}

std::optional<Scenario> scenario_of(const game::Game& g, Diagnostics& diags) {
  auto s = scenario_of(g.domain, diags);
  if (!s) return std::nullopt;
  s->description = "The scorable game " + g.name +
                   ", written as a parley scenario: each party's total score mapped onto [0, 1] (docs/games.md).";
  DecisionRule rule;
  rule.parties = g.at_least;
  rule.vetoes = g.vetoes;  // the game's parties are the scenario's actors, in order
  rule.note = "the game's rule: at least n - 1 parties, every p1 and p2 party among them";
  s->decision = rule;
  return s;
}

}  // namespace parley::scenario
