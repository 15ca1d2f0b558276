// Importers for other tools' scenario files: BDM-style CSV tables, KTAB's CSV and XML (docs/scenario-format.md,
// "Other inputs", which also gives KTAB's CSV layout). Each builds a located document in parley's own format,
// so the ordinary validation reports problems at the cell or element that holds them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "doc/node.hpp"
#include "parley/scenario.hpp"

namespace parley::scenario {

/// What a BDM-style CSV table cannot say about itself.
struct CsvTableOptions {
  std::optional<std::pair<double, double>> scale;  // the issue's [min, max]
  std::optional<double> salience_max;              // saliences are on [0, salience_max]
};

enum class CsvKind { ktab, bdm, unknown };
/// Tells KTAB's layout (a title line, then a header starting `Actor`) from a BDM table (a header naming
/// actor, capability, position and salience).
[[nodiscard]] CsvKind sniff_csv(std::string_view text);

[[nodiscard]] std::unique_ptr<doc::Node> import_ktab_csv(std::string_view text,
                                                         const std::shared_ptr<const std::string>& file,
                                                         Diagnostics& diags);
[[nodiscard]] std::unique_ptr<doc::Node> import_bdm_csv(std::string_view text,
                                                        const std::shared_ptr<const std::string>& file,
                                                        std::string_view stem, const CsvTableOptions& options,
                                                        Diagnostics& diags);
/// Whether the text is one of Decide's exchange-model files: its first line's first cell is a record kind (#A, #P,
/// #M, #D, #O or #/).
[[nodiscard]] bool looks_like_decide(std::string_view text);
/// Decide's exchange-model file (src/scenario/import_decide.cpp); `stem` names the scenario.
[[nodiscard]] std::unique_ptr<doc::Node> import_decide(std::string_view text,
                                                       const std::shared_ptr<const std::string>& file,
                                                       std::string_view stem, Diagnostics& diags);
[[nodiscard]] std::unique_ptr<doc::Node> import_ktab_xml(std::string_view text,
                                                         const std::shared_ptr<const std::string>& file,
                                                         Diagnostics& diags);

}  // namespace parley::scenario
