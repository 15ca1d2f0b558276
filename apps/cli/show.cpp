// `parley show FILE [--at ID] [--format text|json]`: the normalised scenario.
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "parley/error.hpp"

namespace parley::cli {

namespace {
struct ShowArgs {
  std::string file;
  std::string format = "text";
  InputOptions input;
  services::ShowOptions show;
};
}  // namespace

void add_show(CLI::App& app, Run& run) {
  auto args = std::make_shared<ShowArgs>();
  auto* cmd =
      app.add_subcommand("show", "Show the normalised scenario: issues, actors, stances, constraints, timeline");
  cmd->add_option("FILE", args->file, "Scenario file")->required();
  add_registered(*cmd, "show", "at", args->show.at);
  add_registered(*cmd, "show", "format", args->format);
  add_input_options(*cmd, "show", args->input);
  print_result(*cmd, run, args, [args](const services::Loaded& loaded, OutputFormat format) {
    auto options = args->show;
    options.format = format;
    return services::show(loaded, options);
  });
}

}  // namespace parley::cli
