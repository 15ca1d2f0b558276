// Plain-text tables with aligned columns.
#pragma once

#include <string>
#include <vector>

namespace parley::report {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  [[nodiscard]] bool empty() const { return rows_.empty(); }
  /// Columns padded to their widest cell (counted in characters), two spaces apart, each line indented.
  [[nodiscard]] std::string render(std::size_t indent = 2) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// Width of UTF-8 text in characters.
[[nodiscard]] std::size_t display_width(const std::string& s);

}  // namespace parley::report
