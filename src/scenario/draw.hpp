// Monte Carlo draws of a scenario (docs/models.md §7.1-7.2; docs/scenario-format.md, "Numbers that are not
// known exactly"): every number written as a distribution gets a value drawn from it, clipped to its field's
// valid range. Draw k of a seed depends only on (seed, k, the input's path).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "parley/scenario.hpp"

namespace parley::scenario {

/// One number of a scenario written as a distribution, named by its path in the canonical JSON
/// (`actors.ru.capability`, `actors.ua.stances.territory.reservation`, `constraints.ua_referendum.pass_probability`).
struct UncertainInput {
  std::string path;
  Uncertain value;
  double low = -std::numeric_limits<double>::infinity();  // the field's valid range, for clipping
  double high = std::numeric_limits<double>::infinity();
  bool discrete = false;  // a position on a discrete issue: drawn values round to the nearest option
};

/// Every uncertain number, in scenario order (actors, their stances in issue order, then constraints).
[[nodiscard]] std::vector<UncertainInput> uncertain_inputs(const Scenario& s);

/// A value of `input` drawn from `rng`: normal, uniform or triangular (inverse distribution function),
/// clipped to the field's range; a fixed value is returned as it is.
[[nodiscard]] double draw_value(const UncertainInput& input, core::Stream& rng);

/// The value of `input` in draw `k` of `seed`: its own stream, keyed by (seed, k, path).
[[nodiscard]] double drawn_value(const UncertainInput& input, std::uint64_t seed, std::uint64_t k);

/// The scenario with every uncertain number replaced by its value in draw `k` of `seed`; fixed numbers kept.
[[nodiscard]] Scenario draw(const Scenario& s, std::uint64_t seed, std::uint64_t k);

/// The value below which a fraction q of the input's distribution lies, clipped like a draw (q in (0, 1)).
[[nodiscard]] double quantile_value(const UncertainInput& input, double q);

/// Every number of the scenario, fixed or uncertain, named by its path (for `--vary`).
[[nodiscard]] std::vector<UncertainInput> all_inputs(const Scenario& s);

/// The scenario with numbers replaced: value(input) gives the new value of a number, or nullopt to keep it
/// (uncertain numbers kept stay uncertain). Values are clipped to their field's range.
[[nodiscard]] Scenario assign(const Scenario& s,
                              const std::function<std::optional<double>(const UncertainInput&)>& value);

}  // namespace parley::scenario
