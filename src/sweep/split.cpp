#include "sweep/split.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "core/parallel.hpp"
#include "sweep/bytes.hpp"

namespace parley::sweep {

namespace {

constexpr const char* kWhat = "split summaries";

template <class T>
T get(std::string_view in, std::size_t& at) {
  return bytes::get<T>(in, at, kWhat);
}

// The rounds of a split summary. In each, every rank's reply goes to rank 0, whose decision every rank then hears;
// when any rank failed, every rank throws that rank's message instead, so that none waits for another that has
// gone. Local work between rounds goes through `local`: its failure is sent in the next round in place of a reply.
class Steps {
 public:
  explicit Steps(Ranks& ranks) : ranks_(ranks) {}

  template <class F>
  void local(const char* step, F&& f) {
    if (!pending_.empty()) return;  // an earlier step failed: what follows it has nothing to work on
    try {
      f();
    } catch (const std::exception& e) {
      pending_ = failure(ranks_.rank(), step, e.what());
    }
  }

  std::string round(const char* step, const std::function<std::string()>& reply,
                    const std::function<std::string(const std::vector<std::string>&)>& decide) {
    std::string mine = pending_;
    if (mine.empty()) {
      try {
        mine = "D" + reply();
      } catch (const std::exception& e) {
        mine = failure(ranks_.rank(), step, e.what());
      }
    }
    std::vector<std::string> all = ranks_.gather(mine);
    std::string next;
    if (ranks_.rank() == 0) {
      try {
        for (const auto& m : all) {
          if (m.empty() || m[0] != 'D') {
            next = m.empty() ? "Ea rank sent nothing" : m;
            break;
          }
        }
        if (next.empty()) {
          for (auto& m : all) m.erase(0, 1);
          next = "D" + decide(all);
        }
      } catch (const std::exception& e) {
        next = failure(0, step, e.what());
      } catch (...) {
        next = "Erank 0 failed";  // no room for the message: still a verdict, so that no rank waits
      }
    }
    next = ranks_.broadcast(next);
    if (next.empty() || next[0] != 'D')
      throw std::runtime_error(next.empty() ? "no verdict from rank 0" : next.substr(1));
    next.erase(0, 1);
    return next;
  }

 private:
  static std::string failure(int rank, const char* step, const char* what) {
    return "Erank " + std::to_string(rank) + ", " + step + ": " + what;
  }
  Ranks& ranks_;
  std::string pending_;  // "E" and this rank's failure since the last round
};

// An output over every rank's draws, as rank 0 adds it up.
struct Total {
  std::string path;
  std::map<std::string, std::size_t> categories;
  std::size_t seen = 0, count = 0;
  bool membership = false;
  std::uint64_t least = std::numeric_limits<std::uint64_t>::max(), greatest = 0;  // keys of the numbers
};

// A rank's outputs: each one's path, tallies and extreme values.
std::string describe(const std::vector<Column>& columns, std::size_t draws) {
  std::string out;
  bytes::put<std::uint64_t>(out, draws);
  bytes::put<std::uint64_t>(out, columns.size());
  for (const Column& c : columns) {
    bytes::put_text(out, c.path);
    bytes::put<std::uint64_t>(out, c.seen);
    bytes::put<std::uint8_t>(out, c.membership ? 1 : 0);
    bytes::put<std::uint64_t>(out, c.categories.size());
    for (const auto& [name, k] : c.categories) {
      bytes::put_text(out, name);
      bytes::put<std::uint64_t>(out, k);
    }
    bytes::put<std::uint64_t>(out, c.numbers.size());
    if (!c.numbers.empty()) {
      const auto [lo, hi] = std::minmax_element(c.numbers.begin(), c.numbers.end(),
                                                [](double a, double b) { return order_key(a) < order_key(b); });
      bytes::put<std::uint64_t>(out, order_key(*lo));
      bytes::put<std::uint64_t>(out, order_key(*hi));
    }
  }
  return out;
}

// Rank 0: every rank's description added up, outputs in order of first appearance (rank 0's first, in their order,
// then each later rank's new ones, as its draws follow).
std::vector<Total> add_up(const std::vector<std::string>& all, std::size_t& draws) {
  std::vector<Total> totals;
  std::unordered_map<std::string, std::size_t> index;
  draws = 0;
  for (const auto& message : all) {
    std::size_t at = 0;
    draws += get<std::uint64_t>(message, at);
    const auto n = get<std::uint64_t>(message, at);
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string path = bytes::get_text(message, at, kWhat);
      const auto [it, fresh] = index.try_emplace(path, totals.size());
      if (fresh) totals.emplace_back().path = std::move(path);
      Total& t = totals[it->second];
      t.seen += get<std::uint64_t>(message, at);
      if (get<std::uint8_t>(message, at) != 0) t.membership = true;  // read whatever t held before
      const auto categories = get<std::uint64_t>(message, at);
      for (std::uint64_t c = 0; c < categories; ++c) {
        std::string name = bytes::get_text(message, at, kWhat);
        t.categories[name] += get<std::uint64_t>(message, at);
      }
      const auto count = get<std::uint64_t>(message, at);
      t.count += count;
      if (count > 0) {
        t.least = std::min(t.least, get<std::uint64_t>(message, at));
        t.greatest = std::max(t.greatest, get<std::uint64_t>(message, at));
      }
    }
    if (at != message.size()) throw std::invalid_argument("a rank's description has bytes after its outputs");
  }
  return totals;
}

std::string encode_doubles(const std::vector<double>& xs) {
  std::string out;
  for (const double x : xs) bytes::put<double>(out, x);
  return out;
}
std::vector<double> decode_doubles(std::string_view in, std::size_t n) {
  if (in.size() != n * sizeof(double)) throw std::invalid_argument("a rank's partial sums have the wrong size");
  std::vector<double> xs(n);
  std::size_t at = 0;
  for (double& x : xs) x = get<double>(in, at);
  return xs;
}

// The order statistics asked for, as rank 0 bisects for them: statistic k of output `output` lies in the keys
// [lo, hi], the least key with more than k values at or below it.
struct Search {
  std::size_t output = 0;
  std::uint64_t k = 0, lo = 0, hi = 0;
};

}  // namespace

std::vector<Summary> summarise_split(const Collector& mine, Ranks& ranks, unsigned threads) {
  std::vector<Column> columns;
  // Rank 0 alone: the outputs over every rank.
  std::vector<Total> totals;
  std::size_t draws = 0;

  Steps steps(ranks);

  // 1. The outputs and their tallies. Every rank learns the outputs' order and their value counts.
  const std::string order = steps.round(
      "adding up the outputs",
      [&] {
        columns = mine.columns_by_output(threads);
        return describe(columns, mine.draws());
      },
      [&](const std::vector<std::string>& all) {
        totals = add_up(all, draws);
        std::string out;
        bytes::put<std::uint64_t>(out, totals.size());
        for (const Total& t : totals) {
          bytes::put_text(out, t.path);
          bytes::put<std::uint64_t>(out, t.count);
        }
        return out;
      });
  std::vector<std::size_t> counts;  // per output, over every rank
  std::vector<std::size_t> slot;    // per column of this rank: its output
  steps.local("adding up the outputs", [&] {
    std::size_t at = 0;
    const auto n = get<std::uint64_t>(order, at);
    std::unordered_map<std::string, std::size_t> index;
    for (std::uint64_t j = 0; j < n; ++j) {
      index.emplace(bytes::get_text(order, at, kWhat), j);
      counts.push_back(get<std::uint64_t>(order, at));
    }
    for (const Column& c : columns) {
      const auto it = index.find(c.path);
      if (it == index.end()) throw std::invalid_argument("rank 0 did not list an output of this rank");
      slot.push_back(it->second);
    }
  });
  const std::size_t outputs = counts.size();

  // 2. Two sums in draw order, handed from rank to rank: rank r adds its values to what rank r - 1 passed on.
  const auto chain = [&](const std::function<void(double&, const Column&, std::size_t)>& add) {
    std::vector<double> sums;
    steps.local("summing in draw order", [&] { sums.assign(outputs, 0.0); });
    for (int r = 0; r < ranks.size(); ++r) {
      const std::string passed = steps.round(
          "summing in draw order",
          [&] {
            if (ranks.rank() != r) return std::string();
            core::parallel_for(columns.size(), threads,
                               [&](std::size_t i) { add(sums[slot[i]], columns[i], slot[i]); });
            return encode_doubles(sums);
          },
          [&](const std::vector<std::string>& all) { return all[static_cast<std::size_t>(r)]; });
      steps.local("summing in draw order", [&] { sums = decode_doubles(passed, outputs); });
    }
    return sums;
  };
  const std::vector<double> sums = chain([](double& sum, const Column& c, std::size_t) {
    for (const double x : c.numbers) sum += x;  // draw order
  });
  std::vector<double> means;
  steps.local("summing in draw order", [&] {
    means.assign(outputs, 0.0);
    for (std::size_t j = 0; j < outputs; ++j) {
      if (counts[j] > 0) means[j] = mean_of(sums[j], counts[j]);
    }
  });
  const std::vector<double> squares = chain([&](double& sum, const Column& c, std::size_t j) {
    for (const double x : c.numbers) add_square(sum, x, means[j]);
  });

  // 3. The order statistics. Each rank sorts its values' keys; rank 0 proposes a key for each statistic sought,
  // each rank answers how many of its values lie at or below it and its nearest keys on either side, and rank 0
  // narrows the statistic's keys to those of values (so a few distinct values take a few rounds).
  std::vector<std::vector<std::uint64_t>> keys;
  std::vector<Search> searches;        // rank 0
  std::vector<std::size_t> column_of;  // per output: this rank's column, if any
  steps.local("sorting", [&] {
    keys.resize(columns.size());
    column_of.assign(outputs, SIZE_MAX);
    for (std::size_t i = 0; i < slot.size(); ++i) column_of[slot[i]] = i;
  });
  // 4. Rank 0, once every statistic is found: the summaries, by the same steps as Collector::summarise. Built inside
  // the last round, so that a failure here (no memory) still reaches every rank.
  std::vector<Summary> summaries;
  const auto finish = [&] {
    summaries.resize(totals.size());
    std::map<std::pair<std::size_t, std::uint64_t>, double> statistic;
    for (const Search& s : searches) statistic[{s.output, s.k}] = of_order_key(s.lo);
    for (std::size_t j = 0; j < totals.size(); ++j) {
      Total& t = totals[j];
      Summary& s = summaries[j];
      s.path = std::move(t.path);
      s.membership = t.membership;
      s.count = t.count;
      if (t.count > 0) {
        s.mean = means[j];
        set_spread(s, squares[j]);
        set_quantiles(s, quantiles_5_to_95(t.count, [&](std::size_t i) { return statistic.at({j, i}); }));
      }
      set_shares(s, std::move(t.categories), t.seen, draws);
    }
  };
  // Rank 0's proposal: each unsettled statistic's output and the key halfway through its range.
  const auto propose = [&] {
    std::string out;
    for (const Search& s : searches) {
      if (s.lo == s.hi) continue;
      bytes::put<std::uint64_t>(out, s.output);
      bytes::put<std::uint64_t>(out, s.lo + (s.hi - s.lo) / 2);
    }
    return out;
  };
  std::string proposal = steps.round(
      "sorting",
      [&] {
        core::parallel_for(columns.size(), threads, [&](std::size_t i) {
          keys[i].reserve(columns[i].numbers.size());
          for (const double x : columns[i].numbers) keys[i].push_back(order_key(x));
          std::vector<double>().swap(columns[i].numbers);
          std::sort(keys[i].begin(), keys[i].end());
        });
        return std::string();
      },
      [&](const std::vector<std::string>&) {
        for (std::size_t j = 0; j < totals.size(); ++j) {
          if (totals[j].count == 0) continue;
          std::vector<std::uint64_t> wanted;  // the indices the quantiles read, in the order they read them
          (void)quantiles_5_to_95(totals[j].count, [&](std::size_t i) {
            if (wanted.empty() || wanted.back() != i) wanted.push_back(i);
            return 0.0;
          });
          for (const auto k : wanted) searches.push_back({j, k, totals[j].least, totals[j].greatest});
        }
        std::string next = propose();
        if (next.empty()) finish();
        return next;
      });
  while (!proposal.empty()) {
    proposal = steps.round(
        "seeking the order statistics",
        [&] {
          // For each key proposed: how many of this rank's values lie at or below it, the greatest of those,
          // and whether one lies above it and the least that does.
          std::string out;
          for (std::size_t at = 0; at < proposal.size();) {
            const auto j = get<std::uint64_t>(proposal, at);
            const auto pivot = get<std::uint64_t>(proposal, at);
            if (j >= outputs) throw std::invalid_argument("rank 0 proposed an output that does not exist");
            std::uint64_t below = 0, before = 0, after = 0;
            bool above = false;
            if (column_of[j] != SIZE_MAX) {
              const auto& sorted = keys[column_of[j]];
              const auto it = std::upper_bound(sorted.begin(), sorted.end(), pivot);
              below = static_cast<std::uint64_t>(it - sorted.begin());
              if (it != sorted.begin()) before = *(it - 1);
              if (it != sorted.end()) above = true, after = *it;
            }
            bytes::put<std::uint64_t>(out, below);
            bytes::put<std::uint64_t>(out, before);
            bytes::put<std::uint64_t>(out, after);
            bytes::put<std::uint8_t>(out, above ? 1 : 0);
          }
          return out;
        },
        [&](const std::vector<std::string>& all) {
          // Statistic k lies at or below the key when more than k values do: then at the greatest value at or
          // below it, else at the least value above it, or beyond.
          std::vector<std::size_t> at(all.size(), 0);
          for (Search& s : searches) {
            if (s.lo == s.hi) continue;
            std::uint64_t below = 0, greatest = 0, least = std::numeric_limits<std::uint64_t>::max();
            for (std::size_t r = 0; r < all.size(); ++r) {
              const auto n = get<std::uint64_t>(all[r], at[r]);
              const auto before = get<std::uint64_t>(all[r], at[r]);
              const auto after = get<std::uint64_t>(all[r], at[r]);
              const bool above = get<std::uint8_t>(all[r], at[r]) != 0;
              below += n;
              if (n > 0) greatest = std::max(greatest, before);
              if (above) least = std::min(least, after);
            }
            if (below > s.k) {
              s.hi = greatest;
            } else {
              s.lo = least;
            }
            if (s.lo > s.hi) throw std::invalid_argument("the ranks' counts of an output's values disagree");
          }
          for (std::size_t r = 0; r < all.size(); ++r) {
            if (at[r] != all[r].size()) throw std::invalid_argument("a rank answered another proposal");
          }
          std::string next = propose();
          if (next.empty()) finish();
          return next;
        });
  }
  return summaries;
}

}  // namespace parley::sweep
