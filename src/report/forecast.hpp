// Rendering `parley forecast`: each issue's trajectory round by round, as canonical JSON, text tables or
// CSV (one row per round and actor).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "analysis/package_check.hpp"
#include "doc/emitter.hpp"
#include "doc/node.hpp"
#include "forecast/compromise.hpp"
#include "forecast/eum.hpp"
#include "forecast/exchange.hpp"
#include "forecast/smp.hpp"
#include "parley/results.hpp"
#include "parley/scenario.hpp"

namespace parley::report {

/// A nominal issue's forecast: its options have no order, so no spatial model runs on it; each option's share of
/// the weight (capability x salience) of the actors whose best option it is, and the plurality option, which the
/// forecast package takes (docs/models.md §3.8).
struct NominalForecast {
  std::size_t issue = 0;
  std::vector<double> shares;  // per option
  std::size_t plurality = 0;
};

/// The nominal issues among `issues` (indices into Scenario::issues) on which some actor takes a stance with weight.
[[nodiscard]] std::vector<NominalForecast> nominal_forecasts(const Scenario& s, const std::vector<std::size_t>& issues);

/// One issue's run of the expected-utility model.
struct EumRun {
  std::size_t issue = 0;     // index into Scenario::issues
  forecast::EumIssue input;  // the actors with a stance, in scenario order
  forecast::EumResult result;
};

struct EumReport {
  std::string at;       // the timeline point analysed
  std::string variant;  // scholz | bdm
  double q = 1;
  std::vector<EumRun> runs;              // one per issue forecast
  std::vector<NominalForecast> nominal;  // nominal issues, which the model does not run on
  /// The forecast package (each run's forecast; other issues open) against the parties' limits, red lines,
  /// no_deal levels and ratification votes.
  analysis::PackageCheck check;
};

/// The JSON result, value by value, to any emitter (its tree, or a sweep's outputs).
void emit_eum(doc::Emitter& e, const Scenario& s, const EumReport& r, const Stamp& stamp);
[[nodiscard]] doc::Node eum_json(const Scenario& s, const EumReport& r, const Stamp& stamp);
[[nodiscard]] std::string eum_text(const Scenario& s, const EumReport& r, const Stamp& stamp);
[[nodiscard]] std::string eum_csv(const Scenario& s, const EumReport& r);
/// The compromise model (docs/models.md §9): one weighted mean (or median) per issue, no bargaining.
struct CompromiseReport {
  std::string at;
  std::string variant;  // mean | median
  std::vector<forecast::CompromiseIssue> issues;
  std::vector<NominalForecast> nominal;
  /// The forecast package (each issue's forecast; on a discrete issue the option nearest it) against the parties'
  /// limits.
  analysis::PackageCheck check;
};

void emit_compromise(doc::Emitter& e, const Scenario& s, const CompromiseReport& r, const Stamp& stamp);
[[nodiscard]] doc::Node compromise_json(const Scenario& s, const CompromiseReport& r, const Stamp& stamp);
[[nodiscard]] std::string compromise_text(const Scenario& s, const CompromiseReport& r, const Stamp& stamp);
[[nodiscard]] std::string compromise_csv(const Scenario& s, const CompromiseReport& r);

/// The exchange model (docs/models.md §10): actors trade voting positions across issues, round by round.
struct ExchangeReport {
  std::string at;
  std::string variant;  // equal-gain | randomized
  double randomness = 0;
  std::uint64_t seed = 1;
  forecast::ExchangeModel model;
  forecast::ExchangeResult result;
  std::vector<NominalForecast> nominal;
  /// The forecast package (each issue's outcome after the last round; on a discrete issue the option nearest it)
  /// against the parties' limits.
  analysis::PackageCheck check;
};

/// The exchange model's forecast per scenario issue on the issue's scale (NaN where it has none).
[[nodiscard]] std::vector<double> exchange_package(const Scenario& s, const ExchangeReport& r);
/// The range behind the outcome on model issue k, on its scale: the outcome itself when the run converged, else
/// the outcomes' range over the later half of the rounds (as the expected-utility model's).
[[nodiscard]] std::pair<double, double> exchange_range(const Scenario& s, const ExchangeReport& r, std::size_t k);
void emit_exchange(doc::Emitter& e, const Scenario& s, const ExchangeReport& r, const Stamp& stamp);
[[nodiscard]] doc::Node exchange_json(const Scenario& s, const ExchangeReport& r, const Stamp& stamp);
[[nodiscard]] std::string exchange_text(const Scenario& s, const ExchangeReport& r, const Stamp& stamp);
[[nodiscard]] std::string exchange_csv(const Scenario& s, const ExchangeReport& r);

/// One run of the spatial model over all issues.
struct SmpReport {
  std::string at;
  forecast::SmpInput input;      // positions and saliences on [0, 1], actors with a stance
  forecast::SmpOptions options;  // the parameters it ran with
  /// Per parameter (kSmpParameters order), then the seed: where its value came from: "KTAB default", "scenario"
  /// or "option".
  std::array<std::string, kSmpParameters.size() + 1> from;
  forecast::SmpResult result;
  std::vector<NominalForecast> nominal;  // nominal issues, on which nobody bargains in the model
  /// The forecast package (on a discrete issue, its most probable option) against the parties' limits.
  analysis::PackageCheck check;
};

/// The spatial model's forecast on each issue, on the issue's scale; on a discrete issue, the index of the
/// option with the largest winning probability (forecast::option_shares); on a nominal one, its plurality option,
/// or NaN when nobody weighs it (the issue is left open).
[[nodiscard]] std::vector<double> smp_package(const Scenario& s, const SmpReport& r);

void emit_smp(doc::Emitter& e, const Scenario& s, const SmpReport& r, const Stamp& stamp);
[[nodiscard]] doc::Node smp_json(const Scenario& s, const SmpReport& r, const Stamp& stamp);
[[nodiscard]] std::string smp_text(const Scenario& s, const SmpReport& r, const Stamp& stamp);
[[nodiscard]] std::string smp_csv(const Scenario& s, const SmpReport& r);

/// `forecast --model all` (docs/models.md §11): every model on the scenario, issue by issue, and where they part.
struct AllReport {
  std::string at;
  struct Model {
    std::string id;     // eum-scholz | eum-bdm | smp | compromise | compromise-median | exchange
    std::string label;  // for people
    /// Per scenario issue, on its scale (an option's index on a discrete issue); NaN where the model has none.
    std::vector<double> forecast, low, high;  // low, high: the range behind an unsettled forecast
    std::vector<std::string> state;           // per issue: converged | cycle | cap | one step
  };
  std::vector<Model> models;
  std::vector<NominalForecast> nominal;  // every model forecasts a nominal issue's plurality option
  std::vector<std::string> skipped;      // "MODEL: why it could not run", one per model left out
  /// The spatial model's settings in words when they are not KTAB's defaults (its label then says how many).
  std::string smp_settings;
  /// Per ordered issue: how far apart the models are, and in plain words why.
  struct Reading {
    std::size_t issue = 0;
    double spread = 0;                    // highest forecast - lowest, on the issue's scale
    std::size_t lowest = 0, highest = 0;  // indices into `models`
    std::vector<std::string> sentences;
  };
  std::vector<Reading> readings;
};

/// Gathers the models' runs (each as `forecast --model M` makes it) into the comparison; a model that could not
/// run is null, and its column stays empty.
[[nodiscard]] AllReport all_report(const Scenario& s, const EumReport* scholz, const EumReport* bdm,
                                   const SmpReport* smp, const CompromiseReport* mean, const CompromiseReport* median,
                                   const ExchangeReport* exchange);
void emit_all(doc::Emitter& e, const Scenario& s, const AllReport& r, const Stamp& stamp);
[[nodiscard]] doc::Node all_json(const Scenario& s, const AllReport& r, const Stamp& stamp);
[[nodiscard]] std::string all_text(const Scenario& s, const AllReport& r, const Stamp& stamp);
[[nodiscard]] std::string all_csv(const Scenario& s, const AllReport& r);

}  // namespace parley::report
