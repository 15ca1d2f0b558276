// `parley analyze FILE [--at ID | --timeline] [--format text|json|yaml]`: how wide the gap is, issue by
// issue; which packages every party accepts; the Pareto frontier and bargaining solutions; and, when
// nothing is agreeable, the smallest concessions that would open a deal.
#include <iostream>
#include <memory>
#include <vector>

#include "cli.hpp"
#include "parley/error.hpp"
#include "progress.hpp"

namespace parley::cli {

namespace {
struct AnalyzeArgs {
  std::vector<std::string> files;
  std::string format = "text";
  InputOptions input;
  services::AnalyzeOptions analyze;
  bool quiet = false;
};
}  // namespace

void add_analyze(CLI::App& app, Run& run) {
  auto args = std::make_shared<AnalyzeArgs>();
  auto* cmd = app.add_subcommand(
      "analyze", "Gap per issue, agreeable packages, Pareto frontier, bargaining solutions, what would open a deal");
  cmd->add_option("FILES", args->files,
                  "A scenario file; or a GENIUS domain file and its profile files; or a directory holding them; or a "
                  "scorable game's folder (config.txt, scores_files/)")
      ->required();
  auto* at = add_registered(*cmd, "analyze", "at", args->analyze.at);
  add_registered_flag(*cmd, "analyze", "timeline", args->analyze.timeline)->excludes(at);
  add_registered(*cmd, "analyze", "format", args->format);
  add_registered(*cmd, "analyze", "threads", args->analyze.threads);
  add_registered(*cmd, "analyze", "max-pareto", args->analyze.max_pareto);
  add_registered(*cmd, "analyze", "min-ratification", args->analyze.min_ratification);
  add_input_options(*cmd, "analyze", args->input);
  add_quiet(*cmd, "analyze", args->quiet);
  cmd->callback([args, &run] {
    run = [args] {
      args->analyze.format = output_format(args->format);
      if (const auto genius = services::genius_input(args->files)) {
        return print_analyzed(services::analyze_genius(*genius, args->analyze));
      }
      if (args->files.size() > 1) {
        throw UsageError(args->files[0] +
                         ": not a GENIUS domain; several files are read only as a GENIUS "
                         "domain followed by its profiles");
      }
      const auto loaded = load_and_report(args->files[0], args->input);
      if (!loaded.scenario) return static_cast<int>(ExitCode::data);
      // A large space takes a while: a progress bar on a terminal, and Ctrl-C stops it writing nothing.
      LongTask task(args->quiet);
      return task.run([&](const services::Control& control) {
        const std::string out = services::analyze(loaded, args->analyze, control);
        task.finish();
        std::cout << out << std::flush;
        return 0;
      });
    };
  });
}

}  // namespace parley::cli
