#include "scenario/csv.hpp"

#include "core/text.hpp"

namespace parley::scenario::detail {

std::vector<CsvRow> read_csv(std::string_view text, const std::shared_ptr<const std::string>& file,
                             Diagnostics& diags) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  SourceLocation cell_start{file, 1, 1};
  std::uint32_t line = 1, column = 1;
  bool in_quotes = false, quoted = false;
  SourceLocation quote_start;
  const auto end_cell = [&] {
    std::string value = quoted ? cell : std::string(core::trim(cell));
    row.push_back({std::move(value), cell_start});
    cell.clear();
    quoted = false;
  };
  const auto end_row = [&] {
    while (!row.empty() && row.back().text.empty()) row.pop_back();
    if (!row.empty()) rows.push_back(std::move(row));
    row.clear();
  };
  bool at_cell_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (at_cell_start && c != ' ' && c != '\t') {
      cell_start = {file, line, column};
      at_cell_start = false;
    }
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
        column += 2;
        continue;
      }
      if (c == '"') {
        in_quotes = false;
      } else {
        cell += c;
      }
    } else if (c == '"' && core::trim(cell).empty()) {
      in_quotes = quoted = true;
      cell.clear();
      quote_start = {file, line, column};
    } else if (c == ',') {
      end_cell();
      at_cell_start = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_cell();
      end_row();
      at_cell_start = true;
      ++line;
      column = 1;
      continue;
    } else {
      cell += c;
    }
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
  }
  if (in_quotes) diags.error(quote_start, "expected a closing '\"' for this quoted cell, found the end of the file");
  end_cell();
  end_row();
  return rows;
}

}  // namespace parley::scenario::detail
