// Long runs on a terminal: a progress bar on standard error, and Ctrl-C (SIGINT) or SIGTERM turned into a
// clean stop (docs/cli.md, "Long runs").
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "parley/services.hpp"

namespace parley::cli {

/// A one-line bar on standard error: done/total, percent, rate and time left, redrawn at most ten times a
/// second and erased when it goes out of scope. update() may be called from any thread.
class ProgressBar {
 public:
  explicit ProgressBar(std::string unit);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar();

  void update(std::size_t done, std::size_t total);
  /// The same within a named phase (what a step is, plural): a new phase starts the bar, its rate and ETA again.
  void update(std::string_view phase, std::size_t done, std::size_t total);
  /// Erases the bar (before the result goes to standard output, which may be the same terminal).
  void clear();

  /// Whether a bar should be shown: standard error is a terminal and --quiet was not given.
  [[nodiscard]] static bool wanted(bool quiet);

 private:
  std::string unit_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  std::size_t shown_done_ = 0;
  bool shown_ = false;
};

/// While alive, SIGINT and SIGTERM set flag() instead of ending the process; a second signal ends it at once
/// (status 128 + the signal). The previous handlers come back when it goes out of scope. One at a time.
class StopOnSignal {
 public:
  /// `notify`: say on standard error, when the first signal comes, that parley is stopping and what it keeps
  /// (`message`, a string literal: the handler writes it as it is).
  explicit StopOnSignal(bool notify, const char* message = kKeepsBatches);
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  ~StopOnSignal();

  [[nodiscard]] const std::atomic<bool>& flag() const;
  /// The signal that set the flag (0 if none).
  [[nodiscard]] int signal() const;

  static constexpr const char* kKeepsBatches =
      "\nparley: stopping: finishing the draws in progress and summarising the whole batches done (press Ctrl-C "
      "again to quit at once)\n";
  static constexpr const char* kKeepsNothing =
      "\nparley: stopping at the next step; nothing will be written (press Ctrl-C again to quit at once)\n";
};

/// A long task on the command line (docs/cli.md, "Long runs"): a progress bar with its phases on a terminal
/// (unless --quiet), and SIGINT or SIGTERM turned into a stop request the task heeds within one step.
/// run() gives the task its Control; when the task was stopped (Cancelled), it says so and returns 128 + the
/// signal, and nothing has been written.
class LongTask {
 public:
  explicit LongTask(bool quiet);
  [[nodiscard]] const services::Control& control() const { return control_; }
  /// Erases the bar: call it before printing the result.
  void finish();
  /// Runs `body(control)` (which returns the exit status), turning a stop into its status.
  template <class Body>
  int run(Body&& body) {
    try {
      return body(control_);
    } catch (const Cancelled&) {
      return interrupted();
    }
  }

 private:
  int interrupted();
  std::optional<ProgressBar> bar_;
  StopOnSignal stop_;
  services::Control control_;
};

}  // namespace parley::cli
