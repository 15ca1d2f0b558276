// The forecast's sweep outputs, emitted straight from its runs (report::emit_eum into an OutputEmitter, the hot
// path of `parley sweep`), must name every value of its JSON tree as the tree rules do (bit for bit) on every
// shape a run can take: one issue or several, moves or none, a cycle, a rounds cap, either variant.
#include <gtest/gtest.h>

#include <map>

#include "parley/services.hpp"
#include "report/forecast.hpp"
#include "scenario/draw.hpp"
#include "sweep/outputs.hpp"

#include "../sweep/oracle.hpp"

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
  // The package against the parties' limits, as the forecast reports it: violations and votes are list items
  // named by their ids.
  std::vector<std::optional<double>> package(s.issues.size());
  for (const auto& run : r.runs) package[run.issue] = run.result.forecast;
  r.check = analysis::check_package(s, package);
  return r;
}

// Compares and counts the stops seen, so that the test knows which shapes it covered.
void expect_same(const Scenario& s, const EumReport& r, std::vector<sweep::Output>& reused,
                 std::map<std::string, int>& stops, const std::string& where) {
  const Stamp stamp{"0", "sha", {}};
  const auto tree = sweep::test::oracle_flatten(eum_json(s, r, stamp));
  {
    sweep::OutputEmitter e(reused);
    emit_eum(e, s, r, stamp);
  }
  ASSERT_EQ(reused.size(), tree.size()) << where;
  for (std::size_t i = 0; i < tree.size(); ++i) {
    ASSERT_EQ(sweep::test::describe(reused[i]), sweep::test::describe(tree[i])) << where << ", output " << i;
  }
  for (const auto& run : r.runs) {
    ++stops[run.result.stop == forecast::EumResult::Stop::cycle       ? "cycle"
            : run.result.stop == forecast::EumResult::Stop::converged ? "converged"
                                                                      : "rounds"];
  }
}

TEST(EumOutputs, NameEveryValueOfTheJsonOnEveryShapeOfRun) {
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
