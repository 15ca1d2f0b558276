#include "report/format.hpp"

#include <cmath>

#include "core/text.hpp"

namespace parley::report {

std::string rounded(double x, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return core::format_number(std::round(x * scale) / scale);
}

std::string option_names(const Issue& issue, const std::vector<std::size_t>& options) {
  std::string out;
  for (const std::size_t o : options) out += (out.empty() ? "" : ", ") + issue.options[o];
  return out;
}

std::string value_on(const Issue& issue, double x, int decimals) {
  if (issue.discrete) {
    const auto k = static_cast<std::size_t>(std::llround(x));
    if (std::abs(static_cast<double>(k) - x) < 1e-9 && k < issue.options.size()) return issue.options[k];
  }
  return rounded(x, decimals);
}

doc::Node computed(double x) {
  return doc::Node::make_number(core::snap_decimal(x));
}

void computed(doc::Emitter& e, double x) {
  e.number(core::snap_decimal(x));
}

void computed(doc::Emitter& e, std::string_view key, double x) {
  e.num(key, core::snap_decimal(x));
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string q = "\"";
  for (const char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace parley::report
