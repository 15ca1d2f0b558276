// SIM state by state. The others' simultaneous responses to k's improvements from s are the same for every
// improvement: a choice, per other decision maker, of staying or one of its improvements from s, which changes
// only options k does not control. Each response so picks one of k's lines (the states that agree on every
// option k does not control), and on that line the patterns of k's options that k likes no more than s. s is
// stable when the union of those sets, over the responses, covers every improvement of k. Each line keeps its
// feasible patterns in increasing rank with the union of every prefix as a bitset, so one response costs one
// binary search and an OR, and the search stops as soon as every improvement is covered.
//
// Most states are decided before any response is tried: Nash-stable ones (no improvement), and unstable ones
// through two relaxations whose responses include every true one (an improvement they cannot sanction has no
// sanction): every other decision maker free (`Lines::floor`), or one of them held to its choices and the
// rest free (`Relaxation`). On the benchmark's 20 x 4 conflicts the pass costs about twice SEQ's
// (docs/benchmarks.md). In the worst case the responses are the product of the others' choices, the set the
// definition (and gmcr-py) examines; docs/stability.md, "SIM".
#include "conflict/simultaneous.hpp"

#include <algorithm>
#include <bit>
#include <functional>
#include <limits>
#include <string>
#include <utility>

#include "conflict/stability.hpp"  // kNoMove
#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::conflict {

namespace {

// k's patterns as bitsets up to 2^8 patterns: 32 bytes per state.
constexpr int kMaxBitsetOptions = 8;
// A relaxation for k and j is built when their options number at most this: 2^16 (rank, pattern) entries.
constexpr int kMaxRelaxationOptions = 16;

// The bits of a code that `mask` selects, packed into the low bits in their order (a portable pext), by one
// table lookup per byte of the code.
class Gather {
 public:
  Gather(Code mask, std::size_t options) : bytes_((options + 7) / 8), table_(bytes_ * 256) {
    for (std::size_t i = 0; i < bytes_; ++i) {
      for (std::uint64_t v = 0; v < 256; ++v) table_[i * 256 + v] = slow(v << (8 * i), mask);
    }
  }
  [[nodiscard]] std::uint64_t operator()(Code c) const {
    std::uint64_t out = 0;
    for (std::size_t i = 0; i < bytes_; ++i) out |= table_[i * 256 + ((c >> (8 * i)) & 0xFFU)];
    return out;
  }

 private:
  static std::uint64_t slow(Code c, Code mask) {
    std::uint64_t out = 0;
    for (unsigned i = 0; mask != 0; mask &= mask - 1, ++i) {
      if ((c & mask & (~mask + 1)) != 0) out |= std::uint64_t{1} << i;
    }
    return out;
  }
  std::size_t bytes_;
  std::vector<std::uint64_t> table_;
};

// Groups of k's patterns (its options' values, gathered), each in increasing rank, with the union of every prefix
// as a bitset of `words` 64-bit words: the patterns of a group ranked at most r are one binary search away.
class RankedSets {
 public:
  /// `entries` holds (rank, pattern) per group, the groups end to end: group g is [start[g], start[g + 1]).
  RankedSets(std::vector<std::uint32_t> start, std::vector<std::pair<Rank, std::uint32_t>> entries, std::size_t words)
      : words_(words), start_(std::move(start)), rank_(entries.size()), prefix_(entries.size() * words, 0) {
    for (std::size_t g = 0; g + 1 < start_.size(); ++g) {
      std::sort(entries.begin() + start_[g], entries.begin() + start_[g + 1]);
      for (std::uint32_t i = start_[g]; i < start_[g + 1]; ++i) {
        rank_[i] = entries[i].first;
        std::uint64_t* p = &prefix_[i * words_];
        if (i > start_[g]) std::copy_n(p - words_, words_, p);
        p[entries[i].second / 64] |= std::uint64_t{1} << (entries[i].second % 64);
      }
    }
  }

  [[nodiscard]] std::size_t words() const { return words_; }
  /// The patterns of group g ranked at most r; nullptr when there are none.
  [[nodiscard]] const std::uint64_t* at_most(std::size_t g, Rank r) const {
    const auto first = rank_.begin() + start_[g], last = rank_.begin() + start_[g + 1];
    const auto end = std::upper_bound(first, last, r);
    if (end == first) return nullptr;
    return &prefix_[static_cast<std::size_t>(end - rank_.begin() - 1) * words_];
  }
  /// Every pattern of group g (g not empty).
  [[nodiscard]] const std::uint64_t* all(std::size_t g) const { return &prefix_[(start_[g + 1] - 1) * words_]; }

 private:
  std::size_t words_;
  std::vector<std::uint32_t> start_;
  std::vector<Rank> rank_;
  std::vector<std::uint64_t> prefix_;
};

// k's lines, numbered by the values of the options k does not control (gathered), each holding k's feasible
// patterns as RankedSets.
class Lines {
 public:
  Lines(const Model& m, std::size_t k)
      : pattern_(m.dm(k).options, m.option_count()),
        line_(m.all_options() & ~m.dm(k).options, m.option_count()),
        floor_(std::size_t{1} << std::popcount(m.dm(k).options), std::numeric_limits<Rank>::max()),
        sets_(build(m, k)) {
    for (State x = 0; x < m.size(); ++x) {
      Rank& f = floor_[pattern_(m.code(x))];
      f = std::min(f, m.rank(k, x));
    }
  }

  [[nodiscard]] std::size_t words() const { return sets_.words(); }
  /// The least rank of k over the states with pattern a (the largest Rank when none is feasible): no response of
  /// the others can sanction an improvement to pattern a at a state k ranks below it.
  [[nodiscard]] Rank floor(std::uint64_t a) const { return floor_[a]; }
  [[nodiscard]] std::uint64_t pattern(Code c) const { return pattern_(c); }
  [[nodiscard]] std::uint64_t line(Code c) const { return line_(c); }
  /// The patterns of line l that k likes no more than r; nullptr when there are none.
  [[nodiscard]] const std::uint64_t* at_most(std::uint64_t l, Rank r) const { return sets_.at_most(l, r); }
  /// Every feasible pattern of line l (never empty for the line of a state).
  [[nodiscard]] const std::uint64_t* all(std::uint64_t l) const { return sets_.all(l); }

 private:
  RankedSets build(const Model& m, std::size_t k) const {
    const std::size_t lines = std::size_t{1} << std::popcount(m.all_options() & ~m.dm(k).options);
    std::vector<std::uint32_t> start(lines + 1, 0);
    for (State x = 0; x < m.size(); ++x) ++start[line_(m.code(x)) + 1];
    for (std::size_t l = 0; l < lines; ++l) start[l + 1] += start[l];
    std::vector<std::pair<Rank, std::uint32_t>> entries(m.size());
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (State x = 0; x < m.size(); ++x) {
      entries[fill[line_(m.code(x))]++] = {m.rank(k, x), static_cast<std::uint32_t>(pattern_(m.code(x)))};
    }
    return {std::move(start), std::move(entries), ((std::size_t{1} << std::popcount(m.dm(k).options)) + 63) / 64};
  }

  Gather pattern_, line_;
  std::vector<Rank> floor_;
  RankedSets sets_;
};

// A relaxation that rejects most unstable states before any response is tried: for one other decision maker j,
// the responses in which j stays or makes one of its improvements and everybody else sets its options to
// anything. They include every true response, so an improvement none of them can sanction has no sanction. For
// each pattern c of j's options, as RankedSets: k's patterns a by the least rank of k over the states with k's
// pattern a and j's pattern c.
class Relaxation {
 public:
  Relaxation(const Model& m, std::size_t k, std::size_t j, const Lines& lines)
      : j_pattern_(m.dm(j).options, m.option_count()), sets_(build(m, k, j, lines)) {}

  /// Whether every improvement (a bitset over k's patterns) may be sanctioned when j stays at s's pattern `home`
  /// or makes one of the code changes `changes`, at a state of k's rank r.
  [[nodiscard]] bool may_cover(Code home, const std::vector<Code>& changes, Rank r,
                               const std::vector<std::uint64_t>& improvements,
                               std::vector<std::uint64_t>& cover) const {
    std::fill(cover.begin(), cover.end(), 0);
    const std::uint64_t c0 = j_pattern_(home);
    add(c0, r, cover);
    for (const Code change : changes) add(c0 ^ j_pattern_(change), r, cover);
    for (std::size_t i = 0; i < cover.size(); ++i) {
      if ((improvements[i] & ~cover[i]) != 0) return false;
    }
    return true;
  }

 private:
  RankedSets build(const Model& m, std::size_t k, std::size_t j, const Lines& lines) const {
    const std::size_t patterns = std::size_t{1} << std::popcount(m.dm(k).options);
    const std::size_t choices = std::size_t{1} << std::popcount(m.dm(j).options);
    std::vector<Rank> least(choices * patterns, std::numeric_limits<Rank>::max());
    for (State x = 0; x < m.size(); ++x) {
      Rank& f = least[j_pattern_(m.code(x)) * patterns + lines.pattern(m.code(x))];
      f = std::min(f, m.rank(k, x));
    }
    std::vector<std::uint32_t> start(choices + 1, 0);
    std::vector<std::pair<Rank, std::uint32_t>> entries;
    for (std::size_t c = 0; c < choices; ++c) {
      for (std::size_t a = 0; a < patterns; ++a) {
        if (least[c * patterns + a] != std::numeric_limits<Rank>::max()) {
          entries.emplace_back(least[c * patterns + a], static_cast<std::uint32_t>(a));
        }
      }
      start[c + 1] = static_cast<std::uint32_t>(entries.size());
    }
    return {std::move(start), std::move(entries), lines.words()};
  }

  void add(std::uint64_t c, Rank r, std::vector<std::uint64_t>& cover) const {
    const std::uint64_t* p = sets_.at_most(c, r);
    if (p == nullptr) return;
    for (std::size_t i = 0; i < cover.size(); ++i) cover[i] |= p[i];
  }

  Gather j_pattern_;
  RankedSets sets_;
};

// One state's search. The others' improvements from s are taken as changes to the code; a depth-first walk over
// their choices (staying first) visits each response. With k's lines, each response ORs its sanctions into
// `cover` until that holds every improvement. Without them (k controls more than kMaxBitsetOptions options, whose
// bitsets would not fit), each improvement of k in turn looks for one response that sanctions it.
class Search {
 public:
  Search(const Model& m, std::size_t k, const Lines* lines) : m_(m), k_(k), lines_(lines) {
    for (std::size_t j = 0; j < m.dm_count(); ++j) {
      if (j != k) others_.push_back(j);
    }
    changes_.resize(others_.size());
    if (lines != nullptr) {
      improvements_.resize(lines->words());
      cover_.resize(lines->words());
      // A relaxation per other decision maker, where its table stays small.
      const int own = std::popcount(m.dm(k).options);
      relaxations_.resize(others_.size());
      for (std::size_t i = 0; i < others_.size(); ++i) {
        if (own + std::popcount(m.dm(others_[i]).options) <= kMaxRelaxationOptions) {
          relaxations_[i].emplace(m, k, others_[i], *lines);
        }
      }
    }
  }

  bool stable(State s, double& responses) {
    r_ = m_.rank(k_, s);
    responses_ = 0;
    const bool out = lines_ != nullptr ? by_lines(s) : by_improvements(s);
    responses += static_cast<double>(responses_);
    return out;
  }

 private:
  // others_[i]'s improvements from s as changes to the code.
  void gather_changes(std::size_t i, State s) {
    changes_[i].clear();
    m_.for_each_improvement(others_[i], s, [&](State t) { changes_[i].push_back(m_.code(t) ^ m_.code(s)); });
  }

  bool by_lines(State s) {
    const Lines& lines = *lines_;
    const std::size_t w = lines.words();
    home_ = lines.line(m_.code(s));
    std::fill(improvements_.begin(), improvements_.end(), 0);
    if (m_.moves_freely(k_)) {
      const std::uint64_t* all = lines.all(home_);
      const std::uint64_t* below = lines.at_most(home_, r_);  // never null: s itself is on its line
      for (std::size_t i = 0; i < w; ++i) improvements_[i] = all[i] & ~below[i];
    } else {
      m_.for_each_improvement(k_, s, [&](State t) {
        const std::uint64_t a = lines.pattern(m_.code(t));
        improvements_[a / 64] |= std::uint64_t{1} << (a % 64);
      });
    }
    bool none = true;
    for (std::size_t i = 0; i < w; ++i) {
      for (std::uint64_t bits = improvements_[i]; bits != 0; bits &= bits - 1) {
        if (lines.floor(i * 64 + static_cast<std::uint64_t>(std::countr_zero(bits))) > r_) return false;
      }
      none = none && improvements_[i] == 0;
    }
    if (none) return true;
    // The others' improvements one decision maker at a time, each checked against its relaxation at once.
    bool any = false;
    for (std::size_t i = 0; i < others_.size(); ++i) {
      gather_changes(i, s);
      if (relaxations_[i] && !relaxations_[i]->may_cover(m_.code(s), changes_[i], r_, improvements_, cover_)) {
        return false;
      }
      any = any || !changes_[i].empty();
    }
    if (!any) return false;
    for (auto& changes : changes_) {
      for (auto& c : changes) c = lines.line(c);
    }
    std::fill(cover_.begin(), cover_.end(), 0);
    return walk(0, 0, [&](std::uint64_t change) {
      const std::uint64_t* below = lines.at_most(home_ ^ change, r_);
      if (below == nullptr) return false;
      bool done = true;
      for (std::size_t i = 0; i < w; ++i) {
        cover_[i] |= below[i];
        done = done && (improvements_[i] & ~cover_[i]) == 0;
      }
      return done;
    });
  }

  bool by_improvements(State s) {
    targets_.clear();
    m_.for_each_improvement(k_, s, [&](State t) { targets_.push_back(m_.code(t)); });
    if (targets_.empty()) return true;
    bool any = false;
    for (std::size_t i = 0; i < others_.size(); ++i) {
      gather_changes(i, s);
      any = any || !changes_[i].empty();
    }
    if (!any) return false;
    return std::all_of(targets_.begin(), targets_.end(), [&](Code t) {
      return walk(0, 0, [&](Code change) {
        const State x = m_.at(t ^ change);
        return x != kNoState && m_.rank(k_, x) <= r_;
      });
    });
  }

  // Level i chooses for others_[i], staying first; true as soon as `leaf` is true for a response.
  template <class Leaf>
  bool walk(std::size_t i, Code change, const Leaf& leaf) {
    if (i == others_.size()) {
      if (change == 0) return false;  // nobody moved: k's improvement stands
      ++responses_;
      return leaf(change);
    }
    if (walk(i + 1, change, leaf)) return true;
    for (const Code c : changes_[i]) {
      if (walk(i + 1, change ^ c, leaf)) return true;
    }
    return false;
  }

  const Model& m_;
  std::size_t k_;
  const Lines* lines_;
  std::vector<std::size_t> others_;
  std::vector<std::vector<Code>> changes_;
  std::vector<std::optional<Relaxation>> relaxations_;
  std::vector<std::uint64_t> improvements_, cover_;
  std::vector<Code> targets_;
  Rank r_ = 0;
  std::uint64_t home_ = 0;
  std::size_t responses_ = 0;
};

}  // namespace

std::vector<std::uint8_t> simultaneous_stable(const Model& m, std::size_t k, const std::vector<Rank>& best_move,
                                              double max_responses, const core::Work* work) {
  std::optional<Lines> lines;
  if (std::popcount(m.dm(k).options) <= kMaxBitsetOptions) lines.emplace(m, k);
  Search search(m, k, lines ? &*lines : nullptr);
  std::vector<std::uint8_t> out(m.size(), 0);
  double responses = 0;
  for (State s = 0; s < m.size(); ++s) {
    if (work != nullptr && (s & 0xFFFFU) == 0) work->check();
    const bool nash = best_move[s] == kNoMove || best_move[s] <= m.rank(k, s);
    out[s] = nash || search.stable(s, responses) ? 1 : 0;
    if (responses > max_responses) {
      throw LimitError("SIM stability for '" + m.dm(k).id + "' examined more than " +
                       core::format_number(max_responses / 1e9) + " billion simultaneous responses of the others " +
                       "by state " + std::to_string(s + 1) + " of " + std::to_string(m.size()) +
                       " (the product of each other decision maker's improvements, per state)");
    }
  }
  return out;
}

std::optional<SimultaneousResponse> simultaneous_sanction(const Model& m, std::size_t k, State s, State t) {
  const Rank r = m.rank(k, s);
  std::vector<std::vector<State>> choices;  // per other decision maker: its improvements from s
  std::vector<std::size_t> others;
  for (std::size_t j = 0; j < m.dm_count(); ++j) {
    if (j == k) continue;
    others.push_back(j);
    choices.emplace_back();
    m.for_each_improvement(j, s, [&](State u) { choices.back().push_back(u); });
  }
  // By the number of movers, then depth first in the order of the decision makers and of their moves.
  std::vector<Step> moves;
  std::optional<SimultaneousResponse> found;
  const std::function<bool(std::size_t, std::size_t, Code)> walk = [&](std::size_t i, std::size_t left, Code code) {
    if (i == others.size()) {
      if (left != 0) return false;
      const State x = m.at(code);
      if (x == kNoState || m.rank(k, x) > r) return false;
      found = SimultaneousResponse{moves, x};
      return true;
    }
    if (others.size() - i > left && walk(i + 1, left, code)) return true;  // others[i] stays
    if (left == 0) return false;
    for (const State u : choices[i]) {
      moves.push_back({others[i], s, u});
      const bool done = walk(i + 1, left - 1, code ^ m.code(u) ^ m.code(s));
      moves.pop_back();
      if (done) return true;
    }
    return false;
  };
  for (std::size_t movers = 1; movers <= others.size(); ++movers) {
    if (walk(0, movers, m.code(t))) return found;
  }
  return std::nullopt;
}

}  // namespace parley::conflict
