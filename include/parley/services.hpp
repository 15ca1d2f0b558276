// The services layer: one function per user task. The CLI (and later the server and Python) call only this.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/diagnostics.hpp"
#include "parley/error.hpp"
#include "parley/results.hpp"
#include "parley/scenario.hpp"
#include "parley/strategy.hpp"

namespace parley {

/// parley's version, as `parley --version` prints it and every JSON output carries it.
[[nodiscard]] std::string_view version();

/// How to read an input file (flags of every subcommand that takes a scenario).
struct InputOptions {
  std::optional<std::pair<double, double>> csv_scale;  // a BDM table's issue scale
  std::optional<double> csv_salience_max;              // a BDM table's salience scale
  std::string format;                                  // force: yaml, json, csv, xml, gmcr
};

namespace services {

/// The processes one sweep is spread over: MPI ranks, each running the same command (docs/design/sweep.md,
/// "MPI"). Each rank computes a contiguous block of the draws; rank 0 gathers them and alone has the result,
/// equal to one process's byte for byte. The CLI implements it over MPI; tests implement it over threads.
class Cluster {
 public:
  virtual ~Cluster() = default;
  [[nodiscard]] virtual int rank() const = 0;
  [[nodiscard]] virtual int size() const = 0;
  /// Collective (every rank calls it, in the same order): every rank's message, in rank order, on rank 0; an
  /// empty list on the others.
  [[nodiscard]] virtual std::vector<std::string> gather(const std::string& mine) = 0;
  /// Collective: every rank's message, in rank order, on every rank.
  [[nodiscard]] virtual std::vector<std::string> all_gather(const std::string& mine) = 0;
  /// Collective: rank 0's message on every rank (the others' are ignored). By default an all_gather.
  [[nodiscard]] virtual std::string broadcast(const std::string& mine) {
    return all_gather(rank() == 0 ? mine : std::string())[0];
  }
};

/// A sweep's first collective step, which a rank that could not even load the scenario takes too (with
/// `failure`): every rank says whether it is ready and which scenario it read. Throws the same error on
/// every rank when any rank failed (the lowest such rank's error) or read a scenario other than rank 0's, so
/// that all stop together instead of waiting for each other.
void join(Cluster& cluster, const std::string& scenario_sha256, const Error* failure = nullptr);

/// How far a long task has come: `done` of `total` steps of its current `phase`, which names a step in the plural
/// ("draws", "states", "negotiations", "turns"); a task may go through several phases, each from 0.
struct Progress {
  std::string_view phase;
  std::size_t done = 0, total = 0;
};

/// What a long task is told, and tells, while it runs (docs/api.md, "Long tasks"). Every member may be left empty.
struct Control {
  /// The processes the task is spread over (a sweep's draws, a tournament's blocks); none: this process alone.
  Cluster* cluster = nullptr;
  /// Set it (from any thread or a signal handler) to stop. A sweep takes no new draws, drops the batch in
  /// progress and summarises the whole batches done; every other task throws Cancelled within one step, returning
  /// nothing partial. Over a cluster only a sweep heeds it (the ranks could not stop at the same step).
  const std::atomic<bool>* cancel = nullptr;
  /// Called as steps finish; from the worker threads, possibly several at once, so it must be thread-safe and
  /// cheap.
  std::function<void(const Progress&)> progress;
};

/// A scenario file read and checked. `scenario` is empty when `diagnostics` has an error.
struct Loaded {
  std::optional<Scenario> scenario;  // as written: no timeline point applied
  Diagnostics diagnostics;
  Stamp stamp;         // with the input options; each task adds its own to the stamp of its output
  InputOptions input;  // how it was read
};

/// Reads and validates one file. Throws InputError (unreadable) or UsageError (format not known, options missing).
[[nodiscard]] Loaded load(const std::string& path, const InputOptions& options);
/// `load` for text in memory (a Python string): `name` stands for the file in diagnostics; `format` (yaml, json, csv,
/// xml, gmcr) says how to read it when `options.format` is empty, as a file's extension would (it is not stamped).
[[nodiscard]] Loaded load_text(std::string_view text, const std::string& name, std::string_view format,
                               const InputOptions& options);

/// `parley validate`: per file, whether it loads, what it holds and every problem. A file that cannot be
/// read at all is a problem of its own (its error, without a location), not an exception.
struct Validated {
  std::string file;
  Loaded loaded;
  std::optional<std::string> unreadable;  // the error, when the file could not be read
  int exit_code = 0;                      // 0, or the exit code its problem gives
};
[[nodiscard]] Validated validate(const std::string& path, const InputOptions& options);
/// The files' results: text ("FILE: ok (3 issues, ...)" per file), or JSON/YAML with every diagnostic located.
[[nodiscard]] std::string validation(const std::vector<Validated>& files, OutputFormat format);

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
  std::string at;         // timeline point (see `at`)
  bool timeline = false;  // every point from "start" to the last, summarised
  OutputFormat format = OutputFormat::text;
  unsigned threads = 0;           // 0: every hardware thread; results do not depend on it
  std::size_t max_pareto = 1000;  // frontier packages listed in JSON (0: all)
  /// "What it would take" looks only at packages ratified with at least this probability (0: any), and runs
  /// even when a package is agreeable, since that one may fall short (docs/models.md §2.8).
  double min_ratification = 0;
};

/// Issue statistics, packages, the Pareto frontier, bargaining solutions and what it would take to open
/// an agreement (docs/models.md §1 and §2). Throws LimitError for spaces past the work limits, and DataError for
/// a scenario without issues (a gmcr-py graph model).
[[nodiscard]] std::string analyze(const Loaded& loaded, const AnalyzeOptions& options, const Control& control = {});

/// `analyze` at one timeline point as typed values (parley/results.hpp): what `analyze` renders. Throws as
/// `analyze`, and UsageError for `timeline`, which only `analyze` renders.
[[nodiscard]] AnalyzeResult analyze_result(const Loaded& loaded, const AnalyzeOptions& options,
                                           const Control& control = {});

/// A result as `analyze` prints it: text tables, or JSON or YAML (`analyze(l, o)` is `render(analyze_result(l, o),
/// o.format)`). Throws UsageError for csv.
[[nodiscard]] std::string render(const AnalyzeResult& result, OutputFormat format);
/// `analyze --timeline` as a typed result: the analysis at every point of the timeline (`options.timeline` need
/// not be set; `options.at` must be empty).
[[nodiscard]] TimelineResult timeline_result(const Loaded& loaded, const AnalyzeOptions& options,
                                             const Control& control = {});
[[nodiscard]] std::string render(const TimelineResult& result, OutputFormat format);

/// A GENIUS (ANAC) domain file and the profiles of the parties negotiating over it; or a scorable game's folder
/// (docs/games.md), which analyses read the same way, under the game's decision rule.
struct GeniusInput {
  std::string domain;
  std::vector<std::string> profiles;
  std::string game;  // a scorable game's folder (then `domain` and `profiles` are empty)
};

/// Recognises GENIUS input among command-line files: a directory holding one domain file (every other
/// `.xml` in it is a profile, in name order), or a domain file followed by profile files; or a directory
/// holding a scorable game (`config.txt` and `scores_files/`). Empty when the files are neither.
[[nodiscard]] std::optional<GeniusInput> genius_input(const std::vector<std::string>& files);

/// The ids the analyses give the input's parties (profiles, or a game's parties), in order; empty when the input
/// does not read (its diagnostics come from the task itself).
[[nodiscard]] std::vector<std::string> party_ids(const GeniusInput& input);

struct Analyzed {
  Diagnostics diagnostics;
  std::string output;  // empty when `diagnostics` has an error
};

/// A typed result of input read by the task itself (a GENIUS domain), with that input's diagnostics: no result when
/// they hold an error.
template <class Result>
struct WithDiagnostics {
  Diagnostics diagnostics;
  std::optional<Result> result;
};

/// `analyze` for a GENIUS domain: utilities normalised as GENIUS does (docs/genius.md), each profile a
/// party whose reservation value is both its disagreement value and its no_deal level.
[[nodiscard]] Analyzed analyze_genius(const GeniusInput& input, const AnalyzeOptions& options);
/// The same analysis as a typed result (`analyze_genius(i, o).output` is `render(*result, o.format)`).
[[nodiscard]] WithDiagnostics<AnalyzeResult> analyze_genius_result(const GeniusInput& input,
                                                                   const AnalyzeOptions& options);

struct ForecastOptions {
  std::string model = "eum";          // eum (docs/models.md §3) | smp (§6) | compromise (§9) | exchange (§10)
  std::string variant = "scholz";     // eum: scholz | bdm; compromise: mean | median; exchange: equal-gain | randomized
  double q = 1.0;                     // probability that the status quo persists
  std::optional<int> rounds;          // a cap (default: eum 10 rounds, smp 100 turns as KTAB); it may stop earlier
  std::string issue;                  // one issue id, or empty for every issue
  std::string at;                     // timeline point (see `at`)
  unsigned threads = 0;               // smp: 0 for every hardware thread; results do not depend on it
  std::optional<double> randomness;   // exchange, randomized: Decide's p in [0, 1] (default 1)
  std::optional<std::uint64_t> seed;  // exchange, randomized; smp, stochastic transitions: the draws' seed (default 1)
  /// smp: KTAB's parameters by parley's names, in kSmpParameters order (parley/scenario.hpp); empty: the
  /// scenario's `models: smp:` setting, else KTAB's default.
  std::array<std::string, kSmpParameters.size()> smp;
  OutputFormat format = OutputFormat::text;
};

/// Where bargaining will end: the expected-utility model run on each issue, round by round, with who
/// moved whom and why; the forecast package. Throws UsageError for an unknown issue or point, DataError for a
/// scenario without issues.
[[nodiscard]] std::string forecast(const Loaded& loaded, const ForecastOptions& options, const Control& control = {});

/// `forecast` as typed values (parley/results.hpp): each issue's forecast, whether it settled, its path. Throws as
/// `forecast`.
[[nodiscard]] ForecastResult forecast_result(const Loaded& loaded, const ForecastOptions& options,
                                             const Control& control = {});

/// A forecast as `forecast` prints it, in any format (`forecast(l, o)` is `render(forecast_result(l, o), o.format)`).
[[nodiscard]] std::string render(const ForecastResult& result, OutputFormat format);

struct StabilityOptions {
  std::optional<int> horizon;       // limited-move stability L_h (two decision makers)
  std::string coalitions = "auto";  // auto (all up to 65,536 states) | all | none | ID+ID[,ID+ID...]
  std::string explain;              // a state (number or Y/N pattern) to explain; empty: none
  std::string dm;                   // explain for this decision maker only; empty: all
  std::string states = "auto";      // auto | all | equilibria: which states the output lists
  bool moves = false;               // JSON/YAML: every unilateral move, marked when it is an improvement (the
                                    // state graph), for conflicts of up to kMaxGraphStates states
  OutputFormat format = OutputFormat::text;
  unsigned threads = 0;  // 0: every hardware thread; results do not depend on it
};

/// `stability` as typed values (parley/results.hpp): the equilibria with every decision maker's verdicts, what the
/// status quo reaches, the coalitions that upset an equilibrium. Throws as `stability`.
[[nodiscard]] StabilityResult stability_result(const Loaded& loaded, const StabilityOptions& options,
                                               const Control& control = {});

/// A result as `stability` prints it (`stability(l, o, c)` is `render(stability_result(l, o, c), o.format)`).
[[nodiscard]] std::string render(const StabilityResult& result, OutputFormat format);

/// The largest conflict whose state graph `stability --moves` lists.
inline constexpr std::size_t kMaxGraphStates = 4096;

/// Which outcomes are stable: the graph model of the scenario's conflict section (docs/models.md §4),
/// every state and decision maker under Nash, GMR, SMR, SEQ and SIM (and L_h), equilibria, status quo paths,
/// coalitions and explanations. Throws DataError without a conflict section, UsageError for bad options,
/// LimitError past the work limits.
[[nodiscard]] std::string stability(const Loaded& loaded, const StabilityOptions& options, const Control& control = {});

/// `stability` handed to `sink` a piece at a time as it is written (about a megabyte each), so that JSON, YAML and
/// CSV list any number of states in memory that does not grow with the listing: what the command line prints.
/// `stability`, `render` and the typed result refuse listings past 2^19 states in JSON or YAML and 2^22 rows in CSV
/// (LimitError), as they hold them in memory. Everything that can throw does so before the first piece.
void stability_to(const Loaded& loaded, const StabilityOptions& options, const Control& control,
                  const std::function<void(std::string_view)>& sink);

struct SweepOptions {
  std::string analysis = "forecast";  // analyze | forecast | stability
  AnalyzeOptions analyze;             // the options of the analysis run on each draw (their format and
  ForecastOptions forecast;           // timeline point are the sweep's own)
  StabilityOptions stability;
  std::string at;  // timeline point: its uncertainty is drawn (see `at`)
  std::size_t draws = 1000;
  std::uint64_t seed = 1;
  unsigned threads = 0;               // 0: every hardware thread; the output does not depend on it
  std::optional<std::size_t> replay;  // rerun this draw alone, printing its inputs and the analysis's result
  bool sensitivity = false;           // one-at-a-time swings (tornado) and first-order variance shares
  std::vector<std::string> vary;      // PATH=A..B:STEPS: a grid of values (with draws 0: central values only)
  OutputFormat format = OutputFormat::text;
  std::string out;          // a run store (SQLite) the run is written to, one transaction per batch
  bool keep_draws = false;  // with `out`: every draw's outputs too
  /// exact: every draw's values kept (up to 10^8 values); sketch: summaries in bounded memory, each quantile
  /// within 2^-10 of its magnitude; auto: exact while it fits, else sketch (docs/models.md §7.4).
  std::string quantiles = "auto";
};

/// Monte Carlo draws run in batches of this many: a stopped run keeps whole batches, a killed one loses at most
/// the batch it was computing.
inline constexpr std::size_t kSweepBatch = 1000;

/// A sweep's output and how the run ended.
struct Swept {
  std::string output;               // in the format asked for
  std::size_t draws_done = 0;       // the draws the output covers
  bool interrupted = false;         // stopped through Control::cancel before every draw was done
  std::optional<std::int64_t> run;  // the run's id in the store, with SweepOptions::out
  /// The summaries, typed (`output` is `render(*result, format)`): a Monte Carlo run's, or a `vary` grid's points'
  /// (SweepResult::grid). None for `replay` (`replayed` has it), for CSV without `out` (which prints the draws and
  /// computes no summary), nor on MPI ranks but 0.
  std::optional<SweepResult> result;
  /// `replay`: the draw's inputs and the analysis's result, typed (none for CSV, which prints the draw's outputs).
  std::optional<SweepReplay> replayed;
};

/// A replayed draw as `sweep --replay` prints it: text, JSON or YAML.
[[nodiscard]] std::string render(const SweepReplay& replay, OutputFormat format);

/// A sweep's summaries as `sweep` prints them: text, JSON or YAML; CSV prints every draw's outputs.
[[nodiscard]] std::string render(const SweepResult& result, OutputFormat format);

/// How sure are we (docs/models.md §7): the analysis run on `draws` Monte Carlo draws of the scenario's
/// uncertain numbers, each output summarised (mean, sd, se, quantiles; shares of each category); CSV gives
/// every draw's outputs. Draw k depends only on (seed, k). Throws UsageError for bad options, LimitError past
/// the memory limit.
[[nodiscard]] std::string sweep(const Loaded& loaded, const SweepOptions& options);

/// `sweep` that can be stopped and reports progress. An interrupted Monte Carlo run covers the whole batches
/// done: its numbers are those of a run asked for that many draws, and its JSON stamp adds
/// `"interrupted": true` and `draws_asked`. With `out`, the run is stored as it goes (docs/cli.md, "parley
/// runs"); DataError when `out` is not a parley run store (it is left untouched), OutputError when it cannot
/// be written. `--vary` grids and `--replay` are not stored, and ignore `cancel`.
[[nodiscard]] Swept sweep(const Loaded& loaded, const SweepOptions& asked, const Control& control);

/// `parley runs list DB`: one line per stored run. Throws InputError when `db` does not exist, DataError when it
/// is not a parley run store.
[[nodiscard]] std::string runs_list(const std::string& db);

/// `parley runs show DB ID`: the run's record and summary as text, its summary exactly as `sweep --format json`
/// printed it, or (csv) its kept draws as `sweep --format csv` printed them, handed to `sink` in pieces. Throws
/// UsageError for an id the store does not hold, DataError when the run has no summary (json) or kept no
/// draws (csv), and as runs_list for the file.
void runs_show(const std::string& db, const std::string& id, OutputFormat format,
               const std::function<void(std::string_view)>& sink);

struct ReportOptions {
  std::string format = "html";  // html: one self-contained page with charts | md: Markdown tables | json: the data
  std::size_t draws = 0;        // Monte Carlo draws for the uncertainty section (0: no such section)
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0: every hardware thread; the report does not depend on it
  std::string created;   // when the report was made, as it says (ISO 8601); the only varying part
  /// How the forecast's draws are summarised (SweepOptions::quantiles); the analysis's draws are kept within the
  /// limit (auto or exact), as its variance shares need them.
  std::string quantiles = "auto";
};

/// A report and what it left out.
struct Reported {
  std::string output;
  std::vector<std::string> notes;  // sections that could not be computed for this scenario, and why
};

/// `parley report`: every analysis of the scenario in one document (the story, issue maps at every timeline
/// point, packages, both forecasts, the graph model when there is one, and with `draws` the sweeps of the
/// forecast and of the analysis with sensitivity), rendered as an HTML page whose charts need no network, as
/// Markdown, or as the JSON the page is drawn from (docs/report.md). A section an analysis refuses (work
/// limits, nothing to forecast) says why instead, and is named in `notes`. Throws UsageError for bad options.
[[nodiscard]] Reported report(const Loaded& loaded, const ReportOptions& options, const Control& control = {});
/// The same report as typed values: each section's result, or why its analysis refused (`report(l, o, c)` is
/// `render(report_result(l, o, c), o.format)` with the result's notes). Throws as `report`.
[[nodiscard]] ReportResult report_result(const Loaded& loaded, const ReportOptions& options,
                                         const Control& control = {});
/// A report as `report` prints it: html (UsageError in a build without the page bundle), md or json.
[[nodiscard]] std::string render(const ReportResult& result, std::string_view format);
/// One result as a report of it alone (a notebook's display: the page's charts for that result): its section, the
/// others absent (a forecast's other model and a sweep's other analysis say "not asked for"). `loaded` is the
/// scenario the result came from. Throws UsageError for a sweep of stability, which the page does not draw.
[[nodiscard]] ReportResult report_of(const Loaded& loaded, const AnalyzeResult& result);
[[nodiscard]] ReportResult report_of(const Loaded& loaded, const ForecastResult& result);
[[nodiscard]] ReportResult report_of(const Loaded& loaded, const StabilityResult& result);
[[nodiscard]] ReportResult report_of(const Loaded& loaded, const SweepResult& result);

struct SimulateOptions {
  std::string protocol = "saop";        // saop (stacked alternating offers) | single-text (mediated)
  std::vector<std::string> strategies;  // PARTY=NAME[:PARAM]; a party not named plays `fallback`
  std::string fallback = "boulware";
  /// PARTY and a strategy of the caller's own (parley/strategy.hpp) that plays it; a party named here may not be
  /// named in `strategies` too.
  std::vector<std::pair<std::string, std::shared_ptr<CustomStrategy>>> custom;
  std::size_t rounds = 100;       // the deadline
  std::optional<double> seconds;  // a wall-time deadline too
  std::uint64_t seed = 1;
  std::string at;                   // the timeline point it starts from (see `at`)
  std::vector<std::string> events;  // POINT@ROUND: that later timeline point takes effect then
  OutputFormat format = OutputFormat::text;
};

/// `parley simulate`: one negotiation between software agents holding the scenario's preferences
/// (docs/models.md §5): the offer trace, the agreement or none, each party's utility, the agreement's distances to the
/// Pareto frontier and the Nash solution, and the round. The same seed gives the same trace. Throws
/// UsageError for bad options, LimitError past the simulation's limits.
[[nodiscard]] std::string simulate(const Loaded& loaded, const SimulateOptions& options);
/// The same negotiation as a typed result (`simulate(l, o)` is `render(simulate_result(l, o), o.format)`).
[[nodiscard]] SimulateResult simulate_result(const Loaded& loaded, const SimulateOptions& options);
/// A simulation as `simulate` prints it: text, JSON, YAML or CSV.
[[nodiscard]] std::string render(const SimulateResult& result, OutputFormat format);

/// `simulate` over a GENIUS domain: each profile a party whose reservation value is its utility of no agreement
/// (docs/genius.md). Throws UsageError for --at and --event, which need a timeline.
[[nodiscard]] Analyzed simulate_genius(const GeniusInput& input, const SimulateOptions& options);
/// The same negotiation as a typed result.
[[nodiscard]] WithDiagnostics<SimulateResult> simulate_genius_result(const GeniusInput& input,
                                                                     const SimulateOptions& options);

struct TournamentOptions {
  std::vector<std::string> strategies;                  // NAME[:PARAM]; with `custom`, at least one in all
  std::vector<std::shared_ptr<CustomStrategy>> custom;  // strategies of the caller's own, after `strategies`
  std::size_t repetitions = 10;
  std::size_t rounds = 100;
  std::string protocol = "saop";
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0: every hardware thread; results do not depend on it
  OutputFormat format = OutputFormat::text;
};

/// `parley tournament`: every strategy against every other (itself too) in every role of every scenario
/// (after its last timeline point), repeated; per-strategy utility, agreement rate, welfare, distance to
/// Nash and round, with 95 % confidence intervals; JSON says how many negotiations ran.
/// Each of `inputs` is a scenario file or a GENIUS domain directory; their diagnostics come back with the result
/// (no output when any has an error).
/// Over a `cluster` of several processes (`mpirun -n K parley tournament`), each rank plays a contiguous range
/// of the blocks of negotiations and rank 0 alone has the result, byte-identical to one process's.
[[nodiscard]] Analyzed tournament(const std::vector<std::string>& inputs, const InputOptions& input,
                                  const TournamentOptions& options, const Control& control = {});
/// The same tournament as a typed result, with the inputs' diagnostics (no result when they hold an error, and on
/// every MPI rank but 0). `tournament(...).output` is `render(*result, options.format)`.
struct Tournament {
  Diagnostics diagnostics;
  std::optional<TournamentResult> result;
};
[[nodiscard]] Tournament tournament_result(const std::vector<std::string>& inputs, const InputOptions& input,
                                           const TournamentOptions& options, const Control& control = {});
/// A tournament as `tournament` prints it: text, JSON, YAML or CSV.
[[nodiscard]] std::string render(const TournamentResult& result, OutputFormat format);

/// The scenario as written, in parley's own format (yaml or json): lossless for `show`. Throws DataError for a
/// scenario without issues, which that format cannot hold.
[[nodiscard]] std::string convert(const Scenario& as_written, OutputFormat to);

/// A GENIUS domain and its profiles, or a scorable game, as a parley scenario (docs/genius.md, "As a scenario"),
/// with the diagnostics of reading it; no scenario when they hold an error.
[[nodiscard]] WithDiagnostics<Scenario> genius_scenario(const GeniusInput& input);
/// `convert` for GENIUS input: the scenario of `genius_scenario`, written as YAML or JSON.
[[nodiscard]] Analyzed convert_genius(const GeniusInput& input, OutputFormat to);

}  // namespace services
}  // namespace parley
