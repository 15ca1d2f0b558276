// Helpers shared by the unit tests.
#pragma once

#include <memory>
#include <string>

#include "parley/diagnostics.hpp"

namespace parley::test {

inline std::shared_ptr<const std::string> file(const std::string& name = "t.yaml") {
  return std::make_shared<const std::string>(name);
}

/// Every diagnostic, formatted and joined by newlines, for exact comparisons.
inline std::string messages(const Diagnostics& d) {
  std::string out;
  for (const auto& x : d.sorted()) out += format_diagnostic(x) + "\n";
  return out;
}

}  // namespace parley::test
