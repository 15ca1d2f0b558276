// A Monte Carlo run while it goes (private to services): the caller's cancel flag and progress callback, and
// the run store its batches are written to (docs/design/sweep.md, "Long runs").
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "parley/services.hpp"
#include "store/store.hpp"
#include "sweep/outputs.hpp"

namespace parley::services::detail {

class LongRun {
 public:
  /// Opens `options.out` (when given) before anything is computed, so that a file that is not a run store is
  /// refused at once and never written.
  LongRun(const Loaded& loaded, const SweepOptions& options, const Control& control);
  LongRun(const LongRun&) = delete;
  LongRun& operator=(const LongRun&) = delete;

  [[nodiscard]] bool cancelled() const {
    return control_.cancel != nullptr && control_.cancel->load(std::memory_order_relaxed);
  }
  /// One more draw finished (any thread).
  void drew() {
    const std::size_t done = ++done_;
    if (control_.progress) control_.progress(Progress{"draws", done, draws_});
  }
  /// Draws [first, end) are done and in `draws` (draw k as its k - offset): stores them (with --keep-draws) and
  /// the count done, in one transaction. Called between batches, from the thread that runs the sweep.
  void batch_done(const sweep::Collector& draws, std::size_t first, std::size_t end, std::size_t offset = 0);
  /// Stores the summary; returns the run's id when the run is stored.
  std::optional<std::int64_t> finish(std::size_t draws_done, bool interrupted, const std::string& summary_json);

 private:
  const Control& control_;
  std::size_t draws_;
  std::atomic<std::size_t> done_{0};
  std::optional<store::Store> store_;
  std::optional<store::RunWriter> writer_;  // refers to *store_
};

}  // namespace parley::services::detail
