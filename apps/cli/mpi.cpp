// MpiSession over MPI (Open MPI from Debian): the sweep's gathers as point-to-point messages to rank 0, in
// pieces of at most 1 GiB so that a rank's block of draws may exceed MPI's int counts.
#include "mpi.hpp"

#include <mpi.h>

#include <string>

#include "parley/error.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace parley::cli {

namespace {

constexpr std::size_t kPiece = std::size_t{1} << 30;
constexpr int kLengthTag = 1, kPieceTag = 2;

// Waits for a request to complete, sleeping between checks. A blocking call would spin on its core: a rank waiting
// for rank 0 (to finish drawing, to read every block, to summarise) would take a core from rank 0's threads.
void wait(MPI_Request& request) {
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done != 0) return;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
}

void send(const std::string& bytes, int to) {
  std::uint64_t n = bytes.size();
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Isend(&n, 1, MPI_UINT64_T, to, kLengthTag, MPI_COMM_WORLD, &request);
  wait(request);
  for (std::size_t at = 0; at < bytes.size(); at += kPiece) {
    const auto count = static_cast<int>(std::min(kPiece, bytes.size() - at));
    MPI_Isend(bytes.data() + at, count, MPI_CHAR, to, kPieceTag, MPI_COMM_WORLD, &request);
    wait(request);
  }
}

std::string receive(int from) {
  std::uint64_t n = 0;
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Irecv(&n, 1, MPI_UINT64_T, from, kLengthTag, MPI_COMM_WORLD, &request);
  wait(request);
  std::string bytes(n, '\0');
  for (std::size_t at = 0; at < bytes.size(); at += kPiece) {
    const auto count = static_cast<int>(std::min(kPiece, bytes.size() - at));
    MPI_Irecv(bytes.data() + at, count, MPI_CHAR, from, kPieceTag, MPI_COMM_WORLD, &request);
    wait(request);
  }
  return bytes;
}

}  // namespace

struct MpiSession::State : services::Cluster {
  bool initialised = false;
  int rank_ = 0, size_ = 1, local_size_ = 1;

  [[nodiscard]] int rank() const override { return rank_; }
  [[nodiscard]] int size() const override { return size_; }

  std::vector<std::string> gather(const std::string& mine) override {
    try {
      if (rank_ != 0) {
        send(mine, 0);
        return {};
      }
      std::vector<std::string> all{mine};
      for (int r = 1; r < size_; ++r) all.push_back(receive(r));
      return all;
    } catch (const std::exception& e) {
      stop_every_rank(e.what());
    }
  }

  std::string broadcast(const std::string& mine) override {
    try {
      if (rank_ != 0) return receive(0);
      for (int r = 1; r < size_; ++r) send(mine, r);
      return mine;
    } catch (const std::exception& e) {
      stop_every_rank(e.what());
    }
  }

  // A failure inside a gather (no memory for a rank's block) cannot be agreed on: the other ranks are in the
  // middle of it, waiting for this one. Every process is stopped rather than left waiting for good.
  [[noreturn]] void stop_every_rank(const char* what) const {
    std::fprintf(stderr, "parley: error: rank %d of %d: %s; stopping every process\n", rank_, size_, what);
    MPI_Abort(MPI_COMM_WORLD, static_cast<int>(ExitCode::internal));
    std::abort();  // MPI_Abort does not return
  }

  // Rank 0 gathers and sends every message back to each rank: all_gather carries small messages (a rank's
  // readiness, a verdict), so simplicity wins over a tree.
  std::vector<std::string> all_gather(const std::string& mine) override {
    std::vector<std::string> all = gather(mine);
    try {
      if (rank_ == 0) {
        for (int r = 1; r < size_; ++r) {
          for (const auto& m : all) send(m, r);
        }
      } else {
        for (int r = 0; r < size_; ++r) all.push_back(receive(0));
      }
    } catch (const std::exception& e) {
      stop_every_rank(e.what());
    }
    return all;
  }
};

MpiSession::MpiSession(int& argc, char**& argv) : state_(std::make_unique<State>()) {
  if (launched_size() == 0) return;
  // Only the main thread calls MPI; the draws' worker threads never do.
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  state_->initialised = true;
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();  // every rank gets the same level and leaves alike
    state_->initialised = false;
    throw UsageError("this MPI library cannot run with threads beside the one that calls it (it grants level " +
                     std::to_string(provided) + "); parley's sweep needs MPI_THREAD_FUNNELED");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &state_->rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &state_->size_);
  MPI_Comm local = MPI_COMM_NULL;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &state_->local_size_);
  MPI_Comm_free(&local);
}

MpiSession::~MpiSession() {
  if (!state_->initialised) return;
  // Ranks that finish first sleep here until every rank has, rather than spin inside MPI_Finalize.
  MPI_Request barrier = MPI_REQUEST_NULL;
  MPI_Ibarrier(MPI_COMM_WORLD, &barrier);
  wait(barrier);
  MPI_Finalize();
}

int MpiSession::rank() const {
  return state_->rank_;
}
int MpiSession::size() const {
  return state_->size_;
}
int MpiSession::local_size() const {
  return state_->local_size_;
}
services::Cluster* MpiSession::cluster() {
  return state_->size_ > 1 ? state_.get() : nullptr;
}

}  // namespace parley::cli
