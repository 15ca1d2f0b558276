// Formatting shared by the renderings: rounded text for people, noise-free JSON for results, CSV fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "doc/emitter.hpp"
#include "doc/node.hpp"
#include "parley/scenario.hpp"

namespace parley::report {

/// x rounded to at most `decimals` decimals, in its shortest form: text for people (JSON keeps every digit).
[[nodiscard]] std::string rounded(double x, int decimals = 2);

/// A value on an issue for people: a discrete issue's option name when x is an option's index (to 1e-9),
/// else the number, rounded.
[[nodiscard]] std::string value_on(const Issue& issue, double x, int decimals = 2);
/// Options of a discrete issue by name, joined by ", " ("Vienna, Istanbul").
[[nodiscard]] std::string option_names(const Issue& issue, const std::vector<std::size_t>& options);

/// A computed result as a JSON number: sums of products of decimals carry binary noise
/// (0.30000000000000004); 15 significant digits drop it without losing anything a scenario can state.
[[nodiscard]] doc::Node computed(double x);
/// A computed result written to an emitter, noise-free as above: a sequence's next item, or a mapping's entry `key`.
void computed(doc::Emitter& e, double x);
void computed(doc::Emitter& e, std::string_view key, double x);

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, its quotes doubled. Ids and
/// numbers pass unchanged; names (options, GENIUS labels, file names) may need the quotes.
[[nodiscard]] std::string csv_field(const std::string& text);

}  // namespace parley::report
