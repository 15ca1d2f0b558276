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
  cmd->add_option("--at", args->show.at,
                  "Timeline point to show the scenario at ('start' for before any point; "
                  "default: after the last point)")
      ->type_name("ID");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  add_input_options(*cmd, args->input);
  print_result(*cmd, run, args, [args](const services::Loaded& loaded, OutputFormat format) {
    auto options = args->show;
    options.format = format;
    return services::show(loaded, options);
  });
}

}  // namespace parley::cli
