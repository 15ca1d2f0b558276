// Rendering `parley stability`: states, stability per decision maker and concept, equilibria, status quo
// paths, coalitions and explanations, as canonical JSON, text tables or CSV (one row per state).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conflict/explain.hpp"
#include "conflict/model.hpp"
#include "conflict/paths.hpp"
#include "conflict/stability.hpp"
#include "doc/emitter.hpp"
#include "doc/node.hpp"
#include "parley/results.hpp"
#include "parley/scenario.hpp"

namespace parley::report {

struct StabilityReport {
  const conflict::Model* model = nullptr;
  conflict::Stability stability;
  std::vector<conflict::State> equilibria;  // equilibria under any concept computed, ascending
  bool all_states = true;                   // list every state (and the rankings), or equilibria only
  std::optional<conflict::StatusQuo> status_quo;
  std::optional<std::vector<conflict::CoalitionResult>> coalitions;  // nullopt: not asked for
  std::string coalitions_note;  // why coalitions were not analysed by default (empty: they were, or not asked)
  /// The state graph: every unilateral move of every decision maker (nullopt: not asked for).
  struct Move {
    conflict::State from, to;
    std::size_t dm;
    bool improvement;
  };
  std::optional<std::vector<Move>> moves;
  std::optional<conflict::State> explained;
  std::vector<conflict::Explanation> explanations;
};

/// The JSON result, value by value, to any emitter (its tree, or a sweep's outputs).
void emit_stability(doc::Emitter& e, const Scenario& s, const StabilityReport& r, const Stamp& stamp);
[[nodiscard]] doc::Node stability_json(const Scenario& s, const StabilityReport& r, const Stamp& stamp);
[[nodiscard]] std::string stability_text(const Scenario& s, const StabilityReport& r);
/// The CSV, one row per listed state, handed to `sink` a megabyte or so at a time, whatever the number of rows.
void stability_csv(const Scenario& s, const StabilityReport& r, const std::function<void(std::string_view)>& sink);

}  // namespace parley::report
