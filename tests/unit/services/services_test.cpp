#include "parley/services.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "doc/node.hpp"
#include "parley/error.hpp"

namespace parley::services {
namespace {

const std::string kGeneva = std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml";

TEST(Services, GenevaLoadsWithAStamp) {
  const Loaded loaded = load(kGeneva, {});
  ASSERT_TRUE(loaded.scenario);
  EXPECT_EQ(loaded.stamp.version, version());
  EXPECT_EQ(loaded.stamp.scenario_sha256.size(), 64u);
  EXPECT_GE(loaded.scenario->actors.size(), 4u);
  EXPECT_GE(loaded.scenario->timeline.size(), 3u);
}

TEST(Services, HashIsOfTheScenarioNotTheBytes) {
  const Loaded yaml = load(kGeneva, {});
  const auto dir = std::filesystem::temp_directory_path() / "parley_services_test";
  std::filesystem::create_directories(dir);
  const auto json_path = (dir / "geneva.json").string();
  std::ofstream(json_path) << convert(*yaml.scenario, OutputFormat::json);
  const Loaded json = load(json_path, {});
  ASSERT_TRUE(json.scenario);
  EXPECT_EQ(yaml.stamp.scenario_sha256, json.stamp.scenario_sha256);
  ShowOptions options;
  options.format = OutputFormat::json;
  EXPECT_EQ(show(yaml, options), show(json, options));
  std::filesystem::remove_all(dir);
}

TEST(Services, AtPicksTimelinePointsAndRefusesUnknownOnes) {
  const Loaded loaded = load(kGeneva, {});
  const Scenario start = at(*loaded.scenario, "start");
  const Scenario end = at(*loaded.scenario, "");
  EXPECT_EQ(start.applied, 0u);
  EXPECT_EQ(end.applied, loaded.scenario->timeline.size());
  EXPECT_NE(start.actors[0].capability, end.actors[0].capability);  // the strikes shift Russia's leverage
  EXPECT_THROW((void)at(*loaded.scenario, "nosuchpoint"), UsageError);
}

TEST(Services, MissingFileIsAnInputError) {
  try {
    (void)load("/nonexistent/parley.yaml", {});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), ExitCode::no_input);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/parley.yaml: cannot open the file"), std::string::npos);
  }
}

// The JSON of `forecast` carries the reference case's trajectory (tests/data/reference/eum-uk-emu.md) in the shape the
// issue asks for: rounds with median, mean, positions, risk and moves; the stop reason; the forecast.
TEST(Services, ForecastJsonCarriesTheReferenceTrajectory) {
  const Loaded loaded = load(std::string(PARLEY_SOURCE_DIR) + "/examples/eum-uk-emu.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  ForecastOptions options;
  options.format = OutputFormat::json;
  Diagnostics diags;
  const auto root = doc::parse_json(forecast(loaded, options), nullptr, diags);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->find("model")->text, "eum");
  EXPECT_EQ(root->find("variant")->text, "scholz");
  const auto& rounds = root->find("rounds")->items;
  ASSERT_EQ(rounds.size(), 11u);
  EXPECT_NEAR(rounds[2].find("median")->number, 5.279153, 1e-6);
  EXPECT_NEAR(rounds[2].find("mean")->number, 4.614634, 1e-6);
  EXPECT_NEAR(rounds[2].find("positions")->find("technocrats")->number, 6, 1e-6);
  EXPECT_EQ(rounds[1].find("moves")->items.size(), 5u);
  EXPECT_EQ(rounds[1].find("moves")->items[0].find("kind")->text, "confrontation");
  EXPECT_EQ(root->find("stop")->find("reason")->text, "cycle");
  EXPECT_EQ(root->find("stop")->find("period")->number, 2);
  EXPECT_NEAR(root->find("forecast")->number, 5.302909, 1e-6);
}

// The JSON of `analyze` on Geneva: no agreeable package, a gap on territory, and what it would take.
TEST(Services, AnalyzeJsonOnGeneva) {
  const Loaded loaded = load(kGeneva, {});
  AnalyzeOptions options;
  options.format = OutputFormat::json;
  Diagnostics diags;
  const auto root = doc::parse_json(analyze(loaded, options), nullptr, diags);
  ASSERT_TRUE(root);
  const auto& territory = root->find("issues")->items[0];
  EXPECT_EQ(territory.find("id")->text, "territory");
  EXPECT_FALSE(territory.find("zopa")->find("exists")->boolean);
  EXPECT_EQ(territory.find("zopa")->find("gap")->number, 35);
  const auto* packages = root->find("packages");
  EXPECT_EQ(packages->find("agreeable")->number, 0);
  EXPECT_TRUE(packages->find("what_it_would_take")->find("needed")->boolean);
  EXPECT_EQ(packages->find("what_it_would_take")->find("most")->text, "ua");
  EXPECT_EQ(packages->find("solutions")->find("nash")->kind, doc::Kind::null);
}

}  // namespace
}  // namespace parley::services
