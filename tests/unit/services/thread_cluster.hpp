// A cluster of ranks that are threads of this process, for testing sweeps over several processes without MPI
// (the real one, over MPI, is tested through `mpirun` by tests/cli/mpi_sweep.py).
#pragma once

#include <barrier>
#include <exception>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "parley/error.hpp"
#include "parley/services.hpp"

namespace parley::services::testing {

class ThreadCluster : public Cluster {
 public:
  struct Team {
    explicit Team(int size) : slots(static_cast<std::size_t>(size)), barrier(size) {}
    std::vector<std::string> slots;
    std::barrier<> barrier;
  };
  ThreadCluster(Team& team, int rank) : team_(team), rank_(rank) {}
  [[nodiscard]] int rank() const override { return rank_; }
  [[nodiscard]] int size() const override { return static_cast<int>(team_.slots.size()); }
  [[nodiscard]] std::vector<std::string> gather(const std::string& mine) override { return exchange(mine, false); }
  [[nodiscard]] std::vector<std::string> all_gather(const std::string& mine) override { return exchange(mine, true); }
  [[nodiscard]] std::string broadcast(const std::string& mine) override {
    if (rank_ == 0) team_.slots[0] = mine;
    team_.barrier.arrive_and_wait();
    std::string out = team_.slots[0];
    team_.barrier.arrive_and_wait();
    return out;
  }

 private:
  std::vector<std::string> exchange(const std::string& mine, bool everyone) {
    team_.slots[static_cast<std::size_t>(rank_)] = mine;
    team_.barrier.arrive_and_wait();
    std::vector<std::string> out;
    if (everyone || rank_ == 0) out = team_.slots;
    team_.barrier.arrive_and_wait();  // no rank writes its next message before every rank has read this one
    return out;
  }
  Team& team_;
  int rank_;
};

/// What one rank ended with: its output, or the error it threw.
struct RankResult {
  std::string output;
  std::string error;  // empty: none
  ExitCode code = ExitCode::ok;
};

/// Runs fn on `size` ranks at once, each a thread with its own cluster handle.
inline std::vector<RankResult> run_ranks(int size, const std::function<std::string(Cluster&)>& fn) {
  ThreadCluster::Team team(size);
  std::vector<RankResult> results(static_cast<std::size_t>(size));
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(size));
  for (int r = 0; r < size; ++r) {
    threads.emplace_back([&, r] {
      ThreadCluster cluster(team, r);
      auto& mine = results[static_cast<std::size_t>(r)];
      try {
        mine.output = fn(cluster);
      } catch (const OptionError& e) {
        // As the command line reports it: the option's rank may not be the one that found the fault.
        mine.error = e.spelled("--");
        mine.code = e.code();
      } catch (const Error& e) {
        mine.error = e.what();
        mine.code = e.code();
      }
    });
  }
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace parley::services::testing
