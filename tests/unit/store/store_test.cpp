// The run store: round trips, appending, refusing files that are not stores, schema versions.
#include "store/store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "../test_support.hpp"
#include "parley/error.hpp"

namespace parley::store {
namespace {

namespace fs = std::filesystem;

// A fresh path in a directory of its own (removed first, with any -wal and -shm files).
std::string fresh_path(const std::string& name) {
  const auto dir = test::scratch_dir("store_test");
  const auto path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path.string() + suffix);
  return path.string();
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

NewRun a_run(bool keep) {
  NewRun r;
  r.version = "0.1.0";
  r.scenario_sha256 = std::string(64, 'a');
  r.scenario_file = "examples/geneva.yaml";
  r.analysis = "forecast";
  r.options_json = R"({"analysis": "forecast"})";
  r.seed = std::numeric_limits<std::uint64_t>::max();  // does not fit SQLite's signed integers
  r.draws_asked = 5;
  r.keep_draws = keep;
  return r;
}

// Draws with every kind of value: awkward doubles, categories with quotes, control characters and non-ASCII
// text, a list membership, a path given twice, and a draw whose outputs differ from the others'.
sweep::Collector some_draws(std::size_t n) {
  sweep::Collector c(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double x = static_cast<double>(k);
    std::vector<sweep::Output> o = {
        {"issues.territory.forecast", 0.1 + 0.2 + x},
        {"tiny", 1e-300 * (x + 1)},
        {"big", 1.7976931348623157e308},
        {"negative", -x / 3},
        {"zopa.exists", std::string(k % 2 ? "true" : "false")},
        {"name \"quoted\", with a comma", std::string("line\nbreak\ttab \x01 \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80")},
        {"equilibria.gmr.6", std::string("\x01member")},
        {"twice", x},
        {"twice", x + 0.5},
    };
    if (k == 3) o.push_back({"rounds.10.median", 60.0});
    c.add(k, o);
  }
  return c;
}

// Draw k's outputs as the store gives them back, which is as the CSV writes them: a membership is "true", and
// -0 is 0.
std::vector<sweep::Output> expected(const sweep::Collector& c, std::size_t k) {
  auto out = c.draw(k);
  for (auto& o : out) {
    if (const auto* s = std::get_if<std::string>(&o.value); s != nullptr && *s == "\x01member")
      o.value = std::string("true");
    if (const double* x = std::get_if<double>(&o.value); x != nullptr && *x == 0) o.value = 0.0;
  }
  return out;
}

std::vector<std::vector<sweep::Output>> read_back(const Store& s, std::int64_t run) {
  std::vector<std::vector<sweep::Output>> out;
  s.for_each_draw_output(run, [&](std::size_t k, const sweep::Output& o) {
    if (k >= out.size()) out.resize(k + 1);
    out[k].push_back(o);
  });
  return out;
}

bool same(const std::vector<sweep::Output>& a, const std::vector<sweep::Output>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].path != b[i].path || a[i].value.index() != b[i].value.index()) return false;
    if (const double* x = std::get_if<double>(&a[i].value)) {
      // Bit for bit: the CSV of a stored run must equal the sweep's own.
      if (std::bit_cast<std::uint64_t>(*x) != std::bit_cast<std::uint64_t>(std::get<double>(b[i].value))) return false;
    } else if (std::get<std::string>(a[i].value) != std::get<std::string>(b[i].value)) {
      return false;
    }
  }
  return true;
}

TEST(Store, ARunComesBackAsWritten) {
  const auto path = fresh_path("round_trip.db");
  const auto draws = some_draws(5);
  std::int64_t id = 0;
  {
    Store store = Store::open_for_writing(path);
    RunWriter w(store, a_run(true));
    w.commit_batch(draws, 0, 2);
    w.commit_batch(draws, 2, 5);
    id = w.finish(5, false, "{\"summary\": 1}\n");
  }
  const Store store = Store::open_for_reading(path);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1U);
  const store::Run& r = runs.front();
  EXPECT_EQ(r.id, id);
  EXPECT_EQ(r.asked.version, "0.1.0");
  EXPECT_EQ(r.asked.scenario_sha256, std::string(64, 'a'));
  EXPECT_EQ(r.asked.scenario_file, "examples/geneva.yaml");
  EXPECT_EQ(r.asked.analysis, "forecast");
  EXPECT_EQ(r.asked.options_json, R"({"analysis": "forecast"})");
  EXPECT_EQ(r.asked.seed, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(r.asked.draws_asked, 5U);
  EXPECT_TRUE(r.asked.keep_draws);
  EXPECT_EQ(r.draws_done, 5U);
  EXPECT_FALSE(r.interrupted);
  EXPECT_EQ(r.summary_json, "{\"summary\": 1}\n");
  // UTC, ISO 8601, to the second.
  ASSERT_EQ(r.created.size(), 20U);
  EXPECT_EQ(r.created[10], 'T');
  EXPECT_EQ(r.created.back(), 'Z');
  ASSERT_TRUE(r.finished);
  EXPECT_GE(*r.finished, r.created);
  const auto back = read_back(store, id);
  ASSERT_EQ(back.size(), 5U);
  for (std::size_t k = 0; k < 5; ++k) EXPECT_TRUE(same(back[k], expected(draws, k))) << "draw " << k;
  ASSERT_TRUE(store.run(id));
  EXPECT_FALSE(store.run(id + 1));
}

TEST(Store, TheSchemaIsVersionedAndTheFileInWalMode) {
  const auto path = fresh_path("schema.db");
  { (void)Store::open_for_writing(path); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  const auto pragma = [&](const char* sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &s, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(s), SQLITE_ROW);
    std::string out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
  };
  EXPECT_EQ(pragma("PRAGMA user_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(pragma("PRAGMA application_id"), std::to_string(kApplicationId));
  EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");
  sqlite3_close(db);
}

TEST(Store, RunsAreAppendedToAnExistingStore) {
  const auto path = fresh_path("append.db");
  const auto draws = some_draws(2);
  std::int64_t first = 0, second = 0;
  {
    Store store = Store::open_for_writing(path);
    RunWriter w(store, a_run(true));
    w.commit_batch(draws, 0, 2);
    first = w.finish(2, false, "{}\n");
  }
  {
    Store store = Store::open_for_writing(path);
    RunWriter w(store, a_run(false));
    w.commit_batch(draws, 0, 1);
    second = w.finish(1, true, "{\"second\": true}\n");
  }
  EXPECT_NE(first, second);
  const Store store = Store::open_for_reading(path);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 2U);
  EXPECT_EQ(runs[0].id, first);
  EXPECT_EQ(runs[1].id, second);
  EXPECT_TRUE(runs[1].interrupted);
  EXPECT_EQ(runs[1].draws_done, 1U);
  // The first run's draws are intact and the second kept none.
  EXPECT_EQ(read_back(store, first).size(), 2U);
  EXPECT_TRUE(read_back(store, second).empty());
}

TEST(Store, ARunIsRecordedWithItsFirstBatchAndIsUnfinishedUntilItsEnd) {
  const auto path = fresh_path("unfinished.db");
  Store writer = Store::open_for_writing(path);
  const auto draws = some_draws(3);
  RunWriter w(writer, a_run(true));
  EXPECT_TRUE(Store::open_for_reading(path).runs().empty());  // nothing before the first batch
  w.commit_batch(draws, 0, 2);
  // Another connection sees the committed batch while the run goes on.
  const Store reader = Store::open_for_reading(path);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].draws_done, 2U);
  EXPECT_FALSE(runs[0].summary_json);
  EXPECT_FALSE(runs[0].finished);
  EXPECT_EQ(read_back(reader, runs[0].id).size(), 2U);
}

TEST(Store, AFileThatIsNotAStoreIsRefusedAndLeftAlone) {
  const auto text = fresh_path("notes.txt");
  std::ofstream(text) << "my notes, not a database\n";
  const std::string before = bytes_of(text);
  try {
    (void)Store::open_for_writing(text);
    FAIL() << "a text file was taken for a store";
  } catch (const DataError& e) {
    EXPECT_EQ(e.where(), text);
    EXPECT_EQ(std::string(e.what()), "not a parley run store (file is not a database)");
    EXPECT_EQ(e.code(), ExitCode::data);
  }
  EXPECT_EQ(bytes_of(text), before);
  EXPECT_FALSE(fs::exists(text + "-wal"));
  EXPECT_THROW((void)Store::open_for_reading(text), DataError);

  // Another program's SQLite database.
  const auto other = fresh_path("other.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const std::string other_before = bytes_of(other);
  try {
    (void)Store::open_for_writing(other);
    FAIL() << "another program's database was taken for a store";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              "not a parley run store (an SQLite database of another program); give --out a new file");
  }
  EXPECT_EQ(bytes_of(other), other_before);
  EXPECT_THROW((void)Store::open_for_reading(other), DataError);
}

TEST(Store, AStoreFromANewerParleyIsRefused) {
  const auto path = fresh_path("newer.db");
  { (void)Store::open_for_writing(path); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  for (const auto open : {&Store::open_for_writing, &Store::open_for_reading}) {
    try {
      (void)open(path);
      FAIL() << "a newer store was opened";
    } catch (const DataError& e) {
      EXPECT_EQ(std::string(e.what()), "written by a newer parley (store schema 99; this parley reads up to " +
                                           std::to_string(kSchemaVersion) + ")");
    }
  }
}

TEST(Store, AnEmptyFileBecomesAStoreButIsNotReadAsOne) {
  const auto path = fresh_path("empty.db");
  std::ofstream(path).close();
  EXPECT_THROW((void)Store::open_for_reading(path), DataError);
  { (void)Store::open_for_writing(path); }
  EXPECT_TRUE(Store::open_for_reading(path).runs().empty());
}

TEST(Store, MissingFilesAndDirectories) {
  const auto missing = fresh_path("missing.db");
  try {
    (void)Store::open_for_reading(missing);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": no such file");
  }
  EXPECT_FALSE(fs::exists(missing));  // reading never creates
  const auto dir = fresh_path("a_directory");
  fs::create_directories(dir);
  EXPECT_THROW((void)Store::open_for_writing(dir), OutputError);
  EXPECT_THROW((void)Store::open_for_reading(dir), InputError);
  EXPECT_THROW((void)Store::open_for_writing(dir + "/no/such/dir/runs.db"), OutputError);
}

TEST(Store, AKeptDrawThatCannotBeReadIsADataError) {
  const auto path = fresh_path("corrupt_draw.db");
  std::int64_t id = 0;
  {
    Store store = Store::open_for_writing(path);
    RunWriter w(store, a_run(true));
    w.commit_batch(some_draws(1), 0, 1);
    id = w.finish(1, false, "{}\n");
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE draws SET outputs = '[[0,' WHERE k = 0", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const Store store = Store::open_for_reading(path);
  try {
    (void)read_back(store, id);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), "run 1, draw 0: the stored outputs are not the JSON parley writes");
  }
}

TEST(Store, TheDrawValuesViewHasOneRowPerValue) {
  const auto path = fresh_path("view.db");
  {
    Store store = Store::open_for_writing(path);
    RunWriter w(store, a_run(true));
    w.commit_batch(some_draws(4), 0, 4);
    (void)w.finish(4, false, "{}\n");
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT count(*), sum(value) FROM draw_values WHERE run = 1 AND output = "
                               "'issues.territory.forecast'",
                               -1, &s, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 4);
  EXPECT_NEAR(sqlite3_column_double(s, 1), 4 * 0.3 + 0 + 1 + 2 + 3, 1e-12);
  sqlite3_finalize(s);
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM draw_values WHERE run = 1", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 4 * 9 + 1);
  sqlite3_finalize(s);
  sqlite3_close(db);
}

}  // namespace
}  // namespace parley::store
