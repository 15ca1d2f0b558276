#include "sim/strategy.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::sim {

namespace {
// Utilities this close count as equal (docs/models.md §2.5).
constexpr double kEps = analysis::kUtilityEpsilon;
}  // namespace

void Strategy::begin(const Outcomes& o, std::size_t me, std::size_t rounds) {
  const bool same = o_ == &o && me_ == me && rounds_ == rounds;
  o_ = &o;
  me_ = me;
  rounds_ = rounds;
  if (!same) prepare();
  reset();
}

bool Strategy::votes_for(const Turn& turn, Package proposal, core::Stream&) {
  if (!turn.standing) return ok(proposal);
  return u(proposal) >= u(*turn.standing) - kEps || (ok(proposal) && u(proposal) >= aim(turn) - kEps);
}

double Strategy::aim(const Turn&) const {
  return reservation();
}

std::optional<Package> Strategy::at_least(double target) const {
  const auto& us = o_->ladder_utility[me_];
  if (us.empty()) return std::nullopt;
  const auto it = std::lower_bound(us.begin(), us.end(), target - kEps);
  return ladder()[it == us.end() ? us.size() - 1 : static_cast<std::size_t>(it - us.begin())];
}

namespace {

// Faratin, Sierra & Jennings (1998), docs/models.md §5.4: the aim falls from the best the party can get to its
// reservation value as u_min + (u_max - u_min)(1 - t^(1/e)); e < 1 concedes late (Boulware), e > 1 early
// (Conceder). The schedule (aim and offer per round) depends only on the outcomes, the party and the deadline.
class TimeDependent final : public Strategy {
 public:
  explicit TimeDependent(double e) : e_(e) {}

  bool accepts(const Turn& turn, Package offer, core::Stream&) override {
    if (!ok(offer)) return false;
    const std::size_t r = std::min(turn.round, rounds_);
    // At least its aim, or at least what it would offer next.
    return u(offer) >= aims_[r] - kEps || (offers_[r + 1] && u(offer) >= u(*offers_[r + 1]) - kEps);
  }
  std::optional<Package> propose(const Turn& turn, core::Stream&) override {
    return offers_[std::min(turn.round, rounds_)];
  }
  double aim(const Turn& turn) const override { return aims_[std::min(turn.round, rounds_)]; }

 private:
  void prepare() override {
    aims_.assign(rounds_ + 2, 0);
    offers_.assign(rounds_ + 2, std::nullopt);
    const double low = reservation();
    const double high = best();
    for (std::size_t r = 0; r <= rounds_ + 1; ++r) {
      const double t = std::min(1.0, static_cast<double>(r) / static_cast<double>(std::max<std::size_t>(rounds_, 1)));
      aims_[r] = low + (high - low) * (1 - std::pow(t, 1 / e_));
      offers_[r] = at_least(aims_[r]);
    }
  }
  double e_;
  std::vector<double> aims_;
  std::vector<std::optional<Package>> offers_;
};

// Never concedes: offers its best, accepts only its best.
class Hardliner final : public Strategy {
 public:
  bool accepts(const Turn&, Package offer, core::Stream&) override { return ok(offer) && u(offer) >= best() - kEps; }
  std::optional<Package> propose(const Turn&, core::Stream&) override { return at_least(best()); }
  double aim(const Turn&) const override { return best(); }
};

// Relative tit-for-tat: starts at its best and concedes, in its own utility, as much as the latest offer of
// another party conceded to it over that party's offer before (and takes back as much when it takes back).
class TitForTat final : public Strategy {
 public:
  bool accepts(const Turn& turn, Package offer, core::Stream&) override {
    follow(turn);
    return ok(offer) && u(offer) >= aim_ - kEps;
  }
  std::optional<Package> propose(const Turn& turn, core::Stream&) override {
    follow(turn);
    return at_least(aim_);
  }
  double aim(const Turn&) const override { return aim_; }

 private:
  void reset() override {
    aim_ = best();
    seen_.reset();
  }
  void follow(const Turn& turn) {
    if (!turn.last_other || !turn.prev_other || seen_ == turn.last_other) return;
    seen_ = turn.last_other;
    const double conceded = u(*turn.last_other) - u(*turn.prev_other);
    aim_ = std::clamp(aim_ - conceded, reservation(), best());
  }
  double aim_ = 0;
  std::optional<Package> seen_;
};

// Offers a package it may agree to at random; accepts such a package with probability p.
class Random final : public Strategy {
 public:
  explicit Random(double p) : p_(p) {}
  bool accepts(const Turn&, Package offer, core::Stream& rng) override { return ok(offer) && rng.uniform() < p_; }
  std::optional<Package> propose(const Turn&, core::Stream& rng) override {
    if (ladder().empty()) return std::nullopt;
    return ladder()[rng.next() % ladder().size()];
  }
  bool votes_for(const Turn&, Package, core::Stream& rng) override { return rng.uniform() < p_; }

 private:
  double p_;
};

// Walks down the parties' Pareto frontier from its own best frontier package to its worst, at an even pace
// over the rounds; accepts what is worth at least its bid. Without a frontier (nothing every party can agree
// to) it holds on to its best, as a hard-liner.
class FrontierWalker final : public Strategy {
 public:
  bool accepts(const Turn& turn, Package offer, core::Stream&) override {
    const auto b = bid(turn);
    return ok(offer) && b && u(offer) >= u(*b) - kEps;
  }
  std::optional<Package> propose(const Turn& turn, core::Stream&) override { return bid(turn); }
  double aim(const Turn& turn) const override {
    const auto b = bid(turn);
    return b ? u(*b) : best();
  }

 private:
  // Its bid at `turn`: the frontier package a share t of the way down, or its best without a frontier.
  [[nodiscard]] std::optional<Package> bid(const Turn& turn) const {
    if (mine_.empty()) return at_least(best());
    const auto k = static_cast<std::size_t>(turn.t * static_cast<double>(mine_.size()));
    return mine_[std::min(k, mine_.size() - 1)];
  }

  void prepare() override {
    // Under a decision rule the frontier holds packages a party may refuse (others can outvote it); it offers
    // only those it may agree to itself.
    mine_.clear();
    std::copy_if(o_->frontier.begin(), o_->frontier.end(), std::back_inserter(mine_), [&](Package x) { return ok(x); });
    std::stable_sort(mine_.begin(), mine_.end(), [&](Package a, Package b) { return u(a) > u(b); });
  }
  std::vector<Package> mine_;
};

}  // namespace

std::string StrategySpec::text() const {
  return parameter ? name + ":" + core::format_number(*parameter) : name;
}

const std::vector<std::string>& strategy_names() {
  static const std::vector<std::string> names{"boulware",  "linear", "conceder", "tit-for-tat",
                                              "hardliner", "random", "frontier"};
  return names;
}

StrategySpec parse_strategy(const std::string& text) {
  StrategySpec spec;
  const auto colon = text.find(':');
  spec.name = text.substr(0, colon);
  const auto& names = strategy_names();
  if (std::find(names.begin(), names.end(), spec.name) == names.end()) {
    throw UsageError("unknown strategy '" + spec.name + "'; expected " + core::quoted_list(names));
  }
  if (colon == std::string::npos) return spec;
  const std::string param = text.substr(colon + 1);
  std::size_t used = 0;
  double x = 0;
  try {
    x = std::stod(param, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != param.size() || param.empty() || !std::isfinite(x)) {
    throw UsageError("strategy " + text + ": expected a number after ':'");
  }
  const bool exponent = spec.name == "boulware" || spec.name == "conceder";
  if (exponent && !(x > 0 && x <= 100)) {
    throw UsageError("strategy " + text + ": the concession exponent e must be above 0 and at most 100");
  }
  if (spec.name == "random" && !(x >= 0 && x <= 1)) {
    throw UsageError("strategy " + text + ": the acceptance probability must be from 0 to 1");
  }
  if (!exponent && spec.name != "random") throw UsageError("strategy " + spec.name + " takes no parameter");
  spec.parameter = x;
  return spec;
}

std::unique_ptr<Strategy> make_strategy(const StrategySpec& spec) {
  if (spec.make) return spec.make();
  if (spec.name == "boulware") return std::make_unique<TimeDependent>(spec.parameter.value_or(0.2));
  if (spec.name == "linear") return std::make_unique<TimeDependent>(1.0);
  if (spec.name == "conceder") return std::make_unique<TimeDependent>(spec.parameter.value_or(2.0));
  if (spec.name == "tit-for-tat") return std::make_unique<TitForTat>();
  if (spec.name == "hardliner") return std::make_unique<Hardliner>();
  if (spec.name == "random") return std::make_unique<Random>(spec.parameter.value_or(0.5));
  if (spec.name == "frontier") return std::make_unique<FrontierWalker>();
  throw UsageError("unknown strategy '" + spec.name + "'");
}

}  // namespace parley::sim
