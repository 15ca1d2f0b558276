// A sweep names each draw's outputs straight from the analysis's result (detail::emit_*, into an OutputEmitter),
// with no tree per draw. Those outputs must be the JSON tree's, named by the tree rules (the oracle), for every
// analysis a sweep runs, on every example scenario it applies to, drawn and not.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "parley/services.hpp"
#include "scenario/draw.hpp"
#include "services/detail.hpp"
#include "sweep/outputs.hpp"

#include "../sweep/oracle.hpp"

namespace parley::services {
namespace {

// Emits `write`'s result to a tree and straight to outputs; the two must agree bit for bit (or both refuse the
// scenario with the same message: a space past the analysis's limits).
template <class F>
void expect_same_outputs(F&& write, std::vector<sweep::Output>& reused, const std::string& where,
                         std::size_t& refused) {
  // The tree a sweep's outputs stand for: summarised over draws, so without what names nothing stable from draw to
  // draw (a draw's own seed, the k-th exchange of a round).
  doc::TreeEmitter tree(true);
  try {
    write(tree);
  } catch (const Error& e) {
    const std::string message = e.what();
    try {
      sweep::OutputEmitter direct(reused);
      write(direct);
      ADD_FAILURE() << where << ": refused as a tree (" << message << ") but not as outputs";
    } catch (const Error& again) {
      EXPECT_EQ(again.what(), message) << where;
    }
    ++refused;
    return;
  }
  const auto expected = sweep::test::oracle_flatten(tree.take());
  {
    sweep::OutputEmitter e(reused);
    write(e);
  }
  ASSERT_EQ(reused.size(), expected.size()) << where;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(sweep::test::describe(reused[i]), sweep::test::describe(expected[i])) << where << ", output " << i;
  }
}

TEST(SweepOutputs, AreTheJsonTreesValuesForEveryAnalysisAndExample) {
  std::vector<sweep::Output> reused;  // one buffer throughout: every shape overwrites the last
  std::size_t loaded_files = 0, checked = 0, conflicts = 0, with_issues = 0, refused = 0;
  const Stamp stamp{"0", "sha", {}};
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"examples", "tests/scenarios/good", "tests/scenarios/analyze", "tests/scenarios/stability",
                          "tests/conflict_reference/gmcr_py_2dm"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(PARLEY_SOURCE_DIR) + "/" + dir)) {
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const auto loaded = load(file.string(), {});
    if (!loaded.scenario) continue;  // a scenario the loader refuses (its own tests say why)
    ++loaded_files;
    for (std::size_t k = 0; k < 3; ++k) {
      const Scenario s = k == 0 ? *loaded.scenario : scenario::draw(*loaded.scenario, 11, k);
      const std::string where = file.filename().string() + " draw " + std::to_string(k);
      if (s.conflict) {
        StabilityOptions st;
        st.coalitions = "all";
        expect_same_outputs([&](doc::Emitter& e) { detail::emit_stability(e, s, stamp, st); }, reused,
                            where + " stability", refused);
        ++conflicts;
        ++checked;
      }
      if (s.issues.empty()) continue;
      ++with_issues;
      AnalyzeOptions a;
      a.threads = 1;
      expect_same_outputs([&](doc::Emitter& e) { detail::emit_analyze(e, s, stamp, a); }, reused, where + " analyze",
                          refused);
      for (const std::string model : {"eum", "smp"}) {
        ForecastOptions f;
        f.model = model;
        f.rounds = model == "smp" ? 12 : 10;
        expect_same_outputs([&](doc::Emitter& e) { detail::emit_forecast(e, s, stamp, f); }, reused,
                            where + " " + model, refused);
      }
      checked += 3;
    }
  }
  EXPECT_GT(loaded_files, 35U);
  EXPECT_GT(conflicts, 3U);
  EXPECT_GT(with_issues, 20U);
  EXPECT_GT(checked, 80U);
  EXPECT_LT(refused, checked / 10);
  std::cout << checked << " results checked, " << refused << " refused by both\n";
}

}  // namespace
}  // namespace parley::services
