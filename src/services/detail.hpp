// The services' analyses on a scenario already at its timeline point (private to services): `sweep` runs them
// on each drawn scenario.
#pragma once

#include <string>

#include "parley/services.hpp"

namespace parley::services::detail {

[[nodiscard]] std::string analyze_at(const Scenario& s, const Stamp& stamp, const AnalyzeOptions& options);
[[nodiscard]] std::string forecast_at(const Scenario& s, const Stamp& stamp, const ForecastOptions& options);
[[nodiscard]] std::string stability_at(const Scenario& s, const Stamp& stamp, const StabilityOptions& options);

}  // namespace parley::services::detail
