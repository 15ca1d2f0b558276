// `parley sweep FILE --analysis analyze|forecast|stability [analysis options] --draws N --seed S [--threads T]
// [--at ID] [--replay K] [--out DB [--keep-draws]] [--quiet] [--format text|json|yaml|csv]`: how sure are we.
#include <algorithm>
#include <memory>
#include <optional>
#include <thread>

#include "cli.hpp"
#include "mpi.hpp"
#include "progress.hpp"

namespace parley::cli {

namespace {
struct SweepArgs {
  std::string file;
  std::string format = "text";
  bool quiet = false;
  InputOptions input;
  services::SweepOptions sweep;
};

// Prints the result; a run stopped by a signal says what it covers and exits with 128 + the signal.
int print_swept(const services::Swept& swept, const services::SweepOptions& options, const StopOnSignal* stop) {
  std::cout << swept.output << std::flush;
  if (!swept.interrupted || stop == nullptr) return 0;
  std::cerr << "parley: interrupted: the result covers the " << swept.draws_done << " draws done of the "
            << options.draws << " asked" << (swept.run ? "; stored as run " + std::to_string(*swept.run) : "") << '\n';
  return 128 + stop->signal();
}

// The Monte Carlo run with a progress bar on a terminal and a clean stop on SIGINT or SIGTERM: the result of
// the whole batches done is printed (and stored), then the status is 128 + the signal (130 for Ctrl-C).
int run_sweep(const SweepArgs& args, MpiSession& mpi) {
  services::Cluster* cluster = mpi.cluster();
  services::Loaded loaded;
  if (cluster == nullptr) {
    loaded = load_and_report(args.file, args.input);
    if (!loaded.scenario) return static_cast<int>(ExitCode::data);
  } else {
    // A rank that cannot read the file still joins the others, so that all stop together.
    try {
      loaded = load_and_report(args.file, args.input);
      if (!loaded.scenario) throw DataError("the scenario was refused (run parley validate on it)", args.file);
    } catch (const Error& e) {
      services::join(*cluster, {}, &e);
    }
  }
  auto options = args.sweep;
  options.format = output_format(args.format);
  services::Control control;
  control.cluster = cluster;
  if (cluster != nullptr) {
    // The ranks on one machine share its cores. The ranks cannot stop at the same draw, so a signal stops the
    // run as mpirun delivers it (at once), and there is no progress bar: ranks do not write to a terminal.
    if (options.threads == 0)
      options.threads = std::max(1U, std::thread::hardware_concurrency() / static_cast<unsigned>(mpi.local_size()));
    return print_swept(services::sweep(loaded, options, control), options, nullptr);
  }
  // Grids and replays are short or not stored: the default action of a signal (stop at once) suits them.
  const bool monte_carlo = options.vary.empty() && !options.replay;
  const bool show_progress = monte_carlo && ProgressBar::wanted(args.quiet);
  std::optional<ProgressBar> bar;
  std::optional<StopOnSignal> stop;
  if (show_progress) {
    bar.emplace("draws");
    control.progress = [&bar](std::size_t done, std::size_t total) { bar->update(done, total); };
  }
  if (monte_carlo) {
    stop.emplace(show_progress);
    control.cancel = &stop->flag();
  }
  const services::Swept swept = services::sweep(loaded, options, control);
  if (bar) bar->clear();
  return print_swept(swept, options, stop ? &*stop : nullptr);
}

}  // namespace

void add_sweep(CLI::App& app, Run& run, MpiSession& mpi) {
  auto args = std::make_shared<SweepArgs>();
  auto& o = args->sweep;
  auto* cmd =
      app.add_subcommand("sweep", "How sure are we: an analysis over Monte Carlo draws of the uncertain numbers");
  cmd->add_option("FILE", args->file, "Scenario file")->required();
  cmd->add_option("--analysis", o.analysis, "The analysis run on every draw")
      ->check(CLI::IsMember({"analyze", "forecast", "stability"}))
      ->capture_default_str();
  cmd->add_option("--draws", o.draws, "Number of draws (0: none, with --vary)")
      ->check(CLI::Range(0, 100000000))
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Seed: draw k depends only on (seed, k)")->capture_default_str();
  cmd->add_option("--threads", o.threads, "Threads (0: every core); the output does not depend on it")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_option("--at", o.at, "Timeline point whose uncertainty is drawn (default: after the last point)")
      ->type_name("ID");
  cmd->add_option("--replay", o.replay, "Rerun draw K alone, printing its inputs and the analysis's result")
      ->type_name("K");
  cmd->add_flag("--sensitivity", o.sensitivity,
                "Also the one-at-a-time swing of every uncertain input (tornado) and first-order variance shares");
  cmd->add_option("--vary", o.vary,
                  "PATH=A..B:STEPS: run over STEPS values of that number from A to B (repeat for a grid; "
                  "--draws 0 runs each point at central values)")
      ->type_name("PATH=A..B:STEPS");
  // The analyses' own options.
  cmd->add_option("--model", o.forecast.model, "forecast: eum or smp")->check(CLI::IsMember({"eum", "smp"}));
  cmd->add_option("--variant", o.forecast.variant, "forecast --model eum: scholz or bdm")
      ->check(CLI::IsMember({"scholz", "bdm"}));
  cmd->add_option("--q", o.forecast.q, "forecast: probability that the status quo persists")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--rounds", o.forecast.rounds, "forecast: at most this many rounds")->check(CLI::Range(0, 100000));
  cmd->add_option("--issue", o.forecast.issue, "forecast: this issue only")->type_name("ID");
  cmd->add_option("--min-ratification", o.analyze.min_ratification,
                  "analyze: what it would take looks only at packages ratified with at least this probability")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--horizon", o.stability.horizon, "stability: also L_h (two decision makers)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--coalitions", o.stability.coalitions, "stability: auto, all, none or ID+ID,...");
  cmd->add_option("--format", args->format, "Output format (csv: every draw's outputs)")
      ->check(CLI::IsMember({"text", "json", "yaml", "csv"}))
      ->capture_default_str();
  cmd->add_option("--out", o.out, "Store the run in this SQLite run store (created if missing; see parley runs)")
      ->type_name("DB");
  cmd->add_flag("--keep-draws", o.keep_draws, "With --out: store every draw's outputs too");
  cmd->add_flag("--quiet", args->quiet, "No progress bar (it shows only when standard error is a terminal)");
  add_input_options(*cmd, args->input);
  cmd->callback([args, &run, &mpi] { run = [args, &mpi] { return run_sweep(*args, mpi); }; });
}

}  // namespace parley::cli
