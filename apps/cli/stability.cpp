// `parley stability FILE [--horizon H] [--explain STATE [--dm ID]] [--coalitions all|none|ID+ID,...]
// [--states auto|all|equilibria] [--format text|json|yaml|csv] [--threads N]`: which outcomes are stable.
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "parley/error.hpp"

namespace parley::cli {

namespace {
struct StabilityArgs {
  std::string file;
  std::string format = "text";
  InputOptions input;
  services::StabilityOptions stability;
  bool quiet = false;
};
}  // namespace

void add_stability(CLI::App& app, Run& run) {
  auto args = std::make_shared<StabilityArgs>();
  auto* cmd = app.add_subcommand("stability",
                                 "Which outcomes are stable: the graph model (Nash, GMR, SMR, SEQ, SIM, limited move), "
                                 "status quo paths, coalitions");
  cmd->add_option("FILE", args->file, "Scenario with a conflict section, or a gmcr-py .gmcr file")->required();
  add_registered(*cmd, "stability", "horizon", args->stability.horizon);
  add_registered(*cmd, "stability", "explain", args->stability.explain);
  add_registered(*cmd, "stability", "dm", args->stability.dm);
  add_registered(*cmd, "stability", "coalitions", args->stability.coalitions);
  add_registered(*cmd, "stability", "states", args->stability.states);
  add_registered_flag(*cmd, "stability", "moves", args->stability.moves);
  add_registered(*cmd, "stability", "format", args->format);
  add_registered(*cmd, "stability", "threads", args->stability.threads);
  add_input_options(*cmd, "stability", args->input);
  print_long_stream(*cmd, "stability", run, args,
                    [args](const services::Loaded& loaded, OutputFormat format, const services::Control& control,
                           const std::function<void(std::string_view)>& sink) {
                      auto options = args->stability;
                      options.format = format;
                      services::stability_to(loaded, options, control, sink);
                    });
}

}  // namespace parley::cli
