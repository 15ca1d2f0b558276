// Negotiation strategies of the caller's own (docs/api.md, "Strategies of your own"): a program (the Python
// package's parley.Strategy) plays a party in `simulate` and `tournament` beside parley's built-in strategies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parley/results.hpp"

namespace parley {

/// What a strategy knows of a negotiation before it starts: its own party's utilities only (as parley's own
/// strategies, docs/models.md §5.4). Packages are numbered 0 to `packages` - 1, mixed radix over the issues' grids
/// with the last issue fastest.
struct StrategyStart {
  ActorId party;
  std::string party_id;
  std::size_t rounds = 0;                 // the deadline
  double reservation = 0;                 // the utility of no agreement
  std::size_t packages = 0;               // in the space
  std::vector<std::string> issues;        // ids, in issue order
  std::vector<std::vector<Value>> grids;  // per issue, its grid's values
  std::vector<double> utility;            // per package: the party's utility, in [0, 1]
  std::vector<std::uint8_t> acceptable;   // per package: 1 when the party may agree to it
  std::vector<std::size_t> ladder;        // the packages it may agree to, by increasing utility
  /// Changes when the rest does (another space, party or deadline): a strategy may keep what it derived from the
  /// rest while it stays the same, as the engine calls `begin` before every negotiation.
  std::uint64_t version = 0;
};

/// The negotiation at a strategy's turn.
struct StrategyTurn {
  std::size_t round = 0, rounds = 1;
  double t = 0;                                       // round / rounds
  std::optional<std::size_t> standing;                // the offer on the table (SAOP) or the text (single text)
  std::optional<std::size_t> last_other, prev_other;  // the latest offer another party made, and the one before
};

/// A strategy of the caller's own. parley asks it for offers and answers; it never lets it accept a package its
/// party may not agree to (a red line, a reservation, its no-deal level), and refuses a package number out of range.
class CustomStrategy {
 public:
  virtual ~CustomStrategy() = default;
  /// How outputs name it.
  [[nodiscard]] virtual std::string name() const = 0;
  /// Before each negotiation (and again when an event changes the utilities).
  virtual void begin(const StrategyStart& start) = 0;
  /// Whether it agrees to `offer` now.
  [[nodiscard]] virtual bool accepts(const StrategyTurn& turn, std::size_t offer) = 0;
  /// Its offer now; nothing ends the negotiation.
  [[nodiscard]] virtual std::optional<std::size_t> propose(const StrategyTurn& turn) = 0;
  /// An independent copy, for a negotiation played beside this one (a tournament plays many at once).
  [[nodiscard]] virtual std::shared_ptr<CustomStrategy> fresh() const = 0;
};

}  // namespace parley
