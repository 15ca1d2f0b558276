// MpiSession in a parley built without MPI: always one process; refuses to run as one of several, which would
// print the same sweep once per process.
#include "mpi.hpp"

#include "parley/error.hpp"

namespace parley::cli {

struct MpiSession::State {};

MpiSession::MpiSession(int& /*argc*/, char**& /*argv*/) {
  if (launched_size() > 1) {
    throw UsageError("this parley was built without MPI, so it cannot run as one of " +
                     std::to_string(launched_size()) +
                     " processes; install Open MPI (libopenmpi-dev) and rebuild, or run it without mpirun");
  }
}

MpiSession::~MpiSession() = default;

int MpiSession::rank() const {
  return 0;
}
int MpiSession::size() const {
  return 1;
}
int MpiSession::local_size() const {
  return 1;
}
services::Cluster* MpiSession::cluster() {
  return nullptr;
}

}  // namespace parley::cli
