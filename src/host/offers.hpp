// What the site computes from the confidential preferences (docs/serve.md): whether a deal exists, the
// packages it suggests, the improvements on an agreement, and each party's own view of an offer. Built on
// the package analysis of docs/models.md §2.6-2.7 (the agreeable set's Pareto frontier and the bargaining
// solutions), run on the scenario with every party's stances replaced by what it told the site (§8).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis/pareto.hpp"
#include "analysis/space.hpp"
#include "core/work.hpp"
#include "host/preferences.hpp"
#include "parley/scenario.hpp"

namespace parley::host {

/// The most suggestions (or improvements) one round offers.
inline constexpr std::size_t kMaxOffers = 8;
/// The largest package space evaluated at all, whatever the site's work budget (services::SiteLimits).
inline constexpr double kMaxPackages = 1e8;

/// The public resolution of a no_deal value (docs/serve.md, "What the site reveals"): the offers depend on a
/// party's no_deal only through the multiple of this step below and above it.
inline constexpr double kNoDealResolution = 0.1;

/// How a party's limits are read. `exact` for the party's own view of an offer (only it sees that); the offers
/// read them at the public resolution, so that nothing the others see depends on a limit finer than its cell:
/// `inward` moves each reservation to the nearest lattice value at or inside it (towards the position) and
/// rounds no_deal up to kNoDealResolution (never wider than the party's own limit), `outward` moves each
/// reservation to the nearest lattice value at or beyond it and rounds no_deal down (never narrower).
enum class Limits { exact, inward, outward };

/// The scenario (already at its last timeline point) with each party's confidential preferences for its stances
/// and no_deal, its limits read as `limits` says. The posted scenario's own reservations and no_deal values are
/// dropped: they are estimates.
[[nodiscard]] Scenario with_preferences(const Scenario& s, const std::map<std::string, Preferences>& preferences,
                                        Limits limits = Limits::exact);

/// The number of packages in a scenario's space (the product of its issues' grid sizes).
[[nodiscard]] double package_count(const Scenario& s);

class Evaluation {
 public:
  /// What an evaluation is for: each party's view of given packages only (the space's utilities and
  /// acceptance, no frontier: cheap enough for every revision), or the offers too.
  enum class Scope { views, offers };
  /// `work`: asked between steps of the frontier whether to stop (parley::Cancelled), so that offers past the
  /// site's deadline stop computing instead of holding a thread.
  explicit Evaluation(const Scenario& confidential, Scope scope = Scope::offers, core::Work* work = nullptr);

  /// Whether any package passes the decision rule (by default: is acceptable to every party).
  [[nodiscard]] bool zopa() const {
    require_offers();
    return !frontier_.points.empty();
  }
  /// The fair solutions (Nash, Kalai-Smorodinsky, egalitarian, utilitarian) and further frontier points
  /// spread over the frontier, distinct, at most `max`, as issue values sorted by value (so that their order
  /// says nothing of anyone's utilities).
  [[nodiscard]] std::vector<std::vector<double>> suggestions(std::size_t max) const;
  /// Agreeable packages every party strictly prefers to `agreed`: the one maximising the product of the
  /// gains (Nash 1950, with the agreement as the disagreement point) and others spread over the frontier's
  /// part that dominates it, at most `max`, sorted by value.
  [[nodiscard]] std::vector<std::vector<double>> improvements(const std::vector<double>& agreed, std::size_t max) const;
  /// A party's utility for a package of issue values on the grid, and whether it accepts it.
  [[nodiscard]] std::pair<double, bool> view(const std::string& party, const std::vector<double>& values) const;

 private:
  [[nodiscard]] std::vector<std::size_t> grid_of(const std::vector<double>& values) const;
  [[nodiscard]] std::vector<double> values_of(std::size_t point) const;
  void require_offers() const;

  analysis::Space space_;
  std::vector<analysis::Block> blocks_;
  analysis::Frontier frontier_;
  Scope scope_;
};

}  // namespace parley::host
