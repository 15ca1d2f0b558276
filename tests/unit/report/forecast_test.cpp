// The forecast's outputs written straight from its runs (report::eum_outputs), the hot path of `parley sweep`,
// must equal the generic flattening of its JSON on every shape a run can take: one issue or several, moves
// or none, a cycle, a rounds cap, either variant.
#include <gtest/gtest.h>

#include <map>

#include "parley/services.hpp"
#include "report/forecast.hpp"
#include "scenario/draw.hpp"
#include "sweep/outputs.hpp"

namespace parley::report {
namespace {

EumReport eum_report(const Scenario& s, const std::vector<std::size_t>& issues, const forecast::EumOptions& o,
                     const std::string& variant) {
  EumReport r;
  r.at = "now";
  r.variant = variant;
  r.q = o.q;
  for (const std::size_t k : issues) {
    EumRun run;
    run.issue = k;
    run.input = forecast::eum_issue(s, k);
    if (run.input.input.actors.empty()) continue;
    run.result = forecast::run_eum(run.input.input, o);
    r.runs.push_back(std::move(run));
  }
  return r;
}

std::string describe(const sweep::Output& o) {
  if (const auto* x = std::get_if<double>(&o.value)) return o.path + " = " + std::to_string(*x);
  return o.path + " = '" + std::get<std::string>(o.value) + "'";
}

// Compares and counts the stops seen, so that the test knows which shapes it covered.
void expect_same(const Scenario& s, const EumReport& r, std::vector<sweep::Output>& reused,
                 std::map<std::string, int>& stops, const std::string& where) {
  const auto tree = sweep::flatten(eum_json(s, r, Stamp{"0", "sha", {}}));
  eum_outputs(s, r, reused);
  ASSERT_EQ(reused.size(), tree.size()) << where;
  for (std::size_t i = 0; i < tree.size(); ++i) {
    ASSERT_EQ(describe(reused[i]), describe(tree[i])) << where << ", output " << i;
    // Bit for bit, not only to the printed digits.
    if (const auto* x = std::get_if<double>(&tree[i].value)) {
      ASSERT_EQ(std::get<double>(reused[i].value), *x) << where;
    }
  }
  for (const auto& run : r.runs) {
    ++stops[run.result.stop == forecast::EumResult::Stop::cycle       ? "cycle"
            : run.result.stop == forecast::EumResult::Stop::converged ? "converged"
                                                                      : "rounds"];
  }
}

TEST(EumOutputs, EqualTheFlattenedJsonOnEveryShapeOfRun) {
  std::vector<sweep::Output> reused;  // one buffer throughout: longer and shorter draws overwrite each other
  std::map<std::string, int> stops;
  for (const std::string name : {"geneva", "eum-uk-emu", "ktab-dummy-3dim"}) {
    const auto loaded = services::load(std::string(PARLEY_SOURCE_DIR) + "/examples/" + name + ".yaml", {});
    const Scenario& s = *loaded.scenario;
    std::vector<std::size_t> all;
    for (std::size_t k = 0; k < s.issues.size(); ++k) all.push_back(k);
    for (std::size_t k = 0; k < 40; ++k) {
      const Scenario drawn = scenario::draw(s, 7, k);
      forecast::EumOptions o;
      o.rounds = static_cast<int>(1 + k % 12);
      o.q = k % 3 == 0 ? 0.5 : 1.0;
      o.tolerance = k % 4 == 0 ? 1e-5 : o.tolerance;
      const bool bdm = k % 2 == 1;
      o.variant = bdm ? forecast::EumOptions::Variant::bdm : forecast::EumOptions::Variant::scholz;
      const std::string where = name + " draw " + std::to_string(k);
      expect_same(drawn, eum_report(drawn, all, o, bdm ? "bdm" : "scholz"), reused, stops, where);
      expect_same(drawn, eum_report(drawn, {k % s.issues.size()}, o, bdm ? "bdm" : "scholz"), reused, stops,
                  where + ", one issue");
    }
  }
  EXPECT_GT(stops["cycle"], 0);
  EXPECT_GT(stops["converged"], 0);
  EXPECT_GT(stops["rounds"], 0);
}

}  // namespace
}  // namespace parley::report
