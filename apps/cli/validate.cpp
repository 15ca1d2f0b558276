// `parley validate FILE... [--format text|json|yaml]`: check scenario files and report every problem.
#include <algorithm>
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "parley/error.hpp"

namespace parley::cli {

namespace {

struct ValidateArgs {
  std::vector<std::string> files;
  std::string format = "text";
  InputOptions input;
};

}  // namespace

void add_validate(CLI::App& app, Run& run) {
  auto args = std::make_shared<ValidateArgs>();
  auto* cmd = app.add_subcommand("validate", "Check scenario files; report every problem as FILE:LINE:COL");
  cmd->add_option("FILE", args->files, "Scenario files (.yaml, .json, KTAB .csv/.xml, BDM .csv, gmcr-py .gmcr)")
      ->required();
  add_registered(*cmd, "validate", "format", args->format);
  add_input_options(*cmd, "validate", args->input);
  cmd->callback([args, &run] {
    run = [args] {
      const OutputFormat format = output_format(args->format);
      int status = 0;
      std::vector<services::Validated> results;
      // One unreadable file does not stop the others from being checked.
      for (const auto& file : args->files) {
        services::Validated v = services::validate(file, args->input);
        status = std::max(status, v.exit_code);
        if (format == OutputFormat::text) {
          for (const auto& d : v.loaded.diagnostics.sorted()) std::cerr << format_diagnostic(d) << '\n';
          if (v.unreadable) {
            std::cerr << "parley: error: " << *v.unreadable << '\n';
          } else if (!v.loaded.scenario) {
            const auto n = v.loaded.diagnostics.error_count();
            std::cerr << file << ": " << n << (n == 1 ? " error\n" : " errors\n");
          }
        }
        results.push_back(std::move(v));
      }
      std::cout << services::validation(results, format) << std::flush;
      return status;
    };
  });
}

}  // namespace parley::cli
