#include "parley/services.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "analysis/analyze.hpp"
#include "analysis/issue_stats.hpp"
#include "analysis/package_check.hpp"
#include "analysis/rule.hpp"
#include "analysis/witness.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "forecast/eum.hpp"
#include "forecast/smp.hpp"
#include "parley/error.hpp"
#include "report/analyze.hpp"
#include "report/forecast.hpp"
#include "report/show.hpp"
#include "scenario/build.hpp"
#include "scenario/game.hpp"
#include "scenario/genius.hpp"
#include "scenario/load.hpp"
#include "scenario/native.hpp"
#include "scenario/timeline.hpp"
#include "services/detail.hpp"

namespace parley {

std::string_view version() {
  return PARLEY_VERSION;
}

namespace services {

std::string scenario_sha256(const Scenario& as_written) {
  return core::sha256_hex(doc::to_json(scenario::to_document(as_written)));
}

namespace {

scenario::LoadOptions load_options(const InputOptions& options) {
  scenario::LoadOptions o;
  o.csv.scale = options.csv_scale;
  o.csv.salience_max = options.csv_salience_max;
  o.format = options.format;
  return o;
}

Loaded loaded(std::optional<Scenario> s, Diagnostics diagnostics, const InputOptions& options) {
  Loaded out;
  out.input = options;
  out.scenario = std::move(s);
  out.diagnostics = std::move(diagnostics);
  out.stamp.version = std::string(version());
  if (out.scenario) out.stamp.scenario_sha256 = scenario_sha256(*out.scenario);
  return out;
}

}  // namespace

Loaded load(const std::string& path, const InputOptions& options) {
  Diagnostics d;
  auto s = scenario::load_file(path, load_options(options), d);
  return loaded(std::move(s), std::move(d), options);
}

Loaded load_text(std::string_view text, const std::string& name, std::string_view format, const InputOptions& options) {
  Diagnostics d;
  scenario::LoadOptions o = load_options(options);
  if (o.format.empty()) o.format = format;
  auto s = scenario::load_text(text, name, o, d);
  return loaded(std::move(s), std::move(d), options);
}

Scenario at(const Scenario& as_written, std::string_view at) {
  if (at.empty()) return scenario::at_point(as_written, as_written.timeline.size());
  const auto count = scenario::points_until(as_written, at);
  if (!count) {
    std::string known = "'start'";
    for (const auto& p : as_written.timeline) known += ", '" + p.id + "'";
    throw OptionError("at", "{at} " + std::string(at) + ": no such timeline point; expected one of " + known);
  }
  return scenario::at_point(as_written, *count);
}

std::string show(const Loaded& loaded, const ShowOptions& options) {
  const Scenario s = at(*loaded.scenario, options.at);
  if (options.format == OutputFormat::json) return doc::to_json(report::show_json(s, loaded.stamp));
  if (options.format == OutputFormat::yaml) return doc::to_yaml(report::show_json(s, loaded.stamp));
  return report::show_text(s, loaded.stamp);
}

core::Work::Report detail::reporter(const Control& control) {
  if (!control.progress) return {};
  return [&control](std::string_view phase, std::size_t done, std::size_t total) {
    control.progress(Progress{phase, done, total});
  };
}

void detail::require_issues(const Scenario& s, std::string_view task) {
  if (!s.issues.empty()) return;
  throw DataError("nothing to " + std::string(task) +
                      ": the file holds only a graph model (no issues); use parley "
                      "stability",
                  s.file ? *s.file : std::string());
}

namespace {

std::string render(const doc::Node& node, OutputFormat format) {
  return format == OutputFormat::yaml ? doc::to_yaml(node) : doc::to_json(node);
}

}  // namespace

namespace {

// A package off the grid that passes the rule: one every party accepts under unanimity, else one that the members
// of some minimal winning coalition accept (the first found, coalitions in order).
std::optional<std::vector<double>> point_passing(const analysis::Space& space) {
  if (space.decision.unanimity) return analysis::agreeable_point(space);
  std::vector<std::vector<std::size_t>> coalitions;
  try {
    coalitions = analysis::minimal_coalitions(space.decision, space.parties.size());
  } catch (const LimitError&) {
    return std::nullopt;  // too many coalitions to try one by one: the grid's answer stands
  }
  for (const auto& c : coalitions) {
    if (auto point = analysis::agreeable_point(analysis::restricted_to(space, c))) return point;
  }
  return std::nullopt;
}

}  // namespace

report::Analysis detail::analysis_of(const Scenario& s, const analysis::AnalysisLimits& limits) {
  report::Analysis a;
  a.at = scenario::point_id(s);
  if (s.applied > 0) {
    a.date = s.timeline[s.applied - 1].date;
    a.label = s.timeline[s.applied - 1].label;
  }
  a.space = analysis::space_of(s, analysis::Grid::breakpoints);
  a.issues = analysis::issue_stats(s);
  a.agreed = analysis::agreed_values(a.space);
  a.packages = analysis::analyze_packages(a.space, limits);
  // Nothing agreeable on the grid: a no_deal level or a red line coupling issues may still leave packages between
  // grid values. One found exactly joins the space (docs/models.md §2.1, "Off the grid"); every red line must
  // hold there too.
  const bool none = a.packages.agreeable.exact && a.packages.agreeable.value == 0;
  const bool no_deal = std::any_of(a.space.parties.begin(), a.space.parties.end(),
                                   [&](std::size_t p) { return a.space.actors[p].no_deal.has_value(); });
  const bool coupled = std::any_of(a.space.rules.begin(), a.space.rules.end(), [&](const analysis::SpaceRule& r) {
    return r.red_line && a.space.actors[r.actor].party && r.issues.size() > 1;
  });
  if (none && (no_deal || coupled)) {
    if (const auto point = point_passing(a.space)) {
      analysis::Space refined = analysis::space_of(s, *point);
      std::vector<std::size_t> package(refined.issues.size());
      for (std::size_t k = 0; k < package.size(); ++k) {
        const auto& v = refined.issues[k].values;
        package[k] =
            static_cast<std::size_t>(std::min_element(v.begin(), v.end(),
                                                      [&](double x, double y) {
                                                        return std::abs(x - (*point)[k]) < std::abs(y - (*point)[k]);
                                                      }) -
                                     v.begin());
      }
      if (refined.agreeable(package)) {
        a.space = std::move(refined);
        a.agreed = analysis::agreed_values(a.space);
        a.packages = analysis::analyze_packages(a.space, limits);
      }
    }
  }
  return a;
}

namespace {

// The frontier is listed package by package; ties can make that list astronomically long.
constexpr double kMaxListed = 1e7;

}  // namespace

void detail::check_listing(const report::Analysis& a, const AnalyzeOptions& options) {
  const double listed = options.max_pareto == 0
                            ? a.packages.frontier.packages
                            : std::min(static_cast<double>(options.max_pareto), a.packages.frontier.packages);
  if (listed > kMaxListed) {
    throw LimitError("the Pareto frontier holds " + core::format_number(a.packages.frontier.packages) +
                     " packages (ties); list at most " + core::format_number(kMaxListed) + " with --max-pareto");
  }
}

analysis::AnalysisLimits detail::limits_of(const AnalyzeOptions& options) {
  analysis::AnalysisLimits limits;
  limits.packages.threads = options.threads;
  limits.bridge.min_ratification = options.min_ratification;
  return limits;
}

std::string analyze(const Loaded& loaded, const AnalyzeOptions& options, const Control& control) {
  const Scenario& written = *loaded.scenario;
  detail::require_issues(written, "analyze");
  if (options.timeline) return render(timeline_result(loaded, options, control), options.format);
  return render(analyze_result(loaded, options, control), options.format);
}

void detail::emit_analyze(doc::Emitter& e, const Scenario& s, const Stamp& stamp, const AnalyzeOptions& options) {
  const report::Analysis a = detail::analysis_of(s, detail::limits_of(options));
  detail::check_listing(a, options);
  report::emit_analyze(e, a, stamp, report::AnalyzeView{options.max_pareto});
}

void detail::emit_forecast(doc::Emitter& e, const Scenario& s, const Stamp& stamp, const ForecastOptions& options) {
  if (options.model == "all") {
    report::emit_all(e, s, detail::all_at(s, options), stamp);
  } else if (options.model == "exchange") {
    report::emit_exchange(e, s, detail::exchange_at(s, options), stamp);
  } else if (options.model == "compromise") {
    report::emit_compromise(e, s, detail::compromise_at(s, options), stamp);
  } else if (options.model == "smp") {
    report::emit_smp(e, s, detail::smp_at(s, options), stamp);
  } else {
    report::emit_eum(e, s, detail::eum_at(s, options), stamp);
  }
}

std::string detail::rendered(Result r, OutputFormat format) {
  return r.tree ? render(*r.tree, format) : std::move(r.text);
}

std::optional<GeniusInput> genius_input(const std::vector<std::string>& files) {
  namespace fs = std::filesystem;
  if (files.empty()) return std::nullopt;
  std::error_code ec;
  if (files.size() == 1 && game::looks_like_game(files[0])) return GeniusInput{{}, {}, files[0]};
  if (files.size() == 1 && fs::is_directory(files[0], ec)) {
    GeniusInput in;
    std::vector<std::string> xml;
    for (const auto& entry : fs::directory_iterator(files[0], ec)) {
      if (entry.is_regular_file(ec) && entry.path().extension() == ".xml") xml.push_back(entry.path().string());
    }
    std::sort(xml.begin(), xml.end());
    for (const auto& f : xml) {
      if (genius::looks_like_domain(f) && in.domain.empty()) {
        in.domain = f;
      } else {
        in.profiles.push_back(f);
      }
    }
    if (in.domain.empty()) {
      throw UsageError(files[0] +
                       ": is a directory without a GENIUS domain file (an .xml file whose root is "
                       "<negotiation_template>) or a scorable game (config.txt and scores_files/)");
    }
    return in;
  }
  if (!genius::looks_like_domain(files[0])) return std::nullopt;
  return GeniusInput{files[0], {files.begin() + 1, files.end()}, {}};
}

std::vector<std::string> party_ids(const GeniusInput& input) {
  Diagnostics diags;
  std::vector<std::string> ids;
  if (!input.game.empty()) {
    if (const auto game = game::read(input.game, diags)) {
      for (const auto& p : game->domain.profiles) ids.push_back(p.id);
    }
  } else if (const auto domain = genius::read(input.domain, input.profiles, diags)) {
    for (const auto& p : domain->profiles) ids.push_back(p.id);
  }
  return ids;
}

WithDiagnostics<AnalyzeResult> analyze_genius_result(const GeniusInput& input, const AnalyzeOptions& options) {
  if (!options.at.empty() || options.timeline) {
    throw OptionError("at",
                      "{at} and {timeline} need a parley scenario; a GENIUS domain or a scorable game has no timeline");
  }
  WithDiagnostics<AnalyzeResult> out;
  if (!input.game.empty()) {
    const auto game = game::read(input.game, out.diagnostics);
    if (!game || out.diagnostics.error_count() > 0) return out;
    const Stamp stamp =
        detail::stamp_of(Stamp{std::string(version()), game->domain.sha256, {}}, InputOptions{}, options);
    report::Analysis a;
    a.space = analysis::space_of(*game);
    a.packages = analysis::analyze_packages(a.space, detail::limits_of(options));
    out.result = detail::analyze_result(std::move(a), stamp, options);
    return out;
  }
  const auto domain = genius::read(input.domain, input.profiles, out.diagnostics);
  if (!domain || out.diagnostics.error_count() > 0) return out;
  const Stamp stamp = detail::stamp_of(Stamp{std::string(version()), domain->sha256, {}}, InputOptions{}, options);
  report::Analysis a;
  a.space = analysis::space_of(*domain);
  a.packages = analysis::analyze_packages(a.space, detail::limits_of(options));
  out.result = detail::analyze_result(std::move(a), stamp, options);
  return out;
}

WithDiagnostics<Scenario> genius_scenario(const GeniusInput& input) {
  WithDiagnostics<Scenario> out;
  if (!input.game.empty()) {
    if (const auto game = game::read(input.game, out.diagnostics))
      out.result = scenario::scenario_of(*game, out.diagnostics);
  } else if (const auto domain = genius::read(input.domain, input.profiles, out.diagnostics)) {
    out.result = scenario::scenario_of(*domain, out.diagnostics);
  }
  if (out.diagnostics.error_count() > 0) out.result.reset();
  return out;
}

Analyzed convert_genius(const GeniusInput& input, OutputFormat to) {
  auto scenario = genius_scenario(input);
  Analyzed out;
  out.diagnostics = std::move(scenario.diagnostics);
  if (scenario.result) out.output = convert(*scenario.result, to);
  return out;
}

Analyzed analyze_genius(const GeniusInput& input, const AnalyzeOptions& options) {
  return detail::analyzed(analyze_genius_result(input, options), options.format);
}

report::SmpReport detail::smp_at(const Scenario& s, const ForecastOptions& options, core::Work* work) {
  if (!options.issue.empty())
    throw OptionError("issue",
                      "{issue} applies to {model} eum and compromise; the spatial model bargains over every issue at "
                      "once");
  if (options.variant != "scholz")
    throw OptionError("variant", "{variant} " + options.variant +
                                     " applies to {model} eum (scholz, bdm), compromise (mean, median) and exchange "
                                     "(equal-gain, randomized); the spatial model takes KTAB's parameters as "
                                     "--smp-victory, --smp-voting, ... (docs/models.md §6.9)");
  if (options.randomness)
    throw OptionError("randomness", "{randomness} applies to {model} exchange --variant randomized, not {model} smp");
  report::SmpReport r;
  r.at = scenario::point_id(s);
  r.input = forecast::smp_input(s);
  forecast::SmpOptions& smp = r.options;
  smp.max_turns = options.rounds.value_or(100);
  smp.threads = options.threads;
  // Each parameter from the command line, else the scenario's `models: smp:`, else KTAB's default.
  r.from.fill("KTAB default");
  if (s.models.smp) {
    forecast::set_parameters(smp, s.models.smp->value);
    for (std::size_t k = 0; k < kSmpParameters.size(); ++k) {
      if (!s.models.smp->value[k].empty()) r.from[k] = "scenario";
    }
  }
  forecast::set_parameters(smp, options.smp);
  for (std::size_t k = 0; k < kSmpParameters.size(); ++k) {
    if (!options.smp[k].empty()) r.from[k] = "option";
  }
  if (options.seed) {
    if (smp.transitions != forecast::Transitions::stochastic)
      throw OptionError("seed",
                        "{seed} seeds {model} smp's stochastic transitions ({smp-transitions} stochastic); "
                        "these are deterministic, and draw nothing");
    smp.seed = *options.seed;
    r.from.back() = "option";
  } else if (s.models.smp && s.models.smp->seed) {
    smp.seed = *s.models.smp->seed;
    r.from.back() = "scenario";
  } else {
    r.from.back() = "default";
  }
  r.result = forecast::run_smp(r.input, smp, work);
  std::vector<std::size_t> every(s.issues.size());
  for (std::size_t k = 0; k < every.size(); ++k) every[k] = k;
  r.nominal = report::nominal_forecasts(s, every);
  const std::vector<double> package = report::smp_package(s, r);
  std::vector<std::optional<double>> values(package.size());
  for (std::size_t k = 0; k < package.size(); ++k) {
    if (!std::isnan(package[k])) values[k] = package[k];
  }
  r.check = analysis::check_package(s, values);
  return r;
}

std::string forecast(const Loaded& loaded, const ForecastOptions& options, const Control& control) {
  return render(forecast_result(loaded, options, control), options.format);
}

namespace {

// The issues a forecast asks for: `--issue`, else every issue.
std::vector<std::size_t> issues_asked(const Scenario& s, const ForecastOptions& options) {
  std::vector<std::size_t> issues;
  if (!options.issue.empty()) {
    const auto k = s.issue_index(options.issue);
    if (!k) {
      std::vector<std::string> ids;
      for (const auto& issue : s.issues) ids.push_back(issue.id);
      throw OptionError("issue", "{issue} " + options.issue + ": no such issue; expected " + core::quoted_list(ids));
    }
    issues.push_back(*k);
  } else {
    for (std::size_t k = 0; k < s.issues.size(); ++k) issues.push_back(k);
  }
  return issues;
}

}  // namespace

void detail::refuse_exchange_options(const ForecastOptions& options, const std::string& model) {
  if (options.randomness)
    throw OptionError("randomness",
                      "{randomness} applies to {model} exchange --variant randomized, not {model} " + model);
  if (options.seed)
    throw OptionError("seed",
                      "{seed} applies to {model} exchange --variant randomized and to {model} smp's "
                      "stochastic transitions; {model} " +
                          model + " draws nothing");
}

void detail::refuse_smp_options(const ForecastOptions& options, const std::string& model) {
  for (std::size_t k = 0; k < kSmpParameters.size(); ++k) {
    if (options.smp[k].empty()) continue;
    const std::string name = smp_option(k);
    throw OptionError(name,
                      "{" + name + "} is a parameter of {model} smp (KTAB's spatial model), not of {model} " + model);
  }
}

report::AllReport detail::all_at(const Scenario& s, const ForecastOptions& options, core::Work* work) {
  // Each model at its own defaults: a variant, cap or issue chosen for one model means nothing for the others.
  if (options.variant != "scholz")
    throw OptionError("variant", "{variant} picks one model's variant; {model} all runs every model's variants");
  if (options.rounds)
    throw OptionError("rounds", "{rounds} applies to one model; {model} all runs each at its own cap");
  if (!options.issue.empty())
    throw OptionError("issue",
                      "{issue} applies to {model} eum and compromise; {model} all runs models that bargain "
                      "over every issue at once");
  if (options.q != 1)
    throw OptionError("q",
                      "{q} applies to {model} eum; {model} all runs the expected-utility model at Q = 1, as the "
                      "others have no status quo");
  // The spatial model's parameters and the seed of its stochastic transitions go to it alone.
  const bool stochastic = !options.smp[kSmpTransitions].empty()
                              ? options.smp[kSmpTransitions] == "stochastic"
                              : s.models.smp && s.models.smp->value[kSmpTransitions] == "stochastic";
  ForecastOptions others = options;
  others.smp = {};
  if (stochastic) others.seed.reset();
  detail::refuse_exchange_options(others, "all");
  if (work != nullptr) work->phase("models", 4);
  // A model that cannot run on this scenario (nothing it can forecast, past its size limit) leaves its column
  // empty, with the reason; the others still run.
  std::vector<std::string> skipped;
  const auto attempt = [&](const char* label, auto run) -> decltype(run()) {
    try {
      return run();
    } catch (const UsageError& e) {
      skipped.push_back(std::string(label) + ": " + e.what());
    } catch (const DataError& e) {
      skipped.push_back(std::string(label) + ": " + e.what());
    }
    return std::nullopt;
  };
  ForecastOptions o = others;
  o.model = "eum";
  const auto scholz = attempt("expected-utility model (Scholz)",
                              [&] { return std::optional<report::EumReport>(detail::eum_at(s, o)); });
  o.variant = "bdm";
  const auto bdm =
      attempt("expected-utility model (BDM)", [&] { return std::optional<report::EumReport>(detail::eum_at(s, o)); });
  if (work != nullptr) work->step();
  o = options;
  o.model = "smp";
  const auto smp =
      attempt("spatial model (KTAB)", [&] { return std::optional<report::SmpReport>(detail::smp_at(s, o)); });
  if (work != nullptr) work->step();
  o = others;
  o.model = "compromise";
  const auto mean = attempt("compromise model (mean)",
                            [&] { return std::optional<report::CompromiseReport>(detail::compromise_at(s, o)); });
  o.variant = "median";
  const auto median = attempt("compromise model (median)",
                              [&] { return std::optional<report::CompromiseReport>(detail::compromise_at(s, o)); });
  if (work != nullptr) work->step();
  o.model = "exchange";
  o.variant = "equal-gain";
  const auto exchange = attempt("exchange model (Equal Gain)",
                                [&] { return std::optional<report::ExchangeReport>(detail::exchange_at(s, o)); });
  if (work != nullptr) work->step();
  if (!scholz && !bdm && !smp && !mean && !median && !exchange)
    throw UsageError("no model can forecast this scenario: " + skipped.front());
  report::AllReport r =
      report::all_report(s, scholz ? &*scholz : nullptr, bdm ? &*bdm : nullptr, smp ? &*smp : nullptr,
                         mean ? &*mean : nullptr, median ? &*median : nullptr, exchange ? &*exchange : nullptr);
  r.at = scenario::point_id(s);
  r.skipped = std::move(skipped);
  return r;
}

report::ExchangeReport detail::exchange_at(const Scenario& s, const ForecastOptions& options, core::Work* work) {
  report::ExchangeReport r;
  r.at = scenario::point_id(s);
  detail::refuse_smp_options(options, "exchange");
  if (options.variant == "scholz" || options.variant == "equal-gain") {
    r.variant = "equal-gain";
  } else if (options.variant == "randomized") {
    r.variant = "randomized";
  } else {
    throw OptionError("variant", "{variant} " + options.variant +
                                     " is not a variant of {model} exchange; it takes equal-gain or randomized");
  }
  if (r.variant == "equal-gain" && (options.randomness || options.seed))
    throw OptionError(options.randomness ? "randomness" : "seed",
                      std::string(options.randomness ? "{randomness}" : "{seed}") +
                          " applies to {model} exchange --variant randomized; Equal Gain draws nothing");
  if (!options.issue.empty())
    throw OptionError("issue",
                      "{issue} applies to {model} eum and compromise; the exchange model trades across "
                      "every issue at once");
  if (options.q != 1) throw OptionError("q", "{q} applies to {model} eum; the exchange model has no status quo");
  r.randomness = r.variant == "randomized" ? options.randomness.value_or(1.0) : 0.0;
  r.seed = options.seed.value_or(1);
  std::vector<std::size_t> every(s.issues.size());
  for (std::size_t k = 0; k < every.size(); ++k) every[k] = k;
  r.model = forecast::exchange_model(s, every);
  r.nominal = report::nominal_forecasts(s, every);
  if (r.model.issues.empty() && r.nominal.empty())
    throw UsageError("no actor takes a stance with weight on any issue: nothing to forecast");
  forecast::ExchangeOptions o;
  o.rounds = options.rounds.value_or(10);
  if (o.rounds < 1) throw OptionError("rounds", "{rounds} must be at least 1 for {model} exchange");
  o.p = r.randomness;
  o.seed = r.seed;
  r.result = forecast::run_exchange(r.model.input, o, work);
  const auto package = report::exchange_package(s, r);
  std::vector<std::optional<double>> values(package.size());
  for (std::size_t k = 0; k < package.size(); ++k) {
    if (std::isnan(package[k])) continue;
    // On a discrete issue the package takes the option nearest the outcome.
    values[k] = s.issues[k].discrete && !s.issues[k].nominal()
                    ? static_cast<double>(core::nearest_option(package[k], s.issues[k].options.size()))
                    : package[k];
  }
  r.check = analysis::check_package(s, values);
  return r;
}

report::CompromiseReport detail::compromise_at(const Scenario& s, const ForecastOptions& options) {
  report::CompromiseReport r;
  r.at = scenario::point_id(s);
  // The model's own variants; the expected-utility model's default (scholz) means the compromise model's (mean).
  if (options.variant == "bdm") {
    throw OptionError("variant", "{variant} bdm is a variant of {model} eum; {model} compromise takes mean or median");
  }
  if (options.variant == "equal-gain" || options.variant == "randomized")
    throw OptionError("variant", "{variant} " + options.variant +
                                     " is a variant of {model} exchange; {model} compromise takes mean or median");
  detail::refuse_exchange_options(options, "compromise");
  detail::refuse_smp_options(options, "compromise");
  r.variant = options.variant == "median" ? "median" : "mean";
  // One step, no status quo: the expected-utility model's rounds and Q mean nothing here.
  if (options.rounds)
    throw OptionError("rounds", "{rounds} applies to {model} eum, smp and exchange; the compromise model is one step");
  if (options.q != 1) throw OptionError("q", "{q} applies to {model} eum; the compromise model has no status quo");
  const auto issues = issues_asked(s, options);
  r.issues = forecast::compromise(
      s, issues, r.variant == "median" ? forecast::CompromiseVariant::median : forecast::CompromiseVariant::mean);
  r.nominal = report::nominal_forecasts(s, issues);
  if (r.issues.empty() && r.nominal.empty())
    throw UsageError("no actor takes a stance with weight on the issues asked for: nothing to forecast");
  std::vector<std::optional<double>> package(s.issues.size());
  // On a discrete issue the package takes the option nearest the forecast.
  for (const auto& c : r.issues)
    package[c.issue] = s.issues[c.issue].discrete
                           ? static_cast<double>(core::nearest_option(c.forecast, s.issues[c.issue].options.size()))
                           : c.forecast;
  for (const auto& n : r.nominal) package[n.issue] = static_cast<double>(n.plurality);
  r.check = analysis::check_package(s, package);
  return r;
}

report::EumReport detail::eum_at(const Scenario& s, const ForecastOptions& options, core::Work* work) {
  forecast::EumOptions eum;
  if (options.variant == "mean" || options.variant == "median") {
    throw OptionError("variant", "{variant} " + options.variant +
                                     " is a variant of {model} compromise; {model} eum takes scholz or bdm");
  }
  if (options.variant == "equal-gain" || options.variant == "randomized") {
    throw OptionError("variant", "{variant} " + options.variant +
                                     " is a variant of {model} exchange; {model} eum takes scholz or bdm");
  }
  detail::refuse_exchange_options(options, "eum");
  detail::refuse_smp_options(options, "eum");
  eum.variant = options.variant == "bdm" ? forecast::EumOptions::Variant::bdm : forecast::EumOptions::Variant::scholz;
  eum.q = options.q;
  eum.rounds = options.rounds.value_or(10);
  eum.threads = options.threads;
  report::EumReport r;
  r.at = scenario::point_id(s);
  r.variant = options.variant;
  r.q = options.q;
  const std::vector<std::size_t> issues = issues_asked(s, options);
  if (work != nullptr) work->phase("issues", issues.size());
  r.nominal = report::nominal_forecasts(s, issues);
  for (std::size_t k : issues) {
    if (work != nullptr) work->check();
    // Options with no order: no spatial model runs on them (report::nominal_forecasts).
    if (s.issues[k].nominal()) continue;
    report::EumRun run;
    run.issue = k;
    run.input = forecast::eum_issue(s, k);
    // An issue nobody takes a stance on has nothing to forecast: its run is the empty trajectory.
    if (run.input.input.actors.empty()) continue;
    run.result = forecast::run_eum(run.input.input, eum);
    r.runs.push_back(std::move(run));
    if (work != nullptr) work->step();
  }
  if (r.runs.empty() && r.nominal.empty())
    throw UsageError("no actor takes a stance on the issues asked for: nothing to forecast");
  std::vector<std::optional<double>> package(s.issues.size());
  for (const auto& run : r.runs) package[run.issue] = run.result.forecast;
  for (const auto& n : r.nominal) package[n.issue] = static_cast<double>(n.plurality);
  r.check = analysis::check_package(s, package);
  return r;
}

namespace {

using core::plural;

// "3 issues, 4 actors, 2 constraints, 4 timeline points, conflict of 4 options": what a valid file holds.
std::string holds(const Scenario& s) {
  if (s.issues.empty() && s.conflict) {
    // A gmcr-py import: a graph model and nothing else.
    return "graph model only: " + plural(s.conflict->decision_makers.size(), "decision maker", "decision makers") +
           ", " + plural(s.conflict->options.size(), "option", "options");
  }
  std::string out = plural(s.issues.size(), "issue", "issues") + ", " + plural(s.actors.size(), "actor", "actors");
  if (!s.constraints.empty()) out += ", " + plural(s.constraints.size(), "constraint", "constraints");
  if (!s.timeline.empty()) out += ", " + plural(s.timeline.size(), "timeline point", "timeline points");
  if (s.conflict) out += ", conflict of " + plural(s.conflict->options.size(), "option", "options");
  return out;
}

std::string_view severity_name(Severity s) {
  return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "note";
}

}  // namespace

Validated validate(const std::string& path, const InputOptions& options) {
  Validated v;
  v.file = path;
  try {
    v.loaded = load(path, options);
    if (!v.loaded.scenario) v.exit_code = static_cast<int>(ExitCode::data);
  } catch (const Error& e) {
    v.unreadable = e.what();
    v.exit_code = static_cast<int>(e.code());
  }
  return v;
}

std::string validation(const std::vector<Validated>& files, OutputFormat format) {
  if (format == OutputFormat::text) {
    std::string out;
    for (const auto& v : files)
      if (v.loaded.scenario) out += v.file + ": ok (" + holds(*v.loaded.scenario) + ")\n";
    return out;
  }
  doc::Node list = doc::Node::make_sequence();
  for (const auto& v : files) {
    doc::Node n = doc::Node::make_mapping();
    n.set("file", doc::Node::make_string(v.file));
    n.set("ok", doc::Node::make_bool(v.loaded.scenario.has_value()));
    n.set("holds", v.loaded.scenario ? doc::Node::make_string(holds(*v.loaded.scenario)) : doc::Node::make_null());
    doc::Node problems = doc::Node::make_sequence();
    if (v.unreadable) {
      doc::Node p = doc::Node::make_mapping();
      p.set("severity", doc::Node::make_string("error"));
      p.set("message", doc::Node::make_string(*v.unreadable));
      problems.push(std::move(p));
    }
    for (const auto& d : v.loaded.diagnostics.sorted()) {
      doc::Node p = doc::Node::make_mapping();
      p.set("severity", doc::Node::make_string(std::string(severity_name(d.severity))));
      p.set("file", d.where.file ? doc::Node::make_string(*d.where.file) : doc::Node::make_null());
      p.set("line", d.where.line ? doc::Node::make_number(d.where.line) : doc::Node::make_null());
      p.set("column", d.where.column ? doc::Node::make_number(d.where.column) : doc::Node::make_null());
      p.set("message", doc::Node::make_string(d.message));
      problems.push(std::move(p));
    }
    n.set("problems", std::move(problems));
    n.set("exit_code", doc::Node::make_number(v.exit_code));
    list.push(std::move(n));
  }
  doc::Node root = doc::Node::make_mapping();
  root.set("files", std::move(list));
  return render(root, format);
}

std::string convert(const Scenario& as_written, OutputFormat to) {
  // parley's format needs at least one issue; writing a graph model alone would give a file parley refuses.
  if (as_written.issues.empty()) {
    throw DataError(
        "cannot convert: parley's scenario format needs at least one issue, and the file holds only a "
        "graph model (no issues); parley reads it as it is (validate, show, stability)",
        as_written.file ? *as_written.file : std::string());
  }
  const doc::Node document = scenario::to_document(as_written);
  return to == OutputFormat::json ? doc::to_json(document) : doc::to_yaml(document);
}

}  // namespace services
}  // namespace parley
