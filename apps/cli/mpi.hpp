// parley started by an MPI launcher (`mpirun -n K parley sweep ...`): docs/design/sweep.md, "MPI".
#pragma once

#include <memory>

#include "parley/services.hpp"

namespace parley::cli {

/// This process's place in an MPI run. Started by an MPI launcher, it initialises MPI and finalises it when
/// destroyed; started alone, it is rank 0 of 1 and never touches MPI, so that no other use of parley pays for
/// it. Throws UsageError when a launcher started more than one process of a parley built without MPI.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  [[nodiscard]] int rank() const;
  [[nodiscard]] int size() const;
  /// The ranks of this run on this machine, which share its cores.
  [[nodiscard]] int local_size() const;
  /// The cluster a sweep is spread over; null for a single process.
  [[nodiscard]] services::Cluster* cluster();

  struct State;

 private:
  std::unique_ptr<State> state_;
};

/// The size of the run an MPI launcher started this process in, from its environment (Open MPI, PMI, PMIx);
/// 0 when no launcher started it.
[[nodiscard]] int launched_size();

}  // namespace parley::cli
