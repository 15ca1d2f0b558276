// The run store's schema, its numbered migrations, and every statement parley runs on it.
#include "store/store.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "core/text.hpp"
#include "doc/node.hpp"
#include "parley/error.hpp"

namespace parley::store {

namespace {

// Migration n (1-based) takes a store from user_version n - 1 to n. Never edit one that has shipped: add the
// next.
//
// A kept draw is one row of `draws`: its outputs as a JSON array of [output id, value] pairs, in the analysis's
// order ([[0,"eum"],[1,"scholz"],[2,1],...]); numbers are JSON numbers with every digit, categories strings.
// `outputs` names each id once per run. The view `draw_values` (run, k, output, value) has one row per value
// (its path looked up per row: a join let SQLite scan every draw's pairs once per output).
// A row per value as the table itself costs a B-tree insert per value (2.6 million for 10,000 Geneva forecast
// draws) and more than doubled the run's time; a JSON object per draw keyed by path was 14 KB a draw, and
// writing it (twice, through the WAL) cost 40 % of the run. The pairs take about a third of that.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations = {
    R"sql(
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  created         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  finished        TEXT,
  parley_version  TEXT NOT NULL,
  scenario_sha256 TEXT NOT NULL,
  scenario_file   TEXT NOT NULL,
  analysis        TEXT NOT NULL,
  options         TEXT NOT NULL,
  seed            TEXT NOT NULL,
  draws_asked     INTEGER NOT NULL,
  draws_done      INTEGER NOT NULL DEFAULT 0,
  interrupted     INTEGER NOT NULL DEFAULT 0,
  keep_draws      INTEGER NOT NULL,
  summary         TEXT
);
CREATE TABLE outputs (
  run  INTEGER NOT NULL REFERENCES runs (id),
  id   INTEGER NOT NULL,
  path TEXT NOT NULL,
  PRIMARY KEY (run, id)
);
CREATE TABLE draws (
  run     INTEGER NOT NULL REFERENCES runs (id),
  k       INTEGER NOT NULL,
  outputs TEXT NOT NULL,
  PRIMARY KEY (run, k)
);
CREATE VIEW draw_values AS
  SELECT d.run, d.k,
         (SELECT o.path FROM outputs AS o WHERE o.run = d.run AND o.id = json_extract(e.value, '$[0]')) AS output,
         json_extract(e.value, '$[1]') AS value
  FROM draws AS d, json_each(d.outputs) AS e;
)sql",
};

// The membership marker of sweep::flatten; stored as "true", as the CSV shows it.

using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;

constexpr const char* kKind = "run store";

// What is at `path`, read without writing: a parley store (its schema version), or a file parley may make
// one (an empty SQLite database), or something else, refused.
int schema_version(Connection& db) {
  const std::string& path = db.path();
  std::int64_t app = 0, version = 0, objects = 0;
  try {
    app = db.integer("PRAGMA application_id");
    version = db.integer("PRAGMA user_version");
    objects = db.integer("SELECT count(*) FROM sqlite_master");
  } catch (const OutputError&) {
    throw DataError("not a parley run store (it cannot be read as an SQLite database)", path);
  }
  if (app == 0 && objects == 0) return 0;
  if (app != kApplicationId) {
    throw DataError("not a parley run store (an SQLite database of another program); give --out a new file", path);
  }
  if (version > kSchemaVersion) {
    throw DataError("written by a newer parley (store schema " + std::to_string(version) +
                        "; this parley reads up to " + std::to_string(kSchemaVersion) + ")",
                    path);
  }
  return static_cast<int>(version);
}

void migrate(Connection& db) {
  Transaction t(db);
  // Read again under the write lock: another process may have created or migrated the store meanwhile.
  const int from = schema_version(db);
  for (int v = from; v < kSchemaVersion; ++v) db.exec(kMigrations[static_cast<std::size_t>(v)], "creating the schema");
  db.exec("PRAGMA application_id = " + std::to_string(kApplicationId), "marking the store");
  db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion), "marking the store");
  t.commit();
}

std::string seed_text(std::uint64_t seed) {
  return std::to_string(seed);
}

std::uint64_t seed_of(const std::string& text) {
  try {
    return std::stoull(text);
  } catch (const std::logic_error&) {
    return 0;
  }
}

// Draw k's outputs as stored: [[id,value],...]. `ids` maps this collector's path ids to the run's output ids
// (-1: not looked up yet), `by_path` every path of the run to its id (a run's batches may come in collectors of
// their own, each numbering its paths in its own order); a path seen for the first time in the run gets the next
// id and is added to `fresh`.
void draw_json(const sweep::Collector& draws, std::size_t k, std::vector<std::int64_t>& ids,
               std::unordered_map<std::string, std::int64_t>& by_path,
               std::vector<std::pair<std::int64_t, std::string>>& fresh, std::int64_t& next_id, std::string& out) {
  out.clear();
  out += '[';
  draws.visit(k, [&](std::uint32_t path_id, const std::string& path, const auto& value) {
    if (out.size() > 1) out += ',';
    if (path_id >= ids.size()) ids.resize(path_id + 1, -1);
    if (ids[path_id] < 0) {
      const auto [it, added] = by_path.try_emplace(path, next_id);
      if (added) {
        ++next_id;
        fresh.emplace_back(it->second, path);
      }
      ids[path_id] = it->second;
    }
    out += '[';
    out += std::to_string(ids[path_id]);
    out += ',';
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, double>) {
      // Numbers keep every digit (shortest round trip); one JSON cannot hold (never produced from an analysis's
      // JSON) is kept as its text.
      if (std::isfinite(value)) {
        out += core::format_number(value);
      } else {
        doc::append_json_string(out, core::format_number(value));
      }
    } else {
      doc::append_json_string(out, sweep::category_text(value));
    }
    out += ']';
  });
  out += ']';
}

// Reads back what draw_json wrote, with parley's own JSON reader (numbers are read exactly). False when the
// text is anything else.
bool read_draw_json(std::string_view text, std::vector<std::pair<std::int64_t, sweep::Value>>& out) {
  out.clear();
  Diagnostics diags;
  const auto doc = doc::parse_json(text, nullptr, diags);
  if (!doc || doc->kind != doc::Kind::sequence) return false;
  for (const auto& pair : doc->items) {
    if (pair.kind != doc::Kind::sequence || pair.items.size() != 2) return false;
    const doc::Node& id = pair.items[0];
    const doc::Node& value = pair.items[1];
    if (id.kind != doc::Kind::number || id.number != std::trunc(id.number)) return false;
    if (value.kind == doc::Kind::number) {
      out.emplace_back(static_cast<std::int64_t>(id.number), value.number);
    } else if (value.kind == doc::Kind::string) {
      out.emplace_back(static_cast<std::int64_t>(id.number), value.text);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

Store Store::open_for_writing(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw OutputError(path + ": is a directory; --out takes a file");
  auto db = std::make_unique<Connection>(path, sqlite::Open::create, kKind);
  // Checked before anything is written, so that a file that is not a store is never touched.
  const int version = schema_version(*db);
  if (version < kSchemaVersion) migrate(*db);
  // WAL: readers (`parley runs`) see committed batches while a run goes on. FULL syncs every commit, so that
  // even a power cut loses no committed batch; at one commit per 1,000 draws it costs nothing measurable.
  std::string mode;
  db->run("PRAGMA journal_mode = WAL", {}, [&](const Statement& s) { mode = s.text(0); });
  if (mode != "wal") db->fail("switching to WAL mode");
  db->exec("PRAGMA synchronous = FULL", "setting synchronous mode");
  return Store(std::move(db));
}

Store Store::open_for_reading(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(path + ": no such file");
  if (fs::is_directory(path, ec)) throw InputError(path + ": is a directory, not a run store");
  if (fs::file_size(path, ec) == 0 && !ec) throw DataError("not a parley run store (the file is empty)", path);
  // Read-write when allowed, so that SQLite can use (and after a killed run, recover) the WAL and its index;
  // no statement here writes.
  std::unique_ptr<Connection> db;
  try {
    db = std::make_unique<Connection>(path, sqlite::Open::read_write, kKind);
  } catch (const InputError&) {
    db = std::make_unique<Connection>(path, sqlite::Open::read_only, kKind);
  }
  const int version = schema_version(*db);
  if (version == 0) throw DataError("not a parley run store (an empty SQLite database)", path);
  if (version < kSchemaVersion) {
    // Reading never writes, so it does not migrate.
    throw DataError("a run store of an older parley (schema " + std::to_string(version) +
                        "); adding a run to it with sweep --out upgrades it",
                    path);
  }
  return Store(std::move(db));
}

std::int64_t Store::begin_run(const NewRun& run) {
  Statement s(*db_,
              "INSERT INTO runs (parley_version, scenario_sha256, scenario_file, analysis, options, seed, draws_asked, "
              "keep_draws) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, run.version).bind(2, run.scenario_sha256).bind(3, run.scenario_file).bind(4, run.analysis);
  s.bind(5, run.options_json).bind(6, seed_text(run.seed)).bind(7, static_cast<std::int64_t>(run.draws_asked));
  s.bind(8, std::int64_t{run.keep_draws ? 1 : 0});
  s.run();
  return db_->last_insert_rowid();
}

void Store::commit_batch(std::int64_t run, std::size_t first, const std::vector<std::string>& draws,
                         const std::vector<std::pair<std::int64_t, std::string>>& outputs, std::size_t draws_done) {
  Transaction t(*db_);
  if (!outputs.empty()) {
    Statement output(*db_, "INSERT INTO outputs (run, id, path) VALUES (?, ?, ?)");
    for (const auto& [id, path] : outputs) {
      output.bind(1, run).bind(2, id).bind(3, path);
      output.run();
    }
  }
  if (!draws.empty()) {
    Statement row(*db_, "INSERT INTO draws (run, k, outputs) VALUES (?, ?, ?)");
    for (std::size_t d = 0; d < draws.size(); ++d) {
      row.bind(1, run).bind(2, static_cast<std::int64_t>(first + d)).bind(3, draws[d]);
      row.run();
    }
  }
  Statement done(*db_, "UPDATE runs SET draws_done = ? WHERE id = ?");
  done.bind(1, static_cast<std::int64_t>(draws_done)).bind(2, run);
  done.run();
  t.commit();
}

void Store::finish_run(std::int64_t run, std::size_t draws_done, bool interrupted, const std::string& summary_json) {
  Statement s(*db_,
              "UPDATE runs SET draws_done = ?, interrupted = ?, summary = ?, "
              "finished = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?");
  s.bind(1, static_cast<std::int64_t>(draws_done)).bind(2, std::int64_t{interrupted ? 1 : 0}).bind(3, summary_json);
  s.bind(4, run);
  s.run();
}

namespace {

constexpr std::string_view kRunColumns =
    "SELECT id, created, finished, parley_version, scenario_sha256, scenario_file, analysis, options, seed, "
    "draws_asked, draws_done, interrupted, keep_draws, summary FROM runs";

Run run_of(const Statement& s) {
  Run r;
  r.id = s.integer(0);
  r.created = s.text(1);
  r.finished = s.optional_text(2);
  r.asked.version = s.text(3);
  r.asked.scenario_sha256 = s.text(4);
  r.asked.scenario_file = s.text(5);
  r.asked.analysis = s.text(6);
  r.asked.options_json = s.text(7);
  r.asked.seed = seed_of(s.text(8));
  r.asked.draws_asked = static_cast<std::size_t>(s.integer(9));
  r.draws_done = static_cast<std::size_t>(s.integer(10));
  r.interrupted = s.integer(11) != 0;
  r.asked.keep_draws = s.integer(12) != 0;
  r.summary_json = s.optional_text(13);
  return r;
}

}  // namespace

std::vector<Run> Store::runs() const {
  Statement s(*db_, std::string(kRunColumns) + " ORDER BY id");
  std::vector<Run> out;
  while (s.step()) out.push_back(run_of(s));
  return out;
}

std::optional<Run> Store::run(std::int64_t id) const {
  Statement s(*db_, std::string(kRunColumns) + " WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return run_of(s);
}

void Store::for_each_draw_output(std::int64_t run,
                                 const std::function<void(std::size_t, const sweep::Output&)>& row) const {
  std::vector<std::string> paths;
  {
    Statement s(*db_, "SELECT id, path FROM outputs WHERE run = ?");
    s.bind(1, run);
    while (s.step()) {
      const std::int64_t id = s.integer(0);
      if (id < 0 || id > (std::int64_t{1} << 32))
        throw DataError("run " + std::to_string(run) + ": bad output id", path());
      if (static_cast<std::size_t>(id) >= paths.size()) paths.resize(static_cast<std::size_t>(id) + 1);
      paths[static_cast<std::size_t>(id)] = s.text(1);
    }
  }
  Statement s(*db_, "SELECT k, outputs FROM draws WHERE run = ? ORDER BY k");
  s.bind(1, run);
  std::vector<std::pair<std::int64_t, sweep::Value>> pairs;
  sweep::Output o;
  while (s.step()) {
    const auto k = static_cast<std::size_t>(s.integer(0));
    if (!read_draw_json(s.text(1), pairs)) {
      throw DataError("run " + std::to_string(run) + ", draw " + std::to_string(k) +
                          ": the stored outputs are not the JSON parley writes",
                      path());
    }
    for (auto& [id, value] : pairs) {
      if (id < 0 || static_cast<std::size_t>(id) >= paths.size()) {
        throw DataError("run " + std::to_string(run) + ", draw " + std::to_string(k) + ": output " +
                            std::to_string(id) + " is not in the outputs table",
                        path());
      }
      o.path = paths[static_cast<std::size_t>(id)];
      o.value = std::move(value);
      row(k, o);
    }
  }
}

std::int64_t RunWriter::id() {
  if (!id_) id_ = store_.begin_run(asked_);
  return *id_;
}

void RunWriter::commit_batch(const sweep::Collector& draws, std::size_t first, std::size_t end, std::size_t offset) {
  std::vector<std::string> encoded;
  std::vector<std::pair<std::int64_t, std::string>> fresh;
  if (asked_.keep_draws) {
    encoded.resize(end - first);
    std::vector<std::int64_t> ids;  // this collector's path ids: looked up once per batch
    for (std::size_t k = first; k < end; ++k)
      draw_json(draws, k - offset, ids, ids_, fresh, next_id_, encoded[k - first]);
  }
  store_.commit_batch(id(), first, encoded, fresh, end);
}

std::int64_t RunWriter::finish(std::size_t draws_done, bool interrupted, const std::string& summary_json) {
  store_.finish_run(id(), draws_done, interrupted, summary_json);
  return *id_;
}

}  // namespace parley::store
