#include "scenario/load.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/file.hpp"
#include "parley/error.hpp"
#include "scenario/build.hpp"
#include "scenario/gmcr.hpp"

namespace parley::scenario {

namespace {

std::string extension_of(const std::string& name, const std::string& forced) {
  if (!forced.empty()) return forced;
  std::string ext = std::filesystem::path(name).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".yaml" || ext == ".yml") return "yaml";
  if (ext == ".json") return "json";
  if (ext == ".csv") return "csv";
  if (ext == ".xml") return "xml";
  if (ext == ".gmcr") return "gmcr";
  return ext;
}

}  // namespace

std::optional<Scenario> load_text(std::string_view text, const std::string& name, const LoadOptions& options,
                                  Diagnostics& diags) {
  const auto file = std::make_shared<const std::string>(name);
  const std::string kind = extension_of(name, options.format);
  std::unique_ptr<doc::Node> root;
  InputFormat format = InputFormat::yaml;
  if (kind == "yaml") {
    root = doc::parse_yaml(text, file, diags);
  } else if (kind == "json") {
    root = doc::parse_json(text, file, diags);
    format = InputFormat::json;
  } else if (kind == "decide" || ((kind == "csv" || kind == ".txt") && looks_like_decide(text))) {
    root = import_decide(text, file, std::filesystem::path(name).stem().string(), diags);
    format = InputFormat::decide;
  } else if (kind == "csv") {
    switch (sniff_csv(text)) {
      case CsvKind::ktab:
        root = import_ktab_csv(text, file, diags);
        format = InputFormat::ktab_csv;
        break;
      case CsvKind::bdm:
        if (!options.csv.scale || !options.csv.salience_max) {
          throw UsageError(name +
                           ": reading a table of actor, capability, position and salience needs the issue's "
                           "scale and the salience scale: give --csv-scale MIN:MAX and --csv-salience-max S");
        }
        root = import_bdm_csv(text, file, std::filesystem::path(name).stem().string(), options.csv, diags);
        format = InputFormat::bdm_csv;
        break;
      case CsvKind::unknown:
        diags.error({file, 1, 1},
                    "expected KTAB's CSV layout (a line 'name, description, actors, issues' then a "
                    "header starting 'Actor'), a table with columns actor, capability, position and "
                    "salience, or Decide's exchange-model records (#A, #P, #M, #D), found none of them");
        return std::nullopt;
    }
  } else if (kind == "xml") {
    root = import_ktab_xml(text, file, diags);
    format = InputFormat::ktab_xml;
  } else if (kind == "gmcr") {
    root = doc::parse_json(text, file, diags);
    format = InputFormat::gmcr;
  } else {
    throw UsageError(name +
                     ": cannot tell the format from the name; expected .yaml, .yml, .json, .csv, .xml or "
                     ".gmcr (or give --input-format)");
  }
  if (!root) return std::nullopt;
  // A gmcr-py file is a graph model only, which parley's own format cannot hold (it needs an issue): it is built
  // directly rather than through a document in that format.
  auto scenario = format == InputFormat::gmcr ? import_gmcr(*root, std::filesystem::path(name).stem().string(), diags)
                                              : from_document(*root, diags);
  if (!scenario) return std::nullopt;
  scenario->format = format;
  scenario->file = file;
  return scenario;
}

std::optional<Scenario> load_file(const std::string& path, const LoadOptions& options, Diagnostics& diags) {
  return load_text(core::read_file(path, "a scenario file"), path, options, diags);
}

}  // namespace parley::scenario
