// Exact summaries of draws split among ranks (sweep/split.hpp): rank 0 gets Collector::summarise's summaries of
// every draw, bit for bit, whatever the split; the bisection for order statistics stays within its rounds; and a
// rank's failure stops every rank with its message instead of leaving the others waiting.
#include "sweep/split.hpp"

#include <gtest/gtest.h>

#include <barrier>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <thread>

namespace parley::sweep {
namespace {

// Ranks that are threads of this process, trading messages through shared slots between barriers.
class ThreadRanks : public Ranks {
 public:
  struct Team {
    explicit Team(int size) : slots(static_cast<std::size_t>(size)), barrier(size) {}
    std::vector<std::string> slots;
    std::barrier<> barrier;
    int broadcasts = 0;  // counted by rank 0
  };
  ThreadRanks(Team& team, int rank) : team_(team), rank_(rank) {}
  [[nodiscard]] int rank() const override { return rank_; }
  [[nodiscard]] int size() const override { return static_cast<int>(team_.slots.size()); }
  [[nodiscard]] std::vector<std::string> gather(const std::string& mine) override {
    team_.slots[static_cast<std::size_t>(rank_)] = mine;
    team_.barrier.arrive_and_wait();
    std::vector<std::string> out;
    if (rank_ == 0) out = team_.slots;
    team_.barrier.arrive_and_wait();
    return out;
  }
  [[nodiscard]] std::string broadcast(const std::string& mine) override {
    if (rank_ == 0) {
      team_.slots[0] = mine;
      ++team_.broadcasts;
    }
    team_.barrier.arrive_and_wait();
    std::string out = team_.slots[0];
    team_.barrier.arrive_and_wait();
    return out;
  }

 private:
  Team& team_;
  int rank_;
};

struct Split {
  std::vector<std::vector<Summary>> by_rank;
  std::vector<std::string> errors;
  int broadcasts = 0;
};

// Draws [bounds[r], bounds[r + 1]) on rank r, each rank summarising on `threads` threads; `ranks_for` may wrap a
// rank's collectives.
Split split(const std::vector<std::vector<Output>>& draws, const std::vector<std::size_t>& bounds, unsigned threads,
            const std::function<std::unique_ptr<Ranks>(ThreadRanks&)>& ranks_for = {}) {
  const int size = static_cast<int>(bounds.size()) - 1;
  ThreadRanks::Team team(size);
  Split out;
  out.by_rank.resize(static_cast<std::size_t>(size));
  out.errors.resize(static_cast<std::size_t>(size));
  std::vector<std::thread> threads_;
  threads_.reserve(static_cast<std::size_t>(size));
  for (int r = 0; r < size; ++r) {
    threads_.emplace_back([&, r] {
      const auto ru = static_cast<std::size_t>(r);
      Collector mine(bounds[ru + 1] - bounds[ru]);
      for (std::size_t k = bounds[ru]; k < bounds[ru + 1]; ++k) mine.add(k - bounds[ru], draws[k]);
      ThreadRanks plain(team, r);
      std::unique_ptr<Ranks> wrapped = ranks_for ? ranks_for(plain) : nullptr;
      try {
        out.by_rank[ru] = summarise_split(mine, wrapped ? *wrapped : plain, threads);
      } catch (const std::runtime_error& e) {
        out.errors[ru] = e.what();
      }
    });
  }
  for (auto& t : threads_) t.join();
  out.broadcasts = team.broadcasts;
  return out;
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void expect_identical(const std::vector<Summary>& got, const std::vector<Summary>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t j = 0; j < want.size(); ++j) {
    const Summary& g = got[j];
    const Summary& w = want[j];
    const std::string at = what + ", output " + w.path;
    EXPECT_EQ(g.path, w.path) << at;
    EXPECT_EQ(g.count, w.count) << at;
    EXPECT_EQ(g.membership, w.membership) << at;
    for (const auto& [name, a, b] :
         {std::tuple{"mean", g.mean, w.mean}, std::tuple{"sd", g.sd, w.sd}, std::tuple{"se", g.se, w.se},
          std::tuple{"q05", g.q05, w.q05}, std::tuple{"q25", g.q25, w.q25}, std::tuple{"q50", g.q50, w.q50},
          std::tuple{"q75", g.q75, w.q75}, std::tuple{"q95", g.q95, w.q95}}) {
      EXPECT_TRUE(same_bits(a, b)) << at << " " << name << ": " << a << " against " << b;
    }
    ASSERT_EQ(g.p.size(), w.p.size()) << at;
    for (const auto& [category, share] : w.p) {
      ASSERT_TRUE(g.p.count(category)) << at << " " << category;
      EXPECT_TRUE(same_bits(g.p.at(category), share)) << at << " " << category;
    }
  }
}

// Draws whose outputs come and go: numbers of few distinct values, of many (negative, both zeros, huge, tiny),
// categories, memberships, outputs that are sometimes a number and sometimes a category, and outputs first seen
// in late draws, in an order that varies from draw to draw.
std::vector<std::vector<Output>> random_draws(std::size_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<std::vector<Output>> draws(n);
  for (std::size_t k = 0; k < n; ++k) {
    auto& d = draws[k];
    d.push_back({"few", static_cast<double>(rng() % 4)});
    if (u(rng) < 0.9) d.push_back({"wide", (u(rng) - 0.3) * std::pow(10.0, static_cast<double>(rng() % 30) - 15)});
    if (u(rng) < 0.5) d.push_back({"zeros", (rng() % 3 == 0) ? -0.0 : (rng() % 2 == 0 ? 0.0 : -1.5)});
    d.push_back({"choice", std::string(rng() % 2 == 0 ? "yes" : "no")});
    if (u(rng) < 0.3) d.push_back({"equilibria.gmr.6", std::string(kMember)});
    if (u(rng) < 0.7) {
      if (u(rng) < 0.8) {
        d.push_back({"mixed", u(rng) * 100});
      } else {
        d.push_back({"mixed", std::string("null")});
      }
    }
    if (k > n / 2 && u(rng) < 0.4) d.push_back({"late", std::round(u(rng) * 1e6) / 8});
    if (u(rng) < 0.02) d.push_back({"rare", u(rng) < 0.5 ? std::numeric_limits<double>::max() : -1e-300});
    if (u(rng) < 0.3) {
      // Not numbers, but doubles all the same: infinities and NaNs of either sign.
      const double kinds[] = {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                              std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN(),
                              u(rng)};
      d.push_back({"odd", kinds[rng() % 5]});
    }
    std::shuffle(d.begin() + 1, d.end(), rng);
    // An output given twice in a draw: the first counts, here a number and then a category.
    if (u(rng) < 0.1) d.push_back({"few", std::string("twice")});
  }
  return draws;
}

TEST(SummariseSplit, GivesEveryDrawsSummariesBitForBitWhateverTheSplit) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t n = 1 + rng() % 600;
    const auto draws = random_draws(n, rng);
    Collector all(n);
    for (std::size_t k = 0; k < n; ++k) all.add(k, draws[k]);
    const auto want = all.summarise();
    const int size = 1 + static_cast<int>(rng() % 4);
    std::vector<std::size_t> bounds{0};
    for (int r = 1; r < size; ++r) bounds.push_back(rng() % (n + 1));  // blocks may be empty
    bounds.push_back(n);
    std::sort(bounds.begin(), bounds.end());
    const unsigned threads = 1 + static_cast<unsigned>(rng() % 3);
    const Split got = split(draws, bounds, threads);
    const std::string what = "trial " + std::to_string(trial) + ": " + std::to_string(n) + " draws on " +
                             std::to_string(size) + " ranks, " + std::to_string(threads) + " threads";
    for (std::size_t r = 0; r < got.errors.size(); ++r) ASSERT_EQ(got.errors[r], "") << what << ", rank " << r;
    expect_identical(got.by_rank[0], want, what);
    for (std::size_t r = 1; r < got.by_rank.size(); ++r) EXPECT_TRUE(got.by_rank[r].empty()) << what;
  }
}

TEST(SummariseSplit, ZerosLoseTheirSignInTheQuantilesAlike) {
  // Both zeros among the values: nth_element may put either in place; both ways give +0.
  std::vector<std::vector<Output>> draws;
  for (const double x : {-0.0, 0.0, -0.0, 1.0, -0.0}) draws.push_back({{"x", x}});
  Collector all(draws.size());
  for (std::size_t k = 0; k < draws.size(); ++k) all.add(k, draws[k]);
  const auto want = all.summarise();
  EXPECT_FALSE(std::signbit(want[0].q05));
  EXPECT_FALSE(std::signbit(want[0].q50));
  expect_identical(split(draws, {0, 2, 5}, 1).by_rank[0], want, "zeros");
}

TEST(SummariseSplit, FindsEachOrderStatisticWithinItsRounds) {
  // 20,000 distinct values spread over 600 binades: at most 64 rounds of bisection beside the fixed ones
  // (the outputs, two passes of sums handed along 3 ranks, the sort), however the values lie.
  std::mt19937_64 rng(3);
  std::vector<std::vector<Output>> draws;
  for (int k = 0; k < 20000; ++k) {
    const double sign = rng() % 2 == 0 ? 1 : -1;
    draws.push_back({{"x", sign * std::ldexp(1.0 + static_cast<double>(rng() % 1000000) / 1e6,
                                             static_cast<int>(rng() % 600) - 300)}});
  }
  Collector all(draws.size());
  for (std::size_t k = 0; k < draws.size(); ++k) all.add(k, draws[k]);
  const Split got = split(draws, {0, 5000, 12000, 20000}, 2);
  expect_identical(got.by_rank[0], all.summarise(), "distinct values");
  const int fixed = 1 + 2 * 3 + 1;
  EXPECT_LE(got.broadcasts, fixed + 64);
  // A few distinct values settle in a few rounds.
  std::vector<std::vector<Output>> few;
  few.reserve(20000);
  for (int k = 0; k < 20000; ++k) few.push_back({{"x", static_cast<double>(k % 5)}});
  const Split quick = split(few, {0, 7000, 20000}, 1);
  EXPECT_LE(quick.broadcasts, 1 + 2 * 2 + 1 + 4);
}

// A rank whose message is garbled on the way: rank 0 cannot read it, and every rank stops with rank 0's message.
class Garbling : public Ranks {
 public:
  explicit Garbling(Ranks& inner) : inner_(inner) {}
  [[nodiscard]] int rank() const override { return inner_.rank(); }
  [[nodiscard]] int size() const override { return inner_.size(); }
  [[nodiscard]] std::vector<std::string> gather(const std::string& mine) override {
    return inner_.gather(mine.substr(0, mine.size() / 2));
  }
  [[nodiscard]] std::string broadcast(const std::string& mine) override { return inner_.broadcast(mine); }

 private:
  Ranks& inner_;
};

// A rank whose n-th message is cut in half.
class CutOnce : public Ranks {
 public:
  CutOnce(Ranks& inner, int at) : inner_(inner), at_(at) {}
  [[nodiscard]] int rank() const override { return inner_.rank(); }
  [[nodiscard]] int size() const override { return inner_.size(); }
  [[nodiscard]] std::vector<std::string> gather(const std::string& mine) override {
    return inner_.gather(seen_++ == at_ ? mine.substr(0, mine.size() / 2) : mine);
  }
  [[nodiscard]] std::string broadcast(const std::string& mine) override { return inner_.broadcast(mine); }

 private:
  Ranks& inner_;
  int at_, seen_ = 0;
};

TEST(SummariseSplit, AFailureAtAnyStepStopsEveryRankAlike) {
  // Each of rank 1's messages in turn arrives cut: whichever step it breaks (the outputs, the sums handed on,
  // the sort, a round of the bisection), every rank stops with the same message, and none waits for good.
  std::mt19937_64 rng(2);
  const auto draws = random_draws(300, rng);
  for (int at = 0; at < 10; ++at) {
    const Split got = split(draws, {0, 90, 200, 300}, 1, [at](ThreadRanks& plain) -> std::unique_ptr<Ranks> {
      if (plain.rank() != 1) return nullptr;
      return std::make_unique<CutOnce>(plain, at);
    });
    ASSERT_NE(got.errors[0], "") << "message " << at;
    for (std::size_t r = 0; r < got.errors.size(); ++r) {
      EXPECT_EQ(got.errors[r], got.errors[0]) << "message " << at << ", rank " << r;
      EXPECT_TRUE(got.by_rank[r].empty());
    }
  }
}

TEST(SummariseSplit, AFailureStopsEveryRankWithItsMessage) {
  std::mt19937_64 rng(1);
  const auto draws = random_draws(200, rng);
  const Split got = split(draws, {0, 100, 150, 200}, 1, [](ThreadRanks& plain) -> std::unique_ptr<Ranks> {
    if (plain.rank() != 2) return nullptr;
    return std::make_unique<Garbling>(plain);
  });
  for (std::size_t r = 0; r < got.errors.size(); ++r) {
    EXPECT_NE(got.errors[r].find("rank 0, adding up the outputs: truncated split summaries"), std::string::npos)
        << "rank " << r << ": " << got.errors[r];
    EXPECT_TRUE(got.by_rank[r].empty());
  }
}

}  // namespace
}  // namespace parley::sweep
