// A party's confidential preferences (docs/serve.md, "Preferences"): the fields of a scenario stance, given
// by the party itself and read against the scenario's issues.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "doc/node.hpp"
#include "parley/scenario.hpp"

namespace parley::host {

struct Stance {
  double position = 0;                      // on the issue's scale; a discrete issue's option index
  double salience = 0;                      // [0, 100]
  std::optional<double> reservation;        // as far from the position on either side
  std::optional<double> at_least, at_most;  // or one-sided limits (docs/scenario-format.md, "Stances")
  std::vector<std::size_t> acceptable;      // or, on a discrete issue, the options accepted (ascending)
};

struct Preferences {
  std::vector<std::optional<Stance>> stances;  // per issue of the scenario; none: salience 0
  std::optional<double> no_deal;               // [0, 1]
};

/// Reads a request body. Throws Refused(bad_request) with `request:LINE:COL: error: ...` at the first
/// problem; the message names only what the body itself says and the scenario's public scales.
[[nodiscard]] Preferences read_preferences(const Scenario& s, std::string_view body);
/// The same for a body already parsed.
[[nodiscard]] Preferences read_preferences(const Scenario& s, const doc::Node& tree);

/// The normalised form a party reads back: options by name, fields in a fixed order.
[[nodiscard]] doc::Node preferences_node(const Scenario& s, const Preferences& p);
/// The stored normalised form, read back (it was checked when it was put).
[[nodiscard]] Preferences preferences_of(const Scenario& s, const doc::Node& stored);

/// The JSON tree of a request body, or Refused(bad_request) with the parser's located message.
[[nodiscard]] doc::Node read_body(std::string_view body);

/// A value on issue `k` as the API writes it: a number, or an option name on a discrete issue.
[[nodiscard]] doc::Node value_node(const Issue& issue, double value);
/// The same read back, located: Refused(bad_request) outside the scale or for an unknown option.
[[nodiscard]] double read_value(const Issue& issue, const doc::Node& value, std::string_view what);

/// `request:LINE:COL: error: message` as a refusal.
[[noreturn]] void refuse_at(const doc::Node& where, const std::string& message);

}  // namespace parley::host
