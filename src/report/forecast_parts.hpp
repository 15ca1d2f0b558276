// Pieces every forecast model's rendering shares (report/forecast.cpp, report/exchange.cpp): a value on an
// issue's scale, the nominal issues' forecasts, and the forecast package checked against the parties' limits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "doc/emitter.hpp"
#include "report/forecast.hpp"

namespace parley::report::parts {

/// On a discrete issue the option nearest x, by name; nothing on a continuous issue.
[[nodiscard]] std::optional<std::string> option_name(const Issue& issue, double x);
/// A value of the issue's scale under `key`: an option by name, or the number.
void scale(doc::Emitter& e, std::string_view key, const Issue& issue, double x);
/// A model's seed under "seed": a number up to 2^53, digits in a string past it (a JSON number would not keep it).
void seed_entry(doc::Emitter& e, std::uint64_t seed);
/// Trajectories read at three decimals.
[[nodiscard]] std::string fmt(double x, int decimals = 3);

/// The forecast package against the parties' limits: JSON (`check`) and text; `unsettled` names the issues whose
/// values are not firm, taken `at` (the last round's median, or the model's own word).
void check_part(doc::Emitter& e, const Scenario& s, const analysis::PackageCheck& c);
[[nodiscard]] std::string check_text(const Scenario& s, const analysis::PackageCheck& c, const std::string& unsettled,
                                     const std::string& at = "the last round's median");

/// The nominal issues' forecasts: each option's share, and the plurality option (JSON `nominal`, and text).
void nominal_part(doc::Emitter& e, const Scenario& s, const std::vector<NominalForecast>& nominal);
[[nodiscard]] std::string nominal_text(const Scenario& s, const NominalForecast& n);

/// A nominal issue's actors at their best options, with their shares of the weight, for CSV rows.
struct NominalRow {
  const Actor* actor;
  std::string option;
  double share;
};
[[nodiscard]] std::vector<NominalRow> nominal_rows(const Scenario& s, std::size_t k);

}  // namespace parley::report::parts
