// `sweep`: an analysis over Monte Carlo draws of the scenario's uncertain numbers (models.md section 7;
// docs/design/sweep.md).
#include <algorithm>
#include <atomic>

#include "core/parallel.hpp"
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

namespace parley::services {

namespace {

// Per-draw outputs are kept for the summaries' quantiles: about 16 bytes each.
constexpr double kMaxStoredOutputs = 1.0e8;
constexpr std::size_t kMaxDraws = 100'000'000;

// The analysis on one drawn scenario, as `format` asks. Draws run in parallel, so each analysis runs on one
// thread.
detail::Result run_analysis(const Scenario& s, const Stamp& stamp, const SweepOptions& o, OutputFormat format) {
  if (o.analysis == "analyze") {
    AnalyzeOptions a = o.analyze;
    a.format = format;
    a.threads = 1;
    return detail::analyze_at(s, stamp, a);
  }
  if (o.analysis == "stability") {
    StabilityOptions st = o.stability;
    st.format = format;
    st.threads = 1;
    return detail::stability_at(s, stamp, st);
  }
  ForecastOptions f = o.forecast;
  f.format = format;
  return detail::forecast_at(s, stamp, f);
}

// Names the draw in a failure, so that it can be replayed.
template <class F>
auto for_draw(std::size_t k, F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    throw Error(e.code(), "draw " + std::to_string(k) + " (rerun it with --replay " + std::to_string(k) + "): " + e.what());
  }
}

std::vector<sweep::Output> outputs_of(const Scenario& s, const Stamp& stamp, const SweepOptions& o) {
  return sweep::flatten(*run_analysis(s, stamp, o, OutputFormat::json).tree);
}

// The expected-utility forecast, the hot path of a sweep, has its outputs written straight from its runs (the
// same names and values as flattening its JSON, tested in tests/unit/report): a tree per draw costs five
// times the model.
bool written_directly(const SweepOptions& o) { return o.analysis == "forecast" && o.forecast.model != "smp"; }

// Draw k's outputs, in `out` (its strings reused from the thread's previous draw).
void draw_outputs(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o, std::size_t k,
                  std::vector<sweep::Output>& out) {
  for_draw(k, [&] {
    const Scenario drawn = scenario::draw(positioned, o.seed, k);
    if (written_directly(o)) {
      report::eum_outputs(drawn, detail::eum_at(drawn, o.forecast), out);
    } else {
      out = outputs_of(drawn, stamp, o);
    }
  });
}

std::string replay(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o) {
  const std::size_t k = *o.replay;
  const Scenario drawn = scenario::draw(positioned, o.seed, k);
  const auto inputs = scenario::uncertain_inputs(positioned);
  // The drawn values: the same streams scenario::draw used.
  std::vector<std::pair<std::string, double>> values;
  for (const auto& in : inputs) values.emplace_back(in.path, scenario::drawn_value(in, o.seed, k));
  if (o.format == OutputFormat::json || o.format == OutputFormat::yaml) {
    auto result = for_draw(k, [&] { return run_analysis(drawn, stamp, o, OutputFormat::json); }).tree;
    doc::Node root = doc::Node::make_mapping();
    doc::Node st = doc::Node::make_mapping();
    st.set("seed", doc::Node::make_number(static_cast<double>(o.seed)));
    st.set("draw", doc::Node::make_number(static_cast<double>(k)));
    root.set("replay", std::move(st));
    doc::Node in = doc::Node::make_mapping();
    for (const auto& [path, x] : values) in.set(path, doc::Node::make_number(x));
    root.set("inputs", std::move(in));
    root.set("result", std::move(*result));
    return o.format == OutputFormat::json ? doc::to_json(root) : doc::to_yaml(root);
  }
  if (o.format == OutputFormat::csv) {
    sweep::Collector one(1);
    one.add(0, for_draw(k, [&] { return outputs_of(drawn, stamp, o); }));
    return report::sweep_csv(one, k);
  }
  std::string out = "Draw " + std::to_string(k) + " of seed " + std::to_string(o.seed) + ", replayed\n";
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    out += "  " + inputs[i].path + " = " + core::format_number(values[i].second) + "  (" +
           report::distribution_text(inputs[i].value) + ")\n";
  }
  return out + "\n" + for_draw(k, [&] { return run_analysis(drawn, stamp, o, OutputFormat::text); }).text;
}

// One-at-a-time runs: every input at its central value, then each input alone at its 5 % and 95 % values.
std::vector<sweep::OutputSensitivity> sensitivity(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o,
                                                  const sweep::Collector& draws) {
  const auto inputs = scenario::uncertain_inputs(positioned);
  std::vector<std::string> names;
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

// The Monte Carlo draws of one scenario, each draw's outputs kept in draw order. They run in batches of
// kSweepBatch. With `run`, each draw and each whole batch is reported to it (progress, the run store), and when
// it is cancelled the batch in progress is dropped: the draws kept are then 0 to D - 1 for D a multiple of the
// batch, the same as a run asked for D draws.
sweep::Collector run_draws(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o,
                           detail::LongRun* run = nullptr) {
  sweep::Collector collector(o.draws);
  // Draw 0 first and alone: its output count sizes the run, refused before the rest is computed.
  std::vector<sweep::Output> first;
  draw_outputs(positioned, stamp, o, 0, first);
  const double stored = static_cast<double>(first.size()) * static_cast<double>(o.draws);
  if (stored > kMaxStoredOutputs) {
    throw LimitError(std::to_string(o.draws) + " draws x " + std::to_string(first.size()) +
                     " outputs would keep more than 1e8 values in memory; use fewer draws or a narrower analysis "
                     "(for example --issue)");
  }
  collector.add(0, first);
  if (run != nullptr) run->drew();
  for (std::size_t begin = 0; begin < o.draws; begin += kSweepBatch) {
    const std::size_t end = std::min(o.draws, begin + kSweepBatch), from = std::max<std::size_t>(begin, 1);
    std::atomic<bool> skipped{false};
    core::parallel_for(end - from, o.threads, [&](std::size_t task) {
      if (run != nullptr && run->cancelled()) {
        skipped = true;  // and every draw after it: the workers run out of tasks at once
        return;
      }
      const std::size_t k = from + task;
      thread_local std::vector<sweep::Output> outputs;
      draw_outputs(positioned, stamp, o, k, outputs);
      collector.add(k, outputs);
      if (run != nullptr) run->drew();
    });
    if (skipped) {
      collector.keep_first(begin);
      return collector;
    }
    if (run != nullptr) {
      run->batch_done(collector, begin, end);
      if (run->cancelled() && end < o.draws) {
        collector.keep_first(end);
        return collector;
      }
    }
  }
  return collector;
}

// `--vary PATH=A..B:STEPS`: STEPS evenly spaced values from A to B of any number of the scenario.
report::SweepAxis parse_vary(const Scenario& s, const std::string& text) {
  const auto fail = [&](const std::string& why) {
    return UsageError("--vary " + text + ": " + why + "; expected PATH=A..B:STEPS, for example "
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
    axis.values.push_back(steps == 1 ? a : core::snap_decimal(a + (b - a) * static_cast<double>(j) / static_cast<double>(steps - 1)));
  }
  return axis;
}

// A grid of values (the Cartesian product of every --vary, the first varying slowest), each point with its
// own draws from the same seeds (common random numbers), or, with --draws 0, one run at central values.
std::string sweep_grid(const Scenario& positioned, const Stamp& stamp, const SweepOptions& o) {
  report::SweepReport r;
  r.title = positioned.title;
  r.analysis = o.analysis;
  r.at = scenario::point_id(positioned);
  r.seed = o.seed;
  r.draws = o.draws;
  for (const auto& v : o.vary) r.axes.push_back(parse_vary(positioned, v));
  std::size_t points = 1;
  for (const auto& axis : r.axes) points *= axis.values.size();
  if (points > 100000) throw UsageError("--vary: the grid has " + std::to_string(points) + " points; at most 100000");
  std::string csv;
  for (std::size_t g = 0; g < points; ++g) {
    std::vector<double> values(r.axes.size());
    for (std::size_t rest = g, i = r.axes.size(); i-- > 0;) {
      values[i] = r.axes[i].values[rest % r.axes[i].values.size()];
      rest /= r.axes[i].values.size();
    }
    const Scenario point = scenario::assign(positioned, [&](const scenario::UncertainInput& in) -> std::optional<double> {
      for (std::size_t i = 0; i < r.axes.size(); ++i) {
        if (in.path == r.axes[i].path) return values[i];
      }
      return std::nullopt;
    });
    sweep::Collector draws(1);
    if (o.draws == 0) {
      const Scenario central = scenario::assign(point, [](const scenario::UncertainInput& in) -> std::optional<double> {
        return in.value.is_fixed() ? std::nullopt : std::optional<double>(in.value.central());
      });
      draws.add(0, outputs_of(central, stamp, o));
    } else {
      draws = run_draws(point, stamp, o);
    }
    if (o.format == OutputFormat::csv) {
      csv += report::sweep_csv(draws, 0, values, g == 0 ? &r.axes : nullptr);
      continue;
    }
    r.grid.push_back({values, draws.summarise(o.threads)});
  }
  if (o.format == OutputFormat::csv) return csv;
  r.inputs = scenario::uncertain_inputs(positioned);
  switch (o.format) {
    case OutputFormat::json: return doc::to_json(report::sweep_json(r, stamp));
    case OutputFormat::yaml: return doc::to_yaml(report::sweep_json(r, stamp));
    default: break;
  }
  return report::sweep_text(r);
}

}  // namespace

std::string sweep(const Loaded& loaded, const SweepOptions& o) { return sweep(loaded, o, Control{}).output; }

Swept sweep(const Loaded& loaded, const SweepOptions& o, const Control& control) {
  const Scenario& written = *loaded.scenario;
  if (o.analysis != "analyze" && o.analysis != "forecast" && o.analysis != "stability") {
    throw UsageError("--analysis " + o.analysis + ": expected analyze, forecast or stability");
  }
  if (o.analysis != "stability" && written.issues.empty()) {
    throw DataError("nothing to " + o.analysis + ": the file holds only a graph model (no issues)",
                    written.file ? *written.file : std::string());
  }
  if (o.analysis == "stability" && !written.conflict) {
    throw DataError("the scenario has no 'conflict' section for --analysis stability",
                    written.file ? *written.file : std::string());
  }
  if (o.analyze.timeline) throw UsageError("--timeline cannot be swept: sweep one point at a time with --at");
  if ((o.draws == 0 && o.vary.empty()) || o.draws > kMaxDraws) {
    throw UsageError("--draws must be between 1 and " + std::to_string(kMaxDraws) + " (0 only with --vary)");
  }
  if (!o.vary.empty() && (o.replay || o.sensitivity)) {
    throw UsageError("--vary cannot be combined with --replay or --sensitivity: run them separately");
  }
  if (o.keep_draws && o.out.empty()) throw UsageError("--keep-draws needs --out: the draws are kept in the run store");
  if (!o.out.empty() && (o.replay || !o.vary.empty())) {
    throw UsageError(std::string("--out stores Monte Carlo runs, not ") +
                     (o.replay ? "--replay: replay the draw without --out"
                               : "--vary grids: run the grid without --out"));
  }
  const Scenario positioned = at(written, o.at);
  if (o.replay) {
    if (*o.replay >= o.draws) {
      throw UsageError("--replay " + std::to_string(*o.replay) + ": draws are numbered 0 to " +
                       std::to_string(o.draws - 1));
    }
    return {replay(positioned, loaded.stamp, o), 1, false, std::nullopt};
  }

  if (!o.vary.empty()) return {sweep_grid(positioned, loaded.stamp, o), o.draws, false, std::nullopt};
  detail::LongRun run(loaded, o, control);
  const sweep::Collector collector = run_draws(positioned, loaded.stamp, o, &run);
  Swept swept;
  swept.draws_done = collector.draws();
  swept.interrupted = collector.draws() < o.draws;
  report::SweepReport r;
  r.title = written.title;
  r.analysis = o.analysis;
  r.at = scenario::point_id(positioned);
  r.seed = o.seed;
  r.draws = collector.draws();
  r.draws_asked = o.draws;
  r.interrupted = swept.interrupted;
  r.inputs = scenario::uncertain_inputs(positioned);
  if (o.format != OutputFormat::csv || !o.out.empty()) {
    r.summaries = collector.summarise(o.threads);
    if (o.sensitivity) r.sensitivity = sensitivity(positioned, loaded.stamp, o, collector);
  }
  const auto json = [&] { return doc::to_json(report::sweep_json(r, loaded.stamp)); };
  switch (o.format) {
    case OutputFormat::json: swept.output = json(); break;
    case OutputFormat::yaml: swept.output = doc::to_yaml(report::sweep_json(r, loaded.stamp)); break;
    case OutputFormat::csv: swept.output = report::sweep_csv(collector); break;
    default: swept.output = report::sweep_text(r); break;
  }
  // Stored as `--format json` prints it, whatever the format asked for.
  if (!o.out.empty()) {
    const std::string summary = o.format == OutputFormat::json ? swept.output : json();
    swept.run = run.finish(collector.draws(), swept.interrupted, summary);
  }
  return swept;
}

}  // namespace parley::services
