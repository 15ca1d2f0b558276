// `parley tournament` spread over ranks (threads standing in for MPI processes): rank 0's output is one process's,
// byte for byte, and a rank that cannot read its inputs stops every rank.
#include <gtest/gtest.h>

#include "parley/services.hpp"
#include "thread_cluster.hpp"

namespace parley::services {
namespace {

Control on(Cluster& cluster) {
  Control control;
  control.cluster = &cluster;
  return control;
}

const std::string kBilateral = std::string(PARLEY_SOURCE_DIR) + "/tests/cli/sim/bilateral.yaml";
const std::string kGeneva = std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml";

TournamentOptions options() {
  TournamentOptions o;
  o.strategies = {"boulware", "linear", "random:0.4", "tit-for-tat", "frontier"};
  o.repetitions = 90;  // 2 scenarios x 25 assignments x 90: 4,500 negotiations, two blocks of sums
  o.rounds = 40;
  o.threads = 1;
  o.format = OutputFormat::json;
  return o;
}

TEST(TournamentCluster, RankZeroGivesOneProcesssOutput) {
  const std::vector<std::string> inputs{kBilateral, kGeneva};
  const Analyzed alone = tournament(inputs, {}, options());
  ASSERT_EQ(alone.diagnostics.error_count(), 0u);
  ASSERT_NE(alone.output.find("\"negotiations\": 4500"), std::string::npos);
  for (const int ranks : {1, 2, 3}) {
    const auto results =
        testing::run_ranks(ranks, [&](Cluster& c) { return tournament(inputs, {}, options(), on(c)).output; });
    ASSERT_EQ(results.size(), static_cast<std::size_t>(ranks));
    EXPECT_EQ(results[0].error, "") << ranks;
    EXPECT_EQ(results[0].output, alone.output) << ranks;
    for (int r = 1; r < ranks; ++r) EXPECT_EQ(results[static_cast<std::size_t>(r)].output, "") << ranks;
  }
}

TEST(TournamentCluster, AFailureOnOneRankStopsEveryRank) {
  const auto results = testing::run_ranks(2, [&](Cluster& c) {
    // Rank 1 reads another list of inputs: the ranks disagree on what they play, and all stop.
    const std::vector<std::string> inputs =
        c.rank() == 0 ? std::vector<std::string>{kBilateral} : std::vector<std::string>{kGeneva};
    return tournament(inputs, {}, options(), on(c)).output;
  });
  for (const auto& r : results) {
    EXPECT_NE(r.error, "");
    EXPECT_EQ(r.code, ExitCode::data);
  }
}

}  // namespace
}  // namespace parley::services
