// A GENIUS domain folder read as the command line reads it: the first `.xml` (in name order) whose root is a
// domain, every other `.xml` a profile (services::genius_input does the same for the CLI).
#pragma once

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scenario/genius.hpp"

namespace parley::test {

inline std::optional<genius::Domain> read_genius_dir(const std::filesystem::path& dir) {
  std::string domain;
  std::vector<std::string> profiles;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".xml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    if (domain.empty() && genius::looks_like_domain(f.string())) {
      domain = f.string();
    } else {
      profiles.push_back(f.string());
    }
  }
  Diagnostics diags;
  return genius::read(domain, profiles, diags);
}

}  // namespace parley::test
