// Applying timeline changes: the state of the talks at each point (docs/scenario-format.md, "Timeline").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parley/scenario.hpp"

namespace parley::scenario {

/// Applies one change to `actors`. Returns the problem, in words, when the change cannot apply (a relative
/// change to a value that is not set) or leaves its field's valid range; `actors` is then unchanged.
[[nodiscard]] std::optional<std::string> apply_change(const Change& change, const std::vector<Issue>& issues,
                                                      std::vector<Actor>& actors);

/// The scenario after its first `count` timeline points (0: as written). `as_written.applied` must be 0.
[[nodiscard]] Scenario at_point(const Scenario& as_written, std::size_t count);

/// How many points `--at ID` applies: "start" gives 0, a point's id its position + 1.
[[nodiscard]] std::optional<std::size_t> points_until(const Scenario& s, std::string_view id);

/// The id of the last timeline point applied to `s`, or "start" when none is.
[[nodiscard]] std::string point_id(const Scenario& s);

}  // namespace parley::scenario
