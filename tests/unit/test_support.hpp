// Helpers shared by the unit tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <map>
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

/// A directory of this process's own for files a test writes (tests may run in parallel processes), made on
/// first use and removed with everything in it when the process ends.
inline std::filesystem::path scratch_dir(const std::string& name) {
  struct Dir {
    std::filesystem::path path;
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static std::map<std::string, Dir> dirs;
  auto& dir = dirs[name];
  if (dir.path.empty()) {
    dir.path = std::filesystem::temp_directory_path() / ("parley_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir.path);
  }
  return dir.path;
}

}  // namespace parley::test
