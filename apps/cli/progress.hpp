// Long runs on a terminal: a progress bar on standard error, and Ctrl-C (SIGINT) or SIGTERM turned into a
// clean stop (docs/cli.md, "Long runs").
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

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
  /// `notify`: say on standard error, when the first signal comes, that parley is stopping.
  explicit StopOnSignal(bool notify);
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  ~StopOnSignal();

  [[nodiscard]] const std::atomic<bool>& flag() const;
  /// The signal that set the flag (0 if none).
  [[nodiscard]] int signal() const;
};

}  // namespace parley::cli
