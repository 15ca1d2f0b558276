// The services' analyses on a scenario already at its timeline point (private to services): `sweep` runs them
// on each drawn scenario.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "doc/emitter.hpp"
#include "doc/node.hpp"

#include "analysis/analyze.hpp"
#include "core/work.hpp"
#include "parley/services.hpp"
#include "report/analyze.hpp"
#include "report/forecast.hpp"

namespace parley::services::detail {

/// An analysis's result: the JSON tree when the format asked for is JSON or YAML (so that a sweep can read it
/// without a round trip through text), else the finished text.
struct Result {
  std::optional<doc::Node> tree;
  std::string text;
};

/// A result in `format`: JSON or YAML printed from the tree `tree()` builds, CSV from `csv()`, text from `text()`
/// (each built only when asked for).
template <class Tree, class Csv, class Text>
[[nodiscard]] std::string in_format(OutputFormat format, Tree&& tree, Csv&& csv, Text&& text) {
  switch (format) {
    case OutputFormat::json:
      return doc::to_json(tree());
    case OutputFormat::yaml:
      return doc::to_yaml(tree());
    case OutputFormat::csv:
      return csv();
    case OutputFormat::text:
      break;
  }
  return text();
}

/// A typed result with its input's diagnostics as text in `format` (no output when the diagnostics hold an error).
template <class R>
[[nodiscard]] Analyzed analyzed(WithDiagnostics<R> typed, OutputFormat format) {
  Analyzed out;
  out.diagnostics = std::move(typed.diagnostics);
  if (typed.result) out.output = render(*typed.result, format);
  return out;
}

/// The text of a result in `format` (JSON or YAML for a tree).
[[nodiscard]] std::string rendered(Result r, OutputFormat format);

/// A gmcr-py import holds only a graph model (scenario.hpp): the tasks over issues say so (DataError) instead of
/// computing over nothing.
void require_issues(const Scenario& s, std::string_view task);

/// The issue statistics and package analysis of a scenario at its point.
[[nodiscard]] report::Analysis analysis_of(const Scenario& s, const analysis::AnalysisLimits& limits);

/// The work limits `analyze` runs under.
[[nodiscard]] analysis::AnalysisLimits limits_of(const AnalyzeOptions& options);
/// Throws LimitError when the frontier to list (up to --max-pareto) is past what can be listed.
void check_listing(const report::Analysis& a, const AnalyzeOptions& options);
/// The typed result of an analysis (it keeps `a` for rendering).
[[nodiscard]] AnalyzeResult analyze_result(report::Analysis a, const Stamp& stamp, const AnalyzeOptions& options);

[[nodiscard]] ForecastResult forecast_result(const Scenario& s, const Stamp& stamp, const ForecastOptions& options,
                                             core::Work* work = nullptr);
/// The expected-utility forecast's runs (before rendering); `work` hears of each issue done (phase "issues").
[[nodiscard]] report::EumReport eum_at(const Scenario& s, const ForecastOptions& options, core::Work* work = nullptr);
/// The spatial model's run (before rendering); `work` hears of each turn.
[[nodiscard]] report::SmpReport smp_at(const Scenario& s, const ForecastOptions& options, core::Work* work = nullptr);
/// The compromise model at the scenario's current point (docs/models.md §9).
[[nodiscard]] report::CompromiseReport compromise_at(const Scenario& s, const ForecastOptions& options);
[[nodiscard]] Result rendering(const Scenario& s, const report::CompromiseReport& r, const Stamp& stamp,
                               OutputFormat format);
/// The exchange model at the scenario's current point (docs/models.md §10); `work` hears of each round.
[[nodiscard]] report::ExchangeReport exchange_at(const Scenario& s, const ForecastOptions& options,
                                                 core::Work* work = nullptr);
[[nodiscard]] Result rendering(const Scenario& s, const report::ExchangeReport& r, const Stamp& stamp,
                               OutputFormat format);
/// Every model on the scenario (docs/models.md §11); `work` hears of each model run.
[[nodiscard]] report::AllReport all_at(const Scenario& s, const ForecastOptions& options, core::Work* work = nullptr);
[[nodiscard]] Result rendering(const Scenario& s, const report::AllReport& r, const Stamp& stamp, OutputFormat format);
/// Refuses the exchange model's own options (--randomness, --seed) for `model`, which does not draw.
void refuse_exchange_options(const ForecastOptions& options, const std::string& model);
/// Refuses the spatial model's parameters (--smp-victory, ...) for `model`, which has none of them.
void refuse_smp_options(const ForecastOptions& options, const std::string& model);
/// Per-draw values a sweep keeps for exact quantiles (about 16 bytes each); past them `--quantiles auto` keeps none.
inline constexpr double kMaxStoredOutputs = 1.0e8;
/// Whether a Monte Carlo run (not a replay, not a grid) summarises as it draws, keeping no draw
/// (SweepOptions::quantiles): asked for, or `auto` and its draws would hold more than kMaxStoredOutputs values
/// when nothing needs them (CSV prints them, --sensitivity correlates them, --keep-draws stores them).
/// `outputs_per_draw` is called only when the size decides.
[[nodiscard]] bool summarised_as_drawn(const SweepOptions& o, const std::function<std::size_t()>& outputs_per_draw);
/// A forecast rendered: the tree for JSON and YAML, else the text.
[[nodiscard]] Result rendering(const Scenario& s, const report::EumReport& r, const Stamp& stamp, OutputFormat format);
[[nodiscard]] Result rendering(const Scenario& s, const report::SmpReport& r, const Stamp& stamp, OutputFormat format);

/// The JSON result of analyze, stability or a forecast on a scenario at its point, value by value, to an emitter:
/// its tree, or a sweep's outputs named straight from the result (no tree per draw). The format in `options` is
/// not read.
void emit_analyze(doc::Emitter& e, const Scenario& s, const Stamp& stamp, const AnalyzeOptions& options);
void emit_stability(doc::Emitter& e, const Scenario& s, const Stamp& stamp, const StabilityOptions& options);
void emit_forecast(doc::Emitter& e, const Scenario& s, const Stamp& stamp, const ForecastOptions& options);

/// The stamp of a task's output: `base` (version, scenario) with the task's stamped options and the input options
/// (src/services/stamp.cpp).
[[nodiscard]] Stamp stamp_of(const Stamp& base, const InputOptions& input, const AnalyzeOptions& o);
[[nodiscard]] Stamp stamp_of(const Stamp& base, const InputOptions& input, const ForecastOptions& o);
[[nodiscard]] Stamp stamp_of(const Stamp& base, const InputOptions& input, const StabilityOptions& o);
[[nodiscard]] Stamp stamp_of(const Stamp& base, const InputOptions& input, const SweepOptions& o);
[[nodiscard]] Stamp stamp_of(const Stamp& base, const InputOptions& input, const ReportOptions& o);
[[nodiscard]] Stamp stamp_of(const Stamp& base, const InputOptions& input, const SimulateOptions& o);
[[nodiscard]] Stamp stamp_of(const Stamp& base, const InputOptions& input, const TournamentOptions& o);

/// A position on a space's (or a scenario's) issue as a typed value: on a discrete issue, the option there (the
/// nearest: core::nearest_option).
[[nodiscard]] Value value_at(const analysis::SpaceIssue& issue, double x);
[[nodiscard]] Value value_at(const Issue& issue, double x);
/// A package of a space by its grid indices: its values, each party's utility and its ratification chance.
[[nodiscard]] Package package_at(const analysis::Space& space, const std::vector<std::size_t>& indices);

/// A result's JSON tree: what `render(result, json)` prints, for a document that embeds it.
[[nodiscard]] doc::Node tree(const AnalyzeResult& result);
[[nodiscard]] doc::Node tree(const ForecastResult& result);
[[nodiscard]] doc::Node tree(const StabilityResult& result);
/// The analysis an analyze result was read from, for the renderers that draw on more of it (a report's charts).
[[nodiscard]] const report::Analysis& analysis_in(const AnalyzeResult& result);
/// `stability_result` on a scenario and stamp of the caller's (a report's section); `work` is told of the passes and
/// coalitions done, and asked whether to stop.
[[nodiscard]] StabilityResult stability_result(const Scenario& s, const Stamp& stamp, const StabilityOptions& options,
                                               core::Work* work = nullptr);

/// A sweep's summaries as its JSON tree (what `render(result, json)` prints), for a document that embeds them.
[[nodiscard]] doc::Node sweep_tree(const SweepResult& result);

/// The computations' side of a Control (core/work.hpp): progress reported as Progress.
[[nodiscard]] core::Work::Report reporter(const Control& control);

}  // namespace parley::services::detail
