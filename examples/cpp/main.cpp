// Loads a scenario, analyzes it and forecasts it through parley's public API (docs/api.md), and prints a few of
// the typed results: the gap on each issue, whether any package is agreeable and the Nash solution, and each
// issue's forecast with whether it settled.
#include <cstdio>
#include <exception>
#include <string>

#include <parley/services.hpp>

namespace {

// A value as a reader wants it: an option by name, a position as a number.
std::string shown(const parley::Value& v) {
  if (v.discrete()) return v.name;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", v.position);
  return buffer;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s SCENARIO\n", argv[0]);
    return 64;
  }
  try {
    const parley::services::Loaded loaded = parley::services::load(argv[1], {});
    if (!loaded.scenario) {
      for (const auto& d : loaded.diagnostics.all()) std::fprintf(stderr, "%s\n", d.message.c_str());
      return 65;
    }
    const parley::Scenario& s = *loaded.scenario;
    std::printf("%s (parley %s)\n", s.title.c_str(), loaded.stamp.version.c_str());

    const parley::AnalyzeResult a = parley::services::analyze_result(loaded, {});
    std::printf("analyze at %s: %.0f packages, %.0f agreeable\n", a.at.c_str(), a.packages, a.agreeable);
    for (const parley::IssueSummary& issue : a.issues) {
      if (issue.zopa) {
        std::printf("  %s: ZOPA %s to %s\n", issue.id.c_str(), shown(issue.low).c_str(), shown(issue.high).c_str());
      } else {
        std::printf("  %s: gap %.4g between %s (above %s) and %s (below %s)\n", issue.id.c_str(), issue.gap,
                    s.actors[issue.above->index].id.c_str(), shown(issue.low).c_str(),
                    s.actors[issue.below->index].id.c_str(), shown(issue.high).c_str());
      }
    }
    if (a.nash) {
      std::printf("  Nash solution:");
      for (std::size_t k = 0; k < a.nash->values.size(); ++k)
        std::printf(" %s=%s", a.issues[k].id.c_str(), shown(a.nash->values[k]).c_str());
      std::printf("\n");
    } else if (a.what_it_would_take && a.what_it_would_take->found) {
      std::printf("  nothing agreeable; the least total concession costs %.4g\n", a.what_it_would_take->cost);
    }

    const parley::ForecastResult f = parley::services::forecast_result(loaded, {});
    std::printf("forecast (%s):\n", f.model.c_str());
    for (const parley::IssueForecast& issue : f.issues) {
      std::printf("  %s: %s from %s, %s after %d round%s\n", issue.id.c_str(), shown(issue.forecast).c_str(),
                  issue.start ? shown(*issue.start).c_str() : "?",
                  issue.settled ? "settled" : ("NOT settled, " + shown(issue.low) + " to " + shown(issue.high)).c_str(),
                  issue.rounds, issue.rounds == 1 ? "" : "s");
    }
    std::printf("  the forecast package: refused by %zu parties, ratified with probability %.3g\n", f.refused_by.size(),
                f.ratification);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parley_example: %s\n", e.what());
    return 70;
  }
  return 0;
}
