// `parley convert FILE --to yaml|json [-o OUT]`: rewrite a scenario (or import one) in parley's format.
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "parley/error.hpp"

namespace parley::cli {

namespace {
struct ConvertArgs {
  std::string file;
  std::string to;
  std::string out = "-";
  InputOptions input;
};
}  // namespace

void add_convert(CLI::App& app, Run& run) {
  auto args = std::make_shared<ConvertArgs>();
  auto* cmd = app.add_subcommand("convert", "Write a scenario (or a KTAB/BDM import) as parley YAML or JSON");
  cmd->add_option("FILE", args->file, "Scenario file")->required();
  add_registered(*cmd, "convert", "to", args->to)->required();
  add_registered(*cmd, "convert", "output", args->out);
  add_input_options(*cmd, "convert", args->input);
  cmd->callback([args, &run] {
    run = [args] {
      const auto loaded = load_and_report(args->file, args->input);
      if (!loaded.scenario) return static_cast<int>(ExitCode::data);
      write_output(args->out,
                   services::convert(*loaded.scenario, args->to == "json" ? OutputFormat::json : OutputFormat::yaml));
      return 0;
    };
  });
}

}  // namespace parley::cli
