// `parley forecast FILE --model eum|smp [--variant scholz|bdm] [--q Q] [--rounds N] [--issue ID] [--at ID]
// [--format text|json|yaml|csv]`: where bargaining will end, round by round.
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "parley/error.hpp"

namespace parley::cli {

namespace {
struct ForecastArgs {
  std::string file;
  std::string format = "text";
  InputOptions input;
  services::ForecastOptions forecast;
};
}  // namespace

void add_forecast(CLI::App& app, Run& run) {
  auto args = std::make_shared<ForecastArgs>();
  auto* cmd = app.add_subcommand("forecast", "Where bargaining will end: the expected-utility model, round by round");
  cmd->add_option("FILE", args->file, "Scenario file")->required();
  cmd->add_option("--model", args->forecast.model,
                  "Model: eum (expected utility, one issue at a time) or smp (KTAB's spatial model, all issues)")
      ->check(CLI::IsMember({"eum", "smp"}))
      ->capture_default_str();
  cmd->add_option("--variant", args->forecast.variant,
                  "eum variant: scholz (Scholz et al.'s code, reproduces published runs) or bdm (the paper's intent)")
      ->check(CLI::IsMember({"scholz", "bdm"}))
      ->capture_default_str();
  cmd->add_option("--q", args->forecast.q, "Probability that the status quo persists, in [0, 1]")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--rounds", args->forecast.rounds,
                  "At most this many rounds (default: eum 10; smp 100 turns, as KTAB); the run may stop earlier")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--issue", args->forecast.issue, "Forecast this issue only (default: every issue)")->type_name("ID");
  cmd->add_option("--at", args->forecast.at,
                  "Timeline point to start from ('start' for before any point; default: after the last point)")
      ->type_name("ID");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "yaml", "csv"}))
      ->capture_default_str();
  add_input_options(*cmd, args->input);
  print_result(*cmd, run, args, [args](const services::Loaded& loaded, OutputFormat format) {
    auto options = args->forecast;
    options.format = format;
    return services::forecast(loaded, options);
  });
}

}  // namespace parley::cli
