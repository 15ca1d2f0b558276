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
    control.progress = [&bar](const services::Progress& p) { bar->update(p.done, p.total); };
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
  add_registered(*cmd, "sweep", "analysis", o.analysis);
  add_registered(*cmd, "sweep", "draws", o.draws);
  add_registered(*cmd, "sweep", "seed", o.seed);
  add_registered(*cmd, "sweep", "threads", o.threads);
  add_registered(*cmd, "sweep", "at", o.at);
  add_registered(*cmd, "sweep", "replay", o.replay);
  add_registered_flag(*cmd, "sweep", "sensitivity", o.sensitivity);
  add_registered(*cmd, "sweep", "vary", o.vary);
  add_registered(*cmd, "sweep", "quantiles", o.quantiles);
  // The analyses' own options.
  add_registered(*cmd, "sweep", "model", o.forecast.model);
  add_registered(*cmd, "sweep", "variant", o.forecast.variant);
  add_registered(*cmd, "sweep", "q", o.forecast.q);
  add_registered(*cmd, "sweep", "rounds", o.forecast.rounds);
  add_registered(*cmd, "sweep", "issue", o.forecast.issue);
  add_registered(*cmd, "sweep", "randomness", o.forecast.randomness);
  add_registered(*cmd, "sweep", "smp-victory", o.forecast.smp[0]);
  add_registered(*cmd, "sweep", "smp-voting", o.forecast.smp[1]);
  add_registered(*cmd, "sweep", "smp-pce", o.forecast.smp[2]);
  add_registered(*cmd, "sweep", "smp-transitions", o.forecast.smp[3]);
  add_registered(*cmd, "sweep", "smp-risk-range", o.forecast.smp[4]);
  add_registered(*cmd, "sweep", "smp-risk-adjust", o.forecast.smp[5]);
  add_registered(*cmd, "sweep", "smp-third-party", o.forecast.smp[6]);
  add_registered(*cmd, "sweep", "smp-interpolation", o.forecast.smp[7]);
  add_registered(*cmd, "sweep", "smp-bargain", o.forecast.smp[8]);
  add_registered(*cmd, "sweep", "min-ratification", o.analyze.min_ratification);
  add_registered(*cmd, "sweep", "horizon", o.stability.horizon);
  add_registered(*cmd, "sweep", "coalitions", o.stability.coalitions);
  add_registered(*cmd, "sweep", "format", args->format);
  add_registered(*cmd, "sweep", "out", o.out);
  add_registered_flag(*cmd, "sweep", "keep-draws", o.keep_draws);
  add_registered_flag(*cmd, "sweep", "quiet", args->quiet);
  add_input_options(*cmd, "sweep", args->input);
  cmd->callback([args, &run, &mpi] { run = [args, &mpi] { return run_sweep(*args, mpi); }; });
}

}  // namespace parley::cli
