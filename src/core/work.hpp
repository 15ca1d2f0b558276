// A long computation's link to whoever asked for it: a stop request it checks, and progress it reports
// (services::Control is the public face of it; docs/api.md, "Long tasks").
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "parley/error.hpp"

namespace parley::core {

class Work {
 public:
  /// phase, done, total: called from the computing threads, possibly several at once.
  using Report = std::function<void(std::string_view phase, std::size_t done, std::size_t total)>;

  /// Nobody listens and nothing stops it.
  Work() = default;
  Work(const std::atomic<bool>* cancel, Report report) : cancel_(cancel), report_(std::move(report)) {}
  Work(const Work&) = delete;
  Work& operator=(const Work&) = delete;

  [[nodiscard]] bool cancelled() const { return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed); }
  /// Throws Cancelled when a stop was asked: called between steps, so a stop takes effect within one step.
  void check() const {
    if (cancelled()) throw Cancelled();
  }
  /// A new phase of `total` steps (`name`: what a step is, plural: "states", "negotiations"). Not concurrent with
  /// step().
  void phase(std::string_view name, std::size_t total) {
    phase_ = std::string(name);
    total_ = total;
    done_.store(0, std::memory_order_relaxed);
    if (report_) report_(phase_, 0, total_);
  }
  /// `n` more steps of the phase are done (any thread); then checks for a stop.
  void step(std::size_t n = 1) {
    const std::size_t done = done_.fetch_add(n, std::memory_order_relaxed) + n;
    if (report_) report_(phase_, done, total_);
    check();
  }

 private:
  const std::atomic<bool>* cancel_ = nullptr;
  Report report_;
  std::string phase_;
  std::size_t total_ = 0;
  std::atomic<std::size_t> done_{0};
};

}  // namespace parley::core
