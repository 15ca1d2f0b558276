#include "parley/services.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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

}  // namespace
}  // namespace parley::services
