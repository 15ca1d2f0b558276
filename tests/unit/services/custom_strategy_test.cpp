// Strategies of the caller's own (parley/strategy.hpp) in simulate and tournament: played as asked, named in the
// outputs, held to their party's limits, copied per player in a tournament.
#include <gtest/gtest.h>

#include <atomic>

#include "../test_support.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"

namespace parley::services {
namespace {

const std::string kExamples = std::string(PARLEY_SOURCE_DIR) + "/examples/";

// Offers package `offer` (or its best, or nothing) every turn; accepts whatever `accept` says.
class Fixed final : public CustomStrategy {
 public:
  Fixed(std::optional<std::size_t> offer, bool accept, std::shared_ptr<std::atomic<int>> calls)
      : offer_(offer), accept_(accept), calls_(std::move(calls)) {}
  [[nodiscard]] std::string name() const override { return "fixed"; }
  void begin(const StrategyStart& start) override { start_ = start; }
  [[nodiscard]] bool accepts(const StrategyTurn&, std::size_t) override {
    ++*calls_;
    return accept_;
  }
  [[nodiscard]] std::optional<std::size_t> propose(const StrategyTurn&) override {
    ++*calls_;
    if (offer_ && *offer_ == kBest) return start_.ladder.empty() ? std::nullopt : std::optional(start_.ladder.back());
    return offer_;
  }
  [[nodiscard]] std::shared_ptr<CustomStrategy> fresh() const override {
    ++copies;
    return std::make_shared<Fixed>(offer_, accept_, calls_);
  }
  static constexpr std::size_t kBest = static_cast<std::size_t>(-1);
  static inline std::atomic<int> copies{0};
  StrategyStart start_;

 private:
  std::optional<std::size_t> offer_;
  bool accept_;
  std::shared_ptr<std::atomic<int>> calls_;
};

TEST(CustomStrategy, PlaysItsPartyAndIsNamedInTheOutputs) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto mine = std::make_shared<Fixed>(Fixed::kBest, false, calls);
  SimulateOptions o;
  o.rounds = 20;
  o.custom.emplace_back("ru", mine);
  const SimulateResult r = simulate_result(loaded, o);
  EXPECT_GT(calls->load(), 0);
  ASSERT_EQ(r.parties.size(), 2U);
  EXPECT_EQ(r.parties[0].strategy, "fixed");
  // It saw its own party's utilities only, over the whole space.
  EXPECT_EQ(mine->start_.party_id, "ru");
  EXPECT_EQ(mine->start_.utility.size(), mine->start_.packages);
  EXPECT_EQ(mine->start_.issues.size(), 3U);
  const std::string json = render(r, OutputFormat::json);
  EXPECT_NE(json.find("\"ru=fixed\""), std::string::npos) << json.substr(0, 600);
}

TEST(CustomStrategy, CannotAcceptPastItsLimitsNorOfferWhatIsNotThere) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  auto calls = std::make_shared<std::atomic<int>>(0);
  // Accepting everything: at Geneva nothing is agreeable, so no agreement may come of it.
  SimulateOptions yes;
  yes.custom.emplace_back("ua", std::make_shared<Fixed>(Fixed::kBest, true, calls));
  EXPECT_FALSE(simulate_result(loaded, yes).agreement);
  SimulateOptions bad;
  bad.custom.emplace_back("ru", std::make_shared<Fixed>(std::size_t{1} << 40, false, calls));
  EXPECT_THROW((void)simulate_result(loaded, bad), DataError);
  SimulateOptions nobody;
  nobody.custom.emplace_back("xx", std::make_shared<Fixed>(std::nullopt, false, calls));
  EXPECT_THROW((void)simulate_result(loaded, nobody), OptionError);
  SimulateOptions twice;
  twice.strategies = {"ru=boulware"};
  twice.custom.emplace_back("ru", std::make_shared<Fixed>(std::nullopt, false, calls));
  EXPECT_THROW((void)simulate_result(loaded, twice), OptionError);
}

TEST(CustomStrategy, ATournamentPlaysCopiesAndScoresItBesideTheBuiltIns) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  TournamentOptions o;
  o.strategies = {"boulware"};
  o.custom.push_back(std::make_shared<Fixed>(std::nullopt, false, calls));  // walks away at once
  o.repetitions = 2;
  o.rounds = 20;
  o.threads = 2;
  Fixed::copies = 0;
  const Tournament t = tournament_result({kExamples + "chicken.yaml"}, {}, o);
  ASSERT_TRUE(t.result) << test::messages(t.diagnostics);
  ASSERT_EQ(t.result->strategies.size(), 2U);
  EXPECT_EQ(t.result->strategies[1].strategy, "fixed");
  EXPECT_EQ(t.result->strategies[1].agreement.mean.value_or(-1), 0.0);  // it never agrees
  EXPECT_GT(Fixed::copies.load(), 0);
  o.threads = 1;
  const Tournament one = tournament_result({kExamples + "chicken.yaml"}, {}, o);
  EXPECT_EQ(render(*one.result, OutputFormat::json), render(*t.result, OutputFormat::json));
}

}  // namespace
}  // namespace parley::services
