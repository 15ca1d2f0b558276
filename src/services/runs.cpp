// `runs list` and `runs show`: the runs `sweep --out` stored, read back.
#include <charconv>
#include <functional>
#include <memory>
#include <string>

#include "doc/node.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "report/runs.hpp"
#include "report/sweep.hpp"
#include "store/store.hpp"

namespace parley::services {

namespace {

store::Run find_run(const store::Store& db, const std::string& id_text) {
  const auto hint = " (parley runs list " + db.path() + " lists them)";
  std::int64_t id = 0;
  const char* end = id_text.data() + id_text.size();
  const auto [ptr, ec] = std::from_chars(id_text.data(), end, id);
  if (ec != std::errc() || ptr != end || id < 1) {
    throw UsageError(db.path() + ": '" + id_text + "' is not a run id; runs are numbered from 1" + hint);
  }
  auto run = db.run(id);
  if (!run) {
    const auto all = db.runs();
    const std::string held =
        all.empty()       ? "it holds no runs"
        : all.size() == 1 ? "it holds run " + std::to_string(all.front().id)
                          : "it holds runs " + std::to_string(all.front().id) + " to " + std::to_string(all.back().id);
    throw UsageError(db.path() + ": no run " + id_text + "; " + held + hint);
  }
  return *run;
}

}  // namespace

std::string runs_list(const std::string& db) {
  return report::runs_list_text(store::Store::open_for_reading(db).runs());
}

void runs_show(const std::string& db, const std::string& id, OutputFormat format,
               const std::function<void(std::string_view)>& sink) {
  const store::Store store = store::Store::open_for_reading(db);
  const store::Run run = find_run(store, id);
  const std::string which = "run " + std::to_string(run.id);
  if (format == OutputFormat::csv) {
    if (!run.asked.keep_draws) {
      throw DataError(which + " kept no draws (sweep with --out and --keep-draws keeps them)", db);
    }
    // In pieces: a long run's draws need not fit in memory as one text.
    std::string chunk = report::kSweepCsvHeader;
    store.for_each_draw_output(run.id, [&](std::size_t k, const sweep::Output& o) {
      chunk += report::sweep_csv_row(k, o);
      if (chunk.size() >= (1U << 20)) {
        sink(chunk);
        chunk.clear();
      }
    });
    sink(chunk);
    return;
  }
  if (format == OutputFormat::json || format == OutputFormat::yaml) {
    if (!run.summary_json) {
      throw DataError(which + " has no summary: it did not finish (it was killed, failed, or is still running)" +
                          (run.asked.keep_draws ? "; its committed draws are in --format csv" : ""),
                      db);
    }
    if (format == OutputFormat::json) {
      sink(*run.summary_json);
      return;
    }
  }
  std::unique_ptr<doc::Node> summary;
  if (run.summary_json) {
    Diagnostics diags;
    summary = doc::parse_json(*run.summary_json, nullptr, diags);
    if (!summary) throw DataError(which + ": its stored summary is not valid JSON", db);
  }
  if (format == OutputFormat::yaml) {
    sink(doc::to_yaml(*summary));
    return;
  }
  sink(report::run_text(db, run, summary.get()));
}

}  // namespace parley::services
