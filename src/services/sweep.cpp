// `sweep`: an analysis over Monte Carlo draws of the scenario's uncertain numbers (docs/models.md §7;
// docs/design/sweep.md).
#include <algorithm>
#include <atomic>
#include <functional>

#include "core/parallel.hpp"
#include "core/random.hpp"
#include "core/text.hpp"
#include "doc/node.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "report/sweep.hpp"
#include "scenario/draw.hpp"
#include "scenario/timeline.hpp"
#include "services/detail.hpp"
#include "services/long_run.hpp"
#include "sweep/outputs.hpp"
#include "sweep/sensitivity.hpp"
#include "sweep/split.hpp"
#include "sweep/stream.hpp"

namespace parley {

// What a sweep's rendering needs: its report and every draw's outputs (for CSV).
struct SweepResult::Internals {
  report::SweepReport report;
  sweep::Collector collector{0};
  bool draws_kept = true;  // false: the draws stayed on the ranks that drew them (or were dropped as counted)
};

}  // namespace parley

namespace parley::services {

namespace {

constexpr std::size_t kMaxDraws = 100'000'000;

// Names the draw in a failure, so that it can be replayed, keeping the failure's kind and location. A usage
// error (an unknown --issue) is the options' fault, not the draw's: it passes unchanged.
template <class F>
auto for_draw(std::size_t k, F&& f) {
  try {
    return f();
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    const std::string what =
        "draw " + std::to_string(k) + " (rerun it with --replay " + std::to_string(k) + "): " + e.what();
    if (const auto* data = dynamic_cast<const DataError*>(&e)) throw DataError(what, data->where());
    throw Error(e.code(), what);
  }
}

// The forecast's options for draw k: one thread (draws run in parallel); a model that draws (the randomized exchange
// model, the spatial model's stochastic transitions, set by option or by the scenario) draws from a stream of its
// own for draw k, so that a draw replays alone (docs/models.md §7.1).
bool model_draws(const SweepOptions& o, const Scenario& s) {
  if (o.analysis != "forecast") return false;
  if (o.forecast.model == "exchange") return o.forecast.variant == "randomized";
  if (o.forecast.model != "smp" && o.forecast.model != "all") return false;
  const std::string& given = o.forecast.smp[kSmpTransitions];
  if (!given.empty()) return given == "stochastic";
  return s.models.smp && s.models.smp->value[kSmpTransitions] == "stochastic";
}

ForecastOptions draw_forecast(const SweepOptions& o, const Scenario& s, std::size_t k) {
  ForecastOptions f = o.forecast;
  f.threads = 1;
  if (model_draws(o, s)) f.seed = core::mix64(o.seed ^ core::mix64(k));
  return f;
}

// The outputs of one run of the analysis on `s`, in `out` (its strings reused from the thread's previous draw):
// named as the analysis's JSON names them, straight from its result.
void outputs_of(const Scenario& s, const Stamp& stamp, const SweepOptions& o, std::vector<sweep::Output>& out,
                std::size_t k = 0) {
  {
    sweep::OutputEmitter e(out);
    if (o.analysis == "analyze") {
      AnalyzeOptions a = o.analyze;
      a.threads = 1;  // draws run in parallel, so each analysis runs on one thread
      detail::emit_analyze(e, s, stamp, a);
    } else if (o.analysis == "stability") {
      StabilityOptions st = o.stability;
      st.threads = 1;
      detail::emit_stability(e, s, stamp, st);
    } else {
      detail::emit_forecast(e, s, stamp, draw_forecast(o, s, k));
    }
  }
  if (o.analysis != "analyze") return;
  // Where each draw's grid was refined follows its drawn limits: it describes the draw's space, it is no result.
  // The same holds for the bounds of the regions left by red lines: whether they exist is the result.
  std::erase_if(out, [](const sweep::Output& output) {
    return output.path.starts_with("packages.breakpoints.") ||
           output.path.find(".with_red_lines.regions.") != std::string::npos;
  });
}

std::vector<sweep::Output> outputs_of(const Scenario& s, const Stamp& stamp, const SweepOptions& o, std::size_t k = 0) {
  std::vector<sweep::Output> out;
  outputs_of(s, stamp, o, out, k);
  return out;
}

// Draw k's outputs, in `out` (its strings reused from the thread's previous draw).
void draw_outputs(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o, std::size_t k,
                  std::vector<sweep::Output>& out) {
  for_draw(k, [&] { outputs_of(scenario::draw(positioned, o.seed, k), stamp, o, out, k); });
}

// Draw k rerun alone: its inputs and the analysis's typed result (docs/cli.md, "--replay").
SweepReplay replayed(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o) {
  const std::size_t k = *o.replay;
  const Scenario drawn = scenario::draw(positioned, o.seed, k);
  SweepReplay r;
  r.seed = o.seed;
  r.draw = k;
  // The drawn values: the same streams scenario::draw used.
  for (const auto& in : scenario::uncertain_inputs(positioned))
    r.inputs.push_back({in.path, report::distribution_text(in.value), scenario::drawn_value(in, o.seed, k)});
  for_draw(k, [&] {
    if (o.analysis == "analyze") {
      AnalyzeOptions a = o.analyze;
      a.threads = 1;
      r.analyze = detail::analyze_result(detail::analysis_of(drawn, detail::limits_of(a)), stamp, a);
    } else if (o.analysis == "stability") {
      StabilityOptions st = o.stability;
      st.threads = 1;
      r.stability = detail::stability_result(drawn, stamp, st);
    } else {
      r.forecast = detail::forecast_result(drawn, stamp, draw_forecast(o, drawn, k));
    }
  });
  return r;
}

// A replayed draw's CSV: its outputs as a sweep names them, one row each.
std::string replay_csv(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o) {
  const std::size_t k = *o.replay;
  const Scenario drawn = scenario::draw(positioned, o.seed, k);
  sweep::Collector one(1);
  one.add(0, for_draw(k, [&] { return outputs_of(drawn, stamp, o, k); }));
  return report::sweep_csv(one, k);
}

// One-at-a-time runs: every input at its central value, then each input alone at its 5 % and 95 % values.
std::vector<sweep::OutputSensitivity> sensitivity(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o,
                                                  const sweep::Collector& draws) {
  const auto inputs = scenario::uncertain_inputs(positioned);
  std::vector<std::string> names;
  names.reserve(inputs.size());
  for (const auto& in : inputs) names.push_back(in.path);
  const auto at_values = [&](std::size_t moved, double q) {
    return scenario::assign(positioned, [&](const scenario::UncertainInput& in) -> std::optional<double> {
      if (in.value.is_fixed()) return std::nullopt;
      if (moved < inputs.size() && in.path == inputs[moved].path) return scenario::quantile_value(in, q);
      return in.value.central();
    });
  };
  // Run 0 is the base; runs 2i + 1 and 2i + 2 move input i low and high.
  std::vector<std::vector<sweep::Output>> runs(2 * inputs.size() + 1);
  core::parallel_for(runs.size(), o.threads, [&](std::size_t r) {
    const Scenario s = r == 0 ? at_values(inputs.size(), 0) : at_values((r - 1) / 2, (r % 2 == 1) ? 0.05 : 0.95);
    runs[r] = outputs_of(s, stamp, o);
  });
  std::vector<std::vector<sweep::Output>> low, high;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    low.push_back(std::move(runs[2 * i + 1]));
    high.push_back(std::move(runs[2 * i + 2]));
  }
  auto result = sweep::tornado(runs[0], names, low, high);
  // Each input's value in each draw: the same streams as scenario::draw.
  std::vector<std::vector<double>> x(inputs.size(), std::vector<double>(draws.draws()));
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    for (std::size_t k = 0; k < draws.draws(); ++k) x[i][k] = scenario::drawn_value(inputs[i], o.seed, k);
  }
  sweep::add_variance_shares(result, draws, names, x);
  return result;
}

// Draws [from, to) into `into` (draw k as its k - offset), on the threads. False when the run was cancelled
// meanwhile: then some of them are missing.
bool draw_into(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o, std::size_t from, std::size_t to,
               std::size_t offset, sweep::Collector& into, detail::LongRun* run) {
  std::atomic<bool> skipped{false};
  core::parallel_for(to - from, o.threads, [&](std::size_t task) {
    if (run != nullptr && run->cancelled()) {
      skipped = true;  // and every draw after it: the workers run out of tasks at once
      return;
    }
    const std::size_t k = from + task;
    thread_local std::vector<sweep::Output> outputs;
    draw_outputs(positioned, stamp, o, k, outputs);
    into.add(k - offset, outputs);
    if (run != nullptr) run->drew();
  });
  return !skipped;
}

// Over a cluster of `ranks`, rank r's draws are [first_draw(draws, r, ranks), first_draw(draws, r + 1, ranks)).
std::size_t first_draw(std::size_t draws, std::size_t r, std::size_t ranks) {
  return draws * r / ranks;
}

// Draws [begin, end) of one scenario, each draw's outputs kept in draw order (draw k as the collector's
// k - begin). They run in batches of kSweepBatch. With `run`, each draw and each whole batch is reported to it
// (progress, the run store), and when it is cancelled the batch in progress is dropped: the draws kept are then
// begin to D - 1 for D a multiple of the batch, the same as a run asked for D draws.
// `room` draws are kept (at least end - begin): over a cluster, rank 0 keeps room for every draw and adds the
// other ranks' blocks to its own. `draw0`, when given, is draw 0's outputs, computed already.
sweep::Collector run_block(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o, std::size_t begin,
                           std::size_t end, detail::LongRun* run, std::size_t room,
                           const std::vector<sweep::Output>* draw0 = nullptr) {
  sweep::Collector collector(std::max(room, end - begin));
  if (begin == end) return collector;
  // The first draw alone: its output count sizes the run (all of it, as the process that gathers the draws
  // holds them all), refused before the rest is computed.
  std::vector<sweep::Output> first;
  if (begin == 0 && draw0 != nullptr) {
    first = *draw0;
  } else {
    draw_outputs(positioned, stamp, o, begin, first);
  }
  const double stored = static_cast<double>(first.size()) * static_cast<double>(o.draws);
  if (stored > detail::kMaxStoredOutputs) {
    // Summaries that keep no draw are offered only where they could serve.
    const bool could_sketch = o.format != OutputFormat::csv && !o.sensitivity && o.vary.empty();
    throw LimitError(std::to_string(o.draws) + " draws x " + std::to_string(first.size()) +
                     " outputs would keep more than 1e8 values in memory; use fewer draws" +
                     (could_sketch ? ", a narrower analysis (for example --issue) or summaries that keep no draw "
                                     "(--quantiles sketch)"
                                   : " or a narrower analysis (for example --issue)"));
  }
  collector.add(0, first);
  if (run != nullptr) run->drew();
  for (std::size_t from_batch = begin; from_batch < end; from_batch += kSweepBatch) {
    const std::size_t to = std::min(end, from_batch + kSweepBatch), from = std::max(from_batch, begin + 1);
    if (!draw_into(positioned, stamp, o, from, to, begin, collector, run)) {
      collector.keep_first(from_batch - begin);
      return collector;
    }
    if (run != nullptr) {
      run->batch_done(collector, from_batch, to);
      if (run->cancelled() && to < end) {
        collector.keep_first(to - begin);
        return collector;
      }
    }
  }
  return collector;
}

// A failure as a message between ranks, and back: exit code, where, what.
constexpr char kField = '\x1f';
std::string failure_message(ExitCode code, const std::string& where, const std::string& what) {
  return "E" + std::to_string(static_cast<int>(code)) + kField + where + kField + what;
}
// An option error travels as its option (in the place of a location) and its message with the options unspelled,
// so that the rank that reports it spells them as its front-end does.
std::string failure_message(const Error& e) {
  if (const auto* option = dynamic_cast<const OptionError*>(&e))
    return failure_message(e.code(), option->option(), option->message());
  const auto* data = dynamic_cast<const DataError*>(&e);
  return failure_message(e.code(), data ? data->where() : "", e.what());
}
[[noreturn]] void throw_failure(const std::string& message, const std::string& prefix) {
  const std::size_t a = message.find(kField), b = message.find(kField, a + 1);
  const auto code = static_cast<ExitCode>(std::stoi(message.substr(1, a - 1)));
  const std::string where = message.substr(a + 1, b - a - 1), what = prefix + message.substr(b + 1);
  if (code == ExitCode::data) throw DataError(what, where);
  if (code == ExitCode::usage && !where.empty()) throw OptionError(where, what);
  throw Error(code, what);
}

// Over a cluster: every rank runs `mine` (its part of the work, as bytes for rank 0), rank 0 passes each other
// rank's bytes to `absorb` in rank order, and every rank leaves with the same verdict: when any rank failed, all
// throw the lowest failing rank's error (its draws come first), so that no rank goes on to wait for the others at
// a later step.
void share_out(Cluster& cluster, const std::function<std::string()>& mine,
               const std::function<void(std::size_t, std::string_view)>& absorb) {
  const auto ranks = static_cast<std::size_t>(cluster.size()), rank = static_cast<std::size_t>(cluster.rank());
  std::string message = "D";
  try {
    message += mine();
  } catch (const Error& e) {
    message = failure_message(e);
  } catch (const std::exception& e) {  // out of memory, above all: the other ranks must hear of it too
    message = failure_message(ExitCode::internal, "", std::string("rank ") + std::to_string(rank) + ": " + e.what());
  }
  auto all = cluster.gather(message);
  std::string verdict = "S";
  if (rank == 0) {
    try {
      for (std::size_t r = 0; r < ranks && verdict == "S"; ++r) {
        if (all[r].empty() || all[r][0] != 'D') {
          verdict = all[r];
        } else if (r > 0) {
          absorb(r, std::string_view(all[r]).substr(1));
          std::string().swap(all[r]);  // absorbed: not held twice
        }
      }
    } catch (const std::exception& e) {
      verdict = failure_message(ExitCode::internal, "", std::string("a rank's draws could not be read: ") + e.what());
    }
  }
  verdict = cluster.all_gather(rank == 0 ? verdict : "")[0];
  if (verdict != "S") throw_failure(verdict, "");
}

// All the draws: this process's, or, over a cluster, rank r's contiguous block [D r / R, D (r + 1) / R),
// gathered on rank 0 in draw order (the other ranks return an empty collector). Cancelling is this process's
// only: the ranks could not stop at the same draw.
sweep::Collector run_draws(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o, detail::LongRun* run,
                           Cluster* cluster, const std::vector<sweep::Output>* draw0 = nullptr) {
  if (cluster == nullptr || cluster->size() == 1)
    return run_block(positioned, stamp, o, 0, o.draws, run, o.draws, draw0);
  const auto ranks = static_cast<std::size_t>(cluster->size()), rank = static_cast<std::size_t>(cluster->rank());
  const auto block = [&](std::size_t r) { return first_draw(o.draws, r, ranks); };
  // Rank 0 keeps its own block (room for every draw); the others send theirs.
  sweep::Collector merged(0);
  share_out(
      *cluster,
      [&] {
        merged = run_block(positioned, stamp, o, block(rank), block(rank + 1), nullptr, rank == 0 ? o.draws : 0, draw0);
        return rank != 0 ? merged.encode() : std::string();
      },
      [&](std::size_t r, std::string_view bytes) { merged.absorb(block(r), bytes); });
  if (rank != 0) return sweep::Collector(0);
  if (run != nullptr) {
    for (std::size_t b = 0; b < o.draws; b += kSweepBatch)
      run->batch_done(merged, b, std::min(o.draws, b + kSweepBatch));
  }
  return merged;
}

// The collectives of sweep::summarise_split, over a cluster.
class ClusterRanks final : public sweep::Ranks {
 public:
  explicit ClusterRanks(Cluster& cluster) : cluster_(cluster) {}
  [[nodiscard]] int rank() const override { return cluster_.rank(); }
  [[nodiscard]] int size() const override { return cluster_.size(); }
  [[nodiscard]] std::vector<std::string> gather(const std::string& mine) override { return cluster_.gather(mine); }
  [[nodiscard]] std::string broadcast(const std::string& mine) override { return cluster_.broadcast(mine); }

 private:
  Cluster& cluster_;
};

// True when rank 0 needs only the summaries of the draws (no draw printed, stored, or read for the variance
// shares), decided from what every rank was asked, so alike on all.
bool summaries_only(const SweepOptions& asked) {
  return asked.format != OutputFormat::csv && !asked.sensitivity && !asked.keep_draws;
}

// Over a cluster, the exact summaries of all the draws without sending one: each rank draws its block as
// run_draws does and keeps it, and the summaries are computed where the draws are (sweep::summarise_split), equal
// bit for bit to Collector::summarise over every draw in one process. Rank 0 gets them; the others an empty list.
std::vector<sweep::Summary> summarised_on_ranks(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o,
                                                Cluster& cluster, const std::vector<sweep::Output>* draw0 = nullptr) {
  const auto ranks = static_cast<std::size_t>(cluster.size()), rank = static_cast<std::size_t>(cluster.rank());
  const auto block = [&](std::size_t r) { return first_draw(o.draws, r, ranks); };
  sweep::Collector mine(0);
  share_out(
      cluster,
      [&] {
        mine = run_block(positioned, stamp, o, block(rank), block(rank + 1), nullptr, 0, draw0);
        return std::string();
      },
      [](std::size_t, std::string_view) {});
  ClusterRanks collectives(cluster);
  try {
    return sweep::summarise_split(mine, collectives, o.threads);
  } catch (const std::runtime_error& e) {  // every rank alike
    throw Error(ExitCode::internal, std::string("summarising the draws across the processes: ") + e.what());
  }
}

// Draws [begin, end) summarised as they are drawn, a batch at a time, keeping no draw (docs/models.md §7.4):
// each batch's outputs are held until they are counted. A cancelled run keeps its whole batches, as run_block.
sweep::StreamSummaries sketch_block(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o,
                                    std::size_t begin, std::size_t end, detail::LongRun* run) {
  sweep::StreamSummaries summaries;
  for (std::size_t from = begin; from < end; from += kSweepBatch) {
    const std::size_t to = std::min(end, from + kSweepBatch);
    sweep::Collector batch(to - from);
    if (!draw_into(positioned, stamp, o, from, to, from, batch, run)) return summaries;
    summaries.add(from, batch, o.threads);
    if (run != nullptr) {
      run->batch_done(batch, from, to, from);
      if (run->cancelled() && to < end) return summaries;
    }
  }
  return summaries;
}

// The summaries of all the draws, keeping none: this process's, or over a cluster each rank's block summarised
// where it is drawn and merged on rank 0 (the others return empty summaries). The summaries do not depend on
// how the draws are split, so they are the same for any count of ranks and threads.
sweep::StreamSummaries run_sketched(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o,
                                    detail::LongRun* run, Cluster* cluster) {
  if (cluster == nullptr || cluster->size() == 1) return sketch_block(positioned, stamp, o, 0, o.draws, run);
  const auto ranks = static_cast<std::size_t>(cluster->size()), rank = static_cast<std::size_t>(cluster->rank());
  const auto block = [&](std::size_t r) { return first_draw(o.draws, r, ranks); };
  sweep::StreamSummaries merged;
  share_out(
      *cluster,
      [&] {
        merged = sketch_block(positioned, stamp, o, block(rank), block(rank + 1), nullptr);
        return rank != 0 ? merged.encode() : std::string();
      },
      [&](std::size_t, std::string_view bytes) {
        sweep::StreamSummaries part;
        part.decode(bytes);
        merged.merge(part);
      });
  if (rank != 0) return {};
  if (run != nullptr) {
    // No draw travelled to rank 0 (--keep-draws is refused here): the store learns the count done.
    run->batch_done(sweep::Collector(0), o.draws, o.draws);
  }
  return merged;
}

// `--vary PATH=A..B:STEPS`: STEPS evenly spaced values from A to B of any number of the scenario.
report::SweepAxis parse_vary(const Scenario& s, const std::string& text) {
  const auto fail = [&](const std::string& why) {
    return OptionError("vary", "{vary} " + text + ": " + why +
                                   "; expected PATH=A..B:STEPS, for example "
                                   "actors.ru.capability=60..100:9");
  };
  const std::size_t eq = text.find('='), dots = text.find("..", eq == std::string::npos ? 0 : eq),
                    colon = text.rfind(':');
  if (eq == std::string::npos || dots == std::string::npos || colon == std::string::npos || colon < dots) {
    throw fail("cannot read it");
  }
  report::SweepAxis axis;
  axis.path = text.substr(0, eq);
  const auto inputs = scenario::all_inputs(s);
  if (std::none_of(inputs.begin(), inputs.end(), [&](const auto& in) { return in.path == axis.path; })) {
    std::vector<std::string> paths;
    paths.reserve(inputs.size());
    for (const auto& in : inputs) paths.push_back(in.path);
    const auto hint = core::closest_match(axis.path, paths);
    throw fail("no number of the scenario is at '" + axis.path + "'" + (hint ? " (did you mean " + *hint + "?)" : ""));
  }
  double a = 0, b = 0;
  long steps = 0;
  try {
    std::size_t used = 0;
    const std::string as = text.substr(eq + 1, dots - eq - 1), bs = text.substr(dots + 2, colon - dots - 2),
                      ss = text.substr(colon + 1);
    a = std::stod(as, &used);
    if (used != as.size()) throw std::invalid_argument(as);
    b = std::stod(bs, &used);
    if (used != bs.size()) throw std::invalid_argument(bs);
    steps = std::stol(ss, &used);
    if (used != ss.size()) throw std::invalid_argument(ss);
  } catch (const std::logic_error&) {
    throw fail("A and B must be numbers and STEPS a whole number");
  }
  if (steps < 1 || steps > 10000) throw fail("STEPS must be between 1 and 10000");
  for (long j = 0; j < steps; ++j) {
    axis.values.push_back(
        steps == 1 ? a : core::snap_decimal(a + (b - a) * static_cast<double>(j) / static_cast<double>(steps - 1)));
  }
  return axis;
}

// A grid of values (the Cartesian product of every --vary, the first varying slowest), each point with its
// own draws from the same seeds (common random numbers), or, with --draws 0, one run at central values.
// `stamp` goes to each point's analysis, `summary` (with the sweep's options) to the output.
SweepResult typed_sweep(std::shared_ptr<SweepResult::Internals> in, const Stamp& stamp);

// The grid's output: its CSV (printed as it runs, from every point's draws) or its typed result.
struct Grid {
  std::string csv;
  std::optional<SweepResult> result;
};

Grid sweep_grid(const Scenario& positioned, const Stamp& stamp, const Stamp& summary, const SweepOptions& o,
                Cluster* cluster) {
  const bool root = cluster == nullptr || cluster->rank() == 0;
  report::SweepReport r;
  r.title = positioned.title;
  r.names = report::path_names(positioned);
  r.analysis = o.analysis;
  r.model_draws = model_draws(o, positioned);
  r.at = scenario::point_id(positioned);
  r.seed = o.seed;
  r.draws = o.draws;
  for (const auto& v : o.vary) r.axes.push_back(parse_vary(positioned, v));
  std::size_t points = 1;
  for (const auto& axis : r.axes) points *= axis.values.size();
  if (points > 100000)
    throw OptionError("vary", "{vary}: the grid has " + std::to_string(points) + " points; at most 100000");
  std::string csv;
  for (std::size_t g = 0; g < points; ++g) {
    std::vector<double> values(r.axes.size());
    for (std::size_t rest = g, i = r.axes.size(); i-- > 0;) {
      values[i] = r.axes[i].values[rest % r.axes[i].values.size()];
      rest /= r.axes[i].values.size();
    }
    const Scenario point =
        scenario::assign(positioned, [&](const scenario::UncertainInput& in) -> std::optional<double> {
          for (std::size_t i = 0; i < r.axes.size(); ++i) {
            if (in.path == r.axes[i].path) return values[i];
          }
          return std::nullopt;
        });
    sweep::Collector draws(1);
    if (o.draws == 0) {
      if (!root) continue;  // no draws to share out: rank 0 runs the point alone
      const Scenario central = scenario::assign(point, [](const scenario::UncertainInput& in) -> std::optional<double> {
        return in.value.is_fixed() ? std::nullopt : std::optional<double>(in.value.central());
      });
      draws.add(0, outputs_of(central, stamp, o));
    } else if (cluster != nullptr && o.format != OutputFormat::csv) {
      auto summaries = summarised_on_ranks(point, stamp, o, *cluster);
      if (root) r.grid.push_back({values, std::move(summaries)});
      continue;
    } else {
      draws = run_draws(point, stamp, o, nullptr, cluster);
      if (!root) continue;  // rank 0 has the point's draws
    }
    if (o.format == OutputFormat::csv) {
      csv += report::sweep_csv(draws, 0, values, g == 0 ? &r.axes : nullptr);
      continue;
    }
    r.grid.push_back({values, draws.summarise(o.threads)});
  }
  if (!root) return {};
  if (o.format == OutputFormat::csv) return {csv, std::nullopt};
  // A varied input takes the grid's values, so it is not among the drawn inputs.
  r.inputs = scenario::uncertain_inputs(positioned);
  std::erase_if(r.inputs, [&](const scenario::UncertainInput& in) {
    return std::any_of(r.axes.begin(), r.axes.end(), [&](const report::SweepAxis& a) { return a.path == in.path; });
  });
  auto in = std::make_shared<SweepResult::Internals>();
  in->report = std::move(r);
  return {{}, typed_sweep(std::move(in), summary)};
}

}  // namespace

bool detail::summarised_as_drawn(const SweepOptions& o, const std::function<std::size_t()>& outputs_per_draw) {
  if (o.quantiles != "auto") return o.quantiles == "sketch";
  if (o.format == OutputFormat::csv || o.sensitivity || o.keep_draws) return false;
  return static_cast<double>(outputs_per_draw()) * static_cast<double>(o.draws) > kMaxStoredOutputs;
}

std::string sweep(const Loaded& loaded, const SweepOptions& o) {
  return sweep(loaded, o, Control{}).output;
}

void join(Cluster& cluster, const std::string& scenario_sha256, const Error* failure) {
  const auto all = cluster.all_gather(failure != nullptr ? failure_message(*failure) : "S" + scenario_sha256);
  for (std::size_t r = 0; r < all.size(); ++r) {
    if (all[r].empty() || all[r][0] != 'S') {
      // Every rank's own error is the same one when all failed alike; name the rank when rank 0 did not fail.
      throw_failure(all[r],
                    all[0][0] == 'S' ? "rank " + std::to_string(r) + " of " + std::to_string(all.size()) + ": " : "");
    }
  }
  for (std::size_t r = 1; r < all.size(); ++r) {
    if (all[r] != all[0]) {
      throw DataError("rank " + std::to_string(r) + " read another scenario than rank 0 (sha256 " +
                      all[r].substr(1, 12) + " against " + all[0].substr(1, 12) +
                      "): every process must read the same file");
    }
  }
}

}  // namespace parley::services

namespace parley::services {

namespace {

SweepResult typed_sweep(std::shared_ptr<SweepResult::Internals> in, const Stamp& stamp) {
  const report::SweepReport& r = in->report;
  SweepResult out;
  out.stamp = stamp;
  out.analysis = r.analysis;
  out.at = r.at;
  out.seed = r.seed;
  out.draws = r.draws;
  out.draws_asked = r.draws_asked;
  out.interrupted = r.interrupted;
  out.quantile_error = r.quantile_error;
  for (const auto& input : r.inputs)
    out.inputs.push_back({input.path, report::path_label(r.names, input.path), report::distribution_text(input.value)});
  const auto summaries = [&](const std::vector<sweep::Summary>& from) {
    std::vector<OutputSummary> typed;
    typed.reserve(from.size());
    for (const auto& s : from) {
      OutputSummary o{s.path,      report::path_label(r.names, s.path),
                      s.count,     s.mean,
                      s.sd,        s.se,
                      s.q05,       s.q25,
                      s.q50,       s.q75,
                      s.q95,       {},
                      s.membership};
      for (const auto& [category, share] : s.p) o.shares.emplace_back(sweep::category_text(category), share);
      typed.push_back(std::move(o));
    }
    return typed;
  };
  out.outputs = summaries(r.summaries);
  for (const auto& axis : r.axes) out.axes.push_back({axis.path, report::path_label(r.names, axis.path), axis.values});
  for (const auto& point : r.grid) out.grid.push_back({point.values, summaries(point.summaries)});
  if (r.sensitivity) {
    out.sensitivity.emplace();
    for (const auto& s : *r.sensitivity) {
      OutputSensitivity o{s.output, s.base, {}, s.shares};
      for (const auto& w : s.tornado) o.tornado.push_back({w.input, w.low, w.high});
      out.sensitivity->push_back(std::move(o));
    }
  }
  out.internals = std::move(in);
  return out;
}

}  // namespace

doc::Node detail::sweep_tree(const SweepResult& result) {
  if (!result.internals) throw UsageError("a sweep result without its data (default-constructed)");
  return report::sweep_json(result.internals->report, result.stamp);
}

std::string render(const SweepReplay& r, OutputFormat format) {
  const auto result_in = [&](OutputFormat f) {
    if (r.analyze) return render(*r.analyze, f);
    if (r.stability) return render(*r.stability, f);
    if (r.forecast) return render(*r.forecast, f);
    throw UsageError("a replay without its result (default-constructed)");
  };
  if (format == OutputFormat::csv) throw OptionError("format", "{format} csv: a replay's CSV is its draw's outputs");
  if (format == OutputFormat::text) {
    std::string out = "Draw " + std::to_string(r.draw) + " of seed " + std::to_string(r.seed) + ", replayed\n";
    for (const auto& in : r.inputs)
      out += "  " + in.path + " = " + core::format_number(in.value) + "  (" + in.distribution + ")\n";
    return out + "\n" + result_in(OutputFormat::text);
  }
  doc::Node root = doc::Node::make_mapping();
  doc::Node st = doc::Node::make_mapping();
  st.set("seed", doc::Node::make_number(static_cast<double>(r.seed)));
  st.set("draw", doc::Node::make_number(static_cast<double>(r.draw)));
  root.set("replay", std::move(st));
  doc::Node in = doc::Node::make_mapping();
  for (const auto& input : r.inputs) in.set(input.path, doc::Node::make_number(input.value));
  root.set("inputs", std::move(in));
  root.set("result", r.analyze     ? detail::tree(*r.analyze)
                     : r.stability ? detail::tree(*r.stability)
                     : r.forecast  ? detail::tree(*r.forecast)
                                   : throw UsageError("a replay without its result (default-constructed)"));
  return format == OutputFormat::json ? doc::to_json(root) : doc::to_yaml(root);
}

std::string render(const SweepResult& result, OutputFormat format) {
  if (!result.internals) throw UsageError("a sweep result without its data (default-constructed)");
  if (format == OutputFormat::csv && !result.grid.empty()) {
    // A grid's CSV is every point's draws, written as the points are run; the result keeps their summaries only.
    throw OptionError("format", "{format} csv: a {vary} grid prints its draws as it runs; ask the sweep for csv");
  }
  const report::SweepReport& r = result.internals->report;
  if (format == OutputFormat::csv && r.quantile_error > 0)
    throw OptionError("format", "{format} csv: this run kept no draw ({quantiles} sketch); its summaries are in json");
  if (format == OutputFormat::csv && !result.internals->draws_kept) {
    throw OptionError("format",
                      "{format} csv: this run's draws stayed on the processes that drew them; ask the sweep for csv");
  }
  return detail::in_format(
      format, [&] { return report::sweep_json(r, result.stamp); },
      [&] { return report::sweep_csv(result.internals->collector); }, [&] { return report::sweep_text(r); });
}

Swept sweep(const Loaded& loaded, const SweepOptions& asked, const Control& control) {
  Cluster* cluster = control.cluster != nullptr && control.cluster->size() > 1 ? control.cluster : nullptr;
  const bool root = cluster == nullptr || cluster->rank() == 0;
  SweepOptions o = asked;
  if (!root) {
    o.out.clear();  // rank 0 alone stores the run
    o.keep_draws = false;
  }
  const Scenario& written = *loaded.scenario;
  std::optional<Scenario> at_point;
  std::optional<detail::LongRun> run;
  bool sketched = false;                            // summaries that keep no draw (--quantiles)
  std::optional<std::vector<sweep::Output>> draw0;  // computed to decide it, not computed again
  // Everything that can refuse the run, before any draw; over a cluster, every rank learns of any refusal.
  try {
    if (o.analysis != "analyze" && o.analysis != "forecast" && o.analysis != "stability") {
      throw OptionError("analysis", "{analysis} " + o.analysis + ": expected analyze, forecast or stability");
    }
    if (o.analysis != "stability" && written.issues.empty()) {
      throw DataError("nothing to " + o.analysis + ": the file holds only a graph model (no issues)",
                      written.file ? *written.file : std::string());
    }
    if (o.analysis == "stability" && !written.conflict) {
      throw DataError("the scenario has no 'conflict' section for --analysis stability",
                      written.file ? *written.file : std::string());
    }
    if (o.analyze.timeline)
      throw OptionError("timeline", "{timeline} cannot be swept: sweep one point at a time with {at}");
    if ((o.draws == 0 && o.vary.empty()) || o.draws > kMaxDraws) {
      throw OptionError("draws",
                        "{draws} must be between 1 and " + std::to_string(kMaxDraws) + " (0 only with {vary})");
    }
    if (!o.vary.empty() && (o.replay || o.sensitivity)) {
      throw OptionError("vary", "{vary} cannot be combined with {replay} or {sensitivity}: run them separately");
    }
    if (o.quantiles != "auto" && o.quantiles != "exact" && o.quantiles != "sketch") {
      throw OptionError("quantiles", "{quantiles} " + o.quantiles + ": expected auto, exact or sketch");
    }
    if (o.quantiles == "sketch" && !o.replay) {
      // What needs every draw's values: the draws themselves, and the variance shares' correlations.
      if (o.format == OutputFormat::csv)
        throw OptionError("quantiles", "{quantiles} sketch keeps no draw, and {format} csv prints every draw");
      if (o.sensitivity)
        throw OptionError("quantiles", "{quantiles} sketch keeps no draw, and {sensitivity} needs every draw");
      if (!o.vary.empty())
        throw OptionError("quantiles", "{quantiles} sketch: a {vary} grid keeps each point's draws; use exact");
      if (asked.keep_draws && cluster != nullptr) {
        throw OptionError("quantiles",
                          "{quantiles} sketch over several processes sends no draw to rank 0, which stores the run: "
                          "drop {keep-draws} or run one process");
      }
    }
    if (asked.keep_draws && asked.out.empty()) {
      throw OptionError("keep-draws", "{keep-draws} needs {out}: the draws are kept in the run store");
    }
    if (!asked.out.empty() && (o.replay || !o.vary.empty())) {
      throw UsageError(
          std::string("--out stores Monte Carlo runs, not ") +
          (o.replay ? "--replay: replay the draw without --out" : "--vary grids: run the grid without --out"));
    }
    if (o.replay && *o.replay >= o.draws) {
      throw OptionError("replay", "{replay} " + std::to_string(*o.replay) + ": draws are numbered 0 to " +
                                      std::to_string(o.draws - 1));
    }
    at_point.emplace(at(written, o.at));
    if (!o.replay && o.vary.empty()) {
      // Decided on draw 0 by every rank alike (the others' first draws may name more outputs or fewer).
      sketched = detail::summarised_as_drawn(asked, [&] {
        draw0.emplace();
        draw_outputs(*at_point, loaded.stamp, o, 0, *draw0);
        return draw0->size();
      });
      run.emplace(loaded, o, control);
    }
  } catch (const Error& e) {
    if (cluster == nullptr) throw;
    join(*cluster, loaded.stamp.scenario_sha256, &e);
  } catch (const std::exception& e) {  // out of memory in draw 0, above all: the other ranks must hear of it too
    if (cluster == nullptr) throw;
    const Error failure(ExitCode::internal, "rank " + std::to_string(cluster->rank()) + ": " + e.what());
    join(*cluster, loaded.stamp.scenario_sha256, &failure);
  }
  if (cluster != nullptr) join(*cluster, loaded.stamp.scenario_sha256);
  const Scenario& positioned = *at_point;
  if (o.replay) {
    // One draw: rank 0 alone computes it.
    if (!root) return {};
    Swept swept;
    swept.draws_done = 1;
    if (o.format == OutputFormat::csv) {
      swept.output = replay_csv(positioned, loaded.stamp, o);
    } else {
      swept.replayed = replayed(positioned, loaded.stamp, o);
      swept.output = render(*swept.replayed, o.format);
    }
    return swept;
  }

  if (!o.vary.empty()) {
    Grid grid = sweep_grid(positioned, loaded.stamp, detail::stamp_of(loaded.stamp, loaded.input, asked), o, cluster);
    Swept swept;
    swept.draws_done = o.draws;
    swept.output = grid.result ? render(*grid.result, o.format) : std::move(grid.csv);
    swept.result = std::move(grid.result);
    return swept;
  }
  std::optional<sweep::StreamSummaries> streamed;
  std::optional<std::vector<sweep::Summary>> split;  // exact summaries computed where the draws are
  sweep::Collector collector(0);
  if (sketched) {
    streamed = run_sketched(positioned, loaded.stamp, o, &*run, cluster);
  } else if (cluster != nullptr && summaries_only(asked)) {
    split = summarised_on_ranks(positioned, loaded.stamp, o, *cluster, draw0 ? &*draw0 : nullptr);
    // No draw travelled to rank 0 (none is stored): the store learns the count done.
    if (root) run->batch_done(sweep::Collector(0), o.draws, o.draws);
  } else {
    collector = run_draws(positioned, loaded.stamp, o, &*run, cluster, draw0 ? &*draw0 : nullptr);
  }
  if (!root) return {};
  const std::size_t done = streamed ? streamed->draws() : split ? o.draws : collector.draws();
  Swept swept;
  swept.draws_done = done;
  swept.interrupted = done < o.draws;
  // An interrupted run is a whole run of the draws done: its stamp says that many (and draws_asked the rest).
  SweepOptions stamped = asked;
  stamped.draws = done;
  const Stamp summary_stamp = detail::stamp_of(loaded.stamp, loaded.input, stamped);
  report::SweepReport r;
  r.title = written.title;
  r.names = report::path_names(written);
  r.analysis = o.analysis;
  r.model_draws = model_draws(o, positioned);
  r.at = scenario::point_id(positioned);
  r.seed = o.seed;
  r.draws = done;
  r.draws_asked = o.draws;
  r.interrupted = swept.interrupted;
  r.inputs = scenario::uncertain_inputs(positioned);
  if (streamed) {
    r.summaries = streamed->summarise();
    r.quantile_error = sweep::QuantileSketch::kRelativeError;
  } else if (split) {
    r.summaries = std::move(*split);
  } else if (o.format != OutputFormat::csv || !o.out.empty()) {
    // Over a cluster the other ranks are done by now: rank 0 summarises on every core of its machine.
    r.summaries = collector.summarise(cluster != nullptr ? 0 : o.threads);
    if (o.sensitivity) r.sensitivity = sensitivity(positioned, loaded.stamp, o, collector);
  }
  const bool summarised = o.format != OutputFormat::csv || !o.out.empty();
  auto in = std::make_shared<SweepResult::Internals>();
  in->report = std::move(r);
  in->collector = std::move(collector);
  in->draws_kept = !streamed && !split;
  SweepResult result = typed_sweep(std::move(in), summary_stamp);
  const auto json = [&] { return render(result, OutputFormat::json); };
  swept.output = render(result, o.format);
  if (summarised) swept.result = result;
  // Stored as `--format json` prints it, whatever the format asked for.
  if (!o.out.empty()) {
    const std::string summary = o.format == OutputFormat::json ? swept.output : json();
    swept.run = run->finish(done, swept.interrupted, summary);
  }
  return swept;
}

}  // namespace parley::services
