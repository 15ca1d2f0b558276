// A CustomStrategy played by the simulator: told its party's utilities before each negotiation and the offers at
// each turn, by package number; held to the rules parley's own strategies keep (docs/models.md §5.4).
#include "services/custom_strategy.hpp"

#include "parley/error.hpp"
#include "services/detail.hpp"

namespace parley::services::detail {

namespace {

class External final : public sim::Strategy {
 public:
  explicit External(std::shared_ptr<CustomStrategy> s) : s_(std::move(s)) {}

  bool accepts(const sim::Turn& turn, sim::Package offer, core::Stream&) override {
    // Never a package its party may not agree to, whatever it answers.
    return ok(offer) && s_->accepts(turn_of(turn), offer);
  }

  std::optional<sim::Package> propose(const sim::Turn& turn, core::Stream&) override {
    const auto p = s_->propose(turn_of(turn));
    if (!p) return std::nullopt;
    if (*p >= o_->count) {
      throw DataError("strategy " + s_->name() + " offered package " + std::to_string(*p) +
                      ": packages are numbered 0 to " + std::to_string(o_->count - 1));
    }
    return static_cast<sim::Package>(*p);
  }

 protected:
  void prepare() override {
    StrategyStart& st = start_;
    st = StrategyStart{};
    const analysis::Space& space = *o_->space;
    const std::size_t actor = o_->parties[me_];
    st.party = ActorId{actor};
    st.party_id = space.actors[actor].id;
    st.rounds = rounds_;
    st.reservation = reservation();
    st.packages = o_->count;
    for (const auto& issue : space.issues) {
      st.issues.push_back(issue.id);
      std::vector<Value> grid;
      for (const double x : issue.values) grid.push_back(value_at(issue, x));
      st.grids.push_back(std::move(grid));
    }
    st.utility.resize(o_->count);
    st.acceptable.resize(o_->count);
    for (sim::Package x = 0; x < o_->count; ++x) {
      st.utility[x] = u(x);
      st.acceptable[x] = ok(x) ? 1 : 0;
    }
    st.ladder.assign(ladder().begin(), ladder().end());
    st.version = ++versions_;
  }

  void reset() override { s_->begin(start_); }

 private:
  static StrategyTurn turn_of(const sim::Turn& t) {
    StrategyTurn out;
    out.round = t.round;
    out.rounds = t.rounds;
    out.t = t.t;
    out.standing = t.standing;
    out.last_other = t.last_other;
    out.prev_other = t.prev_other;
    return out;
  }

  std::shared_ptr<CustomStrategy> s_;
  StrategyStart start_;
  std::uint64_t versions_ = 0;
};

}  // namespace

sim::StrategySpec custom_spec(const std::shared_ptr<CustomStrategy>& strategy, bool copies) {
  sim::StrategySpec spec;
  spec.name = strategy->name();
  spec.make = [strategy, copies] { return std::make_unique<External>(copies ? strategy->fresh() : strategy); };
  return spec;
}

}  // namespace parley::services::detail
