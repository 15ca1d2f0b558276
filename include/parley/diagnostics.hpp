// Diagnostics: located messages about user input, collected rather than thrown.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

/// A place in an input file. Lines and columns are 1-based; 0 means "unknown".
struct SourceLocation {
  std::shared_ptr<const std::string> file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  [[nodiscard]] std::string_view file_name() const { return file ? std::string_view(*file) : std::string_view(); }
};

/// `FILE:LINE:COL` of a location (just `FILE` when the line is unknown; empty without a file).
[[nodiscard]] std::string where_text(const SourceLocation& where);

enum class Severity { error, warning, note };

/// One problem with user input: where it is, what was expected and what was found.
struct Diagnostic {
  Severity severity = Severity::error;
  SourceLocation where;
  std::string message;
};

/// `FILE:LINE:COL: error: message` (parts that are unknown are left out).
[[nodiscard]] std::string format_diagnostic(const Diagnostic& d);

/// Collects every problem found in an input; loading never stops at the first.
class Diagnostics {
 public:
  void error(const SourceLocation& where, std::string message);
  void warning(const SourceLocation& where, std::string message);
  void add(Diagnostic d);

  [[nodiscard]] bool has_errors() const { return errors_ > 0; }
  [[nodiscard]] std::size_t error_count() const { return errors_; }
  [[nodiscard]] const std::vector<Diagnostic>& all() const { return items_; }
  [[nodiscard]] bool empty() const { return items_.empty(); }
  /// Sorted by file, line and column (stable for equal places), as a compiler prints them.
  [[nodiscard]] std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

}  // namespace parley
