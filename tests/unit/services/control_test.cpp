// Every long task takes a Control (issue 18): it reports its progress by phase, and a stop asked through the cancel
// flag makes it throw Cancelled within a step, returning nothing partial. Unstopped, the result is the same as
// without a Control.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "../test_support.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"

namespace parley::services {
namespace {

const std::string kExamples = std::string(PARLEY_SOURCE_DIR) + "/examples/";

std::string write_scenario(const std::string& name, const std::string& yaml) {
  const auto path = test::scratch_dir("control") / name;
  std::ofstream(path) << yaml;
  return path.string();
}

// A graph model of 4 decision makers with 4 options each: 65,536 states, so that each pass takes a while.
std::string big_conflict() {
  std::string yaml = "parley: 1\ntitle: sixteen options\nissues: [{id: nominal}]\nactors:\n";
  for (int d = 0; d < 4; ++d)
    yaml += "  - {id: d" + std::to_string(d) + ", capability: 1, stances: {nominal: {position: 50, salience: 50}}}\n";
  yaml += "conflict:\n  options:\n";
  for (int o = 0; o < 16; ++o)
    yaml += "    - {id: o" + std::to_string(o) + ", actor: d" + std::to_string(o / 4) + "}\n";
  yaml += "  preferences:\n";
  for (int d = 0; d < 4; ++d) {
    yaml += "    d" + std::to_string(d) + ":\n";
    for (int k = 0; k < 6; ++k) {
      const int o = (d * 5 + k * 3) % 16;
      yaml += std::string("      - ") + (k % 2 == 0 ? "o" : "not o") + std::to_string(o) + "\n";
    }
  }
  return write_scenario("big-conflict.yaml", yaml);
}

// Records every progress report; stops the task (sets the flag) at the first report of `stop_phase` past 0 done.
struct Recorder {
  std::atomic<bool> cancel{false};
  std::mutex mutex;
  std::vector<std::string> phases;                                  // in the order first seen
  std::map<std::string, std::pair<std::size_t, std::size_t>> last;  // phase: most done, total
  std::size_t after_stop = 0;                                       // reports after the flag was raised
  std::string stop_phase;
  Control control;

  explicit Recorder(std::string stop = {}) : stop_phase(std::move(stop)) {
    control.cancel = &cancel;
    control.progress = [this](const Progress& p) {
      const std::lock_guard lock(mutex);
      const std::string phase(p.phase);
      if (std::find(phases.begin(), phases.end(), phase) == phases.end()) phases.push_back(phase);
      auto& [done, total] = last[phase];
      done = std::max(done, p.done);
      total = p.total;
      if (cancel) ++after_stop;
      if (!stop_phase.empty() && phase == stop_phase && p.done > 0) cancel = true;
    };
  }
};

Loaded loaded_from(const std::string& path) {
  Loaded loaded = load(path, {});
  EXPECT_TRUE(loaded.scenario) << test::messages(loaded.diagnostics);
  return loaded;
}

TEST(Control, StabilityReportsItsPassesAndStopsBetweenThem) {
  const Loaded loaded = loaded_from(big_conflict());
  StabilityOptions o;
  o.format = OutputFormat::json;
  o.threads = 2;
  o.coalitions = "all";
  Recorder whole;
  EXPECT_EQ(stability(loaded, o, whole.control), stability(loaded, o));
  ASSERT_TRUE(whole.last.count("passes"));
  EXPECT_EQ(whole.last["passes"].first, 20u);  // five passes per decision maker
  EXPECT_EQ(whole.last["passes"].second, 20u);
  ASSERT_TRUE(whole.last.count("coalitions"));
  EXPECT_EQ(whole.last["coalitions"].first, whole.last["coalitions"].second);

  Recorder stopped("passes");
  EXPECT_THROW((void)stability(loaded, o, stopped.control), Cancelled);
  // Each thread finishes the pass it is in and stops at its next step: at most one report each after the flag.
  EXPECT_LE(stopped.after_stop, 2u);
  EXPECT_LT(stopped.last["passes"].first, 20u);
  EXPECT_FALSE(stopped.last.count("coalitions"));
}

TEST(Control, TournamentReportsNegotiationsAndStops) {
  TournamentOptions o;
  o.strategies = {"boulware", "conceder", "linear"};
  o.repetitions = 400;
  o.threads = 2;
  o.format = OutputFormat::json;
  const std::vector<std::string> inputs = {kExamples + "geneva.yaml"};
  Recorder whole;
  const Analyzed a = tournament(inputs, {}, o, whole.control);
  EXPECT_EQ(a.output, tournament(inputs, {}, o).output);
  ASSERT_TRUE(whole.last.count("negotiations"));
  // Geneva has 2 parties: 3^2 assignments x 400 repetitions.
  EXPECT_EQ(whole.last["negotiations"].second, 3600u);
  EXPECT_EQ(whole.last["negotiations"].first, 3600u);

  Recorder stopped("negotiations");
  EXPECT_THROW((void)tournament(inputs, {}, o, stopped.control), Cancelled);
  EXPECT_LT(stopped.last["negotiations"].first, 3600u);
}

// Five independent issues of 26 values and three parties: the frontier is merged block by block.
std::string five_issues() {
  std::string yaml = "parley: 1\ntitle: five issues\nissues:\n";
  for (int k = 0; k < 5; ++k) yaml += "  - {id: i" + std::to_string(k) + ", scale: [0, 100], step: 4}\n";
  yaml += "actors:\n";
  for (int a = 0; a < 3; ++a) {
    yaml += "  - {id: p" + std::to_string(a) + ", role: party, capability: 10, stances: {";
    for (int k = 0; k < 5; ++k) {
      yaml += std::string(k ? ", " : "") + "i" + std::to_string(k) +
              ": {position: " + std::to_string((a * 40 + k * 17) % 101) +
              ", salience: " + std::to_string(10 + 7 * ((a + k) % 5)) + "}";
    }
    yaml += "}}\n";
  }
  return write_scenario("five-issues.yaml", yaml);
}

TEST(Control, AnalyzeReportsTheBlocksMergedAndStopsBetweenThem) {
  const Loaded loaded = loaded_from(five_issues());
  AnalyzeOptions o;
  o.format = OutputFormat::json;
  o.threads = 1;
  Recorder whole;
  EXPECT_EQ(analyze(loaded, o, whole.control), analyze(loaded, o));
  ASSERT_TRUE(whole.last.count("blocks merged"));
  EXPECT_EQ(whole.last["blocks merged"], std::make_pair(std::size_t{5}, std::size_t{5}));

  Recorder stopped("blocks merged");
  EXPECT_THROW((void)analyze_result(loaded, o, stopped.control), Cancelled);
  EXPECT_EQ(stopped.last["blocks merged"].first, 1u);  // stopped in the merge after the first
  EXPECT_EQ(stopped.after_stop, 0u);                   // and told of nothing after it
}

TEST(Control, ForecastsReportTheirStepsAndStop) {
  const Loaded loaded = loaded_from(kExamples + "geneva.yaml");
  ForecastOptions o;
  o.model = "smp";
  Recorder whole;
  EXPECT_EQ(forecast(loaded, o, whole.control), forecast(loaded, o));
  ASSERT_TRUE(whole.last.count("turns"));
  EXPECT_EQ(whole.last["turns"].second, 100u);  // the cap; it converges before
  EXPECT_GT(whole.last["turns"].first, 0u);

  Recorder stopped("turns");
  EXPECT_THROW((void)forecast(loaded, o, stopped.control), Cancelled);
  EXPECT_EQ(stopped.last["turns"].first, 1u);  // stopped right after the first turn

  o.model = "eum";
  Recorder issues;
  EXPECT_EQ(forecast(loaded, o, issues.control), forecast(loaded, o));
  EXPECT_EQ(issues.last["issues"], std::make_pair(std::size_t{3}, std::size_t{3}));
  Recorder eum_stopped("issues");
  EXPECT_THROW((void)forecast_result(loaded, o, eum_stopped.control), Cancelled);
}

TEST(Control, AReportGoesThroughItsPhasesAndAStopWritesNothing) {
  const Loaded loaded = loaded_from(kExamples + "geneva.yaml");
  ReportOptions o;
  o.format = "json";
  o.draws = 3000;
  o.threads = 2;
  o.created = "2026-01-01T00:00:00Z";
  Recorder whole;
  EXPECT_EQ(report(loaded, o, whole.control).output, report(loaded, o).output);
  // Geneva's conflict is small enough for every coalition (docs/stability.md).
  const std::vector<std::string> expected = {"sections", "passes", "coalitions", "forecast draws", "analyze draws"};
  EXPECT_EQ(whole.phases, expected);
  EXPECT_EQ(whole.last["forecast draws"], std::make_pair(std::size_t{3000}, std::size_t{3000}));

  // Stopped in the middle of the draws: nothing comes back, rather than a report of fewer draws than it says.
  Recorder stopped("forecast draws");
  EXPECT_THROW((void)report(loaded, o, stopped.control), Cancelled);
  EXPECT_EQ(std::count(stopped.phases.begin(), stopped.phases.end(), "analyze draws"), 0);
}

}  // namespace
}  // namespace parley::services
