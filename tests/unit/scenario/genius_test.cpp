#include "scenario/genius.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "../test_support.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::genius {
namespace {

namespace fs = std::filesystem;

const std::string kAnac = std::string(PARLEY_SHARED_DIR) + "/data/genius/anac/";

struct Files {
  std::string domain;
  std::vector<std::string> profiles;
};

// File names follow no rule across the ANAC years (travel_domain.xml, Animal.xml, adg.xml next to adg_deal.xml),
// so the domain is the one file whose root is <negotiation_template> and every other file is a profile.
Files files_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") names.push_back(entry.path().string());
  }
  std::sort(names.begin(), names.end());
  Files files;
  for (const auto& name : names) {
    if (looks_like_domain(name)) {
      EXPECT_TRUE(files.domain.empty()) << "two domains in " << dir << ": " << files.domain << ", " << name;
      files.domain = name;
    } else {
      files.profiles.push_back(name);
    }
  }
  EXPECT_FALSE(files.domain.empty()) << "no domain in " << dir;
  return files;
}

Domain read_ok(const std::string& dir) {
  const Files files = files_in(kAnac + dir);
  Diagnostics d;
  auto domain = read(files.domain, files.profiles, d);
  EXPECT_TRUE(domain.has_value()) << test::messages(d);
  EXPECT_TRUE(d.empty()) << test::messages(d);
  return domain.value_or(Domain{});
}

std::vector<std::string> names_of(const Domain& domain) {
  std::vector<std::string> out;
  for (const auto& issue : domain.issues) out.push_back(issue.name);
  return out;
}

std::vector<std::string> ids_of(const Domain& domain) {
  std::vector<std::string> out;
  for (const auto& profile : domain.profiles) out.push_back(profile.id);
  return out;
}

TEST(GeniusAnac, TravelReadsIssuesItemsAndBothProfiles) {
  const Domain d = read_ok("y2010/Travel");
  EXPECT_EQ(d.name, "travel_domain");
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"Atmosphere", "Amusement", "Culinary", "Shopping", "Culture",
                                                   "Sport", "Environment"}));
  EXPECT_DOUBLE_EQ(d.size(), 7.0 * 7 * 4 * 4 * 6 * 5 * 8);
  const Issue& atmosphere = d.issues[0];
  EXPECT_EQ(atmosphere.kind, Issue::Kind::discrete);
  EXPECT_EQ(atmosphere.values.front(), "Cultural heritage");
  EXPECT_EQ(atmosphere.values.back(), "Hospitality");
  EXPECT_EQ(atmosphere.numbers, (std::vector<double>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(atmosphere.where.line, 8u);
  EXPECT_EQ(atmosphere.where.column, 2u);
  EXPECT_EQ(atmosphere.where.file_name(), kAnac + "y2010/Travel/travel_domain.xml");

  ASSERT_EQ(d.profiles.size(), 2u);
  const Profile& chox = d.profiles[0];
  EXPECT_EQ(chox.id, "travel_chox");
  EXPECT_EQ(chox.name, "travel_chox");
  EXPECT_EQ(chox.where.line, 1u);
  EXPECT_EQ(*chox.file, kAnac + "y2010/Travel/travel_chox.xml");
  EXPECT_DOUBLE_EQ(chox.reservation, 0);
  EXPECT_DOUBLE_EQ(chox.discount, 1);  // no <discount_factor>
  EXPECT_DOUBLE_EQ(chox.weights[0], 0.3704517173416688);
  EXPECT_DOUBLE_EQ(chox.weights[6], 0.25501038112441554);
  // Atmosphere's evaluations are 41 33 213 262 45 37 370: each divided by the largest.
  EXPECT_DOUBLE_EQ(chox.evaluation[0][0], 41.0 / 370);
  EXPECT_DOUBLE_EQ(chox.evaluation[0][6], 1);

  // The first item of every issue: Cultural heritage 41/370, Nightlife 370/370, Local cuisine 508/508,
  // Shopping malls 61/508, Museum 271/382, Bike tours 481/481, Parks and Gardens 158/316.
  const std::array<std::size_t, 7> first{0, 0, 0, 0, 0, 0, 0};
  const double by_hand = 0.3704517173416688 * 41 / 370 + 0.04304893094970382 * 1 + 0.20809971361039253 * 1 +
                         0.04308224059878759 * 61 / 508 + 0.04701364277217884 * 271 / 382 + 0.0332933736028529 * 1 +
                         0.25501038112441554 * 158 / 316;
  EXPECT_NEAR(chox.utility(first), by_hand, 1e-12);
  // Hospitality, Nightlife, Local cuisine, Small boutiques, Theater, Bike tours, Monuments: every issue's best.
  const std::array<std::size_t, 7> best{6, 0, 0, 3, 2, 0, 4};
  EXPECT_NEAR(chox.utility(best), std::accumulate(chox.weights.begin(), chox.weights.end(), 0.0), 1e-12);
  EXPECT_EQ(d.profiles[1].id, "travel_fanny");
}

TEST(GeniusAnac, EnergyHas390625Outcomes) {
  const Domain d = read_ok("y2011/Energy");
  EXPECT_EQ(d.issues.size(), 8u);
  EXPECT_DOUBLE_EQ(d.size(), 390625);
  EXPECT_EQ(d.issues[0].values, (std::vector<std::string>{"0 kW", "25 kW", "50 kW", "75 kW", "100 kW"}));
  ASSERT_EQ(ids_of(d), (std::vector<std::string>{"energy_consumer", "energy_distributor"}));
  const Profile& consumer = d.profiles[0];
  const Profile& distributor = d.profiles[1];
  EXPECT_EQ(consumer.evaluation[0], (std::vector<double>{1, 0.75, 0.5, 0.25, 0}));  // 4 3 2 1 0
  // 50 kW in every period. Consumer: issues 1-4 weigh .03 .05 .07 .09 and rate it 2 of 4, issues 5-8 weigh
  // .14 .19 .24 .19 and rate it 5 of 8. Distributor: issues 1-3, 7, 8 (.03 .04 .06 .09 .08) rate it 3 of 5,
  // issues 4-6 (.19 .28 .23) 5 of 7.
  const std::array<std::size_t, 8> half{2, 2, 2, 2, 2, 2, 2, 2};
  EXPECT_NEAR(consumer.utility(half), 0.5 * 0.24 + 0.625 * 0.76, 1e-12);
  EXPECT_NEAR(distributor.utility(half), 0.6 * 0.30 + 5.0 / 7 * 0.70, 1e-12);
}

TEST(GeniusAnac, ThreeProfilesOf2016WithReservationAndDiscount) {
  const Domain d = read_ok("y2016/Atlas3");
  EXPECT_EQ(d.name, "triangularFight");
  EXPECT_DOUBLE_EQ(d.size(), 9);
  ASSERT_EQ(ids_of(d),
            (std::vector<std::string>{"triangularfight_util1", "triangularfight_util2", "triangularfight_util3"}));
  for (const auto& p : d.profiles) {
    EXPECT_DOUBLE_EQ(p.reservation, 0.3);
    EXPECT_DOUBLE_EQ(p.discount, 0.1);
  }
  // a2, b3: util1 rates a 3 2 1 and b 3 2 1; util2 a 3 2 1, b 1 2 3; util3 a 1 2 3, b 3 2 1; weights 0.5 each.
  const std::array<std::size_t, 2> a2_b3{1, 2};
  EXPECT_NEAR(d.profiles[0].utility(a2_b3), 0.5 * 2 / 3 + 0.5 * 1 / 3, 1e-12);
  EXPECT_NEAR(d.profiles[1].utility(a2_b3), 0.5 * 2 / 3 + 0.5 * 1, 1e-12);
  EXPECT_NEAR(d.profiles[2].utility(a2_b3), 0.5 * 2 / 3 + 0.5 * 1 / 3, 1e-12);
}

TEST(GeniusAnac, IntegerIssuesUseOffsetPlusSlopeFromTheLowerBound) {
  const Domain d = read_ok("y2016/Grandma");
  ASSERT_EQ(d.issues.size(), 3u);
  const Issue& price = d.issues[0];
  EXPECT_EQ(price.name, "Energy Price");
  EXPECT_EQ(price.kind, Issue::Kind::integer);
  ASSERT_EQ(price.values.size(), 41u);  // 10..50
  EXPECT_EQ(price.values.front(), "10");
  EXPECT_EQ(price.values[20], "30");
  EXPECT_DOUBLE_EQ(price.numbers[20], 30);
  EXPECT_DOUBLE_EQ(d.size(), 41 * 4 * 6);
  // util1: offset 0, slope 0.025, so 30 is worth 0.025 * (30 - 10) = 0.5 and 50 is worth 1 (not 0.025 * 50).
  const Profile& util1 = d.profiles[0];
  EXPECT_DOUBLE_EQ(util1.evaluation[0][20], 0.5);
  EXPECT_DOUBLE_EQ(util1.evaluation[0][40], 1);
  // 30, Morning (5 of 5), Coal (5 of 5).
  const std::array<std::size_t, 3> package{20, 0, 3};
  EXPECT_NEAR(util1.utility(package), 0.4626635100680855 * 0.5 + 0.4483116001187363 + 0.08902488981317828, 1e-12);
  // util2: offset 1, slope -0.025.
  EXPECT_DOUBLE_EQ(d.profiles[1].evaluation[0][0], 1);
  EXPECT_DOUBLE_EQ(d.profiles[1].evaluation[0][40], 0);

  const Domain grid = read_ok("y2016/AgentHp2");
  EXPECT_DOUBLE_EQ(grid.size(), 5764801);  // 7^8
  EXPECT_EQ(grid.issues[0].values, (std::vector<std::string>{"8", "9", "10", "11", "12", "13", "14"}));
  // consumer: offset 1, slope -0.15; decimal results, not 0.5499999999999999.
  EXPECT_EQ(grid.profiles[0].id, "consumer");
  EXPECT_EQ(grid.profiles[0].evaluation[0], (std::vector<double>{1, 0.85, 0.7, 0.55, 0.4, 0.25, 0.1}));
}

// Every ANAC domain reads with all its profiles. The warnings are pinned: four profiles whose weights do not sum
// to 1 (GENIUS uses them as given, and so does parley).
TEST(GeniusAnac, EveryDomainReadsWithItsProfiles) {
  std::size_t domains = 0;
  std::string warnings;
  for (const auto& year : fs::directory_iterator(kAnac)) {
    for (const auto& dir : fs::directory_iterator(year.path())) {
      SCOPED_TRACE(dir.path().string());
      const Files files = files_in(dir.path());
      Diagnostics d;
      const auto domain = read(files.domain, files.profiles, d);
      ASSERT_TRUE(domain.has_value()) << test::messages(d);
      EXPECT_EQ(d.error_count(), 0u);
      for (const auto& w : d.all()) warnings += format_diagnostic(w).substr(kAnac.size()) + "\n";
      ++domains;
      EXPECT_GE(domain->profiles.size(), 2u);
      EXPECT_GE(domain->size(), 3);
      for (const auto& p : domain->profiles) {
        EXPECT_TRUE(core::is_valid_id(p.id)) << p.id;
        ASSERT_EQ(p.evaluation.size(), domain->issues.size());
        for (std::size_t k = 0; k < domain->issues.size(); ++k) {
          ASSERT_EQ(p.evaluation[k].size(), domain->issues[k].values.size());
          const auto [lo, hi] = std::minmax_element(p.evaluation[k].begin(), p.evaluation[k].end());
          EXPECT_GE(*lo, 0);
          EXPECT_LE(*hi, 1);
          // Discrete issues are scaled so that their best item is worth 1, unless every item is worth 0.
          if (domain->issues[k].kind == Issue::Kind::discrete && *hi != 0) {
            EXPECT_EQ(*hi, 1);
          }
        }
      }
    }
  }
  EXPECT_EQ(domains, 59u);
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; (end = warnings.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(warnings.substr(start, end - start));
  }
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "y2015/group3-bank_robbery/Bank_Robbery_util2.xml:2:2: warning: the weights sum to "
                       "0.989278642114397, not 1; they are used as given, as GENIUS does",
                       "y2015/group5-car_domain/car-Profile8.xml:2:2: warning: the weights sum to 1.00750720423285, "
                       "not 1; they are used as given, as GENIUS does",
                       "y2015/group5-car_domain/car-Profile9.xml:2:2: warning: the weights sum to 0.994286987434019, "
                       "not 1; they are used as given, as GENIUS does",
                       "y2016/SYAgent/JapanTrip_util1.xml:2:2: warning: the weights sum to 1.1, not 1; they are used "
                       "as given, as GENIUS does",
                   }));
}

TEST(GeniusAnac, QuirksOfParticularFilesAreReadAsGeniusReadsThem) {
  // DogChoosing says discount_factor 0, which GENIUS reads as "no discounting".
  const Domain dogs = read_ok("y2013/DogChoosing");
  EXPECT_DOUBLE_EQ(dogs.profiles[0].discount, 1);
  // Group4 profiles rate every item of some issues 0 (with weights near 1e-5): GENIUS gives them 0, not 0/0.
  const Files files = files_in(kAnac + "y2015/group4-zoning_plan");
  Diagnostics d;
  const auto zoning = read(files.domain, files.profiles, d);
  ASSERT_TRUE(zoning) << test::messages(d);
  EXPECT_TRUE(d.empty()) << test::messages(d);
  const Profile& util1 = zoning->profiles[0];
  EXPECT_EQ(util1.name, "Group4_util1");
  const auto park =
      std::find_if(zoning->issues.begin(), zoning->issues.end(), [](const Issue& i) { return i.name == "Park"; });
  ASSERT_NE(park, zoning->issues.end());
  const auto k = static_cast<std::size_t>(park - zoning->issues.begin());
  EXPECT_TRUE(std::all_of(util1.evaluation[k].begin(), util1.evaluation[k].end(), [](double e) { return e == 0; }));
}

TEST(GeniusAnac, LooksLikeDomainTellsDomainsFromProfiles) {
  EXPECT_TRUE(looks_like_domain(kAnac + "y2010/Travel/travel_domain.xml"));
  EXPECT_FALSE(looks_like_domain(kAnac + "y2010/Travel/travel_chox.xml"));
  EXPECT_FALSE(looks_like_domain(kAnac + "y2010/Travel/no_such_file.xml"));
  EXPECT_FALSE(looks_like_domain(kAnac + "y2010/Travel"));
  EXPECT_FALSE(looks_like_domain(std::string(PARLEY_SHARED_DIR) + "/data/ktab/smpExample_fixed.xml"));
}

TEST(GeniusAnac, UtilityRejectsAPackageThatDoesNotFit) {
  const Domain d = read_ok("y2016/Atlas3");
  const std::array<std::size_t, 1> short_package{0};
  const std::array<std::size_t, 2> past_grid{0, 3};
  EXPECT_THROW((void)d.profiles[0].utility(short_package), Error);
  EXPECT_THROW((void)d.profiles[0].utility(past_grid), Error);
}

// Small files written to a temporary directory; messages name them relative to it.
class GeniusBadInput : public ::testing::Test {
 protected:
  static constexpr const char* kDomain = R"(<negotiation_template>
<utility_space>
<objective index="0" name="root" type="objective">
<issue index="1" name="Colour" type="discrete">
<item index="1" value="red"/>
<item index="2" value="blue"/>
</issue>
<issue index="2" name="Price" type="integer" lowerbound="1" upperbound="3"/>
</objective>
</utility_space>
</negotiation_template>
)";
  static constexpr const char* kProfile = R"(<utility_space>
<objective index="0" name="root" type="objective">
<issue index="1" name="Colour" type="discrete">
<item index="1" value="red" evaluation="2"/>
<item index="2" value="blue" evaluation="4"/>
</issue>
<issue index="2" name="Price" type="integer" lowerbound="1" upperbound="3">
<evaluator ftype="linear" offset="1" slope="-0.5"/>
</issue>
<weight index="1" value="0.25"/>
<weight index="2" value="0.75"/>
</objective>
<reservation value="0.4"/>
<discount_factor value="0.9"/>
</utility_space>
)";

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parley_genius_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) const {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Reads d.xml with p1.xml, p2.xml, ...; every message, its `FILE:LINE:COL` relative to the directory.
  std::string messages_of(const std::string& domain, const std::vector<std::string>& profiles,
                          std::optional<Domain>* out = nullptr) {
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < profiles.size(); ++i)
      paths.push_back(write("p" + std::to_string(i + 1) + ".xml", profiles[i]));
    Diagnostics d;
    auto result = read(write("d.xml", domain), paths, d);
    if (out) *out = std::move(result);
    std::string text = test::messages(d);
    const std::string prefix = dir_.string() + "/";
    for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
    return text;
  }
  // p1.xml is `profile`, p2.xml the good profile.
  std::string messages(const std::string& domain, const std::string& profile, std::optional<Domain>* out = nullptr) {
    return messages_of(domain, {profile, kProfile}, out);
  }
  std::string profile_messages(const std::string& profile) { return messages(kDomain, profile); }

  fs::path dir_;
};

// `text` with its first `from` replaced by `to`.
std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST_F(GeniusBadInput, TheGoodFilesReadAsWritten) {
  std::optional<Domain> d;
  EXPECT_EQ(messages(kDomain, kProfile, &d), "");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->name, "d");
  EXPECT_EQ(ids_of(*d), (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(d->issues[1].values, (std::vector<std::string>{"1", "2", "3"}));
  const Profile& p = d->profiles[0];
  EXPECT_EQ(p.evaluation[0], (std::vector<double>{0.5, 1}));
  EXPECT_EQ(p.evaluation[1], (std::vector<double>{1, 0.5, 0}));
  EXPECT_DOUBLE_EQ(p.reservation, 0.4);
  EXPECT_DOUBLE_EQ(p.discount, 0.9);
  const std::array<std::size_t, 2> blue_2{1, 1};
  EXPECT_DOUBLE_EQ(p.utility(blue_2), 0.25 * 1 + 0.75 * 0.5);
}

TEST_F(GeniusBadInput, MalformedXml) {
  EXPECT_EQ(profile_messages(edit(kProfile, "</issue>\n<issue index=\"2\"", "<issue index=\"2\"")),
            "p1.xml:11:3: error: invalid XML: Start-end tags mismatch\n");
  EXPECT_EQ(messages("", kProfile), "d.xml:1:1: error: invalid XML: No document element found\n");
}

TEST_F(GeniusBadInput, DomainStructure) {
  EXPECT_EQ(messages("<Scenario/>\n", kProfile),
            "d.xml:1:2: error: expected a GENIUS domain (a <negotiation_template> root), found <Scenario>\n");
  EXPECT_EQ(messages("<negotiation_template>\n<agent/>\n</negotiation_template>\n", kProfile),
            "d.xml:1:2: error: expected a <utility_space> in the <negotiation_template>, found none\n");
  EXPECT_EQ(messages("<negotiation_template><utility_space>\n<objective index=\"0\"/>\n"
                     "</utility_space></negotiation_template>\n",
                     kProfile),
            "d.xml:2:2: error: expected at least one <issue> in the domain, found none\n");
  EXPECT_EQ(messages(edit(kDomain, "<issue index=\"1\"", "<objective index=\"9\"/>\n<issue index=\"1\""), kProfile),
            "d.xml:4:2: error: expected <issue> elements directly under the root <objective>, found a nested "
            "<objective> (objective trees are not supported)\n");
}

TEST_F(GeniusBadInput, DomainIssues) {
  EXPECT_EQ(messages(edit(kDomain, "name=\"Price\"", "name=\"Colour\""), kProfile),
            "d.xml:8:18: error: issue 'Colour' appears twice in the domain\n");
  EXPECT_EQ(messages(edit(kDomain, "index=\"2\" name=\"Price\"", "index=\"1\" name=\"Price\""), kProfile),
            "d.xml:8:8: error: expected a distinct index for issue 'Price', found 1, the index of issue 'Colour'\n");
  EXPECT_EQ(messages(edit(kDomain, "value=\"blue\"", "value=\"red\""), kProfile),
            "d.xml:6:17: error: item 'red' of issue 'Colour' appears twice\n");
  EXPECT_EQ(messages(edit(kDomain, "type=\"integer\"", "type=\"money\""), kProfile),
            "d.xml:8:31: error: expected 'discrete', 'integer' or 'real' in 'type' of issue 'Price', found 'money'\n");
  EXPECT_EQ(messages(edit(kDomain, "upperbound=\"3\"", "upperbound=\"0\""), kProfile),
            "d.xml:8:61: error: expected an upperbound of at least the lowerbound 1 in issue 'Price', found 0\n");
  EXPECT_EQ(messages(edit(kDomain, " lowerbound=\"1\"", ""), kProfile),
            "d.xml:8:2: error: expected attribute 'lowerbound' on issue 'Price', found none\n");
  EXPECT_EQ(messages(edit(kDomain, "upperbound=\"3\"", "upperbound=\"3.5\""), kProfile),
            "d.xml:8:61: error: expected a whole number in 'upperbound' of issue 'Price', found '3.5'\n");
  EXPECT_EQ(messages(edit(kDomain, "upperbound=\"3\"", "upperbound=\"999999999999\""), kProfile),
            "d.xml:8:2: error: expected at most 100000 values in integer issue 'Price', found the range [1, "
            "999999999999]\n");
  EXPECT_EQ(
      messages(edit(kDomain, "<item index=\"1\" value=\"red\"/>\n<item index=\"2\" value=\"blue\"/>\n", ""), kProfile),
      "d.xml:4:2: error: expected at least one <item> in discrete issue 'Colour', found none\n");
}

TEST_F(GeniusBadInput, ProfileIssuesMustBeTheDomains) {
  EXPECT_EQ(profile_messages(edit(kProfile, "index=\"2\" name=\"Price\"", "index=\"9\" name=\"Price\"")),
            "p1.xml:2:2: error: expected an <issue> with the evaluations of issue 'Price' (index 2), found none\n"
            "p1.xml:7:2: error: expected an issue of the domain, found issue 'Price' (index 9)\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "name=\"Price\"", "name=\"Cost\"")),
            "p1.xml:2:2: error: expected an <issue> with the evaluations of issue 'Price' (index 2), found none\n"
            "p1.xml:7:18: error: expected issue index 2 to be 'Price', as in the domain, found 'Cost'\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "name=\"Price\" type=\"integer\"", "name=\"Price\" type=\"discrete\"")),
            "p1.xml:7:2: error: expected issue 'Price' to be integer, as in the domain, found it discrete\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "lowerbound=\"1\"", "lowerbound=\"0\"")),
            "p1.xml:7:46: error: expected the domain's lowerbound 1 for issue 'Price', found 0\n");
}

TEST_F(GeniusBadInput, DiscreteEvaluations) {
  EXPECT_EQ(profile_messages(edit(kProfile, "value=\"blue\"", "value=\"blu\"")),
            "p1.xml:3:2: error: expected an evaluation for item 'blue' of issue 'Colour', found none\n"
            "p1.xml:5:17: error: expected an item of issue 'Colour' in the domain, found 'blu' (did you mean "
            "'blue'?)\n");
  EXPECT_EQ(profile_messages(edit(kProfile, " evaluation=\"4\"", "")),
            "p1.xml:5:2: error: expected attribute 'evaluation' on item 'blue' of issue 'Colour', found none\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "evaluation=\"4\"", "evaluation=\"-4\"")),
            "p1.xml:5:30: error: expected a non-negative evaluation for item 'blue' of issue 'Colour', found -4\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "evaluation=\"4\"", "evaluation=\"four\"")),
            "p1.xml:5:30: error: expected a number in 'evaluation' of item 'blue' of issue 'Colour', found 'four'\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "<item index=\"1\" value=\"red\" evaluation=\"2\"/>",
                                  "<item index=\"1\" value=\"blue\" evaluation=\"2\"/>")),
            "p1.xml:3:2: error: expected an evaluation for item 'red' of issue 'Colour', found none\n"
            "p1.xml:5:17: error: expected one <item> for 'blue' in issue 'Colour', found a second\n");
}

TEST_F(GeniusBadInput, AllZeroEvaluationsGiveZeroAsInGenius) {
  std::optional<Domain> d;
  const std::string zero =
      edit(edit(kProfile, "evaluation=\"2\"", "evaluation=\"0\""), "evaluation=\"4\"", "evaluation=\"0\"");
  EXPECT_EQ(messages(kDomain, zero, &d),
            "p1.xml:3:2: warning: every item of issue 'Colour' is evaluated 0, so its weight 0.25 adds nothing\n");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->profiles[0].evaluation[0], (std::vector<double>{0, 0}));
  // With a negligible weight (GENIUS's sliders leave ones like 3e-5) there is nothing to warn about.
  const std::string negligible =
      edit(edit(zero, "value=\"0.25\"", "value=\"0.00003\""), "value=\"0.75\"", "value=\"0.99997\"");
  EXPECT_EQ(messages(kDomain, negligible), "");
}

TEST_F(GeniusBadInput, Weights) {
  EXPECT_EQ(profile_messages(edit(kProfile, "<weight index=\"2\" value=\"0.75\"/>\n", "")),
            "p1.xml:2:2: error: expected a <weight> for issue 'Price' (index 2), found none\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "value=\"0.25\"", "value=\"-0.25\"")),
            "p1.xml:10:19: error: expected a non-negative weight for issue 'Colour', found -0.25\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "<weight index=\"2\"", "<weight index=\"7\"")),
            "p1.xml:2:2: error: expected a <weight> for issue 'Price' (index 2), found none\n"
            "p1.xml:11:9: error: expected the index of a domain issue in <weight>, found 7\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "<weight index=\"2\"", "<weight index=\"1\"")),
            "p1.xml:2:2: error: expected a <weight> for issue 'Price' (index 2), found none\n"
            "p1.xml:11:2: error: expected one <weight> for issue 'Colour' (index 1), found a second\n");
  EXPECT_EQ(profile_messages(edit(edit(kProfile, "value=\"0.25\"", "value=\"0\""), "value=\"0.75\"", "value=\"0\"")),
            "p1.xml:2:2: error: expected weights with a positive sum, found all 0\n");
  // Not normalised, as neither GENIUS nor NegMAS normalises the weights it reads.
  std::optional<Domain> d;
  EXPECT_EQ(messages(kDomain, edit(kProfile, "value=\"0.75\"", "value=\"0.85\""), &d),
            "p1.xml:2:2: warning: the weights sum to 1.1, not 1; they are used as given, as GENIUS does\n");
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->profiles[0].weights[1], 0.85);
}

TEST_F(GeniusBadInput, LinearEvaluators) {
  EXPECT_EQ(profile_messages(edit(kProfile, "<evaluator ftype=\"linear\" offset=\"1\" slope=\"-0.5\"/>\n", "")),
            "p1.xml:7:2: error: expected an <evaluator> for integer issue 'Price', found none\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "ftype=\"linear\"", "ftype=\"triangular\"")),
            "p1.xml:8:12: error: expected ftype 'linear' in the <evaluator> of issue 'Price', found 'triangular' (only "
            "linear evaluators are supported)\n");
  EXPECT_EQ(profile_messages(edit(kProfile, " slope=\"-0.5\"", "")),
            "p1.xml:8:2: error: expected attribute 'slope' on the <evaluator> of issue 'Price', found none\n");
  // GENIUS clamps to [0, 1] (EvaluatorInteger.getEvaluation); parley too, with a warning.
  std::optional<Domain> d;
  EXPECT_EQ(messages(kDomain, edit(kProfile, "slope=\"-0.5\"", "slope=\"-0.75\""), &d),
            "p1.xml:8:2: warning: the evaluator of issue 'Price' gives -0.5 at 3, outside [0, 1]; its evaluations are "
            "clamped to [0, 1], as GENIUS does\n");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->profiles[0].evaluation[1], (std::vector<double>{1, 0.25, 0}));
}

TEST_F(GeniusBadInput, ReservationAndDiscount) {
  EXPECT_EQ(profile_messages(edit(kProfile, "<reservation value=\"0.4\"/>", "<reservation value=\"1.5\"/>")),
            "p1.xml:13:14: error: expected a reservation value in [0, 1], found 1.5\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "<reservation value=\"0.4\"/>", "<reservation/>")),
            "p1.xml:13:2: error: expected attribute 'value' on <reservation>, found none\n");
  std::optional<Domain> d;
  EXPECT_EQ(
      messages(kDomain, edit(kProfile, "<discount_factor value=\"0.9\"/>", "<discount_factor value=\"2\"/>"), &d),
      "p1.xml:14:18: warning: expected a discount factor in [0, 1], found 2; it is taken as 1 (no discounting), as "
      "GENIUS does\n");
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->profiles[0].discount, 1);
  const std::string bare =
      edit(edit(kProfile, "<reservation value=\"0.4\"/>\n", ""), "<discount_factor value=\"0.9\"/>\n", "");
  EXPECT_EQ(messages(kDomain, bare, &d), "");
  EXPECT_DOUBLE_EQ(d->profiles[0].reservation, 0);
  EXPECT_DOUBLE_EQ(d->profiles[0].discount, 1);
}

TEST_F(GeniusBadInput, ProfileStructure) {
  EXPECT_EQ(profile_messages(kDomain),
            "p1.xml:1:2: error: expected a GENIUS profile (a <utility_space> root), found <negotiation_template>\n");
  EXPECT_EQ(profile_messages("<utility_space>\n<reservation value=\"0\"/>\n</utility_space>\n"),
            "p1.xml:1:2: error: expected an <objective> holding the weights and evaluations, found none\n");
  EXPECT_EQ(profile_messages(edit(kProfile, "<weight index=\"1\"", "<utility_function/>\n<weight index=\"1\"")),
            "p1.xml:10:2: error: expected <issue> and <weight> elements, found <utility_function> (non-linear utility "
            "functions are not supported)\n");
}

TEST_F(GeniusBadInput, FewerThanTwoProfiles) {
  Diagnostics d;
  EXPECT_FALSE(read(write("d.xml", kDomain), {write("p1.xml", kProfile)}, d));
  EXPECT_EQ(test::messages(d),
            (dir_ / "d.xml").string() + ": error: expected at least 2 profiles for the domain, found 1\n");
}

TEST_F(GeniusBadInput, UnreadableFilesThrow) {
  Diagnostics d;
  EXPECT_THROW((void)read((dir_ / "missing.xml").string(), {write("p1.xml", kProfile), write("p2.xml", kProfile)}, d),
               InputError);
  EXPECT_THROW((void)read(write("d.xml", kDomain), {write("p1.xml", kProfile), dir_.string()}, d), InputError);
}

TEST_F(GeniusBadInput, ABareUtilitySpaceCanBeADomain) {
  const std::string bare = edit(edit(kDomain, "<negotiation_template>\n", ""), "</negotiation_template>\n", "");
  EXPECT_TRUE(looks_like_domain(write("bare.xml", bare)));
  EXPECT_FALSE(looks_like_domain(write("profile.xml", kProfile)));
  std::optional<Domain> d;
  EXPECT_EQ(messages(bare, kProfile, &d), "");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->issues.size(), 2u);
}

// No ANAC file has a real issue; GENIUS writes them with a <range> and evaluates offset + slope * x with offset and
// slope named parameter0 and parameter1 (its 2nd_hand_car template).
TEST_F(GeniusBadInput, RealIssuesBecomeElevenValues) {
  const std::string domain =
      edit(kDomain, "<issue index=\"2\" name=\"Price\" type=\"integer\" lowerbound=\"1\" upperbound=\"3\"/>",
           "<issue index=\"2\" name=\"Price\" type=\"real\">\n<range lowerbound=\"16000\" "
           "upperbound=\"22666\"/>\n</issue>");
  const std::string profile =
      edit(kProfile,
           "<issue index=\"2\" name=\"Price\" type=\"integer\" lowerbound=\"1\" upperbound=\"3\">\n"
           "<evaluator ftype=\"linear\" offset=\"1\" slope=\"-0.5\"/>",
           "<issue index=\"2\" name=\"Price\" type=\"real\">\n<range lowerbound=\"16000\" "
           "upperbound=\"22666\"/>\n<evaluator ftype=\"linear\" parameter1=\"-0.00015\" "
           "parameter0=\"3.4\"/>");
  std::optional<Domain> d;
  EXPECT_EQ(messages_of(domain, {profile, profile}, &d), "");
  ASSERT_TRUE(d);
  const Issue& price = d->issues[1];
  EXPECT_EQ(price.kind, Issue::Kind::real);
  EXPECT_EQ(price.values, (std::vector<std::string>{"16000", "16666.6", "17333.2", "17999.8", "18666.4", "19333",
                                                    "19999.6", "20666.2", "21332.8", "21999.4", "22666"}));
  EXPECT_DOUBLE_EQ(price.numbers[5], 19333);
  EXPECT_DOUBLE_EQ(d->size(), 22);
  const auto& e = d->profiles[0].evaluation[1];
  ASSERT_EQ(e.size(), kRealGridSize);
  EXPECT_DOUBLE_EQ(e[0], 1);          // 3.4 - 0.00015 * 16000
  EXPECT_DOUBLE_EQ(e[5], 0.50005);    // 3.4 - 0.00015 * 19333
  EXPECT_NEAR(e[10], 0.0001, 1e-15);  // 3.4 - 0.00015 * 22666
  EXPECT_EQ(
      messages(edit(domain, "upperbound=\"22666\"", "upperbound=\"16000\""), kProfile),
      "d.xml:9:27: error: expected an upperbound above the lowerbound 16000 in real issue 'Price', found 16000\n");
}

}  // namespace
}  // namespace parley::genius
