#include "parley/diagnostics.hpp"

#include <algorithm>

namespace parley {

namespace {
std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "note";
  }
  return "error";
}
}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  std::string out;
  if (d.where.file) {
    out += *d.where.file;
    if (d.where.line > 0) {
      out += ':' + std::to_string(d.where.line);
      if (d.where.column > 0) out += ':' + std::to_string(d.where.column);
    }
    out += ": ";
  }
  out += severity_name(d.severity);
  out += ": ";
  out += d.message;
  return out;
}

void Diagnostics::error(const SourceLocation& where, std::string message) {
  add({Severity::error, where, std::move(message)});
}

void Diagnostics::warning(const SourceLocation& where, std::string message) {
  add({Severity::warning, where, std::move(message)});
}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::error) ++errors_;
  items_.push_back(std::move(d));
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.where.file_name() != b.where.file_name()) return a.where.file_name() < b.where.file_name();
    if (a.where.line != b.where.line) return a.where.line < b.where.line;
    return a.where.column < b.where.column;
  });
  return out;
}

std::string where_text(const SourceLocation& where) {
  if (!where.file) return {};
  std::string out = *where.file;
  if (where.line > 0) out += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
  return out;
}

}  // namespace parley
