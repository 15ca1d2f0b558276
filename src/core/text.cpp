#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

namespace parley::core {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    // A typo changes at most a third of a word (and at least one letter of a short one).
    const std::size_t limit = std::max<std::size_t>(1, std::max(word.size(), c.size()) / 3);
    if (d <= limit && (!best || d < best_distance)) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string quoted_list(std::span<const std::string> items, std::string_view last_sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? std::string(" ") + std::string(last_sep) + " " : std::string(", ");
    out += '\'' + items[i] + '\'';
  }
  return out;
}

std::string id_from_name(std::string_view name) {
  std::string out;
  bool pending_sep = false;
  for (const char raw : name) {
    const char c = (raw >= 'A' && raw <= 'Z') ? static_cast<char>(raw - 'A' + 'a') : raw;
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      pending_sep = true;
      continue;
    }
    if (pending_sep && !out.empty()) out += '_';
    pending_sep = false;
    out += c;
  }
  if (out.empty() || !(out[0] >= 'a' && out[0] <= 'z')) out = "x_" + out;
  if (out.back() == '_') out.pop_back();  // "x_" of an empty name
  return out;
}

std::vector<std::string> unique_ids(const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    std::string candidate = id;
    for (int n = 2; std::find(out.begin(), out.end(), candidate) != out.end(); ++n) {
      candidate = id + "_" + std::to_string(n);
    }
    out.push_back(std::move(candidate));
  }
  return out;
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || !(id[0] >= 'a' && id[0] <= 'z')) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string format_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return "0";  // also folds -0
  char buf[64];
  // Whole numbers print in full (1000000, not the shorter 1e+06) while every digit is exact.
  if (std::abs(x) < 9007199254740992.0 && x == std::trunc(x)) {
    const auto res = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(x));
    return std::string(buf, res.ptr);
  }
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, res.ptr);
}

double snap_decimal(double x) {
  if (!std::isfinite(x) || x == 0) return x;
  if (std::abs(x) < 1e15 && x == std::trunc(x)) return x;  // whole numbers have nothing to snap
  // to_chars/from_chars round correctly, as printf("%.15g") and strtod do, at a fraction of the cost (a
  // Monte Carlo sweep snaps every number of every draw).
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 15).ptr;
  double y = x;
  std::from_chars(buf, end, y);
  return y;
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many.empty() ? one + "s" : many);
}

}  // namespace parley::core
