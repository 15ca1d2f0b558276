#include "scenario/reader.hpp"

#include <algorithm>
#include <cmath>

#include "core/text.hpp"

namespace parley::scenario::detail {

using doc::Kind;
using doc::Node;

std::string found(const Node& node) {
  return node.describe();
}

SourceLocation expression_start(const Node& node) {
  SourceLocation at = node.where;
  if (!node.plain) at.column += 1;
  return at;
}

std::string Bounds::describe() const {
  if (lo && hi) return "in [" + core::format_number(*lo) + ", " + core::format_number(*hi) + "]";
  if (lo) return "at least " + core::format_number(*lo);
  if (hi) return "at most " + core::format_number(*hi);
  return "finite";
}

bool Reader::mapping(const Node& node, std::string_view what, std::initializer_list<std::string_view> allowed,
                     std::initializer_list<std::string_view> required) {
  if (node.kind != Kind::mapping) {
    error(node, "expected " + std::string(what) + " as a mapping, found " + found(node));
    return false;
  }
  std::vector<std::string> names(allowed.begin(), allowed.end());
  std::vector<std::string> guessed;
  for (const auto& [key, value] : node.entries) {
    if (std::find(allowed.begin(), allowed.end(), key.text) != allowed.end()) continue;
    std::string message = "unknown key '" + key.text + "' in " + std::string(what) + "; expected " +
                          (names.size() == 1 ? "" : "one of ") + core::quoted_list(names);
    if (const auto guess = core::closest_match(key.text, names)) {
      message += " (did you mean '" + *guess + "'?)";
      guessed.push_back(*guess);
    }
    error(key.where, message);
  }
  for (const auto key : required) {
    // A misspelt required key is already reported, with its correction, as an unknown key.
    const bool misspelt = std::find(guessed.begin(), guessed.end(), key) != guessed.end();
    if (node.find(key) == nullptr && !misspelt) {
      error(node, "missing key '" + std::string(key) + "' in " + std::string(what));
    }
  }
  return true;
}

bool Reader::sequence(const Node& node, std::string_view field, std::size_t min_items) {
  if (node.kind != Kind::sequence) {
    error(node, "expected a list for '" + std::string(field) + "', found " + found(node));
    return false;
  }
  if (node.items.size() < min_items) {
    error(node, "expected at least " + std::to_string(min_items) + (min_items == 1 ? " item" : " items") + " in '" +
                    std::string(field) + "', found " + std::to_string(node.items.size()));
    return false;
  }
  return true;
}

std::optional<std::string> Reader::text(const Node& node, std::string_view field) {
  if (node.kind == Kind::string) return node.text;
  // An unquoted YAML scalar is text as written (`title: 2026` is the title "2026").
  if (node.plain && node.is_scalar() && node.kind != Kind::null) return node.text;
  error(node, "expected a text for '" + std::string(field) + "', found " + found(node));
  return std::nullopt;
}

std::optional<std::string> Reader::id(const Node& node, std::string_view field) {
  auto t = text(node, field);
  if (!t) return std::nullopt;
  if (!core::is_valid_id(*t)) {
    const std::string suggestion = core::id_from_name(*t);
    error(node, "expected an id (a lower-case letter, then lower-case letters, digits or '_') for '" +
                    std::string(field) + "', found '" + *t + "' (try '" + suggestion + "')");
    return std::nullopt;
  }
  return t;
}

std::optional<double> Reader::number(const Node& node, std::string_view field, const Bounds& bounds) {
  if (node.kind != Kind::number) {
    error(node, "expected a number for '" + std::string(field) + "', found " + found(node));
    return std::nullopt;
  }
  if (!std::isfinite(node.number)) {
    error(node, "expected a finite number for '" + std::string(field) + "', found " + node.text);
    return std::nullopt;
  }
  if (!bounds.contains(node.number)) {
    const std::string name = field.starts_with("the ") ? std::string(field) : "'" + std::string(field) + "'";
    error(node, "expected " + name + " " + bounds.describe() + ", found " + node.text);
    return std::nullopt;
  }
  return node.number;
}

std::optional<std::string> Reader::date(const Node& node, std::string_view field) {
  auto t = text(node, field);
  if (!t) return std::nullopt;
  const std::string& s = *t;
  const auto digits = [&](std::size_t from, std::size_t n) {
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(from), s.begin() + static_cast<std::ptrdiff_t>(from + n),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  bool ok = s.size() == 10 && s[4] == '-' && s[7] == '-' && digits(0, 4) && digits(5, 2) && digits(8, 2);
  if (ok) {
    const int year = std::stoi(s.substr(0, 4));
    const int month = std::stoi(s.substr(5, 2));
    const int day = std::stoi(s.substr(8, 2));
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    ok = month >= 1 && month <= 12 && day >= 1 && day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  }
  if (!ok) {
    error(node, "expected a date YYYY-MM-DD for '" + std::string(field) + "', found '" + s + "'");
    return std::nullopt;
  }
  return t;
}

std::optional<double> Reader::point(const Node& node, std::string_view field, const Scale& scale) {
  if (scale.options != nullptr && (node.kind == Kind::string || (node.plain && node.kind != Kind::number))) {
    const auto& options = *scale.options;
    const auto it = std::find(options.begin(), options.end(), node.text);
    if (it != options.end()) return static_cast<double>(it - options.begin());
    std::string message = "expected an option of issue '" + std::string(scale.issue_id) + "' (" +
                          core::quoted_list(options) + ") or its index, found '" + node.text + "'";
    if (const auto guess = core::closest_match(node.text, options)) message += " (did you mean '" + *guess + "'?)";
    error(node, message);
    return std::nullopt;
  }
  if (scale.options != nullptr && node.kind == Kind::number &&
      std::find(scale.options->begin(), scale.options->end(), node.text) != scale.options->end() &&
      !scale.bounds.contains(node.number)) {
    error(node, "expected an option index in [0, " + std::to_string(scale.options->size() - 1) +
                    "] or a quoted option name for '" + std::string(field) + "', found " + node.text +
                    ", which is the name of an option of issue '" + std::string(scale.issue_id) + "': write \"" +
                    node.text + "\"");
    return std::nullopt;
  }
  auto x = number(node, field, scale.bounds);
  if (x && scale.options != nullptr && *x != std::floor(*x)) {
    error(node, "expected a whole option index for '" + std::string(field) + "' on discrete issue '" +
                    std::string(scale.issue_id) + "', found " + node.text);
    return std::nullopt;
  }
  return x;
}

std::optional<Uncertain> Reader::distribution(const Node& node, std::string_view field, const Bounds& bounds,
                                              const Scale* scale) {
  static const std::vector<std::string> kShapes = {"normal", "uniform", "triangular"};
  if (node.entries.size() != 1) {
    error(node, "expected a distribution with one key ('normal', 'uniform' or 'triangular') for '" +
                    std::string(field) + "', found " + std::to_string(node.entries.size()) + " keys");
    return std::nullopt;
  }
  const auto& [key, params] = node.entries.front();
  const auto shape_it = std::find(kShapes.begin(), kShapes.end(), key.text);
  if (shape_it == kShapes.end()) {
    std::string message = "unknown distribution '" + key.text + "' for '" + std::string(field) +
                          "'; expected 'normal', 'uniform' or 'triangular'";
    if (const auto guess = core::closest_match(key.text, kShapes)) message += " (did you mean '" + *guess + "'?)";
    error(key.where, message);
    return std::nullopt;
  }
  const std::size_t arity = key.text == "triangular" ? 3 : 2;
  const char* signature = key.text == "normal"    ? "[mean, sd]"
                          : key.text == "uniform" ? "[low, high]"
                                                  : "[low, mode, high]";
  if (params.kind != Kind::sequence || params.items.size() != arity) {
    error(params,
          "expected " + std::string(signature) + " for a " + key.text + " distribution, found " +
              (params.kind == Kind::sequence ? "a list of " + std::to_string(params.items.size()) : found(params)));
    return std::nullopt;
  }
  Uncertain u;
  u.shape = key.text == "normal"    ? Uncertain::Shape::normal
            : key.text == "uniform" ? Uncertain::Shape::uniform
                                    : Uncertain::Shape::triangular;
  bool ok = true;
  for (std::size_t k = 0; k < arity; ++k) {
    const bool is_sd = u.shape == Uncertain::Shape::normal && k == 1;
    std::optional<double> v;
    if (is_sd) {
      v = number(params.items[k], "the standard deviation of '" + std::string(field) + "'", Bounds{0.0, std::nullopt});
    } else if (scale != nullptr) {
      v = point(params.items[k], field, *scale);
    } else {
      v = number(params.items[k], field, bounds);
    }
    ok = ok && v.has_value();
    if (v) u.p[k] = *v;
  }
  if (!ok) return std::nullopt;
  const bool ordered = u.shape == Uncertain::Shape::uniform      ? u.p[0] <= u.p[1]
                       : u.shape == Uncertain::Shape::triangular ? u.p[0] <= u.p[1] && u.p[1] <= u.p[2]
                                                                 : true;
  if (!ordered) {
    error(params, "expected " + std::string(signature) + " in increasing order for a " + key.text +
                      " distribution, found " + core::format_number(u.p[0]) + ", " + core::format_number(u.p[1]) +
                      (arity == 3 ? ", " + core::format_number(u.p[2]) : std::string()));
    return std::nullopt;
  }
  return u;
}

std::optional<Uncertain> Reader::uncertain(const Node& node, std::string_view field, const Bounds& bounds) {
  if (node.kind == Kind::mapping) return distribution(node, field, bounds, nullptr);
  if (node.kind != Kind::number) {
    error(node, "expected a number or a distribution for '" + std::string(field) + "', found " + found(node));
    return std::nullopt;
  }
  const auto x = number(node, field, bounds);
  if (!x) return std::nullopt;
  return Uncertain::exactly(*x);
}

std::optional<Uncertain> Reader::position(const Node& node, std::string_view field, const Scale& scale) {
  if (node.kind == Kind::mapping) return distribution(node, field, scale.bounds, &scale);
  if (node.kind == Kind::sequence || node.kind == Kind::null || node.kind == Kind::boolean ||
      (node.kind == Kind::string && scale.options == nullptr)) {
    error(node, "expected a number or a distribution for '" + std::string(field) + "', found " + found(node));
    return std::nullopt;
  }
  const auto x = point(node, field, scale);
  if (!x) return std::nullopt;
  return Uncertain::exactly(*x);
}

std::optional<std::size_t> Reader::reference(const Node& node, std::string_view what,
                                             const std::vector<std::string>& known) {
  const auto t = text(node, what);
  if (!t) return std::nullopt;
  const auto it = std::find(known.begin(), known.end(), *t);
  if (it != known.end()) return static_cast<std::size_t>(it - known.begin());
  std::string message = "unknown " + std::string(what) + " '" + *t + "'";
  if (known.empty()) {
    message += "; none is declared";
  } else {
    message += "; expected " + std::string(known.size() == 1 ? "" : "one of ") + core::quoted_list(known);
    const auto guess = core::closest_match(*t, known);
    if (guess && known.size() > 1) message += " (did you mean '" + *guess + "'?)";
  }
  error(node, message);
  return std::nullopt;
}

std::string IdSet::read(Reader& r, const Node& item) {
  const Node* n = item.find("id");
  if (n == nullptr) return {};
  auto id = r.id(*n, "id");
  if (!id) return {};
  add(r, *id, n->where);
  return *id;
}

bool IdSet::add(Reader& r, const std::string& id, const SourceLocation& where) {
  const auto [it, fresh] = index_.try_emplace(id, ids_.size());
  if (!fresh) {
    const auto& first = where_[it->second];
    r.error(where, "duplicate " + what_ + " id '" + id + "'; it was first used at line " + std::to_string(first.line) +
                       ", column " + std::to_string(first.column));
    return false;
  }
  ids_.push_back(id);
  where_.push_back(where);
  return true;
}

}  // namespace parley::scenario::detail
