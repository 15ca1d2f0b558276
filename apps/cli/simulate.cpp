// `parley simulate FILE --protocol saop|single-text --strategy PARTY=NAME[:PARAM]... --rounds N --seed S` and
// `parley tournament FILE... --strategies A,B,C --repetitions R`: negotiations between software agents
// (docs/models.md §5; docs/simulate.md).
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "mpi.hpp"
#include "parley/error.hpp"

namespace parley::cli {

namespace {

struct SimulateArgs {
  std::vector<std::string> files;
  std::string format = "text";
  std::optional<double> seconds;
  InputOptions input;
  services::SimulateOptions simulate;
};

struct TournamentArgs {
  std::vector<std::string> files;
  std::string format = "text";
  std::string strategies;
  InputOptions input;
  services::TournamentOptions tournament;
  bool quiet = false;
};

}  // namespace

void add_simulate(CLI::App& app, Run& run) {
  auto args = std::make_shared<SimulateArgs>();
  auto* cmd = app.add_subcommand("simulate",
                                 "Play one negotiation between software agents holding the scenario's "
                                 "preferences: offers, agreement, utilities, distance to Pareto and Nash");
  cmd->add_option("FILES", args->files,
                  "A scenario file; or a GENIUS domain file and its profile files; or a directory holding them")
      ->required();
  add_registered(*cmd, "simulate", "protocol", args->simulate.protocol);
  add_registered(*cmd, "simulate", "strategy", args->simulate.strategies);
  add_registered(*cmd, "simulate", "default-strategy", args->simulate.fallback);
  add_registered(*cmd, "simulate", "rounds", args->simulate.rounds);
  add_registered(*cmd, "simulate", "time-limit", args->seconds);
  add_registered(*cmd, "simulate", "seed", args->simulate.seed);
  add_registered(*cmd, "simulate", "at", args->simulate.at);
  add_registered(*cmd, "simulate", "event", args->simulate.events);
  add_registered(*cmd, "simulate", "format", args->format);
  add_input_options(*cmd, "simulate", args->input);
  cmd->callback([args, &run] {
    run = [args] {
      auto options = args->simulate;
      options.format = output_format(args->format);
      options.seconds = args->seconds;
      if (const auto genius = services::genius_input(args->files)) {
        return print_analyzed(services::simulate_genius(*genius, options));
      }
      if (args->files.size() > 1) {
        throw UsageError(args->files[0] +
                         ": not a GENIUS domain; several files are read only as a GENIUS "
                         "domain followed by its profiles");
      }
      const auto loaded = load_and_report(args->files[0], args->input);
      if (!loaded.scenario) return static_cast<int>(ExitCode::data);
      std::cout << services::simulate(loaded, options) << std::flush;
      return 0;
    };
  });
}

void add_tournament(CLI::App& app, Run& run, MpiSession& mpi) {
  auto args = std::make_shared<TournamentArgs>();
  auto* cmd = app.add_subcommand("tournament",
                                 "Every strategy against every other in every role on every scenario, "
                                 "repeated: scores with confidence intervals");
  cmd->add_option("FILES", args->files, "Scenario files, or GENIUS domain directories")->required();
  add_registered(*cmd, "tournament", "strategies", args->strategies)->required();
  add_registered(*cmd, "tournament", "repetitions", args->tournament.repetitions);
  add_registered(*cmd, "tournament", "rounds", args->tournament.rounds);
  add_registered(*cmd, "tournament", "protocol", args->tournament.protocol);
  add_registered(*cmd, "tournament", "seed", args->tournament.seed);
  add_registered(*cmd, "tournament", "threads", args->tournament.threads);
  add_registered(*cmd, "tournament", "format", args->format);
  add_input_options(*cmd, "tournament", args->input);
  add_quiet(*cmd, "tournament", args->quiet);
  cmd->callback([args, &run, &mpi] {
    run = [args, &mpi] {
      auto options = args->tournament;
      options.format = output_format(args->format);
      options.strategies.clear();
      std::size_t start = 0;
      while (start <= args->strategies.size()) {
        const auto comma = std::min(args->strategies.find(',', start), args->strategies.size());
        options.strategies.push_back(args->strategies.substr(start, comma - start));
        start = comma + 1;
      }
      if (mpi.cluster() != nullptr) {
        // Over MPI ranks: no bar (ranks do not write to a terminal), and a signal stops every rank at once.
        services::Control control;
        control.cluster = mpi.cluster();
        return print_analyzed(services::tournament(args->files, args->input, options, control));
      }
      LongTask task(args->quiet);
      return task.run([&](const services::Control& control) {
        const services::Analyzed result = services::tournament(args->files, args->input, options, control);
        task.finish();
        return print_analyzed(result);
      });
    };
  });
}

}  // namespace parley::cli
