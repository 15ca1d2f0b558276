// `report`: every analysis of a scenario gathered into one typed result, which the report module lays out as an
// HTML page, as Markdown, or as the JSON the page is drawn from. Everything in it is computed here, by the same
// analyses the other commands run; the renderings only lay it out (STYLE.md: "report: no computation").
#include <memory>

#include "analysis/space.hpp"
#include "conflict/model.hpp"
#include "doc/node.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "report/analyze.hpp"
#include "report/page.hpp"
#include "report/show.hpp"
#include "scenario/timeline.hpp"
#include "services/detail.hpp"

namespace parley {

struct ReportResult::Internals {
  Scenario last;                                // after the last point: the scenario the page tells
  Stamp scenario_stamp;                         // the sections' stamp
  std::vector<std::vector<std::size_t>> cloud;  // the packages drawn in the chart, of the last point's space
};

namespace services {

namespace {

using doc::Node;

// Packages drawn in the package chart: every one up to this many, else an even sample (analysis::sample_packages).
constexpr std::size_t kCloudPackages = 2000;
// The page draws the state graph up to this many states; past it, a graph is a hairball, and the tables say it all.
constexpr std::size_t kGraphStates = 64;

// One section of the report: what `compute` returns, or, when its analysis refuses this scenario (work limits,
// nothing to forecast), the reason, which the page shows in its place and the caller is told.
template <class F>
auto section(const std::string& name, std::vector<std::string>& notes, F&& compute) {
  ReportSection<decltype(compute())> out;
  try {
    out.result = compute();
  } catch (const UsageError& e) {
    notes.push_back(name + ": " + e.what());
    out.skipped = e.what();
  } catch (const DataError& e) {  // LimitError too
    notes.push_back(name + ": " + e.what());
    out.skipped = e.what();
  }
  return out;
}

// The analysis at every timeline point, from before the first ("start") to after the last: the gap over time.
void points_of(const Scenario& written, const Stamp& stamp, const ReportOptions& o, ReportResult& out,
               ReportResult::Internals& in, core::Work& work) {
  analysis::AnalysisLimits limits;
  limits.packages.threads = o.threads;
  for (std::size_t count = 0; count <= written.timeline.size(); ++count) {
    const Scenario s = scenario::at_point(written, count);
    ReportPoint p;
    p.at = scenario::point_id(s);
    if (count > 0) {
      p.date = written.timeline[count - 1].date;
      p.label = written.timeline[count - 1].label;
    }
    p.analysis = section("analysis at " + p.at, out.notes, [&] {
      report::Analysis a = detail::analysis_of(s, limits);
      if (count == written.timeline.size()) in.cloud = analysis::sample_packages(a.space, kCloudPackages);
      return detail::analyze_result(std::move(a), stamp, AnalyzeOptions{});
    });
    out.points.push_back(std::move(p));
    work.step();
  }
}

// One forecast from the last timeline point.
ReportSection<ForecastResult> forecast_of(const Scenario& last, const Stamp& stamp, const char* model, unsigned threads,
                                          std::vector<std::string>& notes, core::Work& work) {
  auto out = section(std::string("forecast (") + model + ")", notes, [&] {
    ForecastOptions f;
    f.model = model;
    f.threads = threads;
    return detail::forecast_result(last, stamp, f);
  });
  work.step();
  return out;
}

ReportSection<StabilityResult> stability_of(const Scenario& written, const Stamp& stamp, const ReportOptions& o,
                                            std::vector<std::string>& notes, core::Work& work) {
  return section("stability", notes, [&] {
    StabilityOptions st;
    st.format = OutputFormat::json;
    st.threads = o.threads;
    // Building the model to count its states costs little beside the analysis, which builds it again.
    st.moves = conflict::Model::build(written).size() <= kGraphStates;
    return detail::stability_result(written, stamp, st, &work);
  });
}

// How sure are we: the forecast over draws, and the analysis over draws with its tornado.
// A stop asked for during a sweep throws Cancelled: a report never covers fewer draws than it says.
ReportUncertainty uncertainty_of(const Loaded& loaded, const ReportOptions& o, std::vector<std::string>& notes,
                                 const Control& control) {
  ReportUncertainty u;
  u.draws = o.draws;
  u.seed = o.seed;
  for (const char* analysis : {"forecast", "analyze"}) {
    auto s = section(std::string("uncertainty (") + analysis + ")", notes, [&] {
      SweepOptions sw;
      sw.analysis = analysis;
      sw.draws = o.draws;
      sw.seed = o.seed;
      sw.threads = o.threads;
      sw.analyze.threads = o.threads;
      sw.sensitivity = std::string(analysis) == "analyze";
      // The variance shares need the analysis's draws; the forecast's may be summarised as they are drawn.
      sw.quantiles = sw.sensitivity && o.quantiles == "sketch" ? "auto" : o.quantiles;
      sw.format = OutputFormat::json;
      const std::string phase = std::string(analysis) + " draws";
      Control inner;
      inner.cancel = control.cancel;
      if (control.progress) {
        inner.progress = [&](const Progress& p) { control.progress(Progress{phase, p.done, p.total}); };
      }
      Swept swept = sweep(loaded, sw, inner);
      if (swept.interrupted) throw Cancelled();
      return std::move(*swept.result);
    });
    (std::string(analysis) == "forecast" ? u.forecast : u.analyze) = std::move(s);
  }
  return u;
}

template <class Result, class Tree>
Node section_tree(const ReportSection<Result>& s, Tree&& tree) {
  if (s.result) return tree(*s.result);
  Node n = Node::make_mapping();
  n.set("skipped", Node::make_string(s.skipped));
  return n;
}

// The document the page is drawn from (docs/report.md): the report's sections as the JSON their commands print.
Node document(const ReportResult& r) {
  const auto& in = *r.internals;
  Node d = Node::make_mapping();
  Node stamp = report::stamp_node(r.stamp);
  stamp.set("created", Node::make_string(r.created));
  d.set("parley", std::move(stamp));
  d.set("scenario", report::show_json(in.last, in.scenario_stamp));
  Node points = Node::make_sequence();
  Node cloud = Node::make_sequence();
  for (std::size_t k = 0; k < r.points.size(); ++k) {
    const ReportPoint& p = r.points[k];
    Node n = Node::make_mapping();
    n.set("at", Node::make_string(p.at));
    n.set("date", p.date ? Node::make_string(*p.date) : Node::make_null());
    n.set("label", p.label ? Node::make_string(*p.label) : Node::make_null());
    n.set("analysis", section_tree(p.analysis, [&](const AnalyzeResult& a) {
            const report::Analysis& analysis = detail::analysis_in(a);
            if (k + 1 == r.points.size()) cloud = report::cloud_json(analysis, in.cloud);
            n.set("positions", report::positions_json(analysis));
            return detail::tree(a);
          }));
    points.push(std::move(n));
  }
  d.set("points", std::move(points));
  d.set("cloud", std::move(cloud));
  if (r.eum && r.smp) {
    Node f = Node::make_mapping();
    const auto forecast = [](const ForecastResult& x) { return detail::tree(x); };
    f.set("eum", section_tree(*r.eum, forecast));
    f.set("smp", section_tree(*r.smp, forecast));
    f.set("all", r.models ? section_tree(*r.models, forecast) : Node::make_null());
    d.set("forecast", std::move(f));
  } else {
    d.set("forecast", Node::make_null());
  }
  d.set("stability", r.stability ? section_tree(*r.stability, [](const StabilityResult& x) { return detail::tree(x); })
                                 : Node::make_null());
  if (r.uncertainty) {
    const auto sweep = [](const SweepResult& x) { return detail::sweep_tree(x); };
    Node u = Node::make_mapping();
    u.set("draws", Node::make_number(static_cast<double>(r.uncertainty->draws)));
    u.set("seed", Node::make_integer(r.uncertainty->seed));
    u.set("forecast", section_tree(r.uncertainty->forecast, sweep));
    u.set("analyze", section_tree(r.uncertainty->analyze, sweep));
    d.set("uncertainty", std::move(u));
  } else {
    d.set("uncertainty", Node::make_null());
  }
  Node notes = Node::make_sequence();
  for (const auto& note : r.notes) notes.push(Node::make_string(note));
  d.set("notes", std::move(notes));
  return d;
}

void check_format(std::string_view format) {
  if (format != "html" && format != "md" && format != "json") {
    throw OptionError("format", "{format} " + std::string(format) + ": expected html, md or json");
  }
  if (format == "html") report::require_page();
}

}  // namespace

ReportResult report_result(const Loaded& loaded, const ReportOptions& o, const Control& control) {
  check_format(o.format);
  const Scenario& written = *loaded.scenario;
  core::Work work(control.cancel, detail::reporter(control));
  // The analyses at each point and the three forecasts (eum, smp, every model) are a step each; the stability
  // analysis and the sweeps report their own phases.
  work.phase("sections", written.issues.empty() ? 0 : written.timeline.size() + 4);
  ReportResult out;
  auto in = std::make_shared<ReportResult::Internals>();
  out.stamp = detail::stamp_of(loaded.stamp, loaded.input, o);
  out.created = o.created;
  in->last = scenario::at_point(written, written.timeline.size());
  in->scenario_stamp = loaded.stamp;
  // A gmcr-py graph model has no issues: nothing to analyse or forecast, only the conflict.
  if (!written.issues.empty()) {
    points_of(written, loaded.stamp, o, out, *in, work);
    out.eum = forecast_of(in->last, loaded.stamp, "eum", o.threads, out.notes, work);
    out.smp = forecast_of(in->last, loaded.stamp, "smp", o.threads, out.notes, work);
    out.models = forecast_of(in->last, loaded.stamp, "all", o.threads, out.notes, work);
  }
  if (written.conflict) out.stability = stability_of(written, loaded.stamp, o, out.notes, work);
  if (o.draws > 0 && !written.issues.empty()) out.uncertainty = uncertainty_of(loaded, o, out.notes, control);
  out.internals = std::move(in);
  return out;
}

std::string render(const ReportResult& result, std::string_view format) {
  if (!result.internals) throw UsageError("a report result without its data (default-constructed)");
  check_format(format);
  const Node d = document(result);
  if (format == "json") return doc::to_json(d);
  if (format == "md") return report::page_markdown(d);
  return report::page_html(d);
}

namespace {

constexpr const char* kNotAsked = "not asked for";

// A report of one result: the scenario at the result's point (empty: after the last), the result's own stamp.
ReportResult alone(const Loaded& loaded, const Stamp& stamp, const std::string& at_point,
                   std::vector<std::vector<std::size_t>> cloud = {}) {
  ReportResult out;
  out.stamp = stamp;
  auto in = std::make_shared<ReportResult::Internals>();
  in->last = at(*loaded.scenario, at_point);
  in->scenario_stamp = loaded.stamp;
  in->cloud = std::move(cloud);
  out.internals = std::move(in);
  return out;
}

}  // namespace

ReportResult report_of(const Loaded& loaded, const AnalyzeResult& result) {
  ReportResult out = alone(loaded, result.stamp, result.at,
                           analysis::sample_packages(detail::analysis_in(result).space, kCloudPackages));
  const Scenario& written = *loaded.scenario;
  ReportPoint p;
  p.at = result.at;
  for (const auto& point : written.timeline) {
    if (point.id == result.at) {
      p.date = point.date;
      p.label = point.label;
    }
  }
  p.analysis.result = result;
  out.points.push_back(std::move(p));
  return out;
}

ReportResult report_of(const Loaded& loaded, const ForecastResult& result) {
  ReportResult out = alone(loaded, result.stamp, result.at);
  ReportSection<ForecastResult> asked{result, {}};
  ReportSection<ForecastResult> other{std::nullopt, kNotAsked};
  out.eum = result.model == "eum" ? asked : other;
  out.smp = result.model == "smp" ? asked : other;
  out.models = result.model == "all" ? asked : other;
  return out;
}

ReportResult report_of(const Loaded& loaded, const StabilityResult& result) {
  ReportResult out = alone(loaded, result.stamp, "");
  out.stability = ReportSection<StabilityResult>{result, {}};
  return out;
}

ReportResult report_of(const Loaded& loaded, const SweepResult& result) {
  if (!result.grid.empty()) throw UsageError("the report page draws Monte Carlo summaries, not a vary grid");
  if (result.analysis != "forecast" && result.analysis != "analyze") {
    throw UsageError("the report page draws sweeps of the forecast and of the analysis, not of " + result.analysis);
  }
  ReportResult out = alone(loaded, result.stamp, result.at);
  ReportUncertainty u;
  u.draws = result.draws;
  u.seed = result.seed;
  u.forecast = result.analysis == "forecast" ? ReportSection<SweepResult>{result, {}}
                                             : ReportSection<SweepResult>{std::nullopt, kNotAsked};
  u.analyze = result.analysis == "analyze" ? ReportSection<SweepResult>{result, {}}
                                           : ReportSection<SweepResult>{std::nullopt, kNotAsked};
  out.uncertainty = std::move(u);
  return out;
}

Reported report(const Loaded& loaded, const ReportOptions& o, const Control& control) {
  ReportResult r = report_result(loaded, o, control);
  Reported out;
  out.output = render(r, o.format);
  out.notes = r.notes;
  return out;
}

}  // namespace services
}  // namespace parley
