// A located CSV reader (RFC 4180 quoting, white space around fields trimmed).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/diagnostics.hpp"

namespace parley::scenario::detail {

struct CsvCell {
  std::string text;
  SourceLocation where;
};

using CsvRow = std::vector<CsvCell>;

/// Rows of the file; blank lines are skipped and trailing empty cells dropped. An unterminated quote is
/// reported in `diags`.
[[nodiscard]] std::vector<CsvRow> read_csv(std::string_view text, const std::shared_ptr<const std::string>& file,
                                           Diagnostics& diags);

}  // namespace parley::scenario::detail
