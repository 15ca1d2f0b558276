// Shared pieces of the parley command line: input flags, diagnostics printing, output files.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <memory>
#include <string>

#include "options.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "progress.hpp"

namespace parley::cli {

/// Flags every subcommand that reads a scenario accepts.
void add_input_options(CLI::App& cmd, std::string_view task, InputOptions& options);

/// Loads `path`, printing its diagnostics to stderr. Returns the load; throws parley::Error as services do.
[[nodiscard]] services::Loaded load_and_report(const std::string& path, const InputOptions& options);

/// A result that carries its input's diagnostics: them to stderr (exit 65 when one is an error), else its output
/// to stdout (exit 0).
[[nodiscard]] int print_analyzed(const services::Analyzed& result);

/// The OutputFormat a validated --format value names.
[[nodiscard]] OutputFormat output_format(const std::string& name);

/// Writes `text` to `path` through a temporary file and a rename, so a failure never leaves half a file
/// and never destroys the previous one. `-` means standard output.
void write_output(const std::string& path, const std::string& text);

/// Each subcommand registers itself; the callback it sets returns the exit status.
using Run = std::function<int()>;

/// Sets `cmd`'s action for the common shape: load args->file (diagnostics to stderr; exit 65 when it is
/// refused), then print render(loaded, format) to stdout. `Args` has `file`, `input` and `format`.
template <class Args, class Render>
void print_result(CLI::App& cmd, Run& run, std::shared_ptr<Args> args, Render render) {
  cmd.callback([args, render, &run] {
    run = [args, render] {
      const auto loaded = load_and_report(args->file, args->input);
      if (!loaded.scenario) return static_cast<int>(ExitCode::data);
      std::cout << render(loaded, output_format(args->format)) << std::flush;
      return 0;
    };
  });
}

/// --quiet: no progress bar (one shows only when standard error is a terminal).
void add_quiet(CLI::App& cmd, std::string_view task, bool& quiet);

/// print_result for a task that can run long (see print_long_result) and whose output can be larger than memory
/// should hold: `write(loaded, format, control, sink)` hands its output to `sink` a piece at a time, each written to
/// stdout at once (the progress bar is cleared before the first); a write that fails exits 73 saying so. Everything
/// that can fail has by then: a stop asked for while it writes is not heeded (a second Ctrl-C quits at once, as during
/// any long task).
template <class Args, class Write>
void print_long_stream(CLI::App& cmd, std::string_view task, Run& run, std::shared_ptr<Args> args, Write write) {
  add_quiet(cmd, task, args->quiet);
  cmd.callback([args, write, &run] {
    run = [args, write] {
      const auto loaded = load_and_report(args->file, args->input);
      if (!loaded.scenario) return static_cast<int>(ExitCode::data);
      LongTask long_task(args->quiet);
      return long_task.run([&](const services::Control& control) {
        bool started = false;
        write(loaded, output_format(args->format), control, [&](std::string_view piece) {
          if (!started) long_task.finish();
          started = true;
          std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size()));
          // A full disk or a closed file: say so and stop rather than write the rest into nothing.
          if (!std::cout) throw Error(ExitCode::cant_create, "cannot write the output to standard output");
        });
        if (!started) long_task.finish();
        std::cout << std::flush;
        if (!std::cout) throw Error(ExitCode::cant_create, "cannot write the output to standard output");
        return 0;
      });
    };
  });
}

/// print_result for a task that can run long: a progress bar on a terminal (unless --quiet, which it adds) and a
/// clean stop on Ctrl-C or SIGTERM, which prints nothing and exits 128 + the signal (LongTask). `Args` has `quiet`
/// too; `render(loaded, format, control)`, written in one piece by print_long_stream.
template <class Args, class Render>
void print_long_result(CLI::App& cmd, std::string_view task, Run& run, std::shared_ptr<Args> args, Render render) {
  print_long_stream(
      cmd, task, run, std::move(args),
      [render](const services::Loaded& loaded, OutputFormat format, const services::Control& control,
               const std::function<void(std::string_view)>& sink) { sink(render(loaded, format, control)); });
}

void add_validate(CLI::App& app, Run& run);
void add_show(CLI::App& app, Run& run);
void add_convert(CLI::App& app, Run& run);
void add_analyze(CLI::App& app, Run& run);
void add_forecast(CLI::App& app, Run& run);
void add_stability(CLI::App& app, Run& run);
class MpiSession;
void add_sweep(CLI::App& app, Run& run, MpiSession& mpi);
void add_runs(CLI::App& app, Run& run);
void add_report(CLI::App& app, Run& run);
void add_simulate(CLI::App& app, Run& run);
void add_tournament(CLI::App& app, Run& run, MpiSession& mpi);
void add_serve(CLI::App& app, Run& run);
void add_audit(CLI::App& app, Run& run);

}  // namespace parley::cli
