// `parley validate FILE...`: check scenario files and report every problem.
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "parley/error.hpp"

namespace parley::cli {

namespace {

struct ValidateArgs {
  std::vector<std::string> files;
  InputOptions input;
};

std::string summary(const Scenario& s) {
  if (s.issues.empty() && s.conflict) {
    // A gmcr-py import: a graph model and nothing else.
    return "graph model only: " + std::to_string(s.conflict->decision_makers.size()) + " decision makers, " +
           std::to_string(s.conflict->options.size()) + " options";
  }
  std::string out = std::to_string(s.issues.size()) + (s.issues.size() == 1 ? " issue, " : " issues, ") +
                    std::to_string(s.actors.size()) + " actors";
  if (!s.constraints.empty()) out += ", " + std::to_string(s.constraints.size()) + " constraints";
  if (!s.timeline.empty()) out += ", " + std::to_string(s.timeline.size()) + " timeline points";
  if (s.conflict) out += ", conflict of " + std::to_string(s.conflict->options.size()) + " options";
  return out;
}

}  // namespace

void add_validate(CLI::App& app, Run& run) {
  auto args = std::make_shared<ValidateArgs>();
  auto* cmd = app.add_subcommand("validate", "Check scenario files; report every problem as FILE:LINE:COL");
  cmd->add_option("FILE", args->files, "Scenario files (.yaml, .json, KTAB .csv/.xml, BDM .csv, gmcr-py .gmcr)")
      ->required();
  add_input_options(*cmd, args->input);
  cmd->callback([args, &run] {
    run = [args] {
      int status = 0;
      for (const auto& file : args->files) {
        try {
          const auto loaded = load_and_report(file, args->input);
          if (loaded.scenario) {
            std::cout << file << ": ok (" << summary(*loaded.scenario) << ")\n";
          } else {
            std::cerr << file << ": " << loaded.diagnostics.error_count()
                      << (loaded.diagnostics.error_count() == 1 ? " error\n" : " errors\n");
            status = std::max(status, static_cast<int>(ExitCode::data));
          }
        } catch (const Error& e) {
          // One unreadable file does not stop the others from being checked.
          std::cerr << "parley: error: " << e.what() << '\n';
          status = std::max(status, static_cast<int>(e.code()));
        }
      }
      return status;
    };
  });
}

}  // namespace parley::cli
