// The typed results of analyze and forecast (parley/results.hpp): the analyses' own data read into plain
// values, ids and options, with what the renderers need kept beside them.
#include <algorithm>
#include <cmath>

#include "analysis/package_check.hpp"
#include "analysis/rule.hpp"
#include "core/stats.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "report/analyze.hpp"
#include "report/forecast.hpp"
#include "scenario/timeline.hpp"
#include "services/detail.hpp"

namespace parley {

std::string_view name(ForecastStop stop) {
  switch (stop) {
    case ForecastStop::converged:
      return "converged";
    case ForecastStop::cycle:
      return "cycle";
    case ForecastStop::rounds:
      return "rounds";
    case ForecastStop::cancelled:
      break;
  }
  return "cancelled";
}

std::string_view name(StabilityConcept concept_) {
  switch (concept_) {
    case StabilityConcept::nash:
      return "nash";
    case StabilityConcept::gmr:
      return "gmr";
    case StabilityConcept::smr:
      return "smr";
    case StabilityConcept::seq:
      return "seq";
    case StabilityConcept::sim:
      return "sim";
    case StabilityConcept::limited:
      break;
  }
  return "limited";
}

std::string_view Concession::kind_name(Kind kind) {
  switch (kind) {
    case Kind::reservation:
      return "reservation";
    case Kind::at_least:
      return "at_least";
    case Kind::at_most:
      return "at_most";
    case Kind::acceptable:
      return "acceptable";
    case Kind::no_deal:
      return "no_deal";
    case Kind::red_line:
      break;
  }
  return "red_line";
}

struct AnalyzeResult::Internals {
  report::Analysis analysis;
  report::AnalyzeView view;
};

struct TimelineResult::Internals {
  std::vector<report::Analysis> points;
};

struct ForecastResult::Internals {
  Scenario scenario;  // at the point forecast
  std::optional<report::EumReport> eum;
  std::optional<report::SmpReport> smp;
  std::optional<report::CompromiseReport> compromise;
  std::optional<report::ExchangeReport> exchange;
  std::optional<report::AllReport> all;
};

namespace services {

// A position on a space's issue: on a discrete one, the option there (the nearest: core::nearest_option).
Value detail::value_at(const analysis::SpaceIssue& issue, double x) {
  Value v;
  v.position = x;
  if (!issue.labels.empty()) {
    v.option = core::nearest_option(x, issue.labels.size());
    v.name = issue.labels[*v.option];
  }
  return v;
}

// The same on a scenario's issue.
Value detail::value_at(const Issue& issue, double x) {
  Value v;
  v.position = x;
  if (issue.discrete && !issue.options.empty()) {
    v.option = core::nearest_option(x, issue.options.size());
    v.name = issue.options[*v.option];
  }
  return v;
}

Package detail::package_at(const analysis::Space& space, const std::vector<std::size_t>& indices) {
  Package p;
  for (std::size_t k = 0; k < indices.size(); ++k)
    p.values.push_back(value_at(space.issues[k], space.issues[k].values[indices[k]]));
  for (const std::size_t party : space.parties) p.utilities.push_back(space.actors[party].utility(indices));
  p.ratification = space.ratification(indices);
  return p;
}

namespace {

using detail::package_at;
using detail::value_at;

IssueSummary issue_summary(const analysis::Space& space, const analysis::IssueStats& st) {
  const auto& issue = space.issues[st.issue];
  IssueSummary out;
  out.issue = IssueId{st.issue};
  out.id = issue.id;
  out.name = issue.name;
  out.mean = st.mean;
  out.sd = st.sd;
  if (st.median) out.median = value_at(issue, *st.median);
  out.lowest = value_at(issue, st.lowest);
  out.highest = value_at(issue, st.highest);
  out.zopa = st.zopa;
  out.low = value_at(issue, st.low);
  out.high = value_at(issue, st.high);
  out.gap = st.gap;
  out.nominal = issue.nominal;
  if (!st.zopa && !issue.nominal) {
    out.above = ActorId{st.blocking_low};
    out.below = ActorId{st.blocking_high};
  }
  for (const std::size_t o : st.common) out.common.push_back(value_at(issue, static_cast<double>(o)));
  if (st.plurality) out.plurality = value_at(issue, static_cast<double>(*st.plurality));
  return out;
}

WhatItWouldTake what_it_would_take(const analysis::Space& space, const analysis::Bridge& b) {
  WhatItWouldTake out;
  if (!b.computed) out.not_computed = b.not_computed;
  out.found = b.found;
  out.exact = b.exact;
  if (!b.found) return out;
  out.cost = b.cost;
  out.lower_bound = b.lower_bound;
  out.package = package_at(space, b.package);
  for (const auto& c : b.concessions) {
    Concession o;
    o.actor = ActorId{c.actor};
    o.from = c.from;
    o.to = c.to;
    o.drop = c.drop;
    o.cost = c.cost;
    switch (c.kind) {
      case analysis::Concession::Kind::reservation:
        o.kind = Concession::Kind::reservation;
        o.issue = IssueId{c.issue};
        break;
      case analysis::Concession::Kind::at_least:
        o.kind = Concession::Kind::at_least;
        o.issue = IssueId{c.issue};
        break;
      case analysis::Concession::Kind::at_most:
        o.kind = Concession::Kind::at_most;
        o.issue = IssueId{c.issue};
        break;
      case analysis::Concession::Kind::acceptable:
        o.kind = Concession::Kind::acceptable;
        o.issue = IssueId{c.issue};
        break;
      case analysis::Concession::Kind::no_deal:
        o.kind = Concession::Kind::no_deal;
        break;
      case analysis::Concession::Kind::red_line:
        o.kind = Concession::Kind::red_line;
        o.constraint = space.rules[c.rule].id;
        break;
    }
    out.concessions.push_back(std::move(o));
  }
  return out;
}

}  // namespace

AnalyzeResult detail::analyze_result(report::Analysis a, const Stamp& stamp, const AnalyzeOptions& options) {
  detail::check_listing(a, options);
  AnalyzeResult out;
  out.stamp = stamp;
  out.title = a.space.title;
  out.at = a.at;
  const auto& space = a.space;
  const auto& pa = a.packages;
  for (const auto& st : a.issues) out.issues.push_back(issue_summary(space, st));
  for (const std::size_t p : space.parties) out.parties.push_back(ActorId{p});
  out.packages = pa.total;
  out.agreeable = pa.agreeable.value;
  out.agreeable_exact = pa.agreeable.exact;
  out.agreeable_low = pa.agreeable.exact ? pa.agreeable.value : pa.agreeable.low;
  out.agreeable_high = pa.agreeable.exact ? pa.agreeable.value : pa.agreeable.high;
  out.unanimous = pa.unanimous.exact ? pa.unanimous.value : -1;
  out.decision = analysis::rule_text(space);
  out.unanimity = space.decision.unanimity;
  for (const std::size_t i : space.decision.essential) out.essential.push_back(ActorId{space.parties[i]});
  out.found_off_grid = std::any_of(space.issues.begin(), space.issues.end(),
                                   [](const analysis::SpaceIssue& i) { return i.found.has_value(); });
  out.frontier_packages = pa.frontier.packages;
  for (const auto& point : pa.frontier.points) {
    for (double k = 0; k < point.packages(); k += 1) {
      if (options.max_pareto != 0 && out.frontier.size() >= options.max_pareto) break;
      out.frontier.push_back(package_at(space, analysis::package_of(space, pa.blocks, point, k)));
    }
  }
  const auto solution = [&](const std::optional<std::size_t>& i) -> std::optional<Package> {
    if (!i) return std::nullopt;
    return package_at(space, analysis::package_of(space, pa.blocks, pa.frontier.points[*i]));
  };
  out.nash = solution(pa.solutions.nash);
  out.kalai_smorodinsky = solution(pa.solutions.kalai_smorodinsky);
  out.egalitarian = solution(pa.solutions.egalitarian);
  out.utilitarian = solution(pa.solutions.utilitarian);
  out.leximin = solution(pa.solutions.leximin);
  if (pa.bridge) out.what_it_would_take = what_it_would_take(space, *pa.bridge);
  auto internals = std::make_shared<AnalyzeResult::Internals>();
  internals->analysis = std::move(a);
  internals->view = report::AnalyzeView{options.max_pareto};
  out.internals = std::move(internals);
  return out;
}

AnalyzeResult analyze_result(const Loaded& loaded, const AnalyzeOptions& options, const Control& control) {
  if (options.timeline) throw UsageError("the timeline (every point) is rendered only: analyze one point at a time");
  detail::require_issues(*loaded.scenario, "analyze");
  core::Work work(control.cancel, detail::reporter(control));
  analysis::AnalysisLimits limits = detail::limits_of(options);
  limits.packages.work = &work;
  return detail::analyze_result(detail::analysis_of(at(*loaded.scenario, options.at), limits),
                                detail::stamp_of(loaded.stamp, loaded.input, options), options);
}

TimelineResult timeline_result(const Loaded& loaded, const AnalyzeOptions& options, const Control& control) {
  const Scenario& written = *loaded.scenario;
  detail::require_issues(written, "analyze");
  if (!options.at.empty())
    throw OptionError("at", "{at} and {timeline} cannot be combined: {timeline} covers every point");
  core::Work work(control.cancel, detail::reporter(control));
  analysis::AnalysisLimits limits = detail::limits_of(options);
  limits.packages.work = &work;
  auto in = std::make_shared<TimelineResult::Internals>();
  for (std::size_t count = 0; count <= written.timeline.size(); ++count)
    in->points.push_back(detail::analysis_of(scenario::at_point(written, count), limits));
  AnalyzeOptions stamped = options;
  stamped.timeline = true;
  TimelineResult out;
  out.stamp = detail::stamp_of(loaded.stamp, loaded.input, stamped);
  out.title = written.title;
  for (const report::Analysis& a : in->points) {
    TimelinePoint p;
    p.at = a.at;
    p.date = a.date;
    p.label = a.label;
    for (const auto& st : a.issues) {
      const auto& issue = a.space.issues[st.issue];
      TimelineIssue ti{IssueId{st.issue}, issue.id, std::nullopt, st.zopa, st.gap};
      if (st.median) ti.median = value_at(issue, *st.median);
      p.issues.push_back(std::move(ti));
    }
    const auto& pa = a.packages;
    if (pa.agreeable.exact) p.agreeable = pa.agreeable.value;
    p.pareto_packages = pa.frontier.packages;
    if (pa.solutions.nash)
      p.nash = package_at(a.space, analysis::package_of(a.space, pa.blocks, pa.frontier.points[*pa.solutions.nash]));
    if (pa.bridge && pa.bridge->found) p.what_it_would_take = pa.bridge->cost;
    out.points.push_back(std::move(p));
  }
  out.internals = std::move(in);
  return out;
}

std::string render(const TimelineResult& result, OutputFormat format) {
  if (!result.internals) throw UsageError("a timeline result without its data (default-constructed)");
  if (format == OutputFormat::text) return report::timeline_text(result.title, result.internals->points);
  if (format == OutputFormat::csv) throw OptionError("format", "{format} csv: analyze writes text, json or yaml");
  const doc::Node json = report::timeline_json(result.internals->points, result.stamp);
  return format == OutputFormat::yaml ? doc::to_yaml(json) : doc::to_json(json);
}

std::string render(const AnalyzeResult& result, OutputFormat format) {
  if (!result.internals) throw UsageError("an analysis result without its data (default-constructed)");
  const auto& in = *result.internals;
  if (format == OutputFormat::text) return report::analyze_text(in.analysis, result.stamp, in.view);
  if (format == OutputFormat::csv) throw OptionError("format", "{format} csv: analyze writes text, json or yaml");
  return detail::rendered({report::analyze_json(in.analysis, result.stamp, in.view), {}}, format);
}

doc::Node detail::tree(const AnalyzeResult& result) {
  if (!result.internals) throw UsageError("an analysis result without its data (default-constructed)");
  return report::analyze_json(result.internals->analysis, result.stamp, result.internals->view);
}

const report::Analysis& detail::analysis_in(const AnalyzeResult& result) {
  if (!result.internals) throw UsageError("an analysis result without its data (default-constructed)");
  return result.internals->analysis;
}

namespace {

ForecastStop stop_of(forecast::EumResult::Stop s) {
  switch (s) {
    case forecast::EumResult::Stop::converged:
      return ForecastStop::converged;
    case forecast::EumResult::Stop::cycle:
      return ForecastStop::cycle;
    case forecast::EumResult::Stop::rounds:
      return ForecastStop::rounds;
    case forecast::EumResult::Stop::cancelled:
      return ForecastStop::cancelled;
  }
  return ForecastStop::rounds;
}

// A nominal issue's forecast is its plurality option, with every option's share (no model runs on it).
void nominal_fields(const std::vector<report::NominalForecast>& nominal, std::size_t k, IssueForecast& f) {
  for (const auto& n : nominal) {
    if (n.issue != k) continue;
    f.nominal = true;
    f.shares = n.shares;
  }
}

// The nominal issues' forecasts (their plurality options) beside a model's, every issue then in scenario order.
void add_nominal(const Scenario& s, const std::vector<report::NominalForecast>& nominal, ForecastResult& out) {
  for (const auto& n : nominal) {
    IssueForecast f;
    f.issue = IssueId{n.issue};
    f.id = s.issues[n.issue].id;
    f.forecast = f.low = f.high = value_at(s.issues[n.issue], static_cast<double>(n.plurality));
    f.settled = true;
    f.stop = ForecastStop::converged;
    nominal_fields(nominal, n.issue, f);
    out.issues.push_back(std::move(f));
  }
  std::stable_sort(out.issues.begin(), out.issues.end(),
                   [](const IssueForecast& a, const IssueForecast& b) { return a.issue.index < b.issue.index; });
}

void read_check(const analysis::PackageCheck& check, ForecastResult& out) {
  for (const auto& v : check.violations) {
    const ActorId who{v.actor};
    if (std::find(out.refused_by.begin(), out.refused_by.end(), who) == out.refused_by.end())
      out.refused_by.push_back(who);
  }
  out.ratification = check.ratification;
}

}  // namespace

ForecastResult forecast_result(const Loaded& loaded, const ForecastOptions& options, const Control& control) {
  detail::require_issues(*loaded.scenario, "forecast");
  core::Work work(control.cancel, detail::reporter(control));
  return detail::forecast_result(at(*loaded.scenario, options.at),
                                 detail::stamp_of(loaded.stamp, loaded.input, options), options, &work);
}

ForecastResult detail::forecast_result(const Scenario& s, const Stamp& stamp, const ForecastOptions& options,
                                       core::Work* work) {
  ForecastResult out;
  out.stamp = stamp;
  out.at = scenario::point_id(s);
  auto internals = std::make_shared<ForecastResult::Internals>();
  internals->scenario = s;
  if (options.model == "compromise") {
    out.model = "compromise";
    report::CompromiseReport r = detail::compromise_at(s, options);
    for (std::size_t k = 0; k < s.issues.size(); ++k) {
      IssueForecast f;
      f.issue = IssueId{k};
      f.id = s.issues[k].id;
      f.settled = true;
      f.stop = ForecastStop::converged;
      bool found = false;
      for (const auto& c : r.issues) {
        if (c.issue != k) continue;
        f.forecast = f.low = f.high = value_at(s.issues[k], c.forecast);
        found = true;
      }
      for (const auto& n : r.nominal) {
        if (n.issue != k) continue;
        f.forecast = f.low = f.high = value_at(s.issues[k], static_cast<double>(n.plurality));
        f.nominal = true;
        f.shares = n.shares;
        found = true;
      }
      if (found) out.issues.push_back(std::move(f));
    }
    read_check(r.check, out);
    internals->compromise = std::move(r);
  } else if (options.model == "all") {
    out.model = "all";
    report::AllReport r = detail::all_at(s, options, work);
    for (const auto& reading : r.readings) {
      const Issue& issue = s.issues[reading.issue];
      IssueForecast f;
      f.issue = IssueId{reading.issue};
      f.id = issue.id;
      std::vector<double> values;
      f.settled = true;
      for (const auto& m : r.models) {
        const double x = m.forecast[reading.issue];
        if (std::isnan(x)) continue;
        ModelForecast mf;
        mf.model = m.id;
        mf.forecast = value_at(issue, x);
        mf.state = m.state[reading.issue];
        mf.settled = mf.state == "converged" || mf.state == "one step" || mf.state == "cycle, one median";
        mf.low = value_at(issue, m.low[reading.issue]);
        mf.high = value_at(issue, m.high[reading.issue]);
        f.settled = f.settled && mf.settled;
        f.models.push_back(std::move(mf));
        values.push_back(x);
      }
      std::sort(values.begin(), values.end());
      // The models' median (the lower of the middle two): one number to lead with, the spread beside it.
      f.forecast = value_at(issue, values[(values.size() - 1) / 2]);
      f.low = value_at(issue, values.front());
      f.high = value_at(issue, values.back());
      f.stop = f.settled ? ForecastStop::converged : ForecastStop::rounds;
      f.spread = reading.spread;
      f.reading = reading.sentences;
      out.issues.push_back(std::move(f));
    }
    add_nominal(s, r.nominal, out);
    internals->all = std::move(r);
  } else if (options.model == "exchange") {
    out.model = "exchange";
    report::ExchangeReport r = detail::exchange_at(s, options, work);
    const auto& rounds = r.result.rounds;
    for (std::size_t k = 0; k < r.model.issues.size(); ++k) {
      const Issue& issue = s.issues[r.model.issues[k]];
      IssueForecast f;
      f.issue = IssueId{r.model.issues[k]};
      f.id = issue.id;
      f.start = value_at(issue, r.model.on_scale(s, k, rounds.front().start_outcome[k]));
      f.path.push_back(*f.start);
      for (const auto& round : rounds) f.path.push_back(value_at(issue, r.model.on_scale(s, k, round.outcome[k])));
      f.forecast = f.path.back();
      f.settled = r.result.converged;
      f.stop = f.settled ? ForecastStop::converged : ForecastStop::rounds;
      f.rounds = static_cast<int>(rounds.size());
      const auto [low, high] = report::exchange_range(s, r, k);
      f.low = value_at(issue, low);
      f.high = value_at(issue, high);
      out.issues.push_back(std::move(f));
    }
    add_nominal(s, r.nominal, out);
    read_check(r.check, out);
    internals->exchange = std::move(r);
  } else if (options.model == "smp") {
    out.model = "smp";
    report::SmpReport r = detail::smp_at(s, options, work);
    const std::vector<double> package = report::smp_package(s, r);
    const bool converged = r.result.stop == "converged";
    for (std::size_t k = 0; k < s.issues.size(); ++k) {
      if (std::isnan(package[k])) continue;  // a nominal issue nobody weighs: left open
      IssueForecast f;
      f.issue = IssueId{k};
      f.id = s.issues[k].id;
      f.forecast = value_at(s.issues[k], package[k]);
      f.low = f.high = f.forecast;
      f.settled = converged;
      f.stop = converged ? ForecastStop::converged : ForecastStop::rounds;
      f.rounds = r.result.states.empty() ? 0 : r.result.states.back().turn;
      nominal_fields(r.nominal, k, f);
      out.issues.push_back(std::move(f));
    }
    read_check(r.check, out);
    internals->smp = std::move(r);
  } else {
    out.model = "eum";
    report::EumReport r = detail::eum_at(s, options, work);
    for (const auto& run : r.runs) {
      const Issue& issue = s.issues[run.issue];
      const auto& res = run.result;
      IssueForecast f;
      f.issue = IssueId{run.issue};
      f.id = issue.id;
      if (!res.rounds.empty()) f.start = value_at(issue, res.rounds.front().median);
      f.forecast = value_at(issue, res.forecast);
      f.settled = res.settled;
      f.stop = stop_of(res.stop);
      f.low = value_at(issue, res.low);
      f.high = value_at(issue, res.high);
      f.rounds = res.rounds.empty() ? 0 : res.rounds.back().round;
      for (const auto& round : res.rounds) f.path.push_back(value_at(issue, round.median));
      out.issues.push_back(std::move(f));
    }
    add_nominal(s, r.nominal, out);
    read_check(r.check, out);
    internals->eum = std::move(r);
  }
  out.internals = std::move(internals);
  return out;
}

std::string render(const ForecastResult& result, OutputFormat format) {
  if (!result.internals) throw UsageError("a forecast result without its data (default-constructed)");
  const auto& in = *result.internals;
  if (in.all) return detail::rendered(detail::rendering(in.scenario, *in.all, result.stamp, format), format);
  if (in.exchange) return detail::rendered(detail::rendering(in.scenario, *in.exchange, result.stamp, format), format);
  if (in.compromise)
    return detail::rendered(detail::rendering(in.scenario, *in.compromise, result.stamp, format), format);
  if (in.smp) return detail::rendered(detail::rendering(in.scenario, *in.smp, result.stamp, format), format);
  return detail::rendered(detail::rendering(in.scenario, *in.eum, result.stamp, format), format);
}

doc::Node detail::tree(const ForecastResult& result) {
  if (!result.internals) throw UsageError("a forecast result without its data (default-constructed)");
  const auto& in = *result.internals;
  if (in.all) return std::move(*detail::rendering(in.scenario, *in.all, result.stamp, OutputFormat::json).tree);
  if (in.exchange)
    return std::move(*detail::rendering(in.scenario, *in.exchange, result.stamp, OutputFormat::json).tree);
  if (in.compromise)
    return std::move(*detail::rendering(in.scenario, *in.compromise, result.stamp, OutputFormat::json).tree);
  if (in.smp) return std::move(*detail::rendering(in.scenario, *in.smp, result.stamp, OutputFormat::json).tree);
  return std::move(*detail::rendering(in.scenario, *in.eum, result.stamp, OutputFormat::json).tree);
}

namespace {

// A forecast rendered: the tree for JSON and YAML, else the model's CSV or text.
template <class Report, class Json, class Csv, class Text>
detail::Result rendered_as(const Scenario& s, const Report& r, const Stamp& stamp, OutputFormat format, Json json,
                           Csv csv, Text text) {
  switch (format) {
    case OutputFormat::json:
    case OutputFormat::yaml:
      return {json(s, r, stamp), {}};
    case OutputFormat::csv:
      return {std::nullopt, csv(s, r)};
    case OutputFormat::text:
      break;
  }
  return {std::nullopt, text(s, r, stamp)};
}

}  // namespace

detail::Result detail::rendering(const Scenario& s, const report::SmpReport& r, const Stamp& stamp,
                                 OutputFormat format) {
  return rendered_as(s, r, stamp, format, report::smp_json, report::smp_csv, report::smp_text);
}

detail::Result detail::rendering(const Scenario& s, const report::AllReport& r, const Stamp& stamp,
                                 OutputFormat format) {
  return rendered_as(s, r, stamp, format, report::all_json, report::all_csv, report::all_text);
}

detail::Result detail::rendering(const Scenario& s, const report::ExchangeReport& r, const Stamp& stamp,
                                 OutputFormat format) {
  return rendered_as(s, r, stamp, format, report::exchange_json, report::exchange_csv, report::exchange_text);
}

detail::Result detail::rendering(const Scenario& s, const report::CompromiseReport& r, const Stamp& stamp,
                                 OutputFormat format) {
  return rendered_as(s, r, stamp, format, report::compromise_json, report::compromise_csv, report::compromise_text);
}

detail::Result detail::rendering(const Scenario& s, const report::EumReport& r, const Stamp& stamp,
                                 OutputFormat format) {
  return rendered_as(s, r, stamp, format, report::eum_json, report::eum_csv, report::eum_text);
}

}  // namespace services
}  // namespace parley
