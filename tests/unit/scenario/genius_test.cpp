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

const std::string kGenius = std::string(PARLEY_DATA_DIR) + "/genius/";

struct Files {
  std::string domain;
  std::vector<std::string> profiles;
};

// File names follow no rule (holiday_domain.xml, trio.xml next to trio_util1.xml, driver.xml in cases/charging, a
// bare <utility_space> domain in cases/lease), so the domain is the one file that looks like a domain and every other
// file is a profile.
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
  const Files files = files_in(kGenius + dir);
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

// The expected values below are read off the XML files of tests/data/genius (written by make_domains.py) by hand.

TEST(GeniusDomains, HolidayReadsIssuesItemsAndBothProfiles) {
  const Domain d = read_ok("cases/holiday");
  EXPECT_EQ(d.name, "holiday_domain");
  EXPECT_EQ(names_of(d),
            (std::vector<std::string>{"Region", "Lodging", "Travel by", "Length", "Meals", "Pace", "Side trips"}));
  EXPECT_DOUBLE_EQ(d.size(), 6.0 * 5 * 4 * 4 * 5 * 3 * 7);
  const Issue& region = d.issues[0];
  EXPECT_EQ(region.kind, Issue::Kind::discrete);
  EXPECT_EQ(region.values.front(), "Coast");
  EXPECT_EQ(region.values.back(), "Islands");
  EXPECT_EQ(region.numbers, (std::vector<double>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(region.where.line, 4u);
  EXPECT_EQ(region.where.column, 2u);
  EXPECT_EQ(region.where.file_name(), kGenius + "cases/holiday/holiday_domain.xml");

  ASSERT_EQ(d.profiles.size(), 2u);
  const Profile& ana = d.profiles[0];
  EXPECT_EQ(ana.id, "holiday_ana");
  EXPECT_EQ(ana.name, "holiday_ana");
  EXPECT_EQ(ana.where.line, 1u);
  EXPECT_EQ(*ana.file, kGenius + "cases/holiday/holiday_ana.xml");
  EXPECT_DOUBLE_EQ(ana.reservation, 0);  // written before the <objective>
  EXPECT_DOUBLE_EQ(ana.discount, 1);     // no <discount_factor>
  EXPECT_DOUBLE_EQ(ana.weights[0], 0.3);
  EXPECT_DOUBLE_EQ(ana.weights[6], 0.2);
  // Region's evaluations are 80 35 60 20 45 100: each divided by the largest.
  EXPECT_DOUBLE_EQ(ana.evaluation[0][0], 0.8);
  EXPECT_DOUBLE_EQ(ana.evaluation[0][5], 1);

  // The first item of every issue: Coast 80/100, Campsite 10/100, Train 100/100, Weekend 20/100, Self-catering
  // 30/100, Relaxed 100/100, None 5/100; weights 0.3 0.12 0.08 0.15 0.1 0.05 0.2.
  const std::array<std::size_t, 7> first{0, 0, 0, 0, 0, 0, 0};
  const double by_hand = 0.3 * 0.8 + 0.12 * 0.1 + 0.08 * 1 + 0.15 * 0.2 + 0.1 * 0.3 + 0.05 * 1 + 0.2 * 0.05;  // 0.452
  EXPECT_NEAR(ana.utility(first), by_hand, 1e-12);
  // Islands, Holiday flat, Train, 2 weeks, Half board, Relaxed, Boat tour: every issue's best.
  const std::array<std::size_t, 7> best{5, 4, 0, 3, 2, 0, 3};
  EXPECT_NEAR(ana.utility(best), std::accumulate(ana.weights.begin(), ana.weights.end(), 0.0), 1e-12);
  EXPECT_EQ(d.profiles[1].id, "holiday_ben");
}

TEST(GeniusDomains, PowerHas390625Outcomes) {
  const Domain d = read_ok("cases/power");
  EXPECT_EQ(d.issues.size(), 8u);
  EXPECT_DOUBLE_EQ(d.size(), 390625);
  EXPECT_EQ(d.issues[0].values, (std::vector<std::string>{"0 MW", "10 MW", "20 MW", "30 MW", "40 MW"}));
  ASSERT_EQ(ids_of(d), (std::vector<std::string>{"power_buyer", "power_seller"}));
  const Profile& buyer = d.profiles[0];
  const Profile& seller = d.profiles[1];
  EXPECT_EQ(buyer.evaluation[0], (std::vector<double>{1, 0.75, 0.5, 0.25, 0}));   // 4 3 2 1 0
  EXPECT_EQ(seller.evaluation[0], (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));  // 0 1 2 3 4
  // 20 MW in every period. Buyer: issues 1-4, 6, 7 (.02 .03 .10 .15 .18 .30) rate it 2 of 4, issue 5 (.12) 4 of 4,
  // issue 8 (.10) 3 of 4. Seller: issues 1, 2 (.16 .16) rate it 2 of 4; issues 3, 4, 6 (.08 .10 .10) 5 of 5;
  // issue 5 (.12) 4 of 5; issues 7, 8 (.20 .08) 3 of 5.
  const std::array<std::size_t, 8> middle{2, 2, 2, 2, 2, 2, 2, 2};
  EXPECT_NEAR(buyer.utility(middle), 0.5 * 0.78 + 0.12 + 0.75 * 0.1, 1e-12);                // 0.585
  EXPECT_NEAR(seller.utility(middle), 0.5 * 0.32 + 0.28 + 0.8 * 0.12 + 0.6 * 0.28, 1e-12);  // 0.704
}

TEST(GeniusDomains, ThreeProfilesWithReservationAndDiscount) {
  const Domain d = read_ok("cases/trio");
  EXPECT_EQ(d.name, "trio");
  EXPECT_DOUBLE_EQ(d.size(), 9);
  ASSERT_EQ(ids_of(d), (std::vector<std::string>{"trio_util1", "trio_util2", "trio_util3"}));
  for (const auto& p : d.profiles) {
    EXPECT_DOUBLE_EQ(p.reservation, 0.25);
    EXPECT_DOUBLE_EQ(p.discount, 0.8);
  }
  // green, large: util1 rates colour 3 2 1 and size 1 2 3, weights 0.6 0.4; util2 colour 1 3 2, size 3 2 1, weights
  // 0.5 0.5; util3 colour 2 1 3, size 2 3 1, weights 0.3 0.7.
  const std::array<std::size_t, 2> green_large{1, 2};
  EXPECT_NEAR(d.profiles[0].utility(green_large), 0.6 * 2 / 3 + 0.4 * 1, 1e-12);      // 0.8
  EXPECT_NEAR(d.profiles[1].utility(green_large), 0.5 * 1 + 0.5 * 1 / 3, 1e-12);      // 2/3
  EXPECT_NEAR(d.profiles[2].utility(green_large), 0.3 * 1 / 3 + 0.7 * 1 / 3, 1e-12);  // 1/3
}

TEST(GeniusDomains, IntegerIssuesUseOffsetPlusSlopeFromTheLowerBound) {
  const Domain d = read_ok("cases/tariff");
  ASSERT_EQ(d.issues.size(), 3u);
  const Issue& tariff = d.issues[0];
  EXPECT_EQ(tariff.name, "Tariff");
  EXPECT_EQ(tariff.kind, Issue::Kind::integer);
  ASSERT_EQ(tariff.values.size(), 41u);  // 20..60
  EXPECT_EQ(tariff.values.front(), "20");
  EXPECT_EQ(tariff.values[20], "40");
  EXPECT_DOUBLE_EQ(tariff.numbers[20], 40);
  EXPECT_DOUBLE_EQ(d.size(), 41 * 4 * 5);
  // util1: offset 0, slope 0.025, so 40 is worth 0.025 * (40 - 20) = 0.5 and 60 is worth 1 (not 0.025 * 60).
  const Profile& util1 = d.profiles[0];
  EXPECT_DOUBLE_EQ(util1.evaluation[0][20], 0.5);
  EXPECT_DOUBLE_EQ(util1.evaluation[0][40], 1);
  // 40, Yearly (5 of 5), Gas (5 of 5); weights 0.55 0.3 0.15.
  const std::array<std::size_t, 3> package{20, 2, 3};
  EXPECT_NEAR(util1.utility(package), 0.55 * 0.5 + 0.3 + 0.15, 1e-12);  // 0.725
  // util2: offset 1, slope -0.025.
  EXPECT_DOUBLE_EQ(d.profiles[1].evaluation[0][0], 1);
  EXPECT_DOUBLE_EQ(d.profiles[1].evaluation[0][40], 0);

  const Domain grid = read_ok("cases/charging");
  EXPECT_DOUBLE_EQ(grid.size(), 5764801);  // 7^8
  EXPECT_EQ(grid.issues[0].values, (std::vector<std::string>{"8", "9", "10", "11", "12", "13", "14"}));
  // driver: offset 1, slope -0.15; decimal results, not 0.5499999999999999.
  EXPECT_EQ(grid.profiles[0].id, "driver");
  EXPECT_EQ(grid.profiles[0].evaluation[0], (std::vector<double>{1, 0.85, 0.7, 0.55, 0.4, 0.25, 0.1}));
}

// cases/car's Price is a real issue from 15000 to 21000: 11 values 600 apart. The buyer's evaluator is
// 3.5 - x / 6000 (parameter0 3.5, parameter1 -0.000166...): 1 at 15000, 0.5 at 18000, 0 at 21000.
TEST(GeniusDomains, RealIssueOfTheCarDomain) {
  const Domain d = read_ok("cases/car");
  ASSERT_EQ(d.issues.size(), 3u);
  const Issue& price = d.issues[1];
  EXPECT_EQ(price.kind, Issue::Kind::real);
  ASSERT_EQ(price.values.size(), kRealGridSize);
  EXPECT_EQ(price.values.front(), "15000");
  EXPECT_EQ(price.values[5], "18000");
  EXPECT_EQ(price.values.back(), "21000");
  EXPECT_DOUBLE_EQ(d.size(), 3 * 11 * 3);
  ASSERT_EQ(ids_of(d), (std::vector<std::string>{"car_buyer", "car_dealer"}));
  const auto& buyer = d.profiles[0].evaluation[1];
  EXPECT_NEAR(buyer[0], 1, 1e-12);
  EXPECT_NEAR(buyer[5], 0.5, 1e-12);
  EXPECT_NEAR(buyer[10], 0, 1e-12);
}

// Every domain of tests/data/genius (11 in cases/, 20 in random/) reads with all its profiles. The warnings are
// pinned: the two profiles of cases/sliders, whose weights sum to 0.6 + 0.5 and 0.57 + 0.4 (GENIUS uses them as
// given, and so does parley); no other profile's weights sum to anything but 1.
TEST(GeniusDomains, EveryDomainReadsWithItsProfiles) {
  std::size_t domains = 0;
  std::string warnings;
  for (const auto& group : fs::directory_iterator(kGenius)) {
    if (!group.is_directory()) continue;
    for (const auto& dir : fs::directory_iterator(group.path())) {
      SCOPED_TRACE(dir.path().string());
      const Files files = files_in(dir.path());
      Diagnostics d;
      const auto domain = read(files.domain, files.profiles, d);
      ASSERT_TRUE(domain.has_value()) << test::messages(d);
      EXPECT_EQ(d.error_count(), 0u);
      for (const auto& w : d.all()) warnings += format_diagnostic(w).substr(kGenius.size()) + "\n";
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
  EXPECT_EQ(domains, 31u);
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; (end = warnings.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(warnings.substr(start, end - start));
  }
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "cases/sliders/sliders_high.xml:2:2: warning: the weights sum to 1.1, not 1; they are used as "
                       "given, as GENIUS does",
                       "cases/sliders/sliders_low.xml:2:2: warning: the weights sum to 0.97, not 1; they are used as "
                       "given, as GENIUS does",
                   }));
}

TEST(GeniusDomains, QuirksOfParticularFilesAreReadAsGeniusReadsThem) {
  // cases/kennel says discount_factor 0, which GENIUS reads as "no discounting".
  const Domain kennel = read_ok("cases/kennel");
  EXPECT_DOUBLE_EQ(kennel.profiles[0].discount, 1);
  EXPECT_DOUBLE_EQ(kennel.profiles[1].discount, 1);
  // plaza_residents rates both items of Fountain 0 (with weight 0.00002): GENIUS gives them 0, not 0/0, and the
  // weight is too small to warn about.
  const Files files = files_in(kGenius + "cases/plaza");
  Diagnostics d;
  const auto plaza = read(files.domain, files.profiles, d);
  ASSERT_TRUE(plaza) << test::messages(d);
  EXPECT_TRUE(d.empty()) << test::messages(d);
  const Profile& residents = plaza->profiles[1];
  EXPECT_EQ(residents.name, "plaza_residents");
  const auto fountain =
      std::find_if(plaza->issues.begin(), plaza->issues.end(), [](const Issue& i) { return i.name == "Fountain"; });
  ASSERT_NE(fountain, plaza->issues.end());
  const auto k = static_cast<std::size_t>(fountain - plaza->issues.begin());
  EXPECT_EQ(residents.evaluation[k], (std::vector<double>{0, 0}));
  EXPECT_DOUBLE_EQ(residents.weights[k], 0.00002);
}

TEST(GeniusDomains, LooksLikeDomainTellsDomainsFromProfiles) {
  EXPECT_TRUE(looks_like_domain(kGenius + "cases/holiday/holiday_domain.xml"));
  EXPECT_FALSE(looks_like_domain(kGenius + "cases/holiday/holiday_ana.xml"));
  EXPECT_FALSE(looks_like_domain(kGenius + "cases/holiday/no_such_file.xml"));
  EXPECT_FALSE(looks_like_domain(kGenius + "cases/holiday"));
  EXPECT_FALSE(looks_like_domain(std::string(PARLEY_DATA_DIR) + "/ktab/smpExample_fixed.xml"));
}

TEST(GeniusDomains, UtilityRejectsAPackageThatDoesNotFit) {
  const Domain d = read_ok("cases/trio");
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
    auto path = (dir_ / name).string();
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

// GENIUS writes real issues with a <range> and evaluates offset + slope * x with offset and slope named parameter0 and
// parameter1 (its 2nd_hand_car template; tests/data/genius/cases/car is written the same way).
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
