// `sweep` as a long run (in the process): stopping through the cancel flag, progress, and `--out`.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "../test_support.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "store/store.hpp"

namespace parley::services {
namespace {

namespace fs = std::filesystem;

const std::string kGeneva = std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml";

std::string fresh_db(const std::string& name) {
  const auto dir = test::scratch_dir("sweep_store_test");
  auto path = (dir / name).string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return path;
}

SweepOptions territory(std::size_t draws) {
  SweepOptions o;
  o.draws = draws;
  o.seed = 11;
  o.forecast.issue = "territory";
  o.format = OutputFormat::json;
  o.threads = 2;
  return o;
}

std::string shown(const std::string& db, const std::string& id, OutputFormat format) {
  std::string out;
  runs_show(db, id, format, [&](std::string_view piece) { out += piece; });
  return out;
}

// An interrupted run's JSON is the JSON of a run asked for the draws it did, plus two keys in the stamp.
std::string without_interruption(std::string json, std::size_t asked) {
  const std::string keys = ",\n    \"interrupted\": true,\n    \"draws_asked\": " + std::to_string(asked) + "\n";
  const auto at = json.find(keys);
  EXPECT_NE(at, std::string::npos) << json.substr(0, 400);
  if (at != std::string::npos) json.replace(at, keys.size(), "\n");
  return json;
}

// Stops the run once `after` draws are done, from inside the progress callback (a worker thread).
struct StopAfter {
  std::atomic<bool> cancel{false};
  Control control;
  explicit StopAfter(std::size_t after) {
    control.cancel = &cancel;
    control.progress = [this, after](const Progress& p) {
      if (p.done >= after) cancel = true;
    };
  }
};

TEST(SweepLongRun, AStoppedRunSummarisesItsWholeBatchesAsARunOfThatManyDraws) {
  const Loaded loaded = load(kGeneva, {});
  StopAfter stop(1500);  // in the second batch: it is dropped
  SweepOptions o = territory(5000);
  o.sensitivity = true;
  const Swept swept = sweep(loaded, o, stop.control);
  EXPECT_TRUE(swept.interrupted);
  EXPECT_EQ(swept.draws_done, kSweepBatch);
  EXPECT_NE(swept.output.find("\"interrupted\": true"), std::string::npos);
  SweepOptions whole = territory(kSweepBatch);
  whole.sensitivity = true;
  EXPECT_EQ(without_interruption(swept.output, 5000), sweep(loaded, whole));

  // The same in every format that covers draws.
  stop.cancel = false;
  o.format = OutputFormat::csv;
  whole.format = OutputFormat::csv;
  EXPECT_EQ(sweep(loaded, o, stop.control).output, sweep(loaded, whole));
  stop.cancel = false;
  o.format = OutputFormat::text;
  const std::string text = sweep(loaded, o, stop.control).output;
  EXPECT_NE(text.find("Interrupted: 1000 of the 5000 draws asked were done (whole batches of 1000)"), std::string::npos)
      << text;
}

TEST(SweepLongRun, AStopAfterTheLastDrawIsNoInterruption) {
  const Loaded loaded = load(kGeneva, {});
  StopAfter stop(1200);  // the last draw of the only two batches
  const Swept swept = sweep(loaded, territory(1200), stop.control);
  EXPECT_FALSE(swept.interrupted);
  EXPECT_EQ(swept.draws_done, 1200U);
  EXPECT_EQ(swept.output, sweep(loaded, territory(1200)));
}

TEST(SweepLongRun, ProgressCountsEveryDraw) {
  const Loaded loaded = load(kGeneva, {});
  std::atomic<std::size_t> calls{0}, last_total{0};
  Control control;
  control.progress = [&](const Progress& p) {
    ++calls;
    last_total = p.total;
    EXPECT_EQ(p.phase, "draws");
  };
  (void)sweep(loaded, territory(1500), control);
  EXPECT_EQ(calls, 1500U);
  EXPECT_EQ(last_total, 1500U);
}

TEST(SweepLongRun, OutStoresTheRunAsPrinted) {
  const Loaded loaded = load(kGeneva, {});
  const auto db = fresh_db("out.db");
  SweepOptions o = territory(1500);
  o.out = db;
  o.keep_draws = true;
  const Swept json = sweep(loaded, o, {});
  ASSERT_TRUE(json.run);
  EXPECT_EQ(*json.run, 1);
  EXPECT_EQ(shown(db, "1", OutputFormat::json), json.output);
  // The draws come back as the sweep's own CSV, byte for byte.
  SweepOptions csv = territory(1500);
  csv.format = OutputFormat::csv;
  EXPECT_EQ(shown(db, "1", OutputFormat::csv), sweep(loaded, csv));

  // A second run, in text, without its draws and stopped: stored with the JSON summary all the same.
  StopAfter stop(1100);
  o.format = OutputFormat::text;
  o.keep_draws = false;
  const Swept text = sweep(loaded, o, stop.control);
  ASSERT_TRUE(text.run);
  EXPECT_EQ(*text.run, 2);
  SweepOptions whole = territory(1000);
  EXPECT_EQ(without_interruption(shown(db, "2", OutputFormat::json), 1500), sweep(loaded, whole));
  const std::string list = runs_list(db);
  EXPECT_NE(list.find("1500/1500  complete"), std::string::npos) << list;
  EXPECT_NE(list.find("1000/1500  interrupted"), std::string::npos) << list;
  const std::string show = shown(db, "2", OutputFormat::text);
  EXPECT_NE(show.find("  draws       1000 of 1500 done\n  status      interrupted\n  kept draws  no\n"),
            std::string::npos)
      << show;
  EXPECT_NE(show.find("\n  rounds: 0 median  "), std::string::npos) << show;
  try {
    (void)shown(db, "2", OutputFormat::csv);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), "run 2 kept no draws (sweep with --out and --keep-draws keeps them)");
    EXPECT_EQ(e.where(), db);
  }
}

// A run that keeps no draw in memory still stores every draw with --keep-draws, batch by batch, each batch in a
// collector of its own: the draws come back as the exact run's CSV, byte for byte (each value under its own
// output, whatever order a batch's collector met its paths in).
TEST(SweepLongRun, ASketchedRunStoresItsDrawsAsAnExactRunDoes) {
  const Loaded loaded = load(kGeneva, {});
  const auto db = fresh_db("sketch.db");
  SweepOptions o;
  o.draws = 2500;  // three batches
  o.seed = 5;
  o.threads = 2;
  o.format = OutputFormat::json;
  o.quantiles = "sketch";
  o.out = db;
  o.keep_draws = true;
  const Swept stored = sweep(loaded, o, {});
  ASSERT_TRUE(stored.run);
  EXPECT_EQ(shown(db, "1", OutputFormat::json), stored.output);
  SweepOptions csv = o;
  csv.out.clear();
  csv.keep_draws = false;
  csv.quantiles = "exact";
  csv.format = OutputFormat::csv;
  EXPECT_EQ(shown(db, "1", OutputFormat::csv), sweep(loaded, csv));
}

TEST(SweepLongRun, BadIdsAndOptionsAreUsageErrors) {
  const auto db = fresh_db("ids.db");
  const Loaded loaded = load(kGeneva, {});
  SweepOptions o = territory(10);
  o.out = db;
  (void)sweep(loaded, o, {});
  for (const auto& [id, message] : std::vector<std::pair<std::string, std::string>>{
           {"2", db + ": no run 2; it holds run 1 (parley runs list " + db + " lists them)"},
           {"0", db + ": '0' is not a run id; runs are numbered from 1 (parley runs list " + db + " lists them)"},
           {"1x", db + ": '1x' is not a run id; runs are numbered from 1 (parley runs list " + db + " lists them)"},
           {"", db + ": '' is not a run id; runs are numbered from 1 (parley runs list " + db + " lists them)"}}) {
    try {
      (void)shown(db, id, OutputFormat::text);
      FAIL() << id;
    } catch (const UsageError& e) {
      EXPECT_EQ(std::string(e.what()), message);
    }
  }
  SweepOptions keep = territory(10);
  keep.keep_draws = true;
  EXPECT_THROW((void)sweep(loaded, keep, {}), UsageError);
  SweepOptions vary = territory(10);
  vary.out = db;
  vary.vary = {"actors.ru.capability=60..100:3"};
  EXPECT_THROW((void)sweep(loaded, vary, {}), UsageError);
  SweepOptions replay = territory(10);
  replay.out = db;
  replay.replay = 3;
  EXPECT_THROW((void)sweep(loaded, replay, {}), UsageError);
  EXPECT_EQ(store::Store::open_for_reading(db).runs().size(), 1U);  // the refused runs stored nothing
}

TEST(SweepLongRun, AFileThatIsNotAStoreIsRefusedBeforeAnyDraw) {
  const auto path = fresh_db("scenario_copy.yaml");
  fs::copy_file(kGeneva, path);
  const Loaded loaded = load(kGeneva, {});
  SweepOptions o = territory(100000);  // refused at once, not after the draws
  o.out = path;
  std::atomic<std::size_t> draws{0};
  Control control;
  control.progress = [&](const Progress&) { ++draws; };
  try {
    (void)sweep(loaded, o, control);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.code(), ExitCode::data);
    EXPECT_EQ(e.where(), path);
  }
  EXPECT_EQ(draws, 0U);
  std::ifstream copy(path), original(kGeneva);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(copy), {}),
            std::string(std::istreambuf_iterator<char>(original), {}));
}

}  // namespace
}  // namespace parley::services
