// Byte offsets to FILE:LINE:COL, for parsers that report offsets (pugixml) rather than lines.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/diagnostics.hpp"

namespace parley::scenario::detail {

/// Columns count UTF-8 characters, not bytes, as editors do. `text` must outlive the index.
class LineIndex {
 public:
  LineIndex(std::string_view text, std::shared_ptr<const std::string> file) : text_(text), file_(std::move(file)) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }

  /// A negative offset (pugixml's "unknown") gives the file alone.
  [[nodiscard]] SourceLocation at(std::ptrdiff_t offset) const {
    if (offset < 0) return {file_, 0, 0};
    const auto o = static_cast<std::size_t>(offset);
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), o) - 1;
    std::uint32_t column = 1;
    for (std::size_t i = *it; i < o && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    return {file_, static_cast<std::uint32_t>(it - starts_.begin() + 1), column};
  }

  [[nodiscard]] const std::shared_ptr<const std::string>& file() const { return file_; }

 private:
  std::string_view text_;
  std::shared_ptr<const std::string> file_;
  std::vector<std::size_t> starts_;
};

}  // namespace parley::scenario::detail
