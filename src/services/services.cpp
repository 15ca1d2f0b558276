#include "parley/services.hpp"

#include "core/sha256.hpp"
#include "parley/error.hpp"
#include "report/show.hpp"
#include "scenario/build.hpp"
#include "scenario/load.hpp"
#include "scenario/timeline.hpp"

namespace parley {

std::string_view version() { return PARLEY_VERSION; }

namespace services {

std::string scenario_sha256(const Scenario& as_written) {
  return core::sha256_hex(doc::to_json(scenario::to_document(as_written)));
}

Loaded load(const std::string& path, const InputOptions& options) {
  Loaded out;
  scenario::LoadOptions load_options;
  load_options.csv.scale = options.csv_scale;
  load_options.csv.salience_max = options.csv_salience_max;
  load_options.format = options.format;
  out.scenario = scenario::load_file(path, load_options, out.diagnostics);
  out.stamp.version = std::string(version());
  if (out.scenario) out.stamp.scenario_sha256 = scenario_sha256(*out.scenario);
  return out;
}

Scenario at(const Scenario& as_written, std::string_view at) {
  if (at.empty()) return scenario::at_point(as_written, as_written.timeline.size());
  const auto count = scenario::points_until(as_written, at);
  if (!count) {
    std::string known = "'start'";
    for (const auto& p : as_written.timeline) known += ", '" + p.id + "'";
    throw UsageError("--at " + std::string(at) + ": no such timeline point; expected one of " + known);
  }
  return scenario::at_point(as_written, *count);
}

std::string show(const Loaded& loaded, const ShowOptions& options) {
  const Scenario s = at(*loaded.scenario, options.at);
  if (options.format == OutputFormat::json) return doc::to_json(report::show_json(s, loaded.stamp));
  if (options.format == OutputFormat::yaml) return doc::to_yaml(report::show_json(s, loaded.stamp));
  return report::show_text(s, loaded.stamp);
}

std::string convert(const Scenario& as_written, OutputFormat to) {
  const doc::Node document = scenario::to_document(as_written);
  return to == OutputFormat::json ? doc::to_json(document) : doc::to_yaml(document);
}

}  // namespace services
}  // namespace parley
