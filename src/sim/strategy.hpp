// Negotiation strategies (docs/models.md §5.4-5.5): what a party offers, accepts and votes for, knowing only its
// own utilities (the `frontier` strategy alone is told the parties' Pareto frontier). Time-dependent tactics
// after Faratin, Sierra & Jennings (1998); tit-for-tat after Axelrod (1984) in the relative form of Baarslag,
// Hindriks & Jonker (2011). To add one: derive from Strategy, then name it in make_strategy (strategy.cpp).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "sim/outcomes.hpp"

namespace parley::sim {

/// What a party sees when it acts.
struct Turn {
  std::size_t round = 0;
  std::size_t rounds = 1;
  double t = 0;                       // round / rounds: the relative time of the deadline
  std::optional<Package> standing;    // the offer on the table (SAOP) or the text (single text)
  std::optional<Package> last_other;  // the latest offer another party made
  std::optional<Package> prev_other;  // the one before it
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  /// Before a negotiation, and again when an event changes the outcomes. A strategy keeps what it computed
  /// for the same party, outcomes and deadline (its schedule), and forgets what it learnt in the last one.
  void begin(const Outcomes& o, std::size_t me, std::size_t rounds);
  /// Whether it agrees to `offer` now. Never true for a package the party may not agree to.
  [[nodiscard]] virtual bool accepts(const Turn& turn, Package offer, core::Stream& rng) = 0;
  /// Its offer now; nothing to end the negotiation.
  [[nodiscard]] virtual std::optional<Package> propose(const Turn& turn, core::Stream& rng) = 0;
  /// Single text: whether it accepts the mediator's `proposal` in place of the text `turn.standing`. By
  /// default: when it is worth at least as much, or at least its aim now.
  [[nodiscard]] virtual bool votes_for(const Turn& turn, Package proposal, core::Stream& rng);
  /// The utility it aims for now (its reservation value when it aims for nothing in particular).
  [[nodiscard]] virtual double aim(const Turn& turn) const;

 protected:
  /// Computes what depends only on (outcomes, party, deadline): called by begin when one of them changed.
  virtual void prepare() {}
  /// Forgets what it learnt during a negotiation: called by begin every time.
  virtual void reset() {}
  [[nodiscard]] double u(Package x) const { return o_->u(x, me_); }
  [[nodiscard]] bool ok(Package x) const { return o_->can_accept(x, me_); }
  [[nodiscard]] double reservation() const { return o_->reservation[me_]; }
  [[nodiscard]] const std::vector<Package>& ladder() const { return o_->ladder[me_]; }
  [[nodiscard]] double best() const { return ladder().empty() ? reservation() : o_->ladder_utility[me_].back(); }
  /// The package it may agree to whose utility is the least at or above `target` (its best when none is).
  [[nodiscard]] std::optional<Package> at_least(double target) const;

  const Outcomes* o_ = nullptr;
  std::size_t me_ = 0;
  std::size_t rounds_ = 0;
};

/// A strategy as named on the command line: `boulware`, `boulware:0.2`, `random:0.3`, ...
struct StrategySpec {
  std::string name;
  std::optional<double> parameter;
  /// A strategy of the caller's own (services: parley/strategy.hpp): makes a fresh one for each player; `name` names
  /// it in outputs.
  std::function<std::unique_ptr<Strategy>()> make;
  [[nodiscard]] std::string text() const;
};

/// The strategies parley knows, in the order `parley simulate --help` lists them.
[[nodiscard]] const std::vector<std::string>& strategy_names();

/// Parses NAME[:PARAM]. Throws UsageError for an unknown name or a parameter out of its range.
[[nodiscard]] StrategySpec parse_strategy(const std::string& text);

[[nodiscard]] std::unique_ptr<Strategy> make_strategy(const StrategySpec& spec);

}  // namespace parley::sim
