// `parley convert FILE --to yaml|json [-o OUT]`: rewrite a scenario (or import one) in parley's format.
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "parley/error.hpp"

namespace parley::cli {

namespace {
struct ConvertArgs {
  std::vector<std::string> files;
  std::string to;
  std::string out = "-";
  InputOptions input;
};
}  // namespace

void add_convert(CLI::App& app, Run& run) {
  auto args = std::make_shared<ConvertArgs>();
  auto* cmd = app.add_subcommand(
      "convert", "Write a scenario (or a KTAB/BDM import, a GENIUS domain, a scorable game) as parley YAML or JSON");
  cmd->add_option("FILE", args->files,
                  "Scenario file; or a GENIUS domain's folder (or the domain file then its profiles), or a scorable "
                  "game's folder")
      ->required();
  add_registered(*cmd, "convert", "to", args->to)->required();
  add_registered(*cmd, "convert", "output", args->out);
  add_input_options(*cmd, "convert", args->input);
  cmd->callback([args, &run] {
    run = [args] {
      const OutputFormat to = args->to == "json" ? OutputFormat::json : OutputFormat::yaml;
      if (const auto genius = services::genius_input(args->files)) {
        const auto converted = services::convert_genius(*genius, to);
        for (const auto& d : converted.diagnostics.sorted()) std::cerr << format_diagnostic(d) << '\n';
        if (converted.diagnostics.error_count() > 0) return static_cast<int>(ExitCode::data);
        write_output(args->out, converted.output);
        return 0;
      }
      if (args->files.size() > 1) {
        throw UsageError(args->files[0] +
                         ": not a GENIUS domain; several files are read only as a GENIUS domain followed by its "
                         "profiles");
      }
      const auto loaded = load_and_report(args->files[0], args->input);
      if (!loaded.scenario) return static_cast<int>(ExitCode::data);
      write_output(args->out, services::convert(*loaded.scenario, to));
      return 0;
    };
  });
}

}  // namespace parley::cli
