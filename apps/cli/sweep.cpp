// `parley sweep FILE --analysis analyze|forecast|stability [analysis options] --draws N --seed S [--threads T]
// [--at ID] [--replay K] [--format text|json|yaml|csv]`: how sure are we.
#include <memory>

#include "cli.hpp"

namespace parley::cli {

namespace {
struct SweepArgs {
  std::string file;
  std::string format = "text";
  InputOptions input;
  services::SweepOptions sweep;
};
}  // namespace

void add_sweep(CLI::App& app, Run& run) {
  auto args = std::make_shared<SweepArgs>();
  auto& o = args->sweep;
  auto* cmd = app.add_subcommand("sweep", "How sure are we: an analysis over Monte Carlo draws of the uncertain numbers");
  cmd->add_option("FILE", args->file, "Scenario file")->required();
  cmd->add_option("--analysis", o.analysis, "The analysis run on every draw")
      ->check(CLI::IsMember({"analyze", "forecast", "stability"}))
      ->capture_default_str();
  cmd->add_option("--draws", o.draws, "Number of draws (0: none, with --vary)")->check(CLI::Range(0, 100000000))->capture_default_str();
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
  cmd->add_option("--q", o.forecast.q, "forecast: probability that the status quo persists")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--rounds", o.forecast.rounds, "forecast: at most this many rounds")->check(CLI::Range(0, 100000));
  cmd->add_option("--issue", o.forecast.issue, "forecast: this issue only")->type_name("ID");
  cmd->add_option("--horizon", o.stability.horizon, "stability: also L_h (two decision makers)")->check(CLI::Range(1, 1000));
  cmd->add_option("--coalitions", o.stability.coalitions, "stability: auto, all, none or ID+ID,...");
  cmd->add_option("--format", args->format, "Output format (csv: every draw's outputs)")
      ->check(CLI::IsMember({"text", "json", "yaml", "csv"}))
      ->capture_default_str();
  add_input_options(*cmd, args->input);
  print_result(*cmd, run, args, [args](const services::Loaded& loaded, OutputFormat format) {
    auto options = args->sweep;
    options.format = format;
    return services::sweep(loaded, options);
  });
}

}  // namespace parley::cli
