// Where the site computes its offers (docs/serve.md, "Abuse"): on threads of their own, not the request's, with a
// deadline. A request waits for its offers until the deadline and is then refused (the round stays unopened,
// the party's preferences are kept); a computation past its deadline is told to stop (the stop flag of a
// core::Work, as every long task of parley has) and gives its thread back at its next step.
// Each is bounded by the work budget checked at creation, so the threads' work is bounded too; at most
// `max_pending` wait for a thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "host/offers.hpp"

namespace parley::host {

class OfferPool {
 public:
  OfferPool(unsigned threads, std::chrono::milliseconds deadline, std::size_t max_pending);
  ~OfferPool();
  OfferPool(const OfferPool&) = delete;
  OfferPool& operator=(const OfferPool&) = delete;

  /// The offers' evaluation (docs/serve.md, "What the site reveals"): of `inward` when some package passes
  /// every party's limits read inward, else of `outward`. Throws Refused(conflict) when it is not ready by the
  /// deadline, when too many wait, or when it cannot be computed within the site's limits.
  [[nodiscard]] Evaluation offers(Scenario inward, Scenario outward);

 private:
  void work();

  std::chrono::milliseconds deadline_;
  std::size_t max_pending_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace parley::host
