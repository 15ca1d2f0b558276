#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <unordered_set>

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
  std::unordered_set<std::string> taken;  // a set, not a search of `out`: files of 100,000 actors
  for (const auto& id : ids) {
    std::string candidate = id;
    for (int n = 2; taken.contains(candidate); ++n) candidate = id + "_" + std::to_string(n);
    taken.insert(candidate);
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

namespace {

// x printed to 15 significant digits and read back: to_chars/from_chars round correctly, as printf("%.15g") and
// strtod do.
double snap_by_text(double x) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 15).ptr;
  double y = x;
  std::from_chars(buf, end, y);
  return y;
}

}  // namespace

double snap_decimal(double x) {
  if (!std::isfinite(x) || x == 0) return x;
  if (std::abs(x) < 1e15 && x == std::trunc(x)) return x;  // whole numbers have nothing to snap
  // A Monte Carlo sweep snaps every number of every draw, and printing to a precision costs several times the
  // shortest digits that read back as x. Those digits D (at most 17) round to 15 digits as x itself does: no
  // 15-digit half-way point lies strictly between x and D, since D is the shortest decimal that reads back as x
  // and, of those as short, the closest (a half-way point has 16 digits: were it between them, it would read
  // back as x and be shorter or closer). Only D on a half-way point is left to the printed path, which rounds
  // x's exact value.
  char buf[32];
  const char* const end = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific).ptr;
  // [-]d[.ddd]e(+|-)dd[d]: the digits are the first character and those between the point and the 'e'.
  const char* p = buf[0] == '-' ? buf + 1 : buf;
  const auto* e = static_cast<const char*>(std::memchr(p, 'e', static_cast<std::size_t>(end - p)));
  if (e == nullptr || e - p < 2) return x;             // one digit: nothing to round
  const auto n = static_cast<std::size_t>(e - p - 1);  // the digits: d, then e - p - 2 after the point
  if (n <= 15) return x;                               // 15 digits or fewer: they read back as x
  const char digit16 = p[16];                          // p[0] is digit 1, p[1] the point, p[k] digit k for k >= 2
  if (n == 16 && digit16 == '5') return snap_by_text(x);
  std::uint64_t m = static_cast<std::uint64_t>(p[0] - '0');
  for (std::size_t k = 2; k <= 15; ++k) m = m * 10 + static_cast<std::uint64_t>(p[k] - '0');
  if (digit16 >= '5') ++m;  // past half-way: a 16th digit 5 is followed by a 17th that is not 0
  int exponent = 0;
  for (const char* q = e + 2; q != end; ++q) exponent = exponent * 10 + (*q - '0');
  if (e[1] == '-') exponent = -exponent;
  if (m == 1'000'000'000'000'000U) {
    m /= 10;
    ++exponent;
  }
  // m x 10^(exponent - 14): both exact doubles (m < 2^53) when the power is at most 22, and then one IEEE
  // multiplication or division rounds their product correctly (Clinger 1990, "How to read floating point
  // numbers accurately", the fast path).
  static constexpr std::array<double, 23> kPow10 = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const int power = exponent - 14;
  if (power < -22 || power > 22) return snap_by_text(x);
  const auto mantissa = static_cast<double>(m);
  const double y = power < 0 ? mantissa / kPow10[static_cast<std::size_t>(-power)]
                             : mantissa * kPow10[static_cast<std::size_t>(power)];
  return buf[0] == '-' ? -y : y;
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
