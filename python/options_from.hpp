// The services' options from the keyword arguments the `parley` package has already checked against the options
// registry (python/parley/_options.py): names in snake_case, values of the registered type. Only the reading of
// each field is here; what is valid is the registry's to say.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include "parley/services.hpp"

namespace parley::python {

namespace py = pybind11;

// Sets `target` from `options[key]` when the caller gave it.
template <class T>
void read(const py::dict& options, const char* key, T& target) {
  if (options.contains(key)) target = options[key].cast<T>();
}
template <class T>
void read(const py::dict& options, const char* key, std::optional<T>& target) {
  if (options.contains(key) && !options[key].is_none()) target = options[key].cast<T>();
}

// The spatial model's parameters, smp_victory ... smp_bargain.
inline void read_smp(const py::dict& o, services::ForecastOptions& f) {
  for (std::size_t k = 0; k < kSmpParameters.size(); ++k)
    read(o, ("smp_" + std::string(kSmpParameters[k].key)).c_str(), f.smp[k]);
}

inline services::AnalyzeOptions analyze_options(const py::dict& o) {
  services::AnalyzeOptions a;
  read(o, "at", a.at);
  read(o, "timeline", a.timeline);
  read(o, "threads", a.threads);
  read(o, "max_pareto", a.max_pareto);
  read(o, "min_ratification", a.min_ratification);
  return a;
}

inline services::ForecastOptions forecast_options(const py::dict& o) {
  services::ForecastOptions f;
  read(o, "model", f.model);
  read(o, "variant", f.variant);
  read(o, "q", f.q);
  read(o, "rounds", f.rounds);
  read(o, "issue", f.issue);
  read(o, "at", f.at);
  read(o, "threads", f.threads);
  read(o, "randomness", f.randomness);
  read(o, "seed", f.seed);
  read_smp(o, f);
  return f;
}

/// An output format by name, as `render` and the writers take it.
inline OutputFormat format_of(const std::string& f) {
  if (f == "json") return OutputFormat::json;
  if (f == "yaml") return OutputFormat::yaml;
  if (f == "csv") return OutputFormat::csv;
  if (f == "text") return OutputFormat::text;
  throw OptionError("format", "{format} " + f + ": expected text, json, yaml or csv");
}

inline services::StabilityOptions stability_options(const py::dict& o) {
  services::StabilityOptions s;
  read(o, "horizon", s.horizon);
  read(o, "coalitions", s.coalitions);
  read(o, "explain", s.explain);
  read(o, "dm", s.dm);
  read(o, "states", s.states);
  read(o, "moves", s.moves);
  read(o, "threads", s.threads);
  return s;
}

inline services::SweepOptions sweep_options(const py::dict& o) {
  services::SweepOptions s;
  read(o, "analysis", s.analysis);
  read(o, "draws", s.draws);
  read(o, "seed", s.seed);
  read(o, "threads", s.threads);
  read(o, "at", s.at);
  read(o, "replay", s.replay);
  read(o, "sensitivity", s.sensitivity);
  read(o, "vary", s.vary);
  read(o, "model", s.forecast.model);
  read(o, "variant", s.forecast.variant);
  read(o, "q", s.forecast.q);
  read(o, "rounds", s.forecast.rounds);
  read(o, "issue", s.forecast.issue);
  read_smp(o, s.forecast);
  read(o, "min_ratification", s.analyze.min_ratification);
  read(o, "horizon", s.stability.horizon);
  read(o, "coalitions", s.stability.coalitions);
  read(o, "out", s.out);
  read(o, "keep_draws", s.keep_draws);
  read(o, "quantiles", s.quantiles);
  s.format = OutputFormat::json;  // the format a grid or a replay is rendered in; a summary is typed
  return s;
}

inline services::ReportOptions report_options(const py::dict& o) {
  services::ReportOptions r;
  read(o, "format", r.format);
  read(o, "draws", r.draws);
  read(o, "seed", r.seed);
  read(o, "threads", r.threads);
  read(o, "created", r.created);
  read(o, "quantiles", r.quantiles);
  return r;
}

inline services::SimulateOptions simulate_options(const py::dict& o) {
  services::SimulateOptions s;
  read(o, "protocol", s.protocol);
  read(o, "strategy", s.strategies);
  read(o, "default_strategy", s.fallback);
  read(o, "rounds", s.rounds);
  read(o, "time_limit", s.seconds);
  read(o, "seed", s.seed);
  read(o, "at", s.at);
  read(o, "event", s.events);
  return s;
}

inline services::TournamentOptions tournament_options(const py::dict& o) {
  services::TournamentOptions t;
  read(o, "strategies", t.strategies);
  read(o, "repetitions", t.repetitions);
  read(o, "rounds", t.rounds);
  read(o, "protocol", t.protocol);
  read(o, "seed", t.seed);
  read(o, "threads", t.threads);
  return t;
}

}  // namespace parley::python
