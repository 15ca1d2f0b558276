#include "forecast/smp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "parley/error.hpp"
#include "scenario/load.hpp"

namespace parley::forecast {
namespace {

const std::string kCase = std::string(PARLEY_DATA_DIR) + "/reference/smp-ktab-dummy3dim.md";
const std::string kData = std::string(PARLEY_DATA_DIR) + "/ktab/dummyData_3Dim.csv";

// KTAB prints positions with one decimal and probabilities with four.
constexpr double kPositionTolerance = 0.05 + 1e-9;  // 0-100 scale
constexpr double kProbabilityTolerance = 5e-5 + 1e-9;

// The reference case's tables, read from its markdown: "SActor-00, Pstn1:  75.8  79.5 ..." and
// "SActor-00, prob : 0.0047 0.6059 ...".
struct Expected {
  std::map<std::string, std::vector<std::vector<double>>> position;  // actor -> issue -> state
  std::map<std::string, std::vector<double>> probability;            // actor -> state
};

std::vector<double> numbers_after_colon(const std::string& line) {
  std::istringstream in(line.substr(line.find(':') + 1));
  std::vector<double> out;
  for (double x = 0; in >> x;) {
    out.push_back(x);
  }
  return out;
}

Expected read_case() {
  std::ifstream file(kCase);
  EXPECT_TRUE(file) << kCase;
  Expected e;
  for (std::string line; std::getline(file, line);) {
    const auto comma = line.find(',');
    const auto colon = line.find(':');
    if (line.rfind("SActor-", 0) != 0 || comma == std::string::npos || colon == std::string::npos) {
      continue;
    }
    const std::string actor = line.substr(0, comma);
    const std::string field = line.substr(line.find_first_not_of(' ', comma + 1), colon - comma - 1);
    if (field.rfind("Pstn", 0) == 0) {
      e.position[actor].push_back(numbers_after_colon(line));
    } else if (field.rfind("prob", 0) == 0) {
      e.probability[actor] = numbers_after_colon(line);
    }
  }
  return e;
}

// x as KTAB's printf shows it, read back.
double printed(const char* format, double x) {
  char text[32];
  std::snprintf(text, sizeof text, format, x);
  return std::stod(text);
}

SmpInput reference_input() {
  Diagnostics d;
  const auto s = scenario::load_file(kData, {}, d);
  EXPECT_TRUE(s.has_value()) << test::messages(d);
  return smp_input(s.value_or(Scenario{}));
}

TEST(Smp, InputFromKtabCsv) {
  const SmpInput in = reference_input();
  ASSERT_EQ(in.ids.size(), 7u);
  EXPECT_EQ(in.ids[0], "sactor_00");
  EXPECT_DOUBLE_EQ(in.capability[0], 102.543);
  EXPECT_DOUBLE_EQ(in.position[2][2], 0.0007);
  EXPECT_DOUBLE_EQ(in.salience[6][2], 0.2603);
}

TEST(Smp, ReproducesKtabDummy3Dim) {
  const Expected e = read_case();
  ASSERT_EQ(e.position.size(), 7u);
  ASSERT_EQ(e.probability.size(), 7u);
  const SmpInput in = reference_input();
  const SmpResult r = run_smp(in, {});
  ASSERT_EQ(r.states.size(), 11u);
  EXPECT_EQ(r.stop, "converged");
  for (std::size_t i = 0; i < in.ids.size(); ++i) {
    const std::string name = (i < 10 ? "SActor-0" : "SActor-") + std::to_string(i);
    const auto& pos = e.position.at(name);
    const auto& prob = e.probability.at(name);
    ASSERT_EQ(pos.size(), 3u);
    ASSERT_EQ(prob.size(), 11u);
    for (std::size_t t = 0; t < r.states.size(); ++t) {
      for (std::size_t k = 0; k < 3; ++k) {
        EXPECT_NEAR(100 * r.states[t].position[i][k], pos[k][t], kPositionTolerance)
            << name << " issue " << k + 1 << " state " << t;
      }
      EXPECT_NEAR(r.states[t].probability[i], prob[t], kProbabilityTolerance) << name << " state " << t;
      // and KTAB's own printout, digit for digit
      for (std::size_t k = 0; k < 3; ++k) {
        EXPECT_EQ(printed("%.1f", 100 * r.states[t].position[i][k]), pos[k][t]) << name << " " << k << " " << t;
      }
      EXPECT_EQ(printed("%.4f", r.states[t].probability[i]), prob[t]) << name << " state " << t;
    }
  }
}

TEST(Smp, RecordsChallengesAndMoves) {
  const SmpResult r = run_smp(reference_input(), {});
  EXPECT_TRUE(r.states[0].challenges.empty());
  // The case file has no challenge log, so the challenges are checked for what docs/models.md §6.4 says
  // of them, not against numbers this implementation produced: each actor challenges at most one target
  // per turn, never itself, and only for a gain above 1e-5.
  EXPECT_FALSE(r.states[1].challenges.empty());
  for (std::size_t t = 1; t < r.states.size(); ++t) {
    const SmpState& s = r.states[t];
    ASSERT_EQ(s.moved_by.size(), 7u);
    std::vector<std::size_t> challengers;
    for (const SmpChallenge& c : s.challenges) challengers.push_back(c.challenger);
    std::sort(challengers.begin(), challengers.end());
    EXPECT_EQ(std::adjacent_find(challengers.begin(), challengers.end()), challengers.end()) << "turn " << t;
    for (const SmpChallenge& c : s.challenges) {
      EXPECT_NE(c.challenger, c.target);
      EXPECT_GT(c.gain, 1e-5);
    }
    for (std::size_t i = 0; i < 7; ++i) {
      if (!s.moved_by[i]) {  // kept its position exactly
        EXPECT_EQ(s.position[i], r.states[t - 1].position[i]);
        continue;
      }
      // moved to its side of the bargain it made with its partner
      const std::size_t j = *s.moved_by[i];
      const auto made = std::find_if(s.challenges.begin(), s.challenges.end(), [&](const SmpChallenge& c) {
        return (c.challenger == i && c.target == j) || (c.challenger == j && c.target == i);
      });
      ASSERT_NE(made, s.challenges.end()) << "turn " << t << " actor " << i;
      EXPECT_EQ(s.position[i], made->challenger == i ? made->challenger_to : made->target_to);
    }
  }
  // the forecast: the last state's distinct positions weighted by their probabilities
  const SmpState& last = r.states.back();
  std::vector<double> expected(3, 0.0);
  std::vector<std::size_t> distinct;
  for (std::size_t i = 0; i < 7; ++i) {
    const bool seen = std::any_of(distinct.begin(), distinct.end(), [&](std::size_t d) {
      double sum = 0;
      for (std::size_t k = 0; k < 3; ++k) {
        sum += std::pow(last.position[i][k] - last.position[d][k], 2);
      }
      return std::sqrt(sum) < 1e-3;
    });
    if (seen) {
      continue;
    }
    distinct.push_back(i);
    for (std::size_t k = 0; k < 3; ++k) {
      expected[k] += last.probability[i] * last.position[i][k];
    }
  }
  ASSERT_EQ(r.forecast.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_NEAR(r.forecast[k], expected[k], 1e-12);
  }
}

SmpInput tiny(std::vector<double> caps, std::vector<std::vector<double>> pos, std::vector<std::vector<double>> sal) {
  SmpInput in;
  for (std::size_t i = 0; i < caps.size(); ++i) {
    in.ids.push_back("a" + std::to_string(i));
  }
  in.capability = std::move(caps);
  in.position = std::move(pos);
  in.salience = std::move(sal);
  return in;
}

void expect_finite(const SmpResult& r) {
  for (const SmpState& s : r.states) {
    for (const auto& p : s.position) {
      for (const double x : p) {
        EXPECT_TRUE(std::isfinite(x));
      }
    }
    for (const double x : s.probability) {
      EXPECT_TRUE(std::isfinite(x));
    }
    for (const double x : s.risk) {
      EXPECT_TRUE(std::isfinite(x));
    }
  }
  for (const double x : r.forecast) {
    EXPECT_TRUE(std::isfinite(x));
  }
}

TEST(Smp, EveryKtabExampleRunsToAFiniteForecast) {
  for (const char* name : {"SOE-Competitive.csv", "SOE-Pol-Comp.csv", "SOE-Policy.csv", "dummyData-a040.csv",
                           "dummyData_6Dim.csv", "synth_a25_d3.csv", "synth_a50_d3.csv", "smpExample_fixed.xml"}) {
    SCOPED_TRACE(name);
    Diagnostics d;
    const auto s = scenario::load_file(std::string(PARLEY_DATA_DIR) + "/ktab/" + name, {}, d);
    ASSERT_TRUE(s.has_value()) << test::messages(d);
    const SmpResult r = run_smp(smp_input(*s), {});
    expect_finite(r);
    EXPECT_GE(r.states.size(), 2u);
    EXPECT_EQ(r.forecast.size(), s->issues.size());
  }
}

// Turns split over threads (each actor's challenge, each queue, the PCE's rows from 64 options on) give the same
// states bit for bit as one thread.
TEST(Smp, ThreadsDoNotChangeAnyState) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> unit(0, 1);
  SmpInput in;
  for (int i = 0; i < 80; ++i) {
    in.ids.push_back("a" + std::to_string(i));
    in.capability.push_back(100 * unit(rng));
    in.position.push_back({unit(rng), unit(rng), unit(rng)});
    const double a = unit(rng) / 3, b = unit(rng) / 3, c = unit(rng) / 3;
    in.salience.push_back({a, b, c});
  }
  SmpOptions one, three;
  one.max_turns = three.max_turns = 6;
  three.threads = 3;
  const SmpResult x = run_smp(in, one), y = run_smp(in, three);
  ASSERT_EQ(x.states.size(), y.states.size());
  for (std::size_t t = 0; t < x.states.size(); ++t) {
    EXPECT_EQ(x.states[t].position, y.states[t].position) << t;
    EXPECT_EQ(x.states[t].probability, y.states[t].probability) << t;
    EXPECT_EQ(x.states[t].risk, y.states[t].risk) << t;
    EXPECT_EQ(x.states[t].moved_by, y.states[t].moved_by) << t;
    ASSERT_EQ(x.states[t].challenges.size(), y.states[t].challenges.size()) << t;
    for (std::size_t c = 0; c < x.states[t].challenges.size(); ++c) {
      EXPECT_EQ(x.states[t].challenges[c].target, y.states[t].challenges[c].target);
      EXPECT_EQ(x.states[t].challenges[c].gain, y.states[t].challenges[c].gain);
    }
  }
  EXPECT_EQ(x.forecast, y.forecast);
  EXPECT_GT(x.states.back().challenges.size(), 10u);
}

TEST(Smp, OneActorStaysAndConverges) {
  const SmpResult r = run_smp(tiny({5}, {{0.3, 0.7}}, {{0.5, 0.5}}), {});
  expect_finite(r);
  EXPECT_EQ(r.stop, "converged");
  EXPECT_EQ(r.states.size(), 3u);
  EXPECT_DOUBLE_EQ(r.states.back().probability[0], 1.0);
  EXPECT_DOUBLE_EQ(r.forecast[0], 0.3);
}

TEST(Smp, ActorsAtOnePointShareOneProbability) {
  const SmpResult r = run_smp(tiny({1, 2, 3}, {{0.4}, {0.4}, {0.4}}, {{0.5}, {0.5}, {0.5}}), {});
  expect_finite(r);
  EXPECT_EQ(r.stop, "converged");
  for (const double p : r.states[0].probability) {
    EXPECT_DOUBLE_EQ(p, 1.0);
  }
  EXPECT_TRUE(r.states[1].challenges.empty());
  EXPECT_NEAR(r.forecast[0], 0.4, 1e-12);
}

TEST(Smp, ZeroCapabilitiesAndSaliencesGiveNoNaN) {
  const SmpResult a = run_smp(tiny({0, 0}, {{0.1}, {0.9}}, {{0.5}, {0.5}}), {});
  expect_finite(a);
  const SmpResult b = run_smp(tiny({1, 2}, {{0.1}, {0.9}}, {{0}, {0}}), {});
  expect_finite(b);
  EXPECT_EQ(b.states.back().position, b.states[0].position);
}

TEST(Smp, MaxTurnsZeroGivesOnlyTheInput) {
  SmpOptions o;
  o.max_turns = 0;
  const SmpResult r = run_smp(tiny({1, 2}, {{0.1}, {0.9}}, {{0.5}, {0.5}}), o);
  EXPECT_EQ(r.states.size(), 1u);
  EXPECT_EQ(r.stop, "turns");
}

TEST(Smp, RejectsBadInput) {
  EXPECT_THROW((void)run_smp(SmpInput{}, {}), UsageError);
  EXPECT_THROW((void)run_smp(tiny({-1}, {{0.5}}, {{0.5}}), {}), UsageError);
  EXPECT_THROW((void)run_smp(tiny({1}, {{1.5}}, {{0.5}}), {}), UsageError);
  EXPECT_THROW((void)run_smp(tiny({1}, {{0.5, 0.5}}, {{0.6, 0.6}}), {}), UsageError);
  EXPECT_THROW((void)run_smp(tiny({1}, {{0.5}}, {{0.5, 0.1}}), {}), UsageError);
}

}  // namespace
}  // namespace parley::forecast

namespace parley::forecast {
namespace {

// A parley scenario gives each issue 0-100 on its own (Geneva's parties total over 100): the input scales
// such actors to a total of 1, keeping the ratios, and lists them; KTAB's own files are left as they are.
TEST(Smp, InputScalesSaliencesSummingAbove100) {
  Diagnostics diags;
  const auto s = scenario::load_file(std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml", {}, diags);
  ASSERT_TRUE(s);
  const SmpInput in = smp_input(*s);
  EXPECT_FALSE(in.rescaled.empty());
  for (std::size_t i = 0; i < in.ids.size(); ++i) {
    double total = 0;
    for (double x : in.salience[i]) total += x;
    EXPECT_LE(total, 1 + 1e-12) << in.ids[i];
  }
  const auto ru = std::find(in.ids.begin(), in.ids.end(), "ru") - in.ids.begin();
  const Actor& actor = s->actors[*s->actor_index("ru")];
  // Ratios kept: territory over security as written.
  EXPECT_NEAR(in.salience[ru][0] / in.salience[ru][1],
              actor.stance_on(0)->salience.central() / actor.stance_on(1)->salience.central(), 1e-12);
  const auto ktab = scenario::load_file(std::string(PARLEY_DATA_DIR) + "/ktab/dummyData_3Dim.csv", {}, diags);
  ASSERT_TRUE(ktab);
  EXPECT_TRUE(smp_input(*ktab).rescaled.empty());
}

}  // namespace
}  // namespace parley::forecast
