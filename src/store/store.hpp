// The run store: `parley sweep --out runs.db` writes its runs to an SQLite file and `parley runs` reads them
// back (docs/design/sweep.md, "Long runs"; the schema is in store.cpp and docs/cli.md). All SQL lives here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sqlite/sqlite.hpp"
#include "sweep/outputs.hpp"

namespace parley::store {

/// The schema this parley writes (PRAGMA user_version); older stores are migrated when opened for writing.
inline constexpr int kSchemaVersion = 1;
/// PRAGMA application_id of a parley run store: "PRLY".
inline constexpr std::int32_t kApplicationId = 0x50524C59;

/// A run as it starts: what identifies it and how it was asked for.
struct NewRun {
  std::string version;          // parley's
  std::string scenario_sha256;  // services::scenario_sha256 of the file as written
  std::string scenario_file;    // as given on the command line
  std::string analysis;         // analyze | forecast | stability
  std::string options_json;     // the sweep's options as a JSON object
  std::uint64_t seed = 0;
  std::size_t draws_asked = 0;
  bool keep_draws = false;  // the draws table holds every draw's outputs
};

/// A stored run.
struct Run {
  std::int64_t id = 0;
  std::string created;  // UTC, ISO 8601 (2025-06-01T12:00:00Z)
  std::optional<std::string> finished;
  NewRun asked;
  std::size_t draws_done = 0;
  bool interrupted = false;
  std::optional<std::string> summary_json;  // as `sweep --format json` printed it; absent until the run ended
};

/// One SQLite file of runs. Every write is one transaction, so a process killed at any moment leaves the file
/// consistent, holding every batch committed before.
class Store {
 public:
  /// Opens `path` to add runs, creating it when it does not exist (or is empty, or an SQLite database with
  /// nothing in it). Throws DataError (exit 65) for a file that is not a parley run store or was written by a
  /// newer parley, leaving it untouched; OutputError when it cannot be created or written.
  [[nodiscard]] static Store open_for_writing(const std::string& path);
  /// Opens an existing store to read. Throws InputError when `path` does not exist or cannot be opened,
  /// DataError when it is not a parley run store. Changes no data (SQLite may fold a killed writer's WAL into
  /// the file).
  [[nodiscard]] static Store open_for_reading(const std::string& path);

  [[nodiscard]] const std::string& path() const { return db_->path(); }

  /// Every run, oldest first.
  [[nodiscard]] std::vector<Run> runs() const;
  [[nodiscard]] std::optional<Run> run(std::int64_t id) const;
  /// Calls `row(k, output)` for every kept output of the run, in draw order and, within a draw, in the order
  /// the analysis gave them. Categories come back as text ("true" for a list membership). Throws DataError for
  /// a kept draw that cannot be read.
  void for_each_draw_output(std::int64_t run, const std::function<void(std::size_t, const sweep::Output&)>& row) const;

 private:
  friend class RunWriter;
  explicit Store(std::unique_ptr<sqlite::Connection> db) : db_(std::move(db)) {}
  [[nodiscard]] std::int64_t begin_run(const NewRun& run);
  void commit_batch(std::int64_t run, std::size_t first, const std::vector<std::string>& draws,
                    const std::vector<std::pair<std::int64_t, std::string>>& outputs, std::size_t draws_done);
  void finish_run(std::int64_t run, std::size_t draws_done, bool interrupted, const std::string& summary_json);

  std::unique_ptr<sqlite::Connection> db_;
};

/// One run being written: the draws of one Collector, a batch at a time. The run is recorded with its first
/// batch (or at its end), so a run that fails before then leaves nothing behind.
class RunWriter {
 public:
  RunWriter(Store& store, NewRun run) : store_(store), asked_(std::move(run)) {}

  /// Draws [first, end) of `draws` (draw k as its k - offset) are done: stores their outputs (when the run keeps
  /// its draws) and `end` as the count done, in one transaction. Batches come in draw order.
  void commit_batch(const sweep::Collector& draws, std::size_t first, std::size_t end, std::size_t offset = 0);
  /// The run's end: draws done, whether it was interrupted, and its summary. Returns the run's id.
  std::int64_t finish(std::size_t draws_done, bool interrupted, const std::string& summary_json);

 private:
  std::int64_t id();

  Store& store_;
  NewRun asked_;
  std::optional<std::int64_t> id_;
  std::unordered_map<std::string, std::int64_t> ids_;  // every output path of the run, and its id
  std::int64_t next_id_ = 0;
};

}  // namespace parley::store
