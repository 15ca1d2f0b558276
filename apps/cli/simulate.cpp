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
};

const char* kStrategies =
    "boulware[:E], linear, conceder[:E], tit-for-tat, hardliner, random[:P], frontier (E: concession exponent; "
    "P: acceptance probability)";

}  // namespace

void add_simulate(CLI::App& app, Run& run) {
  auto args = std::make_shared<SimulateArgs>();
  auto* cmd = app.add_subcommand("simulate",
                                 "Play one negotiation between software agents holding the scenario's "
                                 "preferences: offers, agreement, utilities, distance to Pareto and Nash");
  cmd->add_option("FILES", args->files,
                  "A scenario file; or a GENIUS domain file and its profile files; or a directory holding them")
      ->required();
  cmd->add_option("--protocol", args->simulate.protocol,
                  "saop: stacked alternating offers; single-text: the mediator proposes, the parties vote")
      ->check(CLI::IsMember({"saop", "single-text"}))
      ->capture_default_str();
  cmd->add_option("--strategy", args->simulate.strategies,
                  std::string("PARTY=NAME[:PARAM], once per party; strategies: ") + kStrategies)
      ->type_name("PARTY=NAME");
  cmd->add_option("--default-strategy", args->simulate.fallback, "The strategy of the parties not named")
      ->capture_default_str();
  cmd->add_option("--rounds", args->simulate.rounds, "Deadline in rounds (every party acts once a round)")
      ->capture_default_str();
  cmd->add_option("--time-limit", args->seconds,
                  "Also a deadline in wall-clock seconds (results then depend on the machine)")
      ->type_name("SECONDS");
  cmd->add_option("--seed", args->simulate.seed, "Seed of the random choices (random strategy, mediator)")
      ->capture_default_str();
  cmd->add_option("--at", args->simulate.at, "Timeline point to start from ('start'; default: after the last point)")
      ->type_name("ID");
  cmd->add_option("--event", args->simulate.events, "POINT@ROUND: the later timeline point POINT takes effect at ROUND")
      ->type_name("POINT@ROUND");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "yaml", "csv"}))
      ->capture_default_str();
  add_input_options(*cmd, args->input);
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
  cmd->add_option("--strategies", args->strategies, std::string("Comma-separated: ") + kStrategies)->required();
  cmd->add_option("--repetitions", args->tournament.repetitions,
                  "Repetitions of each assignment of strategies to roles")
      ->capture_default_str();
  cmd->add_option("--rounds", args->tournament.rounds, "Deadline in rounds")->capture_default_str();
  cmd->add_option("--protocol", args->tournament.protocol, "saop or single-text")
      ->check(CLI::IsMember({"saop", "single-text"}))
      ->capture_default_str();
  cmd->add_option("--seed", args->tournament.seed, "Seed")->capture_default_str();
  cmd->add_option("--threads", args->tournament.threads,
                  "Worker threads (0: one per core); results do not depend on it")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "yaml", "csv"}))
      ->capture_default_str();
  add_input_options(*cmd, args->input);
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
      return print_analyzed(services::tournament(args->files, args->input, options, mpi.cluster()));
    };
  });
}

}  // namespace parley::cli
