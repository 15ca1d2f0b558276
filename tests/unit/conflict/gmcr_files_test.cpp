// parley against gmcr-py on the graph models of tests/data/gmcr (tests/conflict_reference/gmcr_py_files/README.md):
// imported with parley's .gmcr reader, analysed by parley, compared with gmcr-py's verdicts.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "conflict/model.hpp"
#include "conflict/stability.hpp"
#include "core/file.hpp"
#include "core/text.hpp"
#include "doc/node.hpp"
#include "scenario/load.hpp"

namespace parley::conflict {
namespace {

const std::string kData = std::string(PARLEY_DATA_DIR) + "/gmcr/";
const std::string kExpected = std::string(PARLEY_SOURCE_DIR) + "/tests/conflict_reference/gmcr_py_files/";

std::vector<State> numbers(const doc::Node& list) {
  std::vector<State> out;
  for (const auto& item : list.items) out.push_back(static_cast<State>(item.number) - 1);
  return out;
}

void compare(const std::string& name, bool exact) {
  SCOPED_TRACE(name);
  Diagnostics diags;
  const auto s = scenario::load_file(kData + name + ".gmcr", {}, diags);
  ASSERT_TRUE(s) << "did not load";
  const auto expected = doc::parse_json(core::read_file(kExpected + name + ".expected.json", "reference"),
                                        std::make_shared<const std::string>(name), diags);
  ASSERT_TRUE(expected);
  const Model m = Model::build(*s);
  const auto& feasible = expected->find("feasible")->items;
  ASSERT_EQ(feasible.size(), m.size());
  for (State st = 0; st < m.size(); ++st) EXPECT_EQ(s->conflict->pattern(m.code(st)), feasible[st].text) << st + 1;

  const Stability result = analyse_stability(m, {});
  std::size_t checked = 0;
  for (const Concept c : kSolutionConcepts) {
    const std::string concept_id(concept_name(c));
    for (const auto& [dm_name, list] : expected->find("stable")->find(concept_id)->entries) {
      const std::string id = core::id_from_name(dm_name.text);
      std::size_t k = m.dm_count();
      for (std::size_t j = 0; j < m.dm_count(); ++j) {
        if (m.dm(j).id == id) k = j;
      }
      ASSERT_LT(k, m.dm_count()) << dm_name.text;
      std::vector<State> ours;
      for (State st = 0; st < m.size(); ++st) {
        if (result.stable(k, st, c)) ours.push_back(st);
      }
      const auto theirs = numbers(list);
      // SIM's responses are single moves of each other decision maker in both tools: exact for any number.
      if (exact || c == Concept::nash || c == Concept::sim) {
        EXPECT_EQ(ours, theirs) << concept_id << " " << id;
      } else {
        // parley's sanctioning groups may move a member twice (docs/models.md §4.4), so it finds every sanction
        // gmcr-py finds and possibly more.
        EXPECT_TRUE(std::includes(ours.begin(), ours.end(), theirs.begin(), theirs.end())) << concept_id << " " << id;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, kSolutionConcepts.size() * m.dm_count());
}

TEST(GmcrFiles, TwoDecisionMakersAgreeExactly) {
  compare("dilemma", true);
  compare("standoff", true);
  compare("canal", true);
}

TEST(GmcrFiles, MoreDecisionMakersFindAtLeastGmcrPysSanctions) {
  compare("landfill", false);
  compare("aquifer", false);
  compare("reservoir", false);
}

}  // namespace
}  // namespace parley::conflict
