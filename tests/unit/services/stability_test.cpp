// `stability_to`: the command line's output, handed on a piece at a time, with no listing cap.
#include <gtest/gtest.h>

#include <string>

#include "parley/error.hpp"
#include "parley/services.hpp"

namespace parley::services {
namespace {

const std::string kExamples = std::string(PARLEY_SOURCE_DIR) + "/examples/";

std::string streamed(const Loaded& loaded, const StabilityOptions& options, std::size_t* pieces = nullptr,
                     std::size_t* largest = nullptr) {
  std::string out;
  stability_to(loaded, options, {}, [&](std::string_view piece) {
    out += piece;
    if (pieces != nullptr) ++*pieces;
    if (largest != nullptr) *largest = std::max(*largest, piece.size());
  });
  return out;
}

TEST(StabilityStream, SameBytesAsInMemoryInEveryFormat) {
  for (const char* name : {"geneva", "chicken", "prisoners-dilemma"}) {
    const Loaded loaded = load(kExamples + name + ".yaml", {});
    ASSERT_TRUE(loaded.scenario) << name;
    for (const auto format : {OutputFormat::text, OutputFormat::json, OutputFormat::yaml, OutputFormat::csv}) {
      StabilityOptions options;
      options.format = format;
      options.explain = "1";
      EXPECT_EQ(streamed(loaded, options), stability(loaded, options)) << name;
    }
  }
}

// 20 options of two decision makers that like no state better than another: every one of the 786,432 feasible
// states is an equilibrium, past what JSON, YAML and CSV list in memory.
std::string every_state_stable() {
  std::string y =
      "parley: 1\ntitle: Everything stable\nissues:\n  - {id: i, name: I}\nactors:\n"
      "  - {id: a, name: A, capability: 1, stances: {i: {position: 50, salience: 50}}}\n"
      "  - {id: b, name: B, capability: 1, stances: {i: {position: 50, salience: 50}}}\n"
      "conflict:\n  options:\n";
  for (int k = 1; k <= 20; ++k) y += "    - {id: o" + std::to_string(k) + ", actor: " + (k <= 10 ? "a" : "b") + "}\n";
  y += "  infeasible:\n    - \"o1 and o2\"\n  preferences:\n";
  y += "    a:\n      - \"o1 or not o1\"\n    b:\n      - \"o1 or not o1\"\n";
  return y;
}

TEST(StabilityStream, ListsPastTheInMemoryCapInPiecesOfAboutAMegabyte) {
  const Loaded loaded = load_text(every_state_stable(), "stable.yaml", "yaml", {});
  ASSERT_TRUE(loaded.scenario);
  StabilityOptions options;
  options.states = "equilibria";
  options.format = OutputFormat::json;
  EXPECT_THROW((void)stability(loaded, options), LimitError);
  std::size_t pieces = 0, largest = 0;
  const std::string json = streamed(loaded, options, &pieces, &largest);
  std::size_t states = 0;
  for (auto at = json.find("\"number\": "); at != std::string::npos; at = json.find("\"number\": ", at + 1)) ++states;
  EXPECT_EQ(states, 786432U);
  EXPECT_GE(pieces, 100U);
  // A piece ends at the first state past a megabyte; the last holds the lists of equilibria, one line each.
  EXPECT_LE(largest, std::size_t{40} << 20);
  EXPECT_EQ(json.substr(json.size() - 2), "}\n");

  options.format = OutputFormat::csv;
  options.states = "all";
  pieces = largest = 0;
  const std::string csv = streamed(loaded, options, &pieces, &largest);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 786433);
  EXPECT_LE(largest, (std::size_t{1} << 20) + 200);

  // Text lists the first 1,000 and says how many there are.
  options.format = OutputFormat::text;
  options.states = "equilibria";
  const std::string text = streamed(loaded, options);
  EXPECT_NE(text.find("(the first 1000 of 786432 equilibria; --format csv lists them all)"), std::string::npos);
  EXPECT_NE(text.find(", ... 785432 more}"), std::string::npos);
  EXPECT_LT(text.size(), std::size_t{200000});
  EXPECT_EQ(text, stability(loaded, options));
  // Every state: the table, and each decision maker's ranking, cut at 1,000 too.
  options.states = "all";
  const std::string all = streamed(loaded, options);
  EXPECT_NE(all.find("(the first 1000 of 786432 states; --format csv lists them all)"), std::string::npos);
  std::size_t rankings = 0;
  for (auto at = all.find("... (the first 1000 of 786432 states)"); at != std::string::npos;
       at = all.find("... (the first 1000 of 786432 states)", at + 1)) {
    ++rankings;
  }
  EXPECT_EQ(rankings, 2U);
  EXPECT_LT(all.size(), std::size_t{300000});
}

}  // namespace
}  // namespace parley::services
