// Every output's stamp carries the options its run was given, as the options registry declares them (issue 18):
// the same names in the same order for every task, typed, seeds with every digit.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "doc/node.hpp"
#include "parley/options.hpp"
#include "parley/services.hpp"

namespace parley::services {
namespace {

const std::string kGeneva = std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml";

std::vector<std::string> registered(std::string_view task) {
  std::vector<std::string> out;
  for (const OptionInfo* o : options_of(task))
    if (o->stamped()) out.emplace_back(o->name);
  return out;
}

// The names in the stamp of a JSON output.
std::vector<std::string> stamped(const std::string& json) {
  Diagnostics diags;
  const auto root = doc::parse_json(json, test::file("out.json"), diags);
  EXPECT_TRUE(root) << test::messages(diags);
  std::vector<std::string> out;
  if (!root) return out;
  const doc::Node* options = root->find("parley") ? root->find("parley")->find("options") : nullptr;
  EXPECT_NE(options, nullptr) << json.substr(0, 300);
  if (options == nullptr) return out;
  for (const auto& [key, value] : options->entries) out.push_back(key.text);
  return out;
}

TEST(Stamp, EveryTaskStampsItsRegisteredOptions) {
  const Loaded loaded = load(kGeneva, {});
  ASSERT_TRUE(loaded.scenario);
  AnalyzeOptions a;
  a.format = OutputFormat::json;
  EXPECT_EQ(stamped(analyze(loaded, a)), registered("analyze"));
  ForecastOptions f;
  f.format = OutputFormat::json;
  EXPECT_EQ(stamped(forecast(loaded, f)), registered("forecast"));
  StabilityOptions st;
  st.format = OutputFormat::json;
  EXPECT_EQ(stamped(stability(loaded, st)), registered("stability"));
  SweepOptions sw;
  sw.draws = 5;
  sw.format = OutputFormat::json;
  EXPECT_EQ(stamped(sweep(loaded, sw)), registered("sweep"));
  ReportOptions r;
  r.format = "json";
  EXPECT_EQ(stamped(report(loaded, r).output), registered("report"));
  SimulateOptions sim;
  sim.format = OutputFormat::json;
  EXPECT_EQ(stamped(simulate(loaded, sim)), registered("simulate"));
  TournamentOptions t;
  t.strategies = {"linear"};
  t.repetitions = 1;
  t.format = OutputFormat::json;
  EXPECT_EQ(stamped(tournament({kGeneva}, {}, t).output), registered("tournament"));
  // What the registry leaves out of stamps: options that cannot change what an output says.
  for (const char* task : {"analyze", "stability", "sweep", "report", "tournament"}) {
    const auto names = registered(task);
    EXPECT_EQ(std::count(names.begin(), names.end(), "threads"), 0) << task;
  }
}

TEST(Stamp, ValuesAreTypedAndASeedKeepsEveryDigit) {
  const Loaded loaded = load(kGeneva, {});
  ASSERT_TRUE(loaded.scenario);
  SweepOptions sw;
  sw.draws = 3;
  sw.seed = 18446744073709551615ULL;  // 2^64 - 1: a double would write 1.8446744073709552e+19
  sw.vary = {};
  sw.forecast.issue = "territory";
  sw.format = OutputFormat::json;
  const std::string out = sweep(loaded, sw);
  EXPECT_NE(out.find("\"seed\": 18446744073709551615,"), std::string::npos) << out.substr(0, 800);
  EXPECT_NE(out.find("\"issue\": \"territory\""), std::string::npos);
  EXPECT_NE(out.find("\"sensitivity\": false"), std::string::npos);
  EXPECT_NE(out.find("\"rounds\": null"), std::string::npos);
  EXPECT_NE(out.find("\"vary\": []"), std::string::npos);
  EXPECT_NE(out.find("\"q\": 1,"), std::string::npos);
}

}  // namespace
}  // namespace parley::services
