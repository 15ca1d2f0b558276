// `sweep` over several processes (a cluster of ranks; here threads standing in for MPI processes): rank 0's
// output equals one process's byte for byte, the other ranks print nothing, and a failure on any rank stops
// every rank with the same error instead of leaving the others waiting.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "../test_support.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "thread_cluster.hpp"

namespace parley::services {
namespace {

using testing::RankResult;
using testing::run_ranks;

const std::string kGeneva = std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml";

// Each rank runs the sweep on its own load of the file, as separate processes would.
std::vector<RankResult> swept_on(int ranks, const std::string& file, const SweepOptions& o) {
  return run_ranks(ranks, [&](Cluster& cluster) {
    const Loaded loaded = load(file, {});
    Control control;
    control.cluster = &cluster;
    return sweep(loaded, o, control).output;
  });
}

void expect_like_one_process(const std::string& file, const SweepOptions& o, const std::string& what) {
  const std::string one = sweep(load(file, {}), o);
  ASSERT_FALSE(one.empty()) << what;
  for (const int ranks : {1, 2, 3}) {
    const auto results = swept_on(ranks, file, o);
    for (std::size_t r = 0; r < results.size(); ++r) {
      ASSERT_EQ(results[r].error, "") << what << ", rank " << r << " of " << ranks;
      if (r == 0) {
        EXPECT_EQ(results[r].output, one) << what << " on " << ranks << " ranks";
      } else {
        EXPECT_EQ(results[r].output, "") << what << ": rank " << r << " printed";
      }
    }
  }
}

TEST(SweepCluster, RankZeroPrintsWhatOneProcessPrints) {
  SweepOptions o;
  o.draws = 230;  // not a multiple of 2 or 3: blocks of unequal size
  o.seed = 11;
  o.threads = 2;
  o.format = OutputFormat::json;
  expect_like_one_process(kGeneva, o, "forecast json");
  o.sensitivity = true;
  expect_like_one_process(kGeneva, o, "forecast json with sensitivity");
  o.sensitivity = false;
  o.format = OutputFormat::csv;
  expect_like_one_process(kGeneva, o, "forecast csv");
  o.format = OutputFormat::json;
  o.analysis = "analyze";
  expect_like_one_process(kGeneva, o, "analyze json");
  o.analysis = "stability";
  o.draws = 40;
  expect_like_one_process(kGeneva, o, "stability json");
  o.analysis = "forecast";
  o.forecast.issue = "territory";
  o.draws = 2;  // fewer draws than ranks: a rank with no draw at all
  expect_like_one_process(kGeneva, o, "two draws");
  o.draws = 25;
  o.vary = {"actors.ru.capability=60..100:3"};
  expect_like_one_process(kGeneva, o, "a grid with draws");
  o.draws = 0;
  expect_like_one_process(kGeneva, o, "a grid at central values");
  o.vary.clear();
  o.draws = 50;
  o.replay = 17;
  expect_like_one_process(kGeneva, o, "a replay");
}

// Summaries that keep no draw do not depend on how the draws are split: over any count of ranks and threads,
// rank 0 prints what one process on one thread prints, byte for byte.
TEST(SweepCluster, SketchedSummariesAreTheSameOverAnyRanksAndThreads) {
  SweepOptions o;
  o.draws = 2300;  // batches of 1000 and blocks that split them
  o.seed = 5;
  o.threads = 1;
  o.quantiles = "sketch";
  o.format = OutputFormat::json;
  const std::string one = sweep(load(kGeneva, {}), o);
  EXPECT_NE(one.find("\"method\": \"sketch\""), std::string::npos);
  for (const unsigned threads : {2U, 3U}) {
    o.threads = threads;
    EXPECT_EQ(sweep(load(kGeneva, {}), o), one) << threads << " threads";
  }
  o.threads = 2;
  for (const int ranks : {2, 3}) {
    const auto results = swept_on(ranks, kGeneva, o);
    for (std::size_t r = 0; r < results.size(); ++r) {
      ASSERT_EQ(results[r].error, "") << "rank " << r << " of " << ranks;
      EXPECT_EQ(results[r].output, r == 0 ? one : "") << "rank " << r << " of " << ranks;
    }
  }
  // Stored by rank 0 without its draws, which never travel: refused with --keep-draws, on every rank.
  const auto dir = test::scratch_dir("sweep_cluster_sketch");
  o.out = (dir / "sketch.db").string();
  o.keep_draws = true;
  for (const auto& r : swept_on(2, kGeneva, o)) {
    EXPECT_EQ(r.code, ExitCode::usage);
    EXPECT_NE(r.error.find("--keep-draws"), std::string::npos) << r.error;
  }
  o.keep_draws = false;
  const auto stored = swept_on(2, kGeneva, o);
  ASSERT_EQ(stored[0].error, "");
  std::string shown;
  runs_show(o.out, "1", OutputFormat::json, [&](std::string_view piece) { shown += piece; });
  EXPECT_EQ(shown, one);
}

TEST(SweepCluster, RankZeroStoresTheRunAsOneProcessWould) {
  const auto dir = test::scratch_dir("sweep_cluster");
  SweepOptions o;
  o.draws = 1500;  // two batches
  o.seed = 3;
  o.forecast.issue = "security";
  o.format = OutputFormat::json;
  o.keep_draws = true;
  o.out = (dir / "one.db").string();
  const Swept one = sweep(load(kGeneva, {}), o, Control{});
  o.out = (dir / "three.db").string();
  const auto results = swept_on(3, kGeneva, o);
  ASSERT_EQ(results[0].error, "");
  EXPECT_EQ(results[0].output, one.output);
  const auto shown = [](const std::string& db, OutputFormat format) {
    std::string out;
    runs_show(db, "1", format, [&](std::string_view piece) { out += piece; });
    return out;
  };
  EXPECT_EQ(shown((dir / "three.db").string(), OutputFormat::csv), shown((dir / "one.db").string(), OutputFormat::csv));
  EXPECT_EQ(shown((dir / "three.db").string(), OutputFormat::json), one.output);
  // Without --keep-draws no draw travels to rank 0, which stores the summaries alone, as one process does; its
  // result cannot give the draws as CSV (they stayed on the ranks), and says so.
  o.keep_draws = false;
  o.out = (dir / "one-summary.db").string();
  const Swept plain = sweep(load(kGeneva, {}), o, Control{});
  o.out = (dir / "two-summary.db").string();
  std::optional<SweepResult> kept;
  const auto two = run_ranks(2, [&](Cluster& cluster) {
    Control control;
    control.cluster = &cluster;
    Swept swept = sweep(load(kGeneva, {}), o, control);
    if (cluster.rank() == 0) kept = std::move(swept.result);
    return swept.output;
  });
  ASSERT_EQ(two[0].error, "");
  EXPECT_EQ(two[0].output, plain.output);
  EXPECT_EQ(shown((dir / "two-summary.db").string(), OutputFormat::json), plain.output);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(render(*kept, OutputFormat::json), plain.output);
  try {
    (void)render(*kept, OutputFormat::csv);
    ADD_FAILURE() << "a split run's result rendered its draws";
  } catch (const OptionError& e) {
    EXPECT_NE(e.spelled("--").find("stayed on the processes"), std::string::npos) << e.spelled("--");
  }
}

TEST(SweepCluster, AFailureOnAnyRankStopsEveryRank) {
  SweepOptions o;
  o.format = OutputFormat::json;
  // A refusal every rank meets alike: each throws it, and none waits for the others.
  o.draws = 0;
  for (const auto& r : swept_on(3, kGeneva, o)) {
    EXPECT_EQ(r.code, ExitCode::usage);
    EXPECT_NE(r.error.find("--draws must be"), std::string::npos) << r.error;
  }
  // Past the memory limit of exact quantiles, found by every rank at its first draw: every rank stops with it.
  o.draws = 10'000'000;
  o.quantiles = "exact";
  const auto big = swept_on(2, kGeneva, o);
  for (const auto& r : big) {
    EXPECT_EQ(r.code, ExitCode::data);
    EXPECT_NE(r.error.find("1e8 values"), std::string::npos) << r.error;
  }
  // A grid whose first point fails: every rank stops there, none waits at the next point.
  o.vary = {"actors.ru.capability=60..100:3"};
  const auto grid = swept_on(3, kGeneva, o);
  for (const auto& r : grid) EXPECT_EQ(r.code, ExitCode::data) << r.error;
  o.vary.clear();
  o.quantiles = "auto";
  // One rank that could not read the scenario, or read another one: every rank stops with the same error.
  const auto other = (test::scratch_dir("sweep_cluster") / "other.yaml").string();
  {
    // The same scenario but for its title (the hash is of the scenario, not of the file's bytes).
    std::ifstream in(kGeneva);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(other) << std::string(text).replace(text.find("title: "), 7, "title: Another ");
  }
  o.draws = 10;
  const auto mixed = run_ranks(3, [&](Cluster& cluster) {
    const Loaded loaded = load(cluster.rank() == 2 ? other : kGeneva, {});
    Control control;
    control.cluster = &cluster;
    return sweep(loaded, o, control).output;
  });
  for (const auto& r : mixed) {
    EXPECT_EQ(r.code, ExitCode::data);
    EXPECT_NE(r.error.find("rank 2 read another scenario than rank 0"), std::string::npos) << r.error;
  }
  const auto unreadable = run_ranks(2, [&](Cluster& cluster) {
    if (cluster.rank() == 1) {
      const InputError failure("cannot open missing.yaml");
      join(cluster, "", &failure);
    }
    Control control;
    control.cluster = &cluster;
    return sweep(load(kGeneva, {}), o, control).output;
  });
  for (const auto& r : unreadable) {
    EXPECT_EQ(r.code, ExitCode::no_input);
    EXPECT_EQ(r.error, "rank 1 of 2: cannot open missing.yaml");
  }
}

}  // namespace
}  // namespace parley::services
