// `report`: every analysis of a scenario gathered into one document, which the report module renders as an
// HTML page, as Markdown, or leaves as JSON. Everything in it is computed here, by the same analyses the other
// commands run; the renderings only lay it out (STYLE.md: "report: no computation").
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

namespace parley::services {

namespace {

using doc::Node;

// Packages drawn in the package chart: every one up to this many, else an even sample (analysis::sample_packages).
constexpr std::size_t kCloudPackages = 2000;
// The page draws the state graph up to this many states; past it, a graph is a hairball, and the tables say it all.
constexpr std::size_t kGraphStates = 64;

Node skipped(const std::string& why) {
  Node n = Node::make_mapping();
  n.set("skipped", Node::make_string(why));
  return n;
}

// One section of the report: what `compute` returns, or, when its analysis refuses this scenario (work limits,
// nothing to forecast), the reason, which the page shows in its place and the caller is told.
template <class F>
Node section(const std::string& name, std::vector<std::string>& notes, F&& compute) {
  try {
    return compute();
  } catch (const UsageError& e) {
    notes.push_back(name + ": " + e.what());
    return skipped(e.what());
  } catch (const DataError& e) {  // LimitError too
    notes.push_back(name + ": " + e.what());
    return skipped(e.what());
  }
}

// The analysis at every timeline point, from before the first ("start") to after the last: the gap over time.
Node points_node(const Scenario& written, const Stamp& stamp, const ReportOptions& o, std::vector<std::string>& notes,
                 Node& cloud, core::Work& work) {
  analysis::AnalysisLimits limits;
  limits.packages.threads = o.threads;
  Node points = Node::make_sequence();
  for (std::size_t count = 0; count <= written.timeline.size(); ++count) {
    const Scenario s = scenario::at_point(written, count);
    Node p = Node::make_mapping();
    p.set("at", Node::make_string(scenario::point_id(s)));
    p.set("date", count == 0 ? Node::make_null() : Node::make_string(written.timeline[count - 1].date));
    p.set("label", count == 0 ? Node::make_null() : Node::make_string(written.timeline[count - 1].label));
    const std::string name = "analysis at " + scenario::point_id(s);
    p.set("analysis", section(name, notes, [&] {
            const report::Analysis a = detail::analysis_of(s, limits);
            if (count == written.timeline.size()) {
              cloud = report::cloud_json(a, analysis::sample_packages(a.space, kCloudPackages));
            }
            p.set("positions", report::positions_json(a));
            return report::analyze_json(a, stamp, report::AnalyzeView{});
          }));
    points.push(std::move(p));
    work.step();
  }
  return points;
}

// Both forecasts from the last timeline point, as the trees `parley forecast --format json` prints.
Node forecast_node(const Scenario& last, const Stamp& stamp, std::vector<std::string>& notes, core::Work& work) {
  Node n = Node::make_mapping();
  for (const char* model : {"eum", "smp"}) {
    n.set(model, section(std::string("forecast (") + model + ")", notes, [&] {
            ForecastOptions f;
            f.model = model;
            f.format = OutputFormat::json;
            return std::move(*detail::forecast_at(last, stamp, f).tree);
          }));
    work.step();
  }
  return n;
}

Node stability_node(const Scenario& written, const Stamp& stamp, const ReportOptions& o,
                    std::vector<std::string>& notes, core::Work& work) {
  return section("stability", notes, [&] {
    StabilityOptions st;
    st.format = OutputFormat::json;
    st.threads = o.threads;
    // Building the model to count its states costs little beside the analysis, which builds it again.
    st.moves = conflict::Model::build(written).size() <= kGraphStates;
    return std::move(*detail::stability_at(written, stamp, st, &work).tree);
  });
}

// How sure are we: the forecast over draws, and the analysis over draws with its tornado. A sweep gives its result
// only as text, which is read back.
// A stop asked for during a sweep throws Cancelled: a report never covers fewer draws than it says.
Node uncertainty_node(const Loaded& loaded, const ReportOptions& o, std::vector<std::string>& notes,
                      const Control& control) {
  Node n = Node::make_mapping();
  n.set("draws", Node::make_number(static_cast<double>(o.draws)));
  n.set("seed", Node::make_integer(o.seed));
  for (const char* analysis : {"forecast", "analyze"}) {
    n.set(analysis, section(std::string("uncertainty (") + analysis + ")", notes, [&] {
            SweepOptions sw;
            sw.analysis = analysis;
            sw.draws = o.draws;
            sw.seed = o.seed;
            sw.threads = o.threads;
            sw.analyze.threads = o.threads;
            sw.sensitivity = std::string(analysis) == "analyze";
            sw.format = OutputFormat::json;
            const std::string phase = std::string(analysis) + " draws";
            Control inner;
            inner.cancel = control.cancel;
            if (control.progress) {
              inner.progress = [&](const Progress& p) { control.progress(Progress{phase, p.done, p.total}); };
            }
            Swept swept = sweep(loaded, sw, inner);
            if (swept.interrupted) throw Cancelled();
            return detail::sweep_tree(*swept.result);  // the summaries' tree, never their text read back
          }));
  }
  return n;
}

}  // namespace

Reported report(const Loaded& loaded, const ReportOptions& o, const Control& control) {
  if (o.format != "html" && o.format != "md" && o.format != "json") {
    throw OptionError("format", "{format} " + o.format + ": expected html, md or json");
  }
  if (o.format == "html") report::require_page();
  const Scenario& written = *loaded.scenario;
  core::Work work(control.cancel, detail::reporter(control));
  // The analyses at each point and the two forecasts are a step each; the stability analysis and the sweeps report
  // their own phases.
  work.phase("sections", written.issues.empty() ? 0 : written.timeline.size() + 3);
  Reported out;
  Node d = Node::make_mapping();
  Node stamp = report::stamp_node(detail::stamp_of(loaded.stamp, loaded.input, o));
  stamp.set("created", Node::make_string(o.created));
  d.set("parley", std::move(stamp));
  const Scenario last = scenario::at_point(written, written.timeline.size());
  d.set("scenario", report::show_json(last, loaded.stamp));
  if (written.issues.empty()) {
    // A gmcr-py graph model: nothing to analyse or forecast, only the conflict.
    d.set("points", Node::make_sequence());
    d.set("cloud", Node::make_sequence());
    d.set("forecast", Node::make_null());
  } else {
    Node cloud = Node::make_sequence();
    d.set("points", points_node(written, loaded.stamp, o, out.notes, cloud, work));
    d.set("cloud", std::move(cloud));
    d.set("forecast", forecast_node(last, loaded.stamp, out.notes, work));
  }
  d.set("stability", written.conflict ? stability_node(written, loaded.stamp, o, out.notes, work) : Node::make_null());
  d.set("uncertainty",
        o.draws > 0 && !written.issues.empty() ? uncertainty_node(loaded, o, out.notes, control) : Node::make_null());
  Node notes = Node::make_sequence();
  for (const auto& note : out.notes) notes.push(Node::make_string(note));
  d.set("notes", std::move(notes));
  if (o.format == "json") {
    out.output = doc::to_json(d);
  } else if (o.format == "md") {
    out.output = report::page_markdown(d);
  } else {
    out.output = report::page_html(d);
  }
  return out;
}

}  // namespace parley::services
