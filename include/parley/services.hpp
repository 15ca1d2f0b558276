// The services layer: one function per user task. The CLI (and later the server and Python) call only this.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/diagnostics.hpp"
#include "parley/results.hpp"
#include "parley/scenario.hpp"

namespace parley {

/// parley's version, as `parley --version` prints it and every JSON output carries it.
[[nodiscard]] std::string_view version();

/// How to read an input file (flags of every subcommand that takes a scenario).
struct InputOptions {
  std::optional<std::pair<double, double>> csv_scale;  // a BDM table's issue scale
  std::optional<double> csv_salience_max;               // a BDM table's salience scale
  std::string format;                                   // force: yaml, json, csv, xml, gmcr
};

namespace services {

/// A scenario file read and checked. `scenario` is empty when `diagnostics` has an error.
struct Loaded {
  std::optional<Scenario> scenario;  // as written: no timeline point applied
  Diagnostics diagnostics;
  Stamp stamp;
};

/// Reads and validates one file. Throws InputError (unreadable) or UsageError (format not known, options missing).
[[nodiscard]] Loaded load(const std::string& path, const InputOptions& options);

/// The scenario at a timeline point: `at` is a point id, "start", or empty for after the last point.
/// Throws UsageError for an unknown id.
[[nodiscard]] Scenario at(const Scenario& as_written, std::string_view at);

/// The SHA-256 of the canonical form of a scenario: equal for a YAML file and its JSON twin.
[[nodiscard]] std::string scenario_sha256(const Scenario& as_written);

struct ShowOptions {
  std::string at;
  OutputFormat format = OutputFormat::text;
};

/// The normalised scenario at a point, as text tables or canonical JSON.
[[nodiscard]] std::string show(const Loaded& loaded, const ShowOptions& options);

struct AnalyzeOptions {
  std::string at;                 // timeline point (see `at`)
  bool timeline = false;          // every point from "start" to the last, summarised
  OutputFormat format = OutputFormat::text;
  unsigned threads = 0;           // 0: every hardware thread; results do not depend on it
  std::size_t max_pareto = 1000;  // frontier packages listed in JSON (0: all)
};

/// Issue statistics, packages, the Pareto frontier, bargaining solutions and what it would take to open
/// an agreement (models.md sections 1 and 2). Throws LimitError for spaces past the work limits, and DataError for
/// a scenario without issues (a gmcr-py graph model).
[[nodiscard]] std::string analyze(const Loaded& loaded, const AnalyzeOptions& options);

/// A GENIUS (ANAC) domain file and the profiles of the parties negotiating over it.
struct GeniusInput {
  std::string domain;
  std::vector<std::string> profiles;
};

/// Recognises GENIUS input among command-line files: a directory holding one domain file (every other
/// `.xml` in it is a profile, in name order), or a domain file followed by profile files. Empty when the
/// files are not GENIUS input.
[[nodiscard]] std::optional<GeniusInput> genius_input(const std::vector<std::string>& files);

struct Analyzed {
  Diagnostics diagnostics;
  std::string output;  // empty when `diagnostics` has an error
};

/// `analyze` for a GENIUS domain: utilities normalised as GENIUS does (docs/genius.md), each profile a
/// party whose reservation value is both its disagreement value and its no_deal level.
[[nodiscard]] Analyzed analyze_genius(const GeniusInput& input, const AnalyzeOptions& options);

struct ForecastOptions {
  std::string model = "eum";        // eum (models.md section 3) | smp (section 6)
  std::string variant = "scholz";   // scholz | bdm
  double q = 1.0;                   // probability that the status quo persists
  std::optional<int> rounds;        // a cap (default: eum 10 rounds, smp 100 turns as KTAB); it may stop earlier
  std::string issue;                // one issue id, or empty for every issue
  std::string at;                   // timeline point (see `at`)
  OutputFormat format = OutputFormat::text;
};

/// Where bargaining will end: the expected-utility model run on each issue, round by round, with who
/// moved whom and why; the forecast package. Throws UsageError for an unknown issue or point, DataError for a
/// scenario without issues.
[[nodiscard]] std::string forecast(const Loaded& loaded, const ForecastOptions& options);

struct StabilityOptions {
  std::optional<int> horizon;       // limited-move stability L_h (two decision makers)
  std::string coalitions = "auto";  // auto (all up to 65,536 states) | all | none | ID+ID[,ID+ID...]
  std::string explain;              // a state (number or Y/N pattern) to explain; empty: none
  std::string dm;                   // explain for this decision maker only; empty: all
  std::string states = "auto";      // auto | all | equilibria: which states the output lists
  OutputFormat format = OutputFormat::text;
  unsigned threads = 0;             // 0: every hardware thread; results do not depend on it
};

/// Which outcomes are stable: the graph model of the scenario's conflict section (models.md section 4),
/// every state and decision maker under Nash, GMR, SMR and SEQ (and L_h), equilibria, status quo paths,
/// coalitions and explanations. Throws DataError without a conflict section, UsageError for bad options,
/// LimitError past the work limits.
[[nodiscard]] std::string stability(const Loaded& loaded, const StabilityOptions& options);

struct SweepOptions {
  std::string analysis = "forecast";  // analyze | forecast | stability
  AnalyzeOptions analyze;             // the options of the analysis run on each draw (their format and
  ForecastOptions forecast;           // timeline point are the sweep's own)
  StabilityOptions stability;
  std::string at;                     // timeline point: its uncertainty is drawn (see `at`)
  std::size_t draws = 1000;
  std::uint64_t seed = 1;
  unsigned threads = 0;               // 0: every hardware thread; the output does not depend on it
  std::optional<std::size_t> replay;  // rerun this draw alone, printing its inputs and the analysis's result
  bool sensitivity = false;           // one-at-a-time swings (tornado) and first-order variance shares
  std::vector<std::string> vary;      // PATH=A..B:STEPS: a grid of values (with draws 0: central values only)
  OutputFormat format = OutputFormat::text;
};

/// How sure are we (models.md section 7): the analysis run on `draws` Monte Carlo draws of the scenario's
/// uncertain numbers, each output summarised (mean, sd, se, quantiles; shares of each category); CSV gives
/// every draw's outputs. Draw k depends only on (seed, k). Throws UsageError for bad options, LimitError past
/// the memory limit.
[[nodiscard]] std::string sweep(const Loaded& loaded, const SweepOptions& options);

/// The scenario as written, in parley's own format (yaml or json): lossless for `show`. Throws DataError for a
/// scenario without issues, which that format cannot hold.
[[nodiscard]] std::string convert(const Scenario& as_written, OutputFormat to);

}  // namespace services
}  // namespace parley
