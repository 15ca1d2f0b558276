// The options in every output's stamp (Stamp::options): each task's registered options (parley/options.hpp) with
// the values a run was given, read from its options by name. A registered option a task does not answer for is
// an internal error, so the registry and the tasks cannot drift apart unnoticed (every JSON test would fail).
#include <algorithm>
#include <functional>

#include "core/text.hpp"
#include "parley/error.hpp"
#include "parley/options.hpp"
#include "services/detail.hpp"

namespace parley::services {

namespace {

using Values = std::optional<std::vector<std::string>>;  // nullopt: not this task's option

std::vector<std::string> text(const std::string& s) {
  return s.empty() ? std::vector<std::string>{} : std::vector<std::string>{s};
}
std::vector<std::string> number(double x) {
  return {core::format_number(x)};
}
std::vector<std::string> integer(std::uint64_t x) {
  return {std::to_string(x)};
}
std::vector<std::string> flag(bool b) {
  return {b ? "true" : "false"};
}
template <class T>
std::vector<std::string> optional(const std::optional<T>& x) {
  if (!x) return {};
  if constexpr (std::is_integral_v<T>) {
    return integer(static_cast<std::uint64_t>(*x));
  } else {
    return number(*x);
  }
}

Values input_value(const InputOptions& in, std::string_view name) {
  if (name == "input-format") return text(in.format);
  if (name == "csv-scale") {
    if (!in.csv_scale) return std::vector<std::string>{};
    return text(core::format_number(in.csv_scale->first) + ":" + core::format_number(in.csv_scale->second));
  }
  if (name == "csv-salience-max") return optional(in.csv_salience_max);
  return std::nullopt;
}

Values analyze_value(const AnalyzeOptions& o, std::string_view name) {
  if (name == "at") return text(o.at);
  if (name == "timeline") return flag(o.timeline);
  if (name == "max-pareto") return integer(o.max_pareto);
  if (name == "min-ratification") return number(o.min_ratification);
  return std::nullopt;
}

Values forecast_value(const ForecastOptions& o, std::string_view name) {
  if (name == "at") return text(o.at);
  if (name == "model") return text(o.model);
  if (name == "variant") return text(o.variant);
  if (name == "q") return number(o.q);
  if (name == "rounds") return optional(o.rounds);
  if (name == "issue") return text(o.issue);
  if (name == "randomness") return optional(o.randomness);
  if (name == "seed") return optional(o.seed);
  for (std::size_t k = 0; k < kSmpParameters.size(); ++k) {
    if (name == smp_option(k)) return text(o.smp[k]);
  }
  return std::nullopt;
}

Values stability_value(const StabilityOptions& o, std::string_view name) {
  if (name == "horizon") return optional(o.horizon);
  if (name == "coalitions") return text(o.coalitions);
  if (name == "explain") return text(o.explain);
  if (name == "dm") return text(o.dm);
  if (name == "states") return text(o.states);
  if (name == "moves") return flag(o.moves);
  return std::nullopt;
}

Values sweep_value(const SweepOptions& o, std::string_view name) {
  if (name == "at") return text(o.at);
  if (name == "analysis") return text(o.analysis);
  if (name == "draws") return integer(o.draws);
  if (name == "seed") return integer(o.seed);
  if (name == "replay") return optional(o.replay);
  if (name == "sensitivity") return flag(o.sensitivity);
  if (name == "quantiles") return text(o.quantiles);
  if (name == "vary") return o.vary;
  if (name == "min-ratification") return number(o.analyze.min_ratification);
  if (auto v = forecast_value(o.forecast, name)) return v;
  return stability_value(o.stability, name);
}

// The stamp of `task`'s output: `base` with every stamped option of the task, in registry order.
Stamp stamped(Stamp base, std::string_view task, const InputOptions& input,
              const std::function<Values(std::string_view)>& own) {
  base.options.clear();
  for (const OptionInfo* o : options_of(task)) {
    if (!o->stamped()) continue;
    Values v = input_value(input, o->name);
    if (!v) v = own(o->name);
    if (!v) {
      throw Error(ExitCode::internal, "the stamp of parley " + std::string(task) + " has no value for its option " +
                                          std::string(o->name) + " (src/services/stamp.cpp)");
    }
    base.options.push_back(StampedOption{std::string(o->name), o->type, std::move(*v)});
  }
  return base;
}

}  // namespace

Stamp detail::stamp_of(const Stamp& base, const InputOptions& input, const AnalyzeOptions& o) {
  return stamped(base, "analyze", input, [&](std::string_view n) { return analyze_value(o, n); });
}
Stamp detail::stamp_of(const Stamp& base, const InputOptions& input, const ForecastOptions& o) {
  return stamped(base, "forecast", input, [&](std::string_view n) { return forecast_value(o, n); });
}
Stamp detail::stamp_of(const Stamp& base, const InputOptions& input, const StabilityOptions& o) {
  return stamped(base, "stability", input, [&](std::string_view n) { return stability_value(o, n); });
}
Stamp detail::stamp_of(const Stamp& base, const InputOptions& input, const SweepOptions& o) {
  return stamped(base, "sweep", input, [&](std::string_view n) { return sweep_value(o, n); });
}
Stamp detail::stamp_of(const Stamp& base, const InputOptions& input, const ReportOptions& o) {
  return stamped(base, "report", input, [&](std::string_view n) -> Values {
    if (n == "draws") return integer(o.draws);
    if (n == "seed") return integer(o.seed);
    if (n == "quantiles") return text(o.quantiles);
    return std::nullopt;
  });
}
Stamp detail::stamp_of(const Stamp& base, const InputOptions& input, const SimulateOptions& o) {
  return stamped(base, "simulate", input, [&](std::string_view n) -> Values {
    if (n == "at") return text(o.at);
    if (n == "protocol") return text(o.protocol);
    if (n == "rounds") return integer(o.rounds);
    if (n == "strategy") {
      std::vector<std::string> all = o.strategies;
      for (const auto& [id, strategy] : o.custom) all.push_back(id + "=" + strategy->name());
      return all;
    }
    if (n == "default-strategy") return text(o.fallback);
    if (n == "time-limit") return optional(o.seconds);
    if (n == "event") return o.events;
    if (n == "seed") return integer(o.seed);
    return std::nullopt;
  });
}
Stamp detail::stamp_of(const Stamp& base, const InputOptions& input, const TournamentOptions& o) {
  return stamped(base, "tournament", input, [&](std::string_view n) -> Values {
    if (n == "protocol") return text(o.protocol);
    if (n == "rounds") return integer(o.rounds);
    if (n == "seed") return integer(o.seed);
    if (n == "repetitions") return integer(o.repetitions);
    if (n == "strategies") {
      std::string joined;
      for (const auto& s : o.strategies) joined += (joined.empty() ? "" : ",") + s;
      for (const auto& s : o.custom) joined += (joined.empty() ? "" : ",") + s->name();
      return text(joined);
    }
    return std::nullopt;
  });
}

}  // namespace parley::services
