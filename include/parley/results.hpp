// Types shared by every result: the stamp that identifies a run, and output formats.
#pragma once

#include <string>

namespace parley {

enum class OutputFormat { text, json, yaml, csv };

/// What every output is stamped with: which engine, on which scenario.
struct Stamp {
  std::string version;
  std::string scenario_sha256;
};

}  // namespace parley
