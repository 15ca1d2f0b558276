#include "random_scenarios.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "scenario/load.hpp"

namespace parley::analysis::testing {

std::string random_scenario_yaml(std::uint64_t seed, const RandomOptions& o) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const int issues = uniform(o.min_issues, o.max_issues);
  std::string y = "parley: 1\ntitle: random " + std::to_string(seed) + "\nissues:\n";
  std::vector<bool> discrete(issues), nominal(issues);
  std::vector<int> values(issues);
  for (int k = 0; k < issues; ++k) {
    discrete[k] = chance(0.3);
    // Continuous grids need a step that divides the scale evenly.
    static constexpr int kGrids[] = {2, 3, 5, 6, 11};
    do {
      values[k] = discrete[k] ? uniform(2, o.max_grid) : kGrids[uniform(0, 4)];
    } while (values[k] > std::max(2, o.max_grid));
    y += "  - id: i" + std::to_string(k) + "\n";
    if (discrete[k]) {
      y += "    options: [";
      for (int j = 0; j < values[k]; ++j) y += (j ? ", o" : "o") + std::to_string(j);
      y += "]\n";
      nominal[k] = o.nominal && chance(0.4);
      if (nominal[k]) y += "    ordered: false\n";
    } else {
      // Scale [0, 100] with a step giving values[k] grid points.
      y += "    scale: [0, 100]\n    step: " + std::to_string(100 / (values[k] - 1)) + "\n";
    }
  }
  auto point = [&](int k) {
    return discrete[k] ? uniform(0, values[k] - 1) : o.coarse ? uniform(0, 4) * 25 : uniform(0, 100);
  };
  auto position = [&](int k) { return std::to_string(point(k)); };
  // A one-sided limit on the side of position p that `least` names: between p and the scale's end.
  auto one_sided = [&](int k, int p, bool least) {
    const int top = discrete[k] ? values[k] - 1 : 100;
    return std::to_string(least ? uniform(0, p) : uniform(p, top));
  };
  const int parties = uniform(o.min_parties, o.max_parties);
  const int actors = parties + (o.mediator && chance(0.5) ? 1 : 0);
  y += "actors:\n";
  for (int a = 0; a < actors; ++a) {
    y += "  - id: a" + std::to_string(a) + "\n";
    if (a >= parties) y += "    role: mediator\n";
    y += "    capability: " + std::to_string(uniform(1, 10) * 10) + "\n";
    if (o.no_deal && chance(0.3)) y += "    no_deal: " + std::to_string(uniform(2, 7) / 10.0) + "\n";
    std::string stances;
    for (int k = 0; k < issues; ++k) {
      if (chance(0.15)) continue;
      const int p = point(k);
      // On a discrete issue, now and then a value per option (GENIUS-style) instead of a position.
      const bool valued = discrete[k] && o.nominal && chance(0.3);
      if (valued) {
        stances += "      i" + std::to_string(k) + ": {values: {";
        for (int j = 0; j < values[k]; ++j)
          stances += (j ? ", o" : "o") + std::to_string(j) + ": " + std::to_string(uniform(0, 4) / 4.0);
        stances += "}";
      } else {
        stances += "      i" + std::to_string(k) + ": {position: " + std::to_string(p);
      }
      stances += ", salience: " + std::to_string(o.coarse ? uniform(0, 4) * 25 : uniform(0, 100));
      if (o.reservations && discrete[k] && (nominal[k] || valued || chance(0.2)) && chance(0.4)) {
        // The options accepted, listed: a non-empty subset.
        std::string listed;
        for (int j = 0; j < values[k]; ++j)
          if (chance(0.6)) listed += (listed.empty() ? "o" : ", o") + std::to_string(j);
        stances +=
            ", acceptable: [" + (listed.empty() ? "o" + std::to_string(uniform(0, values[k] - 1)) : listed) + "]";
      } else if (o.reservations && !nominal[k] && !valued && chance(0.3)) {
        // A limit: a reservation around the position, or one-sided limits below, above or on both sides of it.
        const int kind = uniform(0, 3);
        if (kind == 0) stances += ", reservation: " + position(k);
        if (kind == 1 || kind == 3) stances += ", at_least: " + one_sided(k, p, true);
        if (kind == 2 || kind == 3) stances += ", at_most: " + one_sided(k, p, false);
      }
      stances += "}\n";
    }
    y += stances.empty() ? "    stances: {}\n" : "    stances:\n" + stances;
  }
  std::string constraints;
  int c = 0;
  for (int a = 0; a < parties; ++a) {
    if (o.red_lines && issues >= 1 && chance(0.3)) {
      const int k = uniform(0, issues - 1), l = uniform(0, issues - 1);
      std::string expr =
          chance(0.5) ? "i" + std::to_string(k) + " <= " + std::to_string(uniform(0, 100))
                      : "i" + std::to_string(k) + " + i" + std::to_string(l) + " >= " + std::to_string(uniform(0, 80));
      // A nominal issue is read only by == and != with an option's name.
      if (nominal[k] || nominal[l]) {
        const int n = nominal[k] ? k : l;
        expr = "i" + std::to_string(n) + (chance(0.5) ? " == " : " != ") + "\\\"o" +
               std::to_string(uniform(0, values[n] - 1)) + "\\\"";
      }
      constraints += "  - {id: c" + std::to_string(c++) + ", actor: a" + std::to_string(a) +
                     ", kind: red_line, require: \"" + expr + "\"}\n";
    }
    if (o.ratification && chance(0.3)) {
      const int k = uniform(0, issues - 1);
      constraints += "  - {id: c" + std::to_string(c++) + ", actor: a" + std::to_string(a) +
                     ", kind: ratification, require: \"i" + std::to_string(k) + (nominal[k] ? " != " : " >= ") +
                     std::to_string(uniform(0, 2)) + "\", pass_probability: " + std::to_string(uniform(0, 10) / 10.0) +
                     "}\n";
    }
  }
  if (!constraints.empty()) y += "constraints:\n" + constraints;
  return y;
}

Scenario random_scenario(std::uint64_t seed, const RandomOptions& options) {
  const std::string text = random_scenario_yaml(seed, options);
  Diagnostics diags;
  auto s = scenario::load_text(text, "random.yaml", {}, diags);
  if (!s) {
    ADD_FAILURE() << "random scenario " << seed << " did not load:\n" << text;
    for (const auto& d : diags.sorted()) ADD_FAILURE() << d.message;
    return {};
  }
  return *s;
}

}  // namespace parley::analysis::testing
