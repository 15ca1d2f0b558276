// `parley runs list DB` and `parley runs show DB ID [--format text|json|csv]`: the runs `sweep --out` stored.
#include <iostream>
#include <memory>

#include "cli.hpp"

namespace parley::cli {

namespace {
struct RunsArgs {
  std::string db;
  std::string id;
  std::string format = "text";
};
}  // namespace

void add_runs(CLI::App& app, Run& run) {
  auto args = std::make_shared<RunsArgs>();
  auto* cmd = app.add_subcommand("runs", "The runs stored by sweep --out: list them, show one");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list",
                                   "One line per run: id, created, analysis, draws done/asked, status, "
                                   "scenario file, SHA-256 prefix");
  list->add_option("DB", args->db, "Run store (a file written by parley sweep --out)")->required();
  list->callback([args, &run] {
    run = [args] {
      std::cout << services::runs_list(args->db) << std::flush;
      return 0;
    };
  });
  auto* show = cmd->add_subcommand("show",
                                   "One run: its record and summary (text), the summary as sweep printed "
                                   "it (json), or its kept draws (csv)");
  show->add_option("DB", args->db, "Run store (a file written by parley sweep --out)")->required();
  show->add_option("ID", args->id, "Run id (parley runs list DB)")->required();
  add_registered(*show, "runs-show", "format", args->format);
  show->callback([args, &run] {
    run = [args] {
      services::runs_show(args->db, args->id, output_format(args->format),
                          [](std::string_view piece) { std::cout << piece; });
      std::cout << std::flush;
      return 0;
    };
  });
}

}  // namespace parley::cli
