// The services' analyses on a scenario already at its timeline point (private to services): `sweep` runs them
// on each drawn scenario.
#pragma once

#include <optional>
#include <string>

#include "doc/node.hpp"

#include "analysis/analyze.hpp"
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

/// The text of a result in `format` (JSON or YAML for a tree).
[[nodiscard]] std::string rendered(Result r, OutputFormat format);

/// A gmcr-py import holds only a graph model (scenario.hpp): the tasks over issues say so (DataError) instead of
/// computing over nothing.
void require_issues(const Scenario& s, std::string_view task);

/// The issue statistics and package analysis of a scenario at its point.
[[nodiscard]] report::Analysis analysis_of(const Scenario& s, const analysis::AnalysisLimits& limits);

[[nodiscard]] Result analyze_at(const Scenario& s, const Stamp& stamp, const AnalyzeOptions& options);
[[nodiscard]] Result forecast_at(const Scenario& s, const Stamp& stamp, const ForecastOptions& options);
/// The expected-utility forecast's runs (forecast_at with --model eum, before rendering).
[[nodiscard]] report::EumReport eum_at(const Scenario& s, const ForecastOptions& options);
[[nodiscard]] Result stability_at(const Scenario& s, const Stamp& stamp, const StabilityOptions& options);

}  // namespace parley::services::detail
