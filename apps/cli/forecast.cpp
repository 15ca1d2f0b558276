// `parley forecast FILE --model eum|smp|compromise|exchange [--variant V] [--q Q] [--rounds N] [--issue ID]
// [--randomness P --seed S] [--at ID] [--format text|json|yaml|csv]`: where bargaining will end, round by round.
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
  bool quiet = false;
};
}  // namespace

void add_forecast(CLI::App& app, Run& run) {
  auto args = std::make_shared<ForecastArgs>();
  auto* cmd = app.add_subcommand(
      "forecast",
      "Where bargaining will end: the expected-utility model, KTAB's spatial model, the compromise model or the "
      "exchange model");
  cmd->add_option("FILE", args->file, "Scenario file")->required();
  add_registered(*cmd, "forecast", "model", args->forecast.model);
  add_registered(*cmd, "forecast", "variant", args->forecast.variant);
  add_registered(*cmd, "forecast", "q", args->forecast.q);
  add_registered(*cmd, "forecast", "rounds", args->forecast.rounds);
  add_registered(*cmd, "forecast", "issue", args->forecast.issue);
  add_registered(*cmd, "forecast", "at", args->forecast.at);
  add_registered(*cmd, "forecast", "threads", args->forecast.threads);
  add_registered(*cmd, "forecast", "randomness", args->forecast.randomness);
  add_registered(*cmd, "forecast", "smp-victory", args->forecast.smp[0]);
  add_registered(*cmd, "forecast", "smp-voting", args->forecast.smp[1]);
  add_registered(*cmd, "forecast", "smp-pce", args->forecast.smp[2]);
  add_registered(*cmd, "forecast", "smp-transitions", args->forecast.smp[3]);
  add_registered(*cmd, "forecast", "smp-risk-range", args->forecast.smp[4]);
  add_registered(*cmd, "forecast", "smp-risk-adjust", args->forecast.smp[5]);
  add_registered(*cmd, "forecast", "smp-third-party", args->forecast.smp[6]);
  add_registered(*cmd, "forecast", "smp-interpolation", args->forecast.smp[7]);
  add_registered(*cmd, "forecast", "smp-bargain", args->forecast.smp[8]);
  add_registered(*cmd, "forecast", "seed", args->forecast.seed);
  add_registered(*cmd, "forecast", "format", args->format);
  add_input_options(*cmd, "forecast", args->input);
  print_long_result(*cmd, "forecast", run, args,
                    [args](const services::Loaded& loaded, OutputFormat format, const services::Control& control) {
                      auto options = args->forecast;
                      options.format = format;
                      return services::forecast(loaded, options, control);
                    });
}

}  // namespace parley::cli
