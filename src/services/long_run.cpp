#include "services/long_run.hpp"

#include <utility>

#include "doc/node.hpp"

namespace parley::services::detail {

namespace {

// The options that decide a run's numbers (not --threads, --format or --out), as one JSON line.
std::string options_json(const SweepOptions& o) {
  using doc::Node;
  Node n = Node::make_mapping();
  n.set("analysis", Node::make_string(o.analysis));
  n.set("at", Node::make_string(o.at));
  n.set("draws", Node::make_number(static_cast<double>(o.draws)));
  n.set("seed", Node::make_string(std::to_string(o.seed)));
  n.set("sensitivity", Node::make_bool(o.sensitivity));
  if (o.analysis == "forecast") {
    n.set("model", Node::make_string(o.forecast.model));
    n.set("variant", Node::make_string(o.forecast.variant));
    n.set("q", Node::make_number(o.forecast.q));
    n.set("rounds", o.forecast.rounds ? Node::make_number(*o.forecast.rounds) : Node::make_null());
    n.set("issue", Node::make_string(o.forecast.issue));
  } else if (o.analysis == "analyze") {
    n.set("max_pareto", Node::make_number(static_cast<double>(o.analyze.max_pareto)));
  } else {
    n.set("horizon", o.stability.horizon ? Node::make_number(*o.stability.horizon) : Node::make_null());
    n.set("coalitions", Node::make_string(o.stability.coalitions));
    n.set("states", Node::make_string(o.stability.states));
  }
  return doc::to_json_line(n);
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
  asked.options_json = options_json(options);
  asked.seed = options.seed;
  asked.draws_asked = options.draws;
  asked.keep_draws = options.keep_draws;
  writer_.emplace(*store_, std::move(asked));
}

void LongRun::batch_done(const sweep::Collector& draws, std::size_t first, std::size_t end) {
  if (writer_) writer_->commit_batch(draws, first, end);
}

std::optional<std::int64_t> LongRun::finish(std::size_t draws_done, bool interrupted, const std::string& summary_json) {
  if (!writer_) return std::nullopt;
  return writer_->finish(draws_done, interrupted, summary_json);
}

}  // namespace parley::services::detail
