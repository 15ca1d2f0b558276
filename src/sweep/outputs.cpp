// Flattening analysis results and summarising them over draws.
#include "sweep/outputs.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "core/parallel.hpp"
#include "core/text.hpp"

namespace parley::sweep {

namespace {

using doc::Kind;
using doc::Node;

constexpr std::array<std::string_view, 10> kLabels = {"parley",      "name", "title",  "label", "pattern",
                                                      "description", "note", "source", "at",    "id"};
constexpr std::array<std::string_view, 8> kItemKeys = {"id",    "issue",  "actor", "dm",
                                                       "round", "number", "state", "equilibrium"};

std::string scalar_text(const Node& n) {
  switch (n.kind) {
    case Kind::number:
      return core::format_number(n.number);
    case Kind::boolean:
      return n.boolean ? "true" : "false";
    case Kind::null:
      return "null";
    default:
      return n.text;
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
    case Kind::number:
      out.push_back({path, n.number});
      return;
    case Kind::boolean:
    case Kind::null:
    case Kind::string:
      out.push_back({path, scalar_text(n)});
      return;
    case Kind::mapping:
      for (const auto& [key, value] : n.entries) {
        if (std::find(kLabels.begin(), kLabels.end(), key.text) != kLabels.end()) continue;
        walk(value, join(path, key.text), out);
      }
      return;
    case Kind::sequence: {
      if (std::any_of(n.items.begin(), n.items.end(), [](const Node& i) { return i.kind == Kind::sequence; })) return;
      // Each output appears once per draw: an element listed twice is one membership (a statement that decides
      // several ranking steps), and a second item of the same name is told apart by its occurrence.
      std::map<std::string, std::size_t> seen;
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        const Node& item = n.items[i];
        if (item.kind == Kind::mapping) {
          std::string name = item_name(item, i);
          if (const std::size_t times = ++seen[name]; times > 1) name += "#" + std::to_string(times);
          walk(item, join(path, name), out);
        } else if (++seen[scalar_text(item)] == 1) {
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

namespace {

// The 5, 25, 50, 75 and 95 % quantiles by linear interpolation between order statistics (Hyndman & Fan 1996,
// type 7, the R and NumPy default). Reorders `values`.
std::array<double, 5> quantiles_5_to_95(std::vector<double>& values) {
  // Each type-7 quantile reads the order statistics at floor(h) and floor(h) + 1. Selecting them in ascending
  // order, each within what the previous selection left above it, gives the same values as sorting, in linear
  // time (a summary of 100,000 draws selects instead of sorting each of its hundreds of outputs).
  constexpr std::array<double, 5> kQ = {0.05, 0.25, 0.50, 0.75, 0.95};
  std::array<double, 5> out{};
  if (values.empty()) return out;
  const std::size_t n = values.size();
  // One past the last order statistic put in place. The indices asked for never decrease, so one below
  // `done` is that statistic itself.
  std::size_t done = 0;
  const auto at = [&](std::size_t i) {
    if (i >= done) {
      std::nth_element(values.begin() + static_cast<std::ptrdiff_t>(done),
                       values.begin() + static_cast<std::ptrdiff_t>(i), values.end());
      done = i + 1;  // values[i] is in place and everything after it is no smaller
    }
    return values[i];
  };
  for (std::size_t j = 0; j < kQ.size(); ++j) {
    const double h = (static_cast<double>(n) - 1) * kQ[j];
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, n - 1);
    const double a = at(lo), b = at(hi);
    out[j] = a + (h - static_cast<double>(lo)) * (b - a);
  }
  return out;
}

}  // namespace

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
  // A thread's draws almost always give the same outputs in the same order, except where a forecast stopped
  // earlier or later. So each output's path is first compared with the one that followed the previous output's
  // path last time (the first path, for the first output), and its category with the one that path had last
  // time; a hash lookup is needed only where that guess is wrong (hashing paths took a third of a forecast
  // sweep's time). The guesses may come from another collector: they are only ever compared, never trusted.
  thread_local std::vector<std::uint32_t> after;  // after[p + 1]: the path that followed p; after[0]: the first
  thread_local std::vector<std::uint32_t> had;    // had[p]: the category p had
  const auto guess = [](const std::vector<std::uint32_t>& table, std::size_t at, const std::vector<std::string>& names,
                        const std::string& name) -> std::optional<std::uint32_t> {
    if (at < table.size() && table[at] < names.size() && names[table[at]] == name) return table[at];
    return std::nullopt;
  };
  const auto learn = [](std::vector<std::uint32_t>& table, std::size_t at, std::uint32_t id) {
    if (at >= table.size()) table.resize(at + 1, kNumber);
    table[at] = id;
  };
  std::vector<Cell> cells(outputs.size());
  std::vector<std::size_t> unknown;  // outputs whose path or category is new
  {
    const std::shared_lock lock(*mutex_);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      const std::size_t previous = i == 0 ? 0 : std::size_t{cells[i - 1].path} + 1;  // 1 when that one is new
      auto path = guess(after, previous, paths_, outputs[i].path);
      if (!path) path = known(path_ids_, outputs[i].path);
      const auto* text = std::get_if<std::string>(&outputs[i].value);
      std::optional<std::uint32_t> category_id;
      if (text && path) category_id = guess(had, *path, categories_, *text);
      if (text && !category_id) category_id = known(category_ids_, *text);
      if (!path || (text && !category_id)) {
        unknown.push_back(i);
        continue;
      }
      cells[i].path = *path;
      if (text) {
        cells[i].category = *category_id;
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
  for (std::size_t i = 0; i < cells.size(); ++i) {
    learn(after, i == 0 ? 0 : std::size_t{cells[i - 1].path} + 1, cells[i].path);
    if (cells[i].category != kNumber) learn(had, cells[i].path, cells[i].category);
  }
  draws_[k] = std::move(cells);
}

namespace {

// A collector's message: "PLYD", then u64 counts and u32 ids in this machine's byte order, f64 numbers.
constexpr std::string_view kMagic = "PLYD";

template <class T>
void put(std::string& out, T x) {
  out.append(reinterpret_cast<const char*>(&x), sizeof x);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    T x{};
    take(sizeof x);
    std::memcpy(&x, bytes_.data() + at_ - sizeof x, sizeof x);
    return x;
  }
  std::string_view text(std::size_t n) {
    take(n);
    return bytes_.substr(at_ - n, n);
  }
  [[nodiscard]] bool done() const { return at_ == bytes_.size(); }

 private:
  void take(std::size_t n) {
    if (n > bytes_.size() - at_) throw std::invalid_argument("a collector's message ends early");
    at_ += n;
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace

std::string Collector::encode() const {
  std::string out(kMagic);
  const auto names = [&out](const std::vector<std::string>& list) {
    put<std::uint64_t>(out, list.size());
    for (const auto& name : list) {
      put<std::uint64_t>(out, name.size());
      out += name;
    }
  };
  names(paths_);
  names(categories_);
  std::size_t cells = 0;
  for (const auto& draw : draws_) cells += draw.size();
  out.reserve(out.size() + 8 * (draws_.size() + 1) + sizeof(Cell) * cells);
  put<std::uint64_t>(out, draws_.size());
  for (const auto& draw : draws_) {
    put<std::uint64_t>(out, draw.size());
    // Cells as they lie in memory (two u32 ids and a double: no padding), a draw at a time.
    if (!draw.empty()) out.append(reinterpret_cast<const char*>(draw.data()), sizeof(Cell) * draw.size());
  }
  return out;
}

void Collector::absorb(std::size_t first, std::string_view bytes) {
  Reader in(bytes);
  if (in.text(kMagic.size()) != kMagic) throw std::invalid_argument("not a collector's message");
  const std::unique_lock lock(*mutex_);
  // Their ids to ours.
  const auto names = [&in, this](std::vector<std::string>& ours, std::unordered_map<std::string, std::uint32_t>& ids) {
    const auto n = in.get<std::uint64_t>();
    std::vector<std::uint32_t> map;
    for (std::uint64_t i = 0; i < n; ++i)
      map.push_back(intern(ours, ids, std::string(in.text(in.get<std::uint64_t>()))));
    return map;
  };
  const auto path_map = names(paths_, path_ids_);
  const auto category_map = names(categories_, category_ids_);
  const auto count = in.get<std::uint64_t>();
  if (first > draws_.size() || count > draws_.size() - first)
    throw std::invalid_argument("a collector's message holds draws past the run's");
  for (std::uint64_t k = 0; k < count; ++k) {
    const auto cells = in.get<std::uint64_t>();
    if (cells > bytes.size() / sizeof(Cell)) throw std::invalid_argument("a collector's message ends early");
    std::vector<Cell> draw(cells);
    const std::string_view raw = in.text(sizeof(Cell) * cells);
    if (cells > 0) std::memcpy(draw.data(), raw.data(), raw.size());
    for (Cell& c : draw) {
      if (c.path >= path_map.size() || (c.category != kNumber && c.category >= category_map.size())) {
        throw std::invalid_argument("a collector's message names an output it does not list");
      }
      c.path = path_map[c.path];
      if (c.category != kNumber) c.category = category_map[c.category];
    }
    if (!draws_[first + k].empty()) throw std::invalid_argument("a collector's message holds a draw already there");
    draws_[first + k] = std::move(draw);
  }
  if (!in.done()) throw std::invalid_argument("a collector's message has bytes after its draws");
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
    if (const auto id = path_ids_.find(paths[j]); id != path_ids_.end())
      slot[id->second] = static_cast<std::int64_t>(j);
  }
  for (std::size_t k = 0; k < draws_.size(); ++k) {
    for (const Cell& c : draws_[k]) {
      if (slot[c.path] >= 0 && c.category == kNumber) out[static_cast<std::size_t>(slot[c.path])][k] = c.number;
    }
  }
  return out;
}

std::vector<Summary> Collector::summarise(unsigned threads) const {
  // Outputs in order of first appearance, draws in order.
  std::vector<std::size_t> slot(paths_.size(), SIZE_MAX);
  std::vector<std::uint32_t> order;
  for (const auto& draw : draws_) {
    for (const Cell& cell : draw) {
      if (slot[cell.path] == SIZE_MAX) {
        slot[cell.path] = order.size();
        order.push_back(cell.path);
      }
    }
  }
  std::vector<Summary> out(order.size());
  if (order.empty()) return out;
  // Slice t gathers and summarises outputs t, t + T, t + 2T, ...: each reads every draw but keeps only its own
  // columns, so the columns are built in parallel too, and every output's numbers are in draw order whatever T.
  const std::size_t slices = std::min<std::size_t>(core::thread_count(threads), order.size());
  const auto n = static_cast<double>(draws_.size());
  core::parallel_for(slices, threads, [&](std::size_t t) {
    struct Column {
      std::vector<double> numbers;
      std::map<std::string, std::size_t> categories;
      std::size_t seen = 0;         // draws in which the output appears
      std::size_t last = SIZE_MAX;  // the last draw it appeared in
      bool membership = false;
    };
    std::vector<Column> columns((order.size() - t + slices - 1) / slices);
    for (auto& c : columns) c.numbers.reserve(draws_.size());
    for (std::size_t d = 0; d < draws_.size(); ++d) {
      for (const Cell& cell : draws_[d]) {
        const std::size_t j = slot[cell.path];
        if (j % slices != t) continue;
        Column& c = columns[j / slices];
        // A draw gives each output once (flatten makes sure); were it given twice, the first counts, so that no
        // share can pass 1 nor the draws without it fall below 0.
        if (c.last == d) continue;
        c.last = d;
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
    for (std::size_t i = 0; i < columns.size(); ++i) {
      Column& c = columns[i];
      const std::size_t j = t + i * slices;
      Summary& s = out[j];
      s.path = paths_[order[j]];
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
        const auto q = quantiles_5_to_95(c.numbers);  // reorders the column, read no more
        s.q05 = q[0];
        s.q25 = q[1];
        s.q50 = q[2];
        s.q75 = q[3];
        s.q95 = q[4];
      }
      const std::size_t missing = draws_.size() - c.seen;
      if (!c.categories.empty() || missing > 0) {
        if (missing > 0) c.categories[c.membership ? "false" : "absent"] += missing;
        for (const auto& [category, k] : c.categories) s.p[category] = static_cast<double>(k) / n;
      }
      c = Column{};  // its memory back before the next
    }
  });
  return out;
}

std::vector<Summary> summarise(const std::vector<std::vector<Output>>& draws) {
  Collector c(draws.size());
  for (std::size_t k = 0; k < draws.size(); ++k) c.add(k, draws[k]);
  return c.summarise();
}

}  // namespace parley::sweep
