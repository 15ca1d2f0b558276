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
};
}  // namespace

void add_stability(CLI::App& app, Run& run) {
  auto args = std::make_shared<StabilityArgs>();
  auto* cmd = app.add_subcommand("stability",
                                 "Which outcomes are stable: the graph model (Nash, GMR, SMR, SEQ, limited move), "
                                 "status quo paths, coalitions");
  cmd->add_option("FILE", args->file, "Scenario with a conflict section, or a gmcr-py .gmcr file")->required();
  cmd->add_option("--horizon", args->stability.horizon,
                  "Also limited-move stability L_h looking H moves ahead (two decision makers)")
      ->check(CLI::Range(1, 1000))
      ->type_name("H");
  cmd->add_option("--explain", args->stability.explain,
                  "Explain why this state (number or Y/N pattern) is or is not stable, per decision maker and concept")
      ->type_name("STATE");
  cmd->add_option("--dm", args->stability.dm, "With --explain: this decision maker only")->type_name("ID");
  cmd->add_option("--coalitions", args->stability.coalitions,
                  "Coalitions to test against the equilibria: auto (all, up to 65,536 states), all, none, or "
                  "ID+ID[,ID+ID...]")
      ->capture_default_str();
  cmd->add_option("--states", args->stability.states,
                  "States listed: all, equilibria, or auto (all for small conflicts: 64 in text, 65,536 in JSON)")
      ->check(CLI::IsMember({"auto", "all", "equilibria"}))
      ->capture_default_str();
  cmd->add_flag("--moves", args->stability.moves,
                "JSON/YAML: list every unilateral move, marked when it is an improvement (the state graph; up to "
                "4,096 states)");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "yaml", "csv"}))
      ->capture_default_str();
  cmd->add_option("--threads", args->stability.threads, "Threads (0: every core); results do not depend on it")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  add_input_options(*cmd, args->input);
  print_result(*cmd, run, args, [args](const services::Loaded& loaded, OutputFormat format) {
    auto options = args->stability;
    options.format = format;
    return services::stability(loaded, options);
  });
}

}  // namespace parley::cli
