// Small text utilities shared by every module: suggestions, quoting, id derivation, number formatting.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::core {

/// Levenshtein distance, for "did you mean" hints.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a likely typo.
[[nodiscard]] std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates);

/// `'a', 'b' or 'c'` for messages.
[[nodiscard]] std::string quoted_list(std::span<const std::string> items, std::string_view last_sep = "or");

/// An id made from a display name, as docs/scenario-format.md, "Ids made from names", says:
/// lower-cased, runs outside [a-z0-9] become '_', ends trimmed, 'x_' before a non-letter start.
[[nodiscard]] std::string id_from_name(std::string_view name);

/// Makes ids unique in order of appearance: repeats get `_2`, `_3`, ...
[[nodiscard]] std::vector<std::string> unique_ids(const std::vector<std::string>& ids);

/// True when `id` matches ^[a-z][a-z0-9_]*$.
[[nodiscard]] bool is_valid_id(std::string_view id);

/// Shortest text that reads back as exactly `x` ("80", "0.35", "1e-07").
[[nodiscard]] std::string format_number(double x);

/// `x` rounded to 15 significant digits, so that arithmetic on decimal inputs gives decimal results
/// (0.4 - 0.05 is 0.35, not 0.35000000000000003). Used where parley itself computes a number a person wrote
/// in decimal: timeline changes and issue grids.
[[nodiscard]] double snap_decimal(double x);

/// "1 option", "3 options": a count with its noun (`many` defaults to `one` + "s").
[[nodiscard]] std::string plural(std::size_t n, const std::string& one, const std::string& many = "");

/// Strips ASCII white space from both ends.
[[nodiscard]] std::string_view trim(std::string_view s);

}  // namespace parley::core
