// Fuzz target: a gmcr-py `.gmcr` graph model (JSON reader, the importer, the graph model it builds). A model of up
// to 6 options (64 states: the checks are quadratic) is then checked against the definitions, move by move: the least
// rank each decision maker's opponents can reach (conflict/reach.cpp's classes and hubs), the best unilateral move
// (line by line), SIM's verdicts (bitsets and relaxations) against a direct search of the others' responses, and the
// status quo search's distances (which skips lines already expanded). A difference aborts: a finding.
#include <algorithm>
#include <cstdlib>
#include <vector>

#include "conflict/model.hpp"
#include "conflict/reach.hpp"
#include "conflict/simultaneous.hpp"
#include "conflict/stability.hpp"
#include "fuzz_support.hpp"
#include "scenario/load.hpp"

namespace {

using namespace parley::conflict;

// States reachable from x by the movers' moves one by one, breadth first: the distances.
std::vector<std::uint32_t> distances(const Model& m, const Movers& g, State x) {
  std::vector<std::uint32_t> d(m.size(), Tree::kUnreached);
  std::vector<State> queue{x};
  d[x] = 0;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    for_each_edge(m, g, queue[head], [&](std::size_t, State t) {
      if (d[t] != Tree::kUnreached) return;
      d[t] = d[queue[head]] + 1;
      queue.push_back(t);
    });
  }
  return d;
}

void check(const Model& m) {
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    for (const bool improvements : {false, true}) {
      const Movers g = movers_except(m, k, improvements);
      const auto floors = min_reachable(m, g, {m.dm(k).rank});
      for (State x = 0; x < m.size(); ++x) {
        const auto d = distances(m, g, x);
        Rank least = m.rank(k, x);
        for (State y = 0; y < m.size(); ++y) {
          if (d[y] != Tree::kUnreached) least = std::min(least, m.rank(k, y));
        }
        if (floors[0][x] != least) std::abort();
      }
    }
  }
  const Stability st = analyse_stability(m, StabilityOptions{1, std::nullopt, nullptr});
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    for (State s = 0; s < m.size(); ++s) {
      Rank best = kNoMove;
      m.for_each_move(k, s, [&](State t) { best = best == kNoMove ? m.rank(k, t) : std::max(best, m.rank(k, t)); });
      if (st.dms[k].best_move[s] != best) std::abort();
      // SIM's tables and relaxations against the direct search over the others' responses that --explain uses.
      bool sanctioned = true;
      m.for_each_improvement(k, s, [&](State t) { sanctioned = sanctioned && simultaneous_sanction(m, k, s, t); });
      if (st.stable(k, s, Concept::sim) != sanctioned) std::abort();
    }
  }
  for (const bool improvements : {false, true}) {
    const Movers all = movers_except(m, m.dm_count(), improvements);
    if (breadth_first(m, all, 0).distance != distances(m, all, 0)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    const auto s = parley::scenario::load_text(parley::fuzz::text(data, size), "fuzz.gmcr", {}, diags);
    if (!s || !s->conflict || s->conflict->options.size() > 6) return;
    check(Model::build(*s));
  });
  return 0;
}
