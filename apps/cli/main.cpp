// parley's command-line entry point: parses the command, runs one subcommand, maps failures to exit codes.
#include <cstdio>
#include <iostream>
#include <optional>
#include <streambuf>

#include "cli.hpp"
#include "mpi.hpp"
#include "parley/error.hpp"

namespace {

// Where the output of an MPI run's other ranks goes: rank 0 alone prints (docs/design/sweep.md, "MPI").
class Discard : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char* /*s*/, std::streamsize n) override { return n; }
};

}  // namespace

namespace {

int run_parley(int argc, char** argv) {
  using parley::ExitCode;
  std::optional<parley::cli::MpiSession> mpi;
  try {
    mpi.emplace(argc, argv);
  } catch (const parley::Error& e) {
    std::cerr << "parley: error: " << e.what() << '\n';
    return static_cast<int>(e.code());
  }
  // Every rank meets the same refusals and errors (a sweep makes sure of it), so rank 0 alone reports them.
  static Discard discard;
  if (mpi->rank() != 0) {
    std::cout.rdbuf(&discard);
    std::cerr.rdbuf(&discard);
  }
  if (mpi->size() > 1 && argc > 1 && argv[1][0] != '-' && std::string(argv[1]) != "sweep" &&
      std::string(argv[1]) != "tournament") {
    std::cerr << "parley: error: only 'parley sweep' and 'parley tournament' run across MPI processes; run 'parley "
              << argv[1] << "' without mpirun\n";
    return static_cast<int>(ExitCode::usage);
  }
  // Named explicitly so that usage lines read "parley", not the path the binary was started from.
  CLI::App app{"parley: models multi-party, multi-issue negotiations from one scenario file", "parley"};
  app.set_version_flag("--version", "parley " + std::string(parley::version()));
  app.require_subcommand(1);
  parley::cli::Run run;
  parley::cli::add_validate(app, run);
  parley::cli::add_show(app, run);
  parley::cli::add_convert(app, run);
  parley::cli::add_analyze(app, run);
  parley::cli::add_forecast(app, run);
  parley::cli::add_stability(app, run);
  parley::cli::add_sweep(app, run, *mpi);
  parley::cli::add_runs(app, run);
  parley::cli::add_simulate(app, run);
  parley::cli::add_tournament(app, run, *mpi);
  parley::cli::add_report(app, run);
  parley::cli::add_serve(app, run);
  parley::cli::add_audit(app, run);
  parley::cli::add_help(app, run);
  // CLI11 reports an unknown subcommand as a missing one; say what was typed and what exists (also for the
  // subcommands that have their own, `parley runs list|show`).
  const auto unknown = [](const CLI::App& parent, const char* typed, const std::string& path) {
    const auto subs = parent.get_subcommands({});
    for (const auto* sub : subs) {
      if (sub->get_name() == typed) return false;
    }
    std::string names;
    for (std::size_t i = 0; i < subs.size(); ++i) {
      names += (i == 0 ? "'" : i + 1 == subs.size() ? " or '" : ", '") + subs[i]->get_name() + "'";
    }
    std::cerr << "parley: error: unknown subcommand '" << typed << "'" << (path.empty() ? "" : " of '" + path + "'")
              << "; expected " << names << " (see parley " << (path.empty() ? "" : path + " ") << "--help)\n";
    return true;
  };
  // `parley` alone helps: what it does and its commands, on standard output (a usage status, as git does).
  if (argc == 1) {
    std::cout << app.help() << std::flush;
    return static_cast<int>(ExitCode::usage);
  }
  if (argc > 1 && argv[1][0] != '-') {
    if (unknown(app, argv[1], "")) return static_cast<int>(ExitCode::usage);
    const auto* sub = app.get_subcommand(argv[1]);
    if (argc > 2 && argv[2][0] != '-' && !sub->get_subcommands({}).empty() && unknown(*sub, argv[2], argv[1])) {
      return static_cast<int>(ExitCode::usage);
    }
  }
  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e);
    } catch (const CLI::ParseError& e) {
      app.exit(e);
      return static_cast<int>(ExitCode::usage);
    }
    return run ? run() : static_cast<int>(ExitCode::usage);
  } catch (const parley::OptionError& e) {
    // The library names options; the command line spells them as its flags.
    std::cerr << "parley: error: " << e.spelled("--") << '\n';
    return static_cast<int>(e.code());
  } catch (const parley::DataError& e) {
    std::cerr << (e.where().empty() ? "parley" : e.where()) << ": error: " << e.what() << '\n';
    return static_cast<int>(e.code());
  } catch (const parley::Error& e) {
    std::cerr << "parley: error: " << e.what() << '\n';
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    std::cerr << "parley: error: out of memory\n";
    return static_cast<int>(ExitCode::internal);
  } catch (const std::exception& e) {
    std::cerr << "parley: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::internal);
  }
}

}  // namespace

// The process entry: anything that escapes the command (a CLI11 setup error, an exception from a library that is
// not parley's) is reported as an internal error, never as std::terminate's abort.
int main(int argc, char** argv) {
  try {
    return run_parley(argc, argv);
  } catch (const std::exception& e) {
    std::fputs("parley: internal error: ", stderr);
    std::fputs(e.what(), stderr);
    std::fputs("\n", stderr);
  } catch (...) {
    std::fputs("parley: internal error: an unknown exception\n", stderr);
  }
  return static_cast<int>(parley::ExitCode::internal);
}
