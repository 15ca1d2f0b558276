// What the environment says of an MPI launcher, with or without MPI built in.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "mpi.hpp"

namespace parley::cli {

int launched_size() {
  // Open MPI's mpirun, then PMI (MPICH's hydra, Slurm) and PMIx; a launcher that sets only a rank says nothing
  // of the size, and counts as one of at least one.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') return std::max(1, std::atoi(v));
  }
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}) {
    if (std::getenv(name) != nullptr) return 1;
  }
  return 0;
}

}  // namespace parley::cli
