// A minimal parallel loop: tasks are numbered, threads take the next number until none are left.
// Results must not depend on the thread count, so callers give each task its own output slot.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace parley::core {

/// The thread count to use for `requested` (0: every hardware thread).
[[nodiscard]] inline unsigned thread_count(unsigned requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

/// Calls fn(task) for every task in [0, tasks) on up to `threads` threads; rethrows the first exception.
template <class Fn>
void parallel_for(std::size_t tasks, unsigned threads, Fn&& fn) {
  const std::size_t workers = std::min<std::size_t>(thread_count(threads), tasks);
  if (workers <= 1) {
    for (std::size_t t = 0; t < tasks; ++t) fn(t);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (std::size_t t = next++; t < tasks; t = next++) {
      try {
        fn(t);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = tasks;
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace parley::core
