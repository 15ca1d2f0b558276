// The compromise model (van den Bos 1991; Achen 2006, "Evaluating political decision-making models", in Thomson,
// Stokman, Achen and König, The European Union Decides): the outcome on each issue is the mean of the actors'
// positions weighted by capability x salience, in one step, with no bargaining. The baseline the EU
// decision-making studies find hard to beat (docs/models.md §9).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "parley/scenario.hpp"

namespace parley::forecast {

/// Which weighted statistic is the forecast: the mean (Achen's compromise model) or the median (its robust
/// variant, Black's median voter with the same weights).
enum class CompromiseVariant { mean, median };

/// One issue under the compromise model.
struct CompromiseIssue {
  std::size_t issue = 0;                 // index into Scenario::issues
  std::vector<std::size_t> actors;       // the actors with a stance on it, scenario order
  std::vector<double> position, weight;  // per actor, central values; weight c_i s_ik
  std::optional<double> mean;            // sum w x / sum w; continuous issues only (options are not spaced)
  double median = 0;                     // the weighted median (docs/models.md §1.3)
  double forecast = 0;                   // the mean on a continuous issue under `mean`, else the median
};

/// The compromise model on `issues` (indices into Scenario::issues): every issue on which some actor's stance
/// carries weight, except nominal ones (options with no order have no mean or median: their plurality option is
/// the forecast, report::nominal_forecasts). A stance that values every option alike is left out; when every
/// weight on an issue is 0, every actor weighs the same (`weight` holds 1 each).
[[nodiscard]] std::vector<CompromiseIssue> compromise(const Scenario& s, const std::vector<std::size_t>& issues,
                                                      CompromiseVariant variant);

}  // namespace parley::forecast
