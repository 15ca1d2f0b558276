// Strategies of the caller's own (parley/strategy.hpp) as the simulator's strategies (private to services).
#pragma once

#include <memory>

#include "parley/strategy.hpp"
#include "sim/strategy.hpp"

namespace parley::services::detail {

/// A spec whose `make` gives `strategy` itself (one negotiation, `copies` false) or each player a fresh copy of it
/// (a tournament: CustomStrategy::fresh), wrapped so that it can accept only what its party may agree to.
[[nodiscard]] sim::StrategySpec custom_spec(const std::shared_ptr<CustomStrategy>& strategy, bool copies);

}  // namespace parley::services::detail
