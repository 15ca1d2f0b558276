#include "host/offer_pool.hpp"

#include <atomic>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "parley/error.hpp"

namespace parley::host {

OfferPool::OfferPool(unsigned threads, std::chrono::milliseconds deadline, std::size_t max_pending)
    : deadline_(deadline), max_pending_(max_pending) {
  for (unsigned i = 0; i < std::max(1U, threads); ++i) threads_.emplace_back([this] { work(); });
}

OfferPool::~OfferPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();  // nobody waits for them any more
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void OfferPool::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

Evaluation OfferPool::offers(Scenario inward, Scenario outward) {
  // The task owns its scenarios and its stop flag: a request that gives up waiting leaves nothing the task still
  // reads, and sets the flag, so that the task stops at its next step instead of finishing for nobody.
  auto stop = std::make_shared<std::atomic<bool>>(false);
  auto task = std::make_shared<std::packaged_task<std::optional<Evaluation>()>>(
      [in = std::move(inward), out = std::move(outward), stop]() -> std::optional<Evaluation> {
        core::Work work(stop.get(), {});
        try {
          Evaluation first(in, Evaluation::Scope::offers, &work);
          if (first.zopa()) return first;
          return Evaluation(out, Evaluation::Scope::offers, &work);
        } catch (const LimitError&) {
          return std::nullopt;
        } catch (const Cancelled&) {
          return std::nullopt;
        }
      });
  auto result = task->get_future();
  {
    std::lock_guard lock(mutex_);
    if (jobs_.size() >= max_pending_)
      throw Refused(Refused::Kind::conflict, "the site is computing too many offers; try again in a moment");
    jobs_.emplace_back([task] { (*task)(); });
  }
  wake_.notify_one();
  if (result.wait_for(deadline_) != std::future_status::ready) {
    stop->store(true);
    throw Refused(Refused::Kind::conflict, "the offers were not ready within the site's deadline of " +
                                               std::to_string(deadline_.count()) + " ms; try again later");
  }
  auto ev = result.get();
  if (!ev) throw Refused(Refused::Kind::conflict, "the offers could not be computed within the site's limits");
  return std::move(*ev);
}

}  // namespace parley::host
