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
#include "sweep/bytes.hpp"

namespace parley::sweep {

namespace {

using doc::Kind;
using doc::Node;

// What a key means to the naming rules (outputs.hpp): a label is left out; a naming key names the list item it
// is in, the lower its rank the stronger (id, issue, actor, dm, round, number, state, equilibrium, then members).
struct KeyRole {
  bool label = false;
  std::size_t rank = kNotNaming;
  static constexpr std::size_t kNotNaming = static_cast<std::size_t>(-1);
};
constexpr std::size_t kMembersRank = 8;

// Every key of a result passes here, hundreds a draw: by length, then by comparison with the few of that length.
constexpr KeyRole role_of(std::string_view k) {
  switch (k.size()) {
    case 2:
      if (k == "id") return {true, 0};
      if (k == "dm") return {false, 3};
      if (k == "at") return {true, KeyRole::kNotNaming};
      break;
    case 4:
      if (k == "name" || k == "note") return {true, KeyRole::kNotNaming};
      break;
    case 5:
      if (k == "title" || k == "label") return {true, KeyRole::kNotNaming};
      if (k == "issue") return {false, 1};
      if (k == "actor") return {false, 2};
      if (k == "round") return {false, 4};
      if (k == "state") return {false, 6};
      break;
    case 6:
      if (k == "parley" || k == "source") return {true, KeyRole::kNotNaming};
      if (k == "number") return {false, 5};
      break;
    case 7:
      if (k == "pattern") return {true, KeyRole::kNotNaming};
      if (k == "members") return {false, kMembersRank};
      break;
    case 11:
      if (k == "description") return {true, KeyRole::kNotNaming};
      if (k == "equilibrium") return {false, 7};
      break;
    default:
      break;
  }
  return {};
}

static_assert(role_of("id").label && role_of("id").rank == 0 && role_of("equilibrium").rank == 7 &&
              !role_of("median").label && role_of("median").rank == KeyRole::kNotNaming);

}  // namespace

void OutputEmitter::Path::grow(std::size_t size) {
  buffer_.resize(std::max(size, 2 * buffer_.size()));
}

void OutputEmitter::Path::replace(std::size_t at, std::size_t length, std::string_view with) {
  const std::size_t tail = size_ - at - length, size = size_ - length + with.size();
  if (size > buffer_.size()) grow(size);
  std::memmove(buffer_.data() + at + with.size(), buffer_.data() + at + length, tail);
  if (!with.empty()) std::memcpy(buffer_.data() + at, with.data(), with.size());
  size_ = size;
}

OutputEmitter::Frame& OutputEmitter::push(bool sequence) {
  if (depth_ == frames_.size()) frames_.emplace_back();
  Frame& f = frames_[depth_++];
  f.sequence = sequence;
  f.base = path_.size();
  f.start = used_;
  f.item = false;
  f.name_rank = kNoName;
  f.items = 0;
  f.seen.clear();
  f.excluded = f.members = false;
  f.joined.clear();
  return f;
}

bool OutputEmitter::skipping_value() {
  if (skip_ > 0) return true;
  if (!skip_next_) return false;
  skip_next_ = false;
  return true;
}

Output& OutputEmitter::next() {
  if (used_ == out_.size()) out_.emplace_back();
  Output& o = out_[used_++];
  o.path.assign(path_.view());
  return o;
}

std::size_t OutputEmitter::seen(Frame& sequence, const std::string& name) {
  for (auto& [text, times] : sequence.seen) {
    if (text == name) return ++times;
  }
  sequence.seen.emplace_back(name, 1);
  return 1;
}

void OutputEmitter::rename(Frame& item, std::string_view name) {
  // Naming keys come first in most items, so that there is seldom anything written to rename.
  for (std::size_t i = item.start; i < used_; ++i) out_[i].path.replace(item.name_at, item.name_len, name);
  path_.replace(item.name_at, item.name_len, name);
  item.base = item.base - item.name_len + name.size();
  item.name_len = name.size();
}

void OutputEmitter::key(std::string_view k) {
  if (skip_ > 0) return;
  Frame& f = *top();
  path_.cut(f.base);
  path_.extend(k);
  const KeyRole role = role_of(k);
  // A naming key's value names the item only when it is a scalar; members name it by their elements.
  capture_ = f.item && role.rank < kMembersRank ? role.rank : kNoName;
  members_next_ = f.item && role.rank == kMembersRank;
  skip_next_ = role.label;
}

void OutputEmitter::scalar(double x, std::string_view text, bool is_number) {
  if (skip_ > 0) return;
  if (capture_ != kNoName) {
    Frame& item = *top();
    if (capture_ < item.name_rank) {
      item.name_rank = capture_;
      rename(item, text);
    }
  }
  capture_ = kNoName;
  members_next_ = false;
  if (skipping_value()) return;
  Frame* f = top();
  if (f == nullptr || !f->sequence) {
    Output& o = next();
    if (is_number) {
      o.value = x;
    } else if (auto* t = std::get_if<std::string>(&o.value)) {
      t->assign(text);
    } else {
      o.value.emplace<std::string>(text);
    }
    return;
  }
  // An element of a list of scalars: a membership, once however often it is listed.
  ++f->items;
  if (f->members) f->joined.append(f->joined.empty() ? "" : "+").append(text);
  scratch_.assign(text);
  if (seen(*f, scratch_) > 1) return;
  path_.cut(f->base);
  path_.extend(text);
  Output& o = next();
  if (auto* t = std::get_if<std::string>(&o.value)) {
    t->assign(kMember);
  } else {
    o.value.emplace<std::string>(kMember);
  }
  path_.cut(f->base);
}

void OutputEmitter::number(double x) {
  // A number is only turned into text where it names something (an item, a membership).
  const bool needs_text = capture_ != kNoName || (top() != nullptr && top()->sequence && skip_ == 0);
  scalar(x, needs_text ? core::format_number(x) : std::string(), true);
}

void OutputEmitter::string(std::string_view s) {
  scalar(0, s, false);
}

bool OutputEmitter::open_skipped() {
  capture_ = kNoName;
  members_next_ = false;
  if (skip_ > 0 || skipping_value()) {
    ++skip_;
    return true;
  }
  return false;
}

void OutputEmitter::begin_mapping() {
  if (open_skipped()) return;
  Frame* parent = top();
  if (parent == nullptr || !parent->sequence) {
    push(false);
    return;
  }
  // A list item: named by its position until its naming key (if any) is seen.
  if (parent->members) parent->joined.append(parent->joined.empty() ? "" : "+");  // a member without text
  const std::string position = std::to_string(parent->items++);
  path_.cut(parent->base);
  path_.extend(position);
  const std::size_t name_len = position.size(), name_at = path_.size() - name_len;
  Frame& f = push(false);
  f.item = true;
  f.name_at = name_at;
  f.name_len = name_len;
}

void OutputEmitter::end_mapping() {
  if (skip_ > 0) {
    --skip_;
    return;
  }
  Frame& f = *top();
  --depth_;
  Frame* parent = top();
  if (f.item) {
    scratch_.assign(path_.view().substr(f.name_at, f.name_len));
    if (const std::size_t times = seen(*parent, scratch_); times > 1) rename(f, scratch_ + "#" + std::to_string(times));
  }
  path_.cut(parent == nullptr ? 0 : parent->base);
}

void OutputEmitter::begin_sequence() {
  const bool members = members_next_;
  if (open_skipped()) return;
  Frame* parent = top();
  if (parent != nullptr && parent->sequence) {
    parent->excluded = true;  // a list of lists: the whole list is left out
    ++parent->items;
    if (parent->members) parent->joined.append(parent->joined.empty() ? "" : "+");
    ++skip_;
    return;
  }
  push(true).members = members;
}

void OutputEmitter::end_sequence() {
  if (skip_ > 0) {
    --skip_;
    return;
  }
  Frame& f = *top();
  if (f.excluded) used_ = f.start;
  --depth_;
  Frame* parent = top();
  if (f.members && parent != nullptr && parent->item && kMembersRank < parent->name_rank) {
    parent->name_rank = kMembersRank;
    rename(*parent, f.joined);
  }
  path_.cut(parent == nullptr ? 0 : parent->base);
}

Output* OutputEmitter::plain_entry(std::string_view k) {
  if (skip_ > 0) return nullptr;
  const Frame& f = frames_[depth_ - 1];  // a key is only ever inside a mapping
  const KeyRole role = role_of(k);
  if (role.label || (f.item && role.rank != KeyRole::kNotNaming)) return nullptr;
  path_.cut(f.base);
  path_.extend(k);
  capture_ = kNoName;
  members_next_ = skip_next_ = false;
  return &next();
}

void OutputEmitter::num(std::string_view k, double x) {
  if (Output* o = plain_entry(k)) {
    o->value = x;
  } else {
    key(k);
    number(x);
  }
}

void OutputEmitter::str(std::string_view k, std::string_view s) {
  if (Output* o = plain_entry(k)) {
    if (auto* t = std::get_if<std::string>(&o->value)) {
      t->assign(s);
    } else {
      o->value.emplace<std::string>(s);
    }
  } else {
    key(k);
    string(s);
  }
}

void OutputEmitter::built(const std::function<Node()>& make) {
  capture_ = kNoName;
  members_next_ = false;
  if (skipping_value()) return;
  node(make());
}

std::vector<Output> flatten(const Node& result) {
  std::vector<Output> out;
  {
    OutputEmitter e(out);
    e.node(result);
  }
  return out;
}

namespace {

// The five quantiles of `values`, reordering them: each type-7 quantile reads the order statistics at floor(h) and
// floor(h) + 1. Selecting them in ascending order, each within what the previous selection left above it, gives
// the same values as sorting, in linear time (a summary of 100,000 draws selects instead of sorting each of its
// hundreds of outputs).
std::array<double, 5> selected_quantiles(std::vector<double>& values) {
  // One past the last order statistic put in place. The indices asked for never decrease, so one below
  // `done` is that statistic itself.
  std::size_t done = 0;
  // Without NaNs, order_key's order is that of `<` (both zeros alike), which compares faster.
  const bool nan = std::any_of(values.begin(), values.end(), [](double x) { return std::isnan(x); });
  return quantiles_5_to_95(values.size(), [&](std::size_t i) {
    if (i >= done) {
      const auto from = values.begin() + static_cast<std::ptrdiff_t>(done);
      const auto at = values.begin() + static_cast<std::ptrdiff_t>(i);
      if (nan) {
        std::nth_element(from, at, values.end(), [](double a, double b) { return order_key(a) < order_key(b); });
      } else {
        std::nth_element(from, at, values.end());
      }
      done = i + 1;  // values[i] is in place and everything after it is no smaller
    }
    return unsigned_zero(values[i]);
  });
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
  own_[k] = std::move(cells);
  draws_[k] = own_[k];
}

namespace {

// A collector's message: "PLYD", then u64 counts and u32 ids in this machine's byte order, f64 numbers.
constexpr std::string_view kMagic = "PLYD";

using bytes::put;

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
  // Every draw's cells go in one block (its size bounded by the message's), each draw a view of its part: one
  // allocation and one pass instead of one of each per draw.
  auto& block = absorbed_.emplace_back();
  block.reserve(bytes.size() / sizeof(Cell));
  std::vector<std::pair<std::size_t, std::size_t>> parts;  // per draw: its first cell in the block, its count
  parts.reserve(count);
  for (std::uint64_t k = 0; k < count; ++k) {
    const auto cells = in.get<std::uint64_t>();
    if (cells > bytes.size() / sizeof(Cell)) throw std::invalid_argument("a collector's message ends early");
    const std::string_view raw = in.text(sizeof(Cell) * cells);
    const std::size_t at = block.size();
    block.resize(at + cells);
    if (cells > 0) std::memcpy(&block[at], raw.data(), raw.size());
    for (std::size_t i = at; i < at + cells; ++i) {
      Cell& c = block[i];
      if (c.path >= path_map.size() || (c.category != kNumber && c.category >= category_map.size())) {
        throw std::invalid_argument("a collector's message names an output it does not list");
      }
      c.path = path_map[c.path];
      if (c.category != kNumber) c.category = category_map[c.category];
    }
    if (!draws_[first + k].empty()) throw std::invalid_argument("a collector's message holds a draw already there");
    parts.emplace_back(at, cells);
  }
  // The block no longer grows (it was reserved for every cell the message can hold): views into it stay valid.
  for (std::uint64_t k = 0; k < count; ++k)
    draws_[first + k] = std::span<const Cell>(block.data() + parts[k].first, parts[k].second);
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

std::vector<Column> Collector::columns_by_output(unsigned threads) const {
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
  std::vector<Column> out(order.size());
  if (order.empty()) return out;
  // Slice t gathers outputs t, t + T, t + 2T, ...: each reads every draw but keeps only its own columns, so the
  // columns are built in parallel, and every output's numbers are in draw order whatever T.
  const std::size_t slices = std::min<std::size_t>(core::thread_count(threads), order.size());
  core::parallel_for(slices, threads, [&](std::size_t t) {
    struct Building {
      Column column;
      std::size_t last = SIZE_MAX;  // the last draw it appeared in
    };
    std::vector<Building> mine((order.size() - t + slices - 1) / slices);
    for (auto& b : mine) b.column.numbers.reserve(draws_.size());
    for (std::size_t d = 0; d < draws_.size(); ++d) {
      for (const Cell& cell : draws_[d]) {
        const std::size_t j = slot[cell.path];
        if (j % slices != t) continue;
        Building& b = mine[j / slices];
        // A draw gives each output once (flatten makes sure); were it given twice, the first counts, so that no
        // share can pass 1 nor the draws without it fall below 0.
        if (b.last == d) continue;
        b.last = d;
        Column& c = b.column;
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
    for (std::size_t i = 0; i < mine.size(); ++i) {
      const std::size_t j = t + i * slices;
      out[j] = std::move(mine[i].column);
      out[j].path = paths_[order[j]];
    }
  });
  return out;
}

void set_spread(Summary& s, double squares) {
  s.sd = one_nan(s.count > 1 ? std::sqrt(squares / static_cast<double>(s.count - 1)) : 0);
  s.se = one_nan(s.sd / std::sqrt(static_cast<double>(s.count)));
}

void set_quantiles(Summary& s, const std::array<double, 5>& q) {
  s.q05 = one_nan(q[0]);
  s.q25 = one_nan(q[1]);
  s.q50 = one_nan(q[2]);
  s.q75 = one_nan(q[3]);
  s.q95 = one_nan(q[4]);
}

void set_shares(Summary& s, std::map<std::string, std::size_t> categories, std::size_t seen, std::size_t draws) {
  const std::size_t missing = draws - seen;
  if (categories.empty() && missing == 0) return;
  if (missing > 0) categories[s.membership ? "false" : "absent"] += missing;
  for (const auto& [category, k] : categories) s.p[category] = static_cast<double>(k) / static_cast<double>(draws);
}

std::vector<Summary> Collector::summarise(unsigned threads) const {
  std::vector<Column> columns = columns_by_output(threads);
  std::vector<Summary> out(columns.size());
  core::parallel_for(columns.size(), threads, [&](std::size_t j) {
    Column& c = columns[j];
    Summary& s = out[j];
    s.path = std::move(c.path);
    s.membership = c.membership;
    s.count = c.numbers.size();
    if (!c.numbers.empty()) {
      double sum = 0;
      for (const double x : c.numbers) sum += x;  // draw order
      s.mean = mean_of(sum, s.count);
      double squares = 0;
      for (const double x : c.numbers) add_square(squares, x, s.mean);
      set_spread(s, squares);
      set_quantiles(s, selected_quantiles(c.numbers));  // reorders the column, read no more
    }
    set_shares(s, std::move(c.categories), c.seen, draws_.size());
    c = Column{};  // its memory back before the next
  });
  return out;
}

std::vector<Summary> summarise(const std::vector<std::vector<Output>>& draws) {
  Collector c(draws.size());
  for (std::size_t k = 0; k < draws.size(); ++k) c.add(k, draws[k]);
  return c.summarise();
}

}  // namespace parley::sweep
