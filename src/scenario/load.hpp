// Reading a scenario file of any supported format into a validated Scenario.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parley/scenario.hpp"
#include "scenario/import.hpp"

namespace parley::scenario {

struct LoadOptions {
  CsvTableOptions csv;
  /// Overrides detection by file name: yaml, json, csv, xml, gmcr.
  std::string format;
};

/// Reads `path` (throws InputError when it cannot be read) and validates it. `diags` gets every problem;
/// the result is empty when any was an error.
[[nodiscard]] std::optional<Scenario> load_file(const std::string& path, const LoadOptions& options,
                                                Diagnostics& diags);

/// The same for text already in memory; `name` is used in diagnostics and to detect the format.
[[nodiscard]] std::optional<Scenario> load_text(std::string_view text, const std::string& name,
                                                const LoadOptions& options, Diagnostics& diags);

}  // namespace parley::scenario
