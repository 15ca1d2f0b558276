#include "forecast/eum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "forecast/eum_detail.hpp"
#include "forecast/eum_fast.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"

namespace parley::forecast {
namespace {

using Variant = EumOptions::Variant;
using Stop = EumResult::Stop;

const std::string kCase = std::string(PARLEY_DATA_DIR) + "/reference/eum-uk-emu.md";
const std::string kExample = std::string(PARLEY_SOURCE_DIR) + "/examples/eum-uk-emu";

// ---------------------------------------------------------------------------------------------------------
// The reference case, read from its markdown file.

struct CaseMove {
  std::string actor, towards, kind;
  double to = 0, eu_ij = 0, eu_ji = 0;
};

struct Case {
  std::vector<std::string> actors;         // column order of the trajectory table
  std::vector<std::vector<double>> table;  // per round: median, mean, then one position per actor
  std::map<int, std::vector<CaseMove>> moves;
  int complete_from = 0, complete_to = -1;  // rounds whose moves are listed in full ("Moves, rounds 1-2:")
};

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string cell;
  std::getline(in, cell, '|');  // before the first bar
  while (std::getline(in, cell, '|')) {
    const auto a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
    out.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
  }
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

// "  Labour (pro-euro) <- Conservative (pro-EU): confrontation -> 6.000000 (eu_ij=0.019292, eu_ji=0.085791)"
CaseMove parse_move(const std::string& line) {
  CaseMove m;
  const auto arrow = line.find(" <- "), colon = line.find(": ", arrow), to = line.find(" -> ", colon);
  const auto first = line.find_first_not_of(' ');
  m.actor = line.substr(first, arrow - first);
  m.towards = line.substr(arrow + 4, colon - arrow - 4);
  m.kind = line.substr(colon + 2, to - colon - 2);
  std::sscanf(line.c_str() + to + 4, "%lf (eu_ij=%lf, eu_ji=%lf)", &m.to, &m.eu_ij, &m.eu_ji);
  return m;
}

Case read_case() {
  std::ifstream in(kCase);
  EXPECT_TRUE(in) << kCase;
  Case c;
  std::string line;
  bool in_table = false, expected = false;
  int round = -1;
  while (std::getline(in, line)) {
    if (line.rfind("## Expected result", 0) == 0) expected = true;
    if (expected && line.rfind("| round |", 0) == 0) {
      const auto header = cells(line);
      c.actors.assign(header.begin() + 3, header.end());
      in_table = true;
      continue;
    }
    if (in_table) {
      if (line.rfind("|---", 0) == 0) continue;
      if (line.rfind('|', 0) != 0) {
        in_table = false;
        continue;
      }
      const auto row = cells(line);
      EXPECT_EQ(std::stoi(row[0]), static_cast<int>(c.table.size()));
      std::vector<double> values;
      for (std::size_t k = 1; k < row.size(); ++k) values.push_back(std::stod(row[k]));
      c.table.push_back(values);
      continue;
    }
    if (std::sscanf(line.c_str(), "Moves, rounds %d-%d:", &c.complete_from, &c.complete_to) == 2) continue;
    if (std::sscanf(line.c_str(), "- round %d:", &round) == 1) continue;
    if (round > 0 && line.find(" <- ") != std::string::npos) c.moves[round].push_back(parse_move(line));
  }
  return c;
}

const char* kind_name(MoveKind k) {
  switch (k) {
    case MoveKind::confrontation:
      return "confrontation";
    case MoveKind::compromise:
      return "compromise";
    case MoveKind::capitulation:
      return "capitulation";
  }
  return "?";
}

struct Loaded {
  EumInput input;
  std::vector<std::string> names;
};

Loaded load_example(const std::string& path, const InputOptions& options = {}) {
  const services::Loaded loaded = services::load(path, options);
  EXPECT_TRUE(loaded.scenario) << path;
  Loaded out;
  if (!loaded.scenario) return out;
  const EumIssue issue = eum_issue(*loaded.scenario, 0);
  out.input = issue.input;
  for (const std::size_t a : issue.actors) out.names.push_back(loaded.scenario->actors[a].name);
  return out;
}

// Every position, median and mean of `result` against the case table, to 1e-6; returns the largest gap.
double check_trajectory(const EumResult& result, const Case& c, std::size_t rounds) {
  double worst = 0;
  EXPECT_GE(result.rounds.size(), rounds);
  for (std::size_t t = 0; t < std::min(rounds, result.rounds.size()); ++t) {
    const Round& r = result.rounds[t];
    const std::vector<double>& row = c.table[t];
    EXPECT_EQ(r.round, static_cast<int>(t));
    EXPECT_NEAR(r.median, row[0], 1e-6) << "round " << t;
    EXPECT_NEAR(r.mean, row[1], 1e-6) << "round " << t;
    worst = std::max({worst, std::fabs(r.median - row[0]), std::fabs(r.mean - row[1])});
    for (std::size_t a = 0; a < c.actors.size(); ++a) {
      EXPECT_NEAR(r.positions[a], row[a + 2], 1e-6) << "round " << t << ", " << c.actors[a];
      worst = std::max(worst, std::fabs(r.positions[a] - row[a + 2]));
    }
  }
  return worst;
}

TEST(EumCase, ReadsTheReferenceCase) {
  const Case c = read_case();
  EXPECT_EQ(c.actors.size(), 9u);
  EXPECT_EQ(c.table.size(), 11u);
  EXPECT_EQ(c.complete_from, 1);
  EXPECT_EQ(c.complete_to, 2);
  EXPECT_EQ(c.moves.size(), 3u);
}

TEST(EumCase, ReproducesTheUkEmuTrajectory) {
  const Case c = read_case();
  const Loaded example = load_example(kExample + ".yaml");
  ASSERT_EQ(example.names, c.actors);  // the table's columns are the scenario's actors, in order

  const EumResult result = run_eum(example.input, {});
  ASSERT_EQ(result.rounds.size(), c.table.size());
  const double worst = check_trajectory(result, c, c.table.size());
  EXPECT_LT(worst, 1e-6);

  // From round 4 on the positions alternate between two states; at the default tolerance (1e-9 of the
  // range) the detector sees round 10 repeat round 8, and the forecast is round 10's median.
  EXPECT_EQ(result.stop, Stop::cycle);
  EXPECT_EQ(result.period, 2);
  EXPECT_EQ(result.cycle_start, 8);
  EXPECT_NEAR(result.forecast, 5.302909, 1e-6);
  for (std::size_t t = 6; t < result.rounds.size(); ++t) {
    for (std::size_t a = 0; a < c.actors.size(); ++a) {
      EXPECT_NEAR(result.rounds[t].positions[a], result.rounds[t - 2].positions[a], 1e-4) << t;
    }
  }
}

TEST(EumCase, ReproducesTheListedMoves) {
  const Case c = read_case();
  const Loaded example = load_example(kExample + ".yaml");
  const EumResult result = run_eum(example.input, {});
  for (const auto& [round, listed] : c.moves) {
    ASSERT_LT(static_cast<std::size_t>(round), result.rounds.size());
    const std::vector<Move>& moves = result.rounds[static_cast<std::size_t>(round)].moves;
    if (round >= c.complete_from && round <= c.complete_to) {
      EXPECT_EQ(moves.size(), listed.size()) << round;
    }
    for (const CaseMove& want : listed) {
      const auto got =
          std::find_if(moves.begin(), moves.end(), [&](const Move& m) { return example.names[m.actor] == want.actor; });
      ASSERT_NE(got, moves.end()) << "round " << round << ": " << want.actor;
      EXPECT_EQ(example.names[got->towards], want.towards) << round;
      EXPECT_EQ(kind_name(got->kind), want.kind) << round;
      EXPECT_NEAR(got->to, want.to, 1e-6) << round;
      EXPECT_NEAR(got->eu_ij, want.eu_ij, 1e-6) << round;
      EXPECT_NEAR(got->eu_ji, want.eu_ji, 1e-6) << round;
    }
  }
}

TEST(EumCase, LooserToleranceSeesTheCycleFromRoundFour) {
  const Case c = read_case();
  const Loaded example = load_example(kExample + ".yaml");
  EumOptions options;
  options.tolerance = 1e-5;  // 9e-5 on the 1..10 scale: rounds 4 and 6 differ by 5.2e-5
  const EumResult result = run_eum(example.input, options);
  EXPECT_EQ(result.stop, Stop::cycle);
  EXPECT_EQ(result.period, 2);
  EXPECT_EQ(result.cycle_start, 4);
  ASSERT_EQ(result.rounds.size(), 7u);
  check_trajectory(result, c, 7);
  // Round 10 is in the phase of round 6.
  EXPECT_NEAR(result.forecast, result.rounds[6].median, 0);
  EXPECT_NEAR(result.forecast, c.table[10][0], 1e-6);
}

TEST(EumCase, CsvTwinAndReferenceAgree) {
  const Case c = read_case();
  InputOptions csv;
  csv.csv_scale = std::pair{1.0, 10.0};
  csv.csv_salience_max = 1.0;
  const Loaded twin = load_example(kExample + ".csv", csv);
  ASSERT_EQ(twin.names, c.actors);
  check_trajectory(run_eum(twin.input, {}), c, c.table.size());
  check_trajectory(eum_reference(twin.input, {}), c, c.table.size());
}

TEST(EumCase, InitialSummaryMatchesSectionOne) {
  const Loaded example = load_example(kExample + ".yaml");
  std::vector<double> x, w;
  for (const EumActor& a : example.input.actors) {
    x.push_back(a.position);
    w.push_back(a.capability * a.salience);
  }
  EXPECT_DOUBLE_EQ(weighted_median(x, w), 6);
  EXPECT_NEAR(weighted_mean(x, w), 5.321569, 1e-6);
}

// ---------------------------------------------------------------------------------------------------------
// Properties on random inputs.

// Random inputs of several kinds: continuous or gridded positions with ties, zero capabilities and
// saliences, saliences all equal or on a coarse grid (many exact ties between P's), fixed risks for some.
EumInput random_input(std::mt19937_64& rng, std::size_t n) {
  std::uniform_real_distribution<double> unit(0, 1);
  EumInput in;
  in.min = unit(rng) < 0.5 ? 0 : -50;
  in.max = in.min + (unit(rng) < 0.5 ? 100 : 7);
  const double range = in.max - in.min;
  const int kind = static_cast<int>(unit(rng) * 5);
  const double common = unit(rng);
  for (std::size_t i = 0; i < n; ++i) {
    EumActor a;
    a.position = kind == 1 ? in.min + range * std::floor(unit(rng) * 6) / 5 : in.min + range * unit(rng);
    if (i > 0 && unit(rng) < 0.15)
      a.position = in.actors[static_cast<std::size_t>(unit(rng) * static_cast<double>(i))].position;
    a.capability = unit(rng) < 0.1 ? 0 : unit(rng) * 3;
    a.salience = kind == 2 ? common : kind == 3 ? std::round(unit(rng) * 4) / 4 : unit(rng) < 0.1 ? 0 : unit(rng);
    if (kind == 4 || unit(rng) < 0.2) a.risk = 0.5 + 1.5 * unit(rng);
    in.actors.push_back(a);
  }
  return in;
}

bool near(double a, double b, double rel) {
  return std::fabs(a - b) <= rel * std::max({1.0, std::fabs(a), std::fabs(b)});
}

void expect_same_round(const Round& f, const Round& s, double rel, const std::string& at) {
  EXPECT_TRUE(near(f.median, s.median, rel)) << at;
  EXPECT_TRUE(near(f.mean, s.mean, rel)) << at;
  ASSERT_EQ(f.positions.size(), s.positions.size()) << at;
  for (std::size_t i = 0; i < f.positions.size(); ++i) EXPECT_TRUE(near(f.positions[i], s.positions[i], rel)) << at;
  ASSERT_EQ(f.risk.size(), s.risk.size()) << at;
  for (std::size_t i = 0; i < f.risk.size(); ++i) EXPECT_TRUE(near(f.risk[i], s.risk[i], rel)) << at << " risk " << i;
  ASSERT_EQ(f.moves.size(), s.moves.size()) << at;
  for (std::size_t k = 0; k < f.moves.size(); ++k) {
    const Move &a = f.moves[k], &b = s.moves[k];
    EXPECT_EQ(a.actor, b.actor) << at;
    EXPECT_EQ(a.towards, b.towards) << at;
    EXPECT_EQ(a.kind, b.kind) << at;
    EXPECT_TRUE(near(a.to, b.to, rel)) << at;
    EXPECT_TRUE(near(a.eu_ij, b.eu_ij, rel)) << at;
    EXPECT_TRUE(near(a.eu_ji, b.eu_ji, rel)) << at;
  }
}

void expect_same(const EumResult& fast, const EumResult& slow, double rel, const std::string& where) {
  ASSERT_EQ(fast.rounds.size(), slow.rounds.size()) << where;
  EXPECT_EQ(fast.stop, slow.stop) << where;
  EXPECT_EQ(fast.period, slow.period) << where;
  EXPECT_EQ(fast.cycle_start, slow.cycle_start) << where;
  EXPECT_TRUE(near(fast.forecast, slow.forecast, rel)) << where;
  for (std::size_t t = 0; t < fast.rounds.size(); ++t) {
    expect_same_round(fast.rounds[t], slow.rounds[t], rel, where + ", round " + std::to_string(t));
  }
}

// Every round of `result` against `step`'s one round from the same positions (by default the reference's).
// Trajectories as a whole drift apart by rounding over many rounds (compromise positions feed back), so step by
// step is the comparison that can hold to 1e-9; it stops once the positions all lie within 1e-3 of the range,
// where the utilities approach their rounding noise and the dangers (so the exponents) are ill-conditioned.
using OneStep = std::function<EumResult(const EumInput&, const EumOptions&)>;

void expect_steps_match(const EumInput& in, const EumOptions& options, const EumResult& result,
                        const std::string& where, const OneStep& step = eum_reference) {
  for (std::size_t k = 0; k + 1 < result.rounds.size(); ++k) {
    const auto [lo, hi] = std::minmax_element(result.rounds[k].positions.begin(), result.rounds[k].positions.end());
    if (*hi - *lo < 1e-3 * (in.max - in.min)) break;
    EumInput at = in;
    for (std::size_t i = 0; i < at.actors.size(); ++i) at.actors[i].position = result.rounds[k].positions[i];
    EumOptions one = options;
    one.rounds = 1;
    const EumResult next = step(at, one);
    ASSERT_EQ(next.rounds.size(), 2u) << where;
    Round want = next.rounds[1];
    want.round = static_cast<int>(k + 1);
    expect_same_round(result.rounds[k + 1], want, 1e-9, where + ", round " + std::to_string(k + 1));
  }
}

EumResult run_with(const EumInput& in, const EumOptions& options, const detail::FastStepper::Tuning& tuning) {
  detail::FastStepper stepper(tuning);
  return detail::run_model(in, options, stepper, {});
}

TEST(EumProperty, FastEqualsTheReferenceOnRandomInputs) {
  std::mt19937_64 rng(20240611);
  std::uniform_int_distribution<std::size_t> size(2, 40);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int trial = 0; trial < 150; ++trial) {
    const EumInput in = random_input(rng, size(rng));
    EumOptions options;
    options.variant = trial % 2 == 0 ? Variant::scholz : Variant::bdm;
    options.q = trial % 3 == 0 ? unit(rng) : 1.0;
    options.rounds = 10;
    const std::string where = "trial " + std::to_string(trial);
    const EumResult fast = run_eum(in, options);
    expect_steps_match(in, options, fast, where);
    EumOptions few = options;  // whole trajectories, over the first rounds
    few.rounds = 3;
    expect_same(run_eum(in, few), eum_reference(in, few), 1e-9, where);
    if (HasFailure()) return;
  }
}

TEST(EumProperty, FastEqualsTheReferenceWhicheverWayVotesAreKept) {
  // Larger inputs (checkpoints beyond the first), and the paths defaults reach only on huge inputs: scholz
  // giving up on checkpoints at once, bdm without the table of every pair.
  std::mt19937_64 rng(77);
  std::uniform_int_distribution<std::size_t> size(60, 110);
  // The last: checkpoints bounded to 1 KB, so strides wider than 32 (up to 78; as past 32,768 positions).
  const detail::FastStepper::Tuning tunings[] = {{}, {1 << 30, 0}, {0, std::nullopt}, {0, std::nullopt, 0, 1024}};
  for (int trial = 0; trial < 12; ++trial) {
    const EumInput in = random_input(rng, size(rng));
    EumOptions options;
    options.variant = trial % 2 == 0 ? Variant::scholz : Variant::bdm;
    options.rounds = 4;
    for (std::size_t t = 0; t < std::size(tunings); ++t) {
      const std::string where = "trial " + std::to_string(trial) + ", tuning " + std::to_string(t);
      expect_steps_match(in, options, run_with(in, options, tunings[t]), where);
    }
    if (HasFailure()) return;
  }
}

// The votes' rows are made on the threads a block at a time and added in voter order: no bit of any round
// depends on the thread count or the block size.
TEST(EumProperty, ThreadsChangeNoBit) {
  std::mt19937_64 rng(4242);
  std::uniform_int_distribution<std::size_t> size(40, 160);
  for (int trial = 0; trial < 8; ++trial) {
    EumInput in = random_input(rng, size(rng));
    for (std::size_t i = 0; i + 1 < in.actors.size(); i += 5) in.actors[i + 1].position = in.actors[i].position;
    EumOptions options;
    options.variant = trial % 2 == 0 ? Variant::scholz : Variant::bdm;
    options.rounds = 5;
    const EumResult one = run_eum(in, options);
    for (const unsigned threads : {2U, 3U, 5U}) {
      for (const std::size_t rows : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
        EumOptions many = options;
        many.threads = threads;
        detail::FastStepper::Tuning tuning;
        tuning.rows_per_block = rows;
        const EumResult other = run_with(in, many, tuning);
        ASSERT_EQ(other.rounds.size(), one.rounds.size());
        for (std::size_t r = 0; r < one.rounds.size(); ++r) {
          ASSERT_EQ(other.rounds[r].positions, one.rounds[r].positions)
              << "trial " << trial << ", " << threads << " threads, " << rows << " rows, round " << r;
        }
      }
    }
  }
}

TEST(EumProperty, FastEqualsTheReferenceOnTheCase) {
  for (const Variant v : {Variant::scholz, Variant::bdm}) {
    EumOptions options;
    options.variant = v;
    const EumInput in = load_example(kExample + ".yaml").input;
    expect_same(run_eum(in, options), eum_reference(in, options), 1e-9, "case");
  }
}

TEST(EumProperty, ScalingEveryCapabilityChangesNothing) {
  std::mt19937_64 rng(7);
  std::vector<EumInput> inputs = {load_example(kExample + ".yaml").input};
  for (int k = 0; k < 20; ++k) inputs.push_back(random_input(rng, 3 + static_cast<std::size_t>(k)));
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    EumInput scaled = inputs[k];
    for (EumActor& a : scaled.actors) a.capability *= 37.5;
    for (const Variant v : {Variant::scholz, Variant::bdm}) {
      EumOptions options;
      options.variant = v;
      const std::string where = "input " + std::to_string(k);
      // each round of the scaled run is the unscaled model's round from the same positions
      expect_steps_match(scaled, options, run_eum(scaled, options), where,
                         [&](const EumInput& at, const EumOptions& o) {
                           EumInput unscaled = at;
                           for (std::size_t i = 0; i < at.actors.size(); ++i)
                             unscaled.actors[i].capability = inputs[k].actors[i].capability;
                           return run_eum(unscaled, o);
                         });
    }
  }
  // and the reference case's trajectory as a whole
  EumInput scaled = inputs[0];
  for (EumActor& a : scaled.actors) a.capability *= 37.5;
  expect_same(run_eum(scaled, {}), run_eum(inputs[0], {}), 1e-9, "case");
}

TEST(EumProperty, SymmetricScenarioForecastsItsCentre) {
  // Mirror-image pairs around 50 and a weighty centre that cares most. The model itself is not mirror-blind
  // (ties go to the first actor in input order; scholz ranks compromises by the smallest weighted position),
  // so this scenario is one where no such choice comes up: what the test pins is that rounding never breaks a
  // tie between mirror images (their P, x and y differ only in the last bits).
  EumInput in;
  in.min = 0;
  in.max = 100;
  in.actors.push_back({50, 10, 0.9, std::nullopt});
  const double offsets[] = {10, 25, 40, 50};
  const double capabilities[] = {1, 0.5, 2, 0.3};
  const double saliences[] = {0.3, 0.6, 0.45, 0.8};
  for (std::size_t k = 0; k < 4; ++k) {
    in.actors.push_back({50 - offsets[k], capabilities[k], saliences[k], std::nullopt});
    in.actors.push_back({50 + offsets[k], capabilities[k], saliences[k], std::nullopt});
  }
  for (const Variant v : {Variant::scholz, Variant::bdm}) {
    EumOptions options;
    options.variant = v;
    const EumResult result = run_eum(in, options);
    EXPECT_GT(result.rounds.size(), 1u);
    EXPECT_DOUBLE_EQ(result.forecast, 50);
    std::size_t moves = 0;
    for (const Round& r : result.rounds) {
      EXPECT_NEAR(r.median, 50, 1e-9) << r.round;
      EXPECT_NEAR(r.mean, 50, 1e-9) << r.round;
      for (std::size_t k = 0; k < 4; ++k) {
        EXPECT_NEAR(r.positions[1 + 2 * k] - 50, 50 - r.positions[2 + 2 * k], 1e-9) << r.round;
      }
      moves += r.moves.size();
    }
    EXPECT_GT(moves, 0u);  // the symmetry is kept, not trivially
  }
}

bool finite(const EumResult& r) {
  if (!std::isfinite(r.forecast)) return false;
  for (const Round& round : r.rounds) {
    if (!std::isfinite(round.median) || !std::isfinite(round.mean)) return false;
    for (const double x : round.positions)
      if (!std::isfinite(x)) return false;
    for (const double x : round.risk)
      if (!std::isfinite(x) || x <= 0) return false;
    for (const Move& m : round.moves) {
      if (!std::isfinite(m.to) || !std::isfinite(m.eu_ij) || !std::isfinite(m.eu_ji)) return false;
    }
  }
  return true;
}

TEST(EumProperty, NoNonFiniteNumbersOnRandomInputs) {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<std::size_t> size(1, 150);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int trial = 0; trial < 60; ++trial) {
    EumInput in = random_input(rng, size(rng));
    if (trial % 5 == 0) {
      for (EumActor& a : in.actors) a.capability *= 1e-300;  // votes that underflow
    }
    EumOptions options;
    options.variant = trial % 2 == 0 ? Variant::scholz : Variant::bdm;
    options.q = unit(rng);
    options.rounds = 12;
    const EumResult result = run_eum(in, options);
    EXPECT_TRUE(finite(result)) << trial;
    for (const Round& r : result.rounds) {
      for (const double x : r.positions) {
        EXPECT_GE(x, in.min);  // moves stay between the actors' positions
        EXPECT_LE(x, in.max);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Degenerate inputs: defined results, never NaN.

EumInput make(std::vector<EumActor> actors, double min = 0, double max = 10) {
  return {std::move(actors), min, max};
}

TEST(EumDegenerate, NoActorsGivesTheScaleMiddle) {
  const EumResult r = run_eum(make({}, 0, 10), {});
  EXPECT_EQ(r.stop, Stop::converged);
  EXPECT_DOUBLE_EQ(r.forecast, 5);
  EXPECT_EQ(r.rounds.size(), 2u);
}

TEST(EumDegenerate, OneActorStaysPut) {
  const EumResult r = run_eum(make({{3, 1, 0.5, std::nullopt}}), {});
  EXPECT_EQ(r.stop, Stop::converged);
  ASSERT_EQ(r.rounds.size(), 2u);
  EXPECT_TRUE(r.rounds[1].moves.empty());
  EXPECT_DOUBLE_EQ(r.rounds[1].risk[0], 1);  // dangers all equal (none): r = 1
  EXPECT_DOUBLE_EQ(r.forecast, 3);
}

TEST(EumDegenerate, EveryoneAtOnePosition) {
  const EumResult r = run_eum(make({{4, 1, 0.5, std::nullopt}, {4, 2, 0.9, 1.5}, {4, 0, 0, std::nullopt}}), {});
  EXPECT_EQ(r.stop, Stop::converged);
  EXPECT_DOUBLE_EQ(r.forecast, 4);
  EXPECT_EQ(r.rounds[1].risk, (std::vector<double>{1, 1.5, 1}));
}

TEST(EumDegenerate, ZeroCapabilitiesMeanNoVotes) {
  // Nobody has a vote: scholz gives P = 0 (denominator 0), bdm 1/2 each; saliences and distances still decide.
  const EumInput in = make({{1, 0, 0.2, std::nullopt}, {5, 0, 0.7, std::nullopt}, {9, 0, 0.4, std::nullopt}});
  for (const Variant v : {Variant::scholz, Variant::bdm}) {
    EumOptions options;
    options.variant = v;
    const EumResult r = run_eum(in, options);
    EXPECT_TRUE(finite(r));
    expect_same(r, eum_reference(in, options), 1e-12, "zero capabilities");
    EXPECT_DOUBLE_EQ(r.rounds[0].median, 5);  // all weights 0: every actor counts the same
    EXPECT_DOUBLE_EQ(r.rounds[0].mean, 5);
  }
}

TEST(EumDegenerate, ZeroSaliencesEverywhere) {
  const EumInput in = make({{1, 1, 0, std::nullopt}, {5, 2, 0, std::nullopt}, {9, 3, 0, std::nullopt}});
  const EumResult r = run_eum(in, {});
  EXPECT_TRUE(finite(r));
  expect_same(r, eum_reference(in, {}), 1e-12, "zero saliences");
}

TEST(EumDegenerate, EqualDangersGiveRiskOne) {
  // Two mirror-image actors: their dangers are equal, so R = 0 and r = 1 for both.
  const EumResult r = run_eum(make({{2, 1, 0.5, std::nullopt}, {8, 1, 0.5, std::nullopt}}), {});
  ASSERT_GE(r.rounds.size(), 2u);
  EXPECT_EQ(r.rounds[1].risk, (std::vector<double>{1, 1}));
  EXPECT_TRUE(r.rounds[1].moves.empty());  // y == x for both: no offer either way
  EXPECT_EQ(r.stop, Stop::converged);
}

TEST(EumDegenerate, EmptyScaleFallsBackToThePositions) {
  // min == max cannot come from a scenario; the range falls back to the positions' spread, or 1.
  const EumInput spread = make({{2, 1, 0.3, std::nullopt}, {6, 1, 0.6, std::nullopt}, {3, 2, 0.2, std::nullopt}}, 5, 5);
  const EumInput wide = make(spread.actors, 2, 6);
  expect_same(run_eum(spread, {}), run_eum(wide, {}), 0, "empty scale");
  const EumResult one = run_eum(make({{5, 1, 0.5, std::nullopt}, {5, 1, 0.2, std::nullopt}}, 5, 5), {});
  EXPECT_TRUE(finite(one));
  EXPECT_DOUBLE_EQ(one.forecast, 5);
}

TEST(EumDegenerate, PositionsOutsideTheScaleWidenIt) {
  const EumInput outside = make({{-4, 1, 0.3, std::nullopt}, {6, 1, 0.6, std::nullopt}, {12, 2, 0.2, std::nullopt}});
  const EumResult r = run_eum(outside, {});
  EXPECT_TRUE(finite(r));
  expect_same(r, run_eum(make(outside.actors, -4, 12), {}), 0, "widened");
}

TEST(EumDegenerate, ZeroRoundsReportsTheStart) {
  EumOptions options;
  options.rounds = 0;
  const EumResult r = run_eum(load_example(kExample + ".yaml").input, options);
  EXPECT_EQ(r.stop, Stop::rounds);
  ASSERT_EQ(r.rounds.size(), 1u);
  EXPECT_DOUBLE_EQ(r.forecast, 6);
}

TEST(EumDegenerate, BadInputIsAUsageError) {
  const EumActor ok{5, 1, 0.5, std::nullopt};
  EumOptions options;
  EXPECT_THROW((void)run_eum(make({ok, {NAN, 1, 0.5, std::nullopt}}), options), UsageError);
  EXPECT_THROW((void)run_eum(make({ok, {5, -1, 0.5, std::nullopt}}), options), UsageError);
  EXPECT_THROW((void)run_eum(make({ok, {5, 1, 1.5, std::nullopt}}), options), UsageError);
  EXPECT_THROW((void)run_eum(make({ok, {5, 1, 0.5, 0.0}}), options), UsageError);
  EXPECT_THROW((void)run_eum(make({ok}, 0, INFINITY), options), UsageError);
  EXPECT_THROW((void)run_eum(make({ok}, -1e308, 1e308), options), UsageError);  // D overflows
  options.q = 1.5;
  EXPECT_THROW((void)run_eum(make({ok}), options), UsageError);
  options = {};
  options.rounds = -1;
  EXPECT_THROW((void)run_eum(make({ok}), options), UsageError);
  options = {};
  options.tolerance = -1;
  try {
    (void)run_eum(make({ok}), options);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "expected-utility model: the tolerance must be >= 0");
  }
}

// ---------------------------------------------------------------------------------------------------------
// Stop rules, the callback, the bdm variant.

TEST(EumRun, CallbackSeesEveryRoundAndCanStop) {
  const EumInput in = load_example(kExample + ".yaml").input;
  std::vector<int> seen;
  const EumResult all = run_eum(in, {}, [&](const Round& r) {
    seen.push_back(r.round);
    return true;
  });
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  const EumResult stopped = run_eum(in, {}, [](const Round& r) { return r.round < 3; });
  EXPECT_EQ(stopped.stop, Stop::cancelled);
  EXPECT_EQ(stopped.rounds.size(), 4u);
  EXPECT_DOUBLE_EQ(stopped.forecast, all.rounds[3].median);
}

TEST(EumRun, RoundsCapWithoutCycle) {
  EumOptions options;
  options.rounds = 3;
  const EumResult r = run_eum(load_example(kExample + ".yaml").input, options);
  EXPECT_EQ(r.stop, Stop::rounds);
  EXPECT_EQ(r.rounds.size(), 4u);
  EXPECT_DOUBLE_EQ(r.forecast, r.rounds[3].median);
}

TEST(EumRun, ForecastOfACycleFollowsThePhaseOfTheLastRound) {
  // At tolerance 1e-5 the case stops in round 6 (repeating round 4); with 11 rounds asked for, round 11 is
  // in the phase of round 5.
  EumOptions options;
  options.tolerance = 1e-5;
  options.rounds = 11;
  const EumResult r = run_eum(load_example(kExample + ".yaml").input, options);
  ASSERT_EQ(r.stop, Stop::cycle);
  EXPECT_EQ(r.rounds.size(), 7u);
  EXPECT_DOUBLE_EQ(r.forecast, r.rounds[5].median);
  EXPECT_DOUBLE_EQ(r.forecast, 6);
}

TEST(EumRun, BdmCapitulatesAndMovesLeast) {
  // Each actor takes the offer that moves it least, capitulations included; the reference agrees.
  std::mt19937_64 rng(5);
  int capitulations = 0;
  for (int trial = 0; trial < 30; ++trial) {
    const EumInput in = random_input(rng, 12);
    EumOptions options;
    options.variant = Variant::bdm;
    const EumResult r = run_eum(in, options);
    for (const Round& round : r.rounds) {
      for (const Move& m : round.moves) capitulations += m.kind == MoveKind::capitulation ? 1 : 0;
    }
  }
  EXPECT_GT(capitulations, 0);
  const EumResult scholz = run_eum(load_example(kExample + ".yaml").input, {});
  for (const Round& round : scholz.rounds) {
    for (const Move& m : round.moves) EXPECT_NE(m.kind, MoveKind::capitulation);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Summary statistics and the scenario adapter.

TEST(EumStatistics, WeightedMedianAndMean) {
  const std::vector<double> x = {8, 4, 5, 10};
  EXPECT_DOUBLE_EQ(weighted_median(x, std::vector<double>{1, 1, 1, 1}), 5);  // 2 of 4 reach half
  EXPECT_DOUBLE_EQ(weighted_median(x, std::vector<double>{0.1, 0.1, 0.1, 0.7}), 10);
  EXPECT_DOUBLE_EQ(weighted_median(x, std::vector<double>{0.3, 0.1, 0.2, 0.4}), 8);  // 0.3 + 0.2 reach 0.5
  EXPECT_DOUBLE_EQ(weighted_median(x, std::vector<double>{0, 0, 0, 0}), 5);          // no weight: all count
  EXPECT_DOUBLE_EQ(weighted_mean(x, std::vector<double>{1, 0, 0, 1}), 9);
  EXPECT_DOUBLE_EQ(weighted_mean(x, std::vector<double>{0, 0, 0, 0}), 6.75);
  EXPECT_THROW((void)weighted_median(std::vector<double>{}, std::vector<double>{}), UsageError);
  EXPECT_THROW((void)weighted_mean(x, std::vector<double>{1}), UsageError);
  EXPECT_THROW((void)weighted_mean(x, std::vector<double>{1, -1, 1, 1}), UsageError);
}

TEST(EumScenario, IssueTakesTheActorsWithAStance) {
  const services::Loaded loaded = services::load(kExample + ".yaml", {});
  ASSERT_TRUE(loaded.scenario);
  Scenario s = *loaded.scenario;
  s.actors[2].stances.clear();  // the Bank of England has no say
  s.actors[3].risk = 1.25;
  const EumIssue issue = eum_issue(s, 0);
  ASSERT_EQ(issue.actors.size(), 8u);
  EXPECT_EQ(issue.actors[2], 3u);
  EXPECT_DOUBLE_EQ(issue.input.min, 1);
  EXPECT_DOUBLE_EQ(issue.input.max, 10);
  const EumActor& technocrats = issue.input.actors[2];
  EXPECT_DOUBLE_EQ(technocrats.position, 10);
  EXPECT_DOUBLE_EQ(technocrats.capability, 0.1);
  EXPECT_DOUBLE_EQ(technocrats.salience, 0.4);
  EXPECT_EQ(technocrats.risk, std::optional<double>(1.25));
  EXPECT_FALSE(issue.input.actors[0].risk);
  EXPECT_THROW((void)eum_issue(s, 1), UsageError);
}

// Whether a forecast is one firm number (docs/models.md §3.7), on each way a run can end.
TEST(EumEnd, ConvergedAndSameMedianCyclesSettleCapsAndSwingingCyclesDoNot) {
  const services::Loaded geneva = services::load(std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml", {});
  ASSERT_TRUE(geneva.scenario);
  const Scenario s = services::at(*geneva.scenario, "");  // the last timeline point, as `parley forecast` takes
  const EumOptions o;
  // territory converges in round 1 at 65.
  const EumResult territory = run_eum(eum_issue(s, 0).input, o);
  EXPECT_EQ(territory.stop, EumResult::Stop::converged);
  EXPECT_TRUE(territory.settled);
  EXPECT_EQ(territory.low, 65);
  EXPECT_EQ(territory.high, 65);
  // security swings between 5.9 and 65.5 until the cap: its range is over rounds 5 to 10.
  const EumResult security = run_eum(eum_issue(s, 1).input, o);
  EXPECT_EQ(security.stop, EumResult::Stop::rounds);
  EXPECT_FALSE(security.settled);
  EXPECT_NEAR(security.low, 5.913, 1e-3);
  EXPECT_NEAR(security.high, 61.941, 1e-3);
  EXPECT_GE(security.forecast, security.low);
  EXPECT_LE(security.forecast, security.high);
  // sequencing's positions cycle with period 2, but the median is "ceasefire first" in both states.
  const EumResult sequencing = run_eum(eum_issue(s, 2).input, o);
  EXPECT_EQ(sequencing.stop, EumResult::Stop::cycle);
  EXPECT_TRUE(sequencing.settled);
  EXPECT_EQ(sequencing.low, 0);
  EXPECT_EQ(sequencing.high, 0);
  // The UK EMU case: a 2-cycle whose median alternates between 5.303 and 6.
  const services::Loaded emu = services::load(kExample + ".yaml", {});
  ASSERT_TRUE(emu.scenario);
  const EumResult cycle = run_eum(eum_issue(*emu.scenario, 0).input, o);
  EXPECT_EQ(cycle.stop, EumResult::Stop::cycle);
  EXPECT_EQ(cycle.period, 2);
  EXPECT_FALSE(cycle.settled);
  EXPECT_NEAR(cycle.low, 5.303, 1e-3);
  EXPECT_EQ(cycle.high, 6);
  // With no rounds at all nothing has happened: not settled, the range is the status quo's median.
  EumOptions none = o;
  none.rounds = 0;
  const EumResult still = run_eum(eum_issue(s, 0).input, none);
  EXPECT_FALSE(still.settled);
  EXPECT_EQ(still.low, still.high);
}

}  // namespace
}  // namespace parley::forecast
