#include "services/long_run.hpp"

#include <utility>

#include "doc/node.hpp"
#include "report/show.hpp"
#include "services/detail.hpp"

namespace parley::services::detail {

namespace {

// The options that decide a run's numbers, as every output's stamp gives them (the options registry: not
// --threads, --format or --out), as one JSON line.
std::string options_json(const Loaded& loaded, const SweepOptions& o) {
  return doc::to_json_line(report::stamp_options_node(stamp_of(loaded.stamp, loaded.input, o)));
}

}  // namespace

LongRun::LongRun(const Loaded& loaded, const SweepOptions& options, const Control& control)
    : control_(control), draws_(options.draws) {
  if (options.out.empty()) return;
  store_ = store::Store::open_for_writing(options.out);
  store::NewRun asked;
  asked.version = loaded.stamp.version;
  asked.scenario_sha256 = loaded.stamp.scenario_sha256;
  asked.scenario_file = loaded.scenario && loaded.scenario->file ? *loaded.scenario->file : std::string();
  asked.analysis = options.analysis;
  asked.options_json = options_json(loaded, options);
  asked.seed = options.seed;
  asked.draws_asked = options.draws;
  asked.keep_draws = options.keep_draws;
  writer_.emplace(*store_, std::move(asked));
}

void LongRun::batch_done(const sweep::Collector& draws, std::size_t first, std::size_t end, std::size_t offset) {
  if (writer_) writer_->commit_batch(draws, first, end, offset);
}

std::optional<std::int64_t> LongRun::finish(std::size_t draws_done, bool interrupted, const std::string& summary_json) {
  if (!writer_) return std::nullopt;
  return writer_->finish(draws_done, interrupted, summary_json);
}

}  // namespace parley::services::detail
