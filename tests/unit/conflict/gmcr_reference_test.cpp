// parley against gmcr-py, an independent implementation of the graph model: 20 random two-decision-maker
// conflicts (half with one-way options) whose stability gmcr-py computed (tests/conflict_reference/
// gmcr_py_2dm/README.md says how). With two decision makers both tools implement docs/models.md §4.4-4.5
// exactly, so every state's stability must agree, decision maker by decision maker and concept by concept.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "conflict/model.hpp"
#include "conflict/stability.hpp"
#include "core/file.hpp"
#include "doc/node.hpp"
#include "scenario/load.hpp"

namespace parley::conflict {
namespace {

const std::string kDir = std::string(PARLEY_SOURCE_DIR) + "/tests/conflict_reference/gmcr_py_2dm/";

std::vector<State> numbers(const doc::Node& list) {
  std::vector<State> out;
  for (const auto& item : list.items) out.push_back(static_cast<State>(item.number) - 1);
  return out;
}

TEST(GmcrReference, EveryStateAgreesWithGmcrPy) {
  std::size_t cases = 0, checked = 0;
  for (int seed = 1; seed <= 20; ++seed) {
    const std::string stem = kDir + "seed" + (seed < 10 ? "0" : "") + std::to_string(seed);
    SCOPED_TRACE(stem);
    Diagnostics diags;
    const auto s = scenario::load_file(stem + ".yaml", {}, diags);
    ASSERT_TRUE(s) << "did not load";
    const auto expected = doc::parse_json(core::read_file(stem + ".expected.json", "reference"),
                                          std::make_shared<const std::string>(stem), diags);
    ASSERT_TRUE(expected);
    const Model m = Model::build(*s);
    // State numbering first: gmcr-py's feasible states in order, as Y/N patterns.
    const auto& feasible = expected->find("feasible")->items;
    ASSERT_EQ(feasible.size(), m.size());
    for (State st = 0; st < m.size(); ++st) EXPECT_EQ(s->conflict->pattern(m.code(st)), feasible[st].text);

    const Stability result = analyse_stability(m, {});
    for (const Concept c : kSolutionConcepts) {
      const std::string name(concept_name(c));
      EXPECT_EQ(result.equilibria(c), numbers(*expected->find("equilibria")->find(name))) << name;
      for (std::size_t k = 0; k < m.dm_count(); ++k) {
        std::vector<State> stable;
        for (State st = 0; st < m.size(); ++st) {
          if (result.stable(k, st, c)) stable.push_back(st);
        }
        EXPECT_EQ(stable, numbers(*expected->find("stable")->find(name)->find(m.dm(k).id)))
            << name << " " << m.dm(k).id;
        ++checked;
      }
    }
    ++cases;
  }
  EXPECT_EQ(cases, 20U);
  EXPECT_EQ(checked, 20U * 5 * 2);
}

}  // namespace
}  // namespace parley::conflict
