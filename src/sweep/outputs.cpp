// Flattening analysis results and summarising them over draws.
#include "sweep/outputs.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <mutex>
#include <unordered_map>

#include "core/text.hpp"

namespace parley::sweep {

namespace {

using doc::Kind;
using doc::Node;

constexpr std::array<std::string_view, 10> kLabels = {"parley", "name",  "title", "label", "pattern",
                                                      "description", "note", "source", "at", "id"};
constexpr std::array<std::string_view, 8> kItemKeys = {"id",     "issue", "actor", "dm",
                                                       "round", "number", "state", "equilibrium"};
// Marks a membership category, so that a draw without the element counts it as false.
constexpr std::string_view kMember = "\x01member";

std::string scalar_text(const Node& n) {
  switch (n.kind) {
    case Kind::number: return core::format_number(n.number);
    case Kind::boolean: return n.boolean ? "true" : "false";
    case Kind::null: return "null";
    default: return n.text;
  }
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item_name(const Node& item, std::size_t index) {
  for (const auto key : kItemKeys) {
    if (const Node* n = item.find(key); n != nullptr && n->is_scalar()) return scalar_text(*n);
  }
  if (const Node* members = item.find("members"); members != nullptr && members->kind == Kind::sequence) {
    std::string out;
    for (const auto& m : members->items) out += (out.empty() ? "" : "+") + scalar_text(m);
    return out;
  }
  return std::to_string(index);
}

void walk(const Node& n, const std::string& path, std::vector<Output>& out) {
  switch (n.kind) {
    case Kind::number: out.push_back({path, n.number}); return;
    case Kind::boolean:
    case Kind::null:
    case Kind::string: out.push_back({path, scalar_text(n)}); return;
    case Kind::mapping:
      for (const auto& [key, value] : n.entries) {
        if (std::find(kLabels.begin(), kLabels.end(), key.text) != kLabels.end()) continue;
        walk(value, join(path, key.text), out);
      }
      return;
    case Kind::sequence: {
      if (std::any_of(n.items.begin(), n.items.end(), [](const Node& i) { return i.kind == Kind::sequence; })) return;
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        const Node& item = n.items[i];
        if (item.kind == Kind::mapping) {
          walk(item, join(path, item_name(item, i)), out);
        } else {
          out.push_back({join(path, scalar_text(item)), std::string(kMember)});
        }
      }
      return;
    }
  }
}

}  // namespace

std::vector<Output> flatten(const Node& result) {
  std::vector<Output> out;
  walk(result, "", out);
  return out;
}

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::uint32_t Collector::intern(std::vector<std::string>& names, std::unordered_map<std::string, std::uint32_t>& ids,
                                const std::string& name) {
  const auto [it, fresh] = ids.try_emplace(name, static_cast<std::uint32_t>(names.size()));
  if (fresh) names.push_back(name);
  return it->second;
}

std::optional<std::uint32_t> Collector::known(const std::unordered_map<std::string, std::uint32_t>& ids,
                                              const std::string& name) const {
  const auto it = ids.find(name);
  if (it == ids.end()) return std::nullopt;
  return it->second;
}

void Collector::add(std::size_t k, const std::vector<Output>& outputs) {
  std::vector<Cell> cells(outputs.size());
  std::vector<std::size_t> unknown;  // outputs whose path or category is new
  {
    const std::shared_lock lock(*mutex_);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      const auto path = known(path_ids_, outputs[i].path);
      const auto* text = std::get_if<std::string>(&outputs[i].value);
      const auto category = text ? known(category_ids_, *text) : std::nullopt;
      if (!path || (text && !category)) {
        unknown.push_back(i);
        continue;
      }
      cells[i].path = *path;
      if (text) {
        cells[i].category = *category;
      } else {
        cells[i].number = std::get<double>(outputs[i].value);
      }
    }
  }
  if (!unknown.empty()) {
    const std::unique_lock lock(*mutex_);
    for (const std::size_t i : unknown) {
      cells[i].path = intern(paths_, path_ids_, outputs[i].path);
      if (const auto* text = std::get_if<std::string>(&outputs[i].value)) {
        cells[i].category = intern(categories_, category_ids_, *text);
      } else {
        cells[i].number = std::get<double>(outputs[i].value);
      }
    }
  }
  draws_[k] = std::move(cells);
}

std::vector<Output> Collector::draw(std::size_t k) const {
  std::vector<Output> out;
  for (const Cell& c : draws_[k]) {
    out.push_back({paths_[c.path], c.category == kNumber ? Value(c.number) : Value(categories_[c.category])});
  }
  return out;
}

std::vector<std::vector<double>> Collector::columns(const std::vector<std::string>& paths) const {
  std::vector<std::vector<double>> out(paths.size(), std::vector<double>(draws_.size(), std::nan("")));
  std::vector<std::int64_t> slot(paths_.size(), -1);
  for (std::size_t j = 0; j < paths.size(); ++j) {
    if (const auto id = path_ids_.find(paths[j]); id != path_ids_.end()) slot[id->second] = static_cast<std::int64_t>(j);
  }
  for (std::size_t k = 0; k < draws_.size(); ++k) {
    for (const Cell& c : draws_[k]) {
      if (slot[c.path] >= 0 && c.category == kNumber) out[static_cast<std::size_t>(slot[c.path])][k] = c.number;
    }
  }
  return out;
}

std::vector<Summary> Collector::summarise() const {
  struct Column {
    std::vector<double> numbers;
    std::map<std::string, std::size_t> categories;
    std::size_t seen = 0;  // draws in which the output appears
    bool membership = false;
    bool listed = false;
  };
  std::vector<Column> columns(paths_.size());
  std::vector<std::uint32_t> order;  // first appearance, draws in order
  for (const auto& draw : draws_) {
    for (const Cell& cell : draw) {
      Column& c = columns[cell.path];
      if (!c.listed) {
        c.listed = true;
        order.push_back(cell.path);
      }
      ++c.seen;
      if (cell.category == kNumber) {
        c.numbers.push_back(cell.number);
      } else if (categories_[cell.category] == kMember) {
        c.membership = true;
        ++c.categories["true"];
      } else {
        ++c.categories[categories_[cell.category]];
      }
    }
  }
  const auto n = static_cast<double>(draws_.size());
  std::vector<Summary> out;
  for (const std::uint32_t id : order) {
    Column& c = columns[id];
    Summary s;
    s.path = paths_[id];
    s.membership = c.membership;
    s.count = c.numbers.size();
    if (!c.numbers.empty()) {
      double sum = 0;
      for (const double x : c.numbers) sum += x;  // draw order
      s.mean = sum / static_cast<double>(s.count);
      double squares = 0;
      for (const double x : c.numbers) squares += (x - s.mean) * (x - s.mean);
      s.sd = s.count > 1 ? std::sqrt(squares / static_cast<double>(s.count - 1)) : 0;
      s.se = s.sd / std::sqrt(static_cast<double>(s.count));
      std::vector<double> sorted = c.numbers;
      std::sort(sorted.begin(), sorted.end());
      s.q05 = quantile(sorted, 0.05);
      s.q25 = quantile(sorted, 0.25);
      s.q50 = quantile(sorted, 0.50);
      s.q75 = quantile(sorted, 0.75);
      s.q95 = quantile(sorted, 0.95);
    }
    const std::size_t missing = draws_.size() - c.seen;
    if (!c.categories.empty() || missing > 0) {
      if (missing > 0) c.categories[c.membership ? "false" : "absent"] += missing;
      for (const auto& [category, k] : c.categories) s.p[category] = static_cast<double>(k) / n;
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Summary> summarise(const std::vector<std::vector<Output>>& draws) {
  Collector c(draws.size());
  for (std::size_t k = 0; k < draws.size(); ++k) c.add(k, draws[k]);
  return c.summarise();
}

}  // namespace parley::sweep
