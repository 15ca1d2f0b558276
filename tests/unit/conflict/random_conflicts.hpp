// Random graph-model conflicts for the stability property tests, written as YAML and loaded through the
// reader, so each one is exactly what a user's file would give. The generator also keeps what it drew, so
// feasibility and rankings can be recomputed without the engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "parley/scenario.hpp"

namespace parley::conflict::testing {

/// A statement over options as the generator drew it: a literal, or an operator over sub-formulas.
struct Formula {
  enum class Op { literal, negation, conjunction, disjunction, implied_by, equivalent };
  Op op = Op::literal;
  std::size_t option = 0;         // literal: 0-based option
  std::vector<Formula> operands;  // the others: one for negation, two or more otherwise

  /// The text the loader compiles ("o1 and (not o2 or o3)"; options are o1..on).
  [[nodiscard]] std::string text() const;
  /// Its truth at a state code (bit k: option k + 1 is Y), evaluated here rather than by expr.
  [[nodiscard]] bool holds(std::uint64_t code) const;
};

/// What the generator drew.
struct ConflictSpec {
  std::size_t options = 0;
  std::vector<std::size_t> controller;  // per option: the decision maker (actor a<k> is decision maker k)
  std::vector<Direction> direction;     // per option
  std::vector<Formula> infeasible;
  struct Preferences {
    std::vector<Formula> statements;                  // prioritization, most important first; or
    std::vector<std::vector<std::uint64_t>> ranking;  // feasible codes, best tier first
  };
  std::vector<Preferences> dms;

  [[nodiscard]] bool feasible(std::uint64_t code) const;
};

struct RandomConflictOptions {
  int min_options = 2, max_options = 8;
  int min_dms = 1, max_dms = 4;
  int max_infeasible = 2;
  double ranking_chance = 0.3;  // a decision maker gives an explicit ranking (with ties), not statements
  bool one_way = true;          // options may be one-way (take or drop); false: every option reversible
  /// When given: decision maker k controls blocks[k] options, in contiguous blocks, and the numbers of options and
  /// decision makers follow from it (min/max_options and min/max_dms are not used).
  std::vector<std::size_t> blocks;
};

struct RandomConflict {
  std::uint64_t seed = 0;
  std::string yaml;
  ConflictSpec spec;
  Scenario scenario;  // loaded from `yaml`
};

/// A conflict drawn with `seed` (reproducible), loaded; the test fails when it does not load.
[[nodiscard]] RandomConflict random_conflict(std::uint64_t seed, const RandomConflictOptions& options = {});

/// The property tests' corpus: seeds 1..count with the default options.
[[nodiscard]] std::vector<RandomConflict> random_conflicts(std::size_t count);

}  // namespace parley::conflict::testing
