#include "scenario/genius.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/file.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"
#include "scenario/genius_detail.hpp"

namespace parley::genius {

using detail::Attributes;
using detail::in_quotes;
using detail::XmlFile;

namespace {

// An integer issue becomes one grid value per integer; past this many the outcome space is beyond any analysis
// parley does, and a typo in a bound should not allocate gigabytes.
constexpr long long kMaxIntegerValues = 100000;

std::string stem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

// The domain's issues and the GENIUS index of each, which profiles use to refer to them.
struct DomainIssues {
  std::vector<Issue> issues;
  std::vector<long long> indices;
};

void read_items(Attributes& attrs, const pugi::xml_node& node, Issue& issue) {
  for (const auto item : node.children("item")) {
    const auto value = attrs.text(item, "value", "an <item> of issue " + in_quotes(issue.name));
    if (!value) continue;
    if (std::find(issue.values.begin(), issue.values.end(), *value) != issue.values.end()) {
      attrs.diags().error(attrs.xml().at(item, item.attribute("value")),
                          "item " + in_quotes(*value) + " of issue " + in_quotes(issue.name) + " appears twice");
      continue;
    }
    issue.numbers.push_back(static_cast<double>(issue.values.size()));
    issue.values.push_back(*value);
  }
  if (issue.values.empty()) {
    attrs.diags().error(attrs.xml().at(node),
                        "expected at least one <item> in discrete issue " + in_quotes(issue.name) + ", found none");
  }
}

void integer_grid(Attributes& attrs, const pugi::xml_node& node, Issue& issue) {
  const std::string what = "issue " + in_quotes(issue.name);
  const auto lower_at = detail::bound_holder(node, "lowerbound");
  const auto upper_at = detail::bound_holder(node, "upperbound");
  const auto lo = attrs.integer(lower_at, "lowerbound", what);
  const auto hi = attrs.integer(upper_at, "upperbound", what);
  if (!lo || !hi) return;
  if (*lo > *hi) {
    attrs.diags().error(attrs.xml().at(upper_at, upper_at.attribute("upperbound")),
                        "expected an upperbound of at least the lowerbound " + std::to_string(*lo) + " in " + what +
                            ", found " + std::to_string(*hi));
    return;
  }
  // The difference of two long longs can overflow a long long but not an unsigned one.
  const auto span = static_cast<unsigned long long>(*hi) - static_cast<unsigned long long>(*lo);
  if (span >= static_cast<unsigned long long>(kMaxIntegerValues)) {
    attrs.diags().error(attrs.xml().at(node), "expected at most " + std::to_string(kMaxIntegerValues) +
                                                  " values in integer " + what + ", found the range [" +
                                                  std::to_string(*lo) + ", " + std::to_string(*hi) + "]");
    return;
  }
  for (unsigned long long k = 0; k <= span; ++k) {
    const long long x = *lo + static_cast<long long>(k);
    issue.values.push_back(std::to_string(x));
    issue.numbers.push_back(static_cast<double>(x));
  }
}

// parley negotiates over finite grids, so a real issue becomes kRealGridSize evenly spaced values from its lower
// to its upper bound (docs/genius.md). GENIUS's own analyses discretise real issues too, into 21 steps
// (IssueReal.getNumberOfDiscretizationSteps); 11 keeps outcome spaces small and hits every tenth of the range.
void real_grid(Attributes& attrs, const pugi::xml_node& node, Issue& issue) {
  const std::string what = "issue " + in_quotes(issue.name);
  const auto upper_at = detail::bound_holder(node, "upperbound");
  const auto lo = attrs.number(detail::bound_holder(node, "lowerbound"), "lowerbound", what);
  const auto hi = attrs.number(upper_at, "upperbound", what);
  if (!lo || !hi) return;
  if (!(*lo < *hi)) {
    attrs.diags().error(attrs.xml().at(upper_at, upper_at.attribute("upperbound")),
                        "expected an upperbound above the lowerbound " + core::format_number(*lo) + " in real " + what +
                            ", found " + core::format_number(*hi));
    return;
  }
  const auto at = [&](std::size_t k) {
    if (k == 0) return *lo;
    if (k + 1 == kRealGridSize) return *hi;
    return core::snap_decimal(*lo + (*hi - *lo) * static_cast<double>(k) / static_cast<double>(kRealGridSize - 1));
  };
  for (std::size_t k = 0; k < kRealGridSize; ++k) {
    issue.values.push_back(core::format_number(at(k)));
    issue.numbers.push_back(at(k));
  }
}

std::optional<Issue> read_issue(Attributes& attrs, const pugi::xml_node& node) {
  const std::size_t before = attrs.diags().error_count();
  Issue issue;
  issue.where = attrs.xml().at(node);
  const auto name = attrs.text(node, "name", "<issue>");
  if (!name) return std::nullopt;
  issue.name = *name;
  issue.kind = detail::declared_kind(attrs, node, issue.name).value_or(Issue::Kind::discrete);
  if (attrs.diags().error_count() != before) return std::nullopt;
  switch (issue.kind) {
    case Issue::Kind::discrete:
      read_items(attrs, node, issue);
      break;
    case Issue::Kind::integer:
      integer_grid(attrs, node, issue);
      break;
    case Issue::Kind::real:
      real_grid(attrs, node, issue);
      break;
  }
  if (attrs.diags().error_count() != before) return std::nullopt;
  return issue;
}

// The <objective> holding the issues: under <negotiation_template><utility_space>, or under a bare
// <utility_space> (a profile may serve as its own domain).
pugi::xml_node domain_objective(const XmlFile& xml, Diagnostics& diags) {
  const auto root = xml.root();
  const std::string_view root_name = root.name();
  pugi::xml_node space = root;
  if (root_name == "negotiation_template") {
    space = root.child("utility_space");
    if (!space) {
      diags.error(xml.at(root), "expected a <utility_space> in the <negotiation_template>, found none");
      return {};
    }
  } else if (root_name != "utility_space") {
    diags.error(xml.at(root),
                "expected a GENIUS domain (a <negotiation_template> root), found <" + std::string(root_name) + ">");
    return {};
  }
  const auto objective = space.child("objective");
  if (!objective) {
    diags.error(xml.at(space), "expected an <objective> holding the issues in the <utility_space>, found none");
    return {};
  }
  if (const auto nested = objective.child("objective")) {
    diags.error(xml.at(nested),
                "expected <issue> elements directly under the root <objective>, found a nested "
                "<objective> (objective trees are not supported)");
    return {};
  }
  return objective;
}

std::optional<DomainIssues> read_domain(const XmlFile& xml, Diagnostics& diags) {
  if (!xml.root()) return std::nullopt;
  const std::size_t before = diags.error_count();
  const auto objective = domain_objective(xml, diags);
  if (!objective) return std::nullopt;
  Attributes attrs(xml, diags);
  DomainIssues out;
  for (const auto node : objective.children("issue")) {
    const auto index = attrs.integer(node, "index", "<issue> " + in_quotes(node.attribute("name").value()));
    auto issue = read_issue(attrs, node);
    if (!index || !issue) continue;
    const auto same_index = std::find(out.indices.begin(), out.indices.end(), *index);
    if (same_index != out.indices.end()) {
      diags.error(xml.at(node, node.attribute("index")),
                  "expected a distinct index for issue " + in_quotes(issue->name) + ", found " +
                      std::to_string(*index) + ", the index of issue " +
                      in_quotes(out.issues[static_cast<std::size_t>(same_index - out.indices.begin())].name));
      continue;
    }
    const bool same_name =
        std::any_of(out.issues.begin(), out.issues.end(), [&](const Issue& i) { return i.name == issue->name; });
    if (same_name) {
      diags.error(xml.at(node, node.attribute("name")),
                  "issue " + in_quotes(issue->name) + " appears twice in the domain");
      continue;
    }
    out.indices.push_back(*index);
    out.issues.push_back(std::move(*issue));
  }
  if (diags.error_count() != before) return std::nullopt;
  if (out.issues.empty()) {
    diags.error(xml.at(objective), "expected at least one <issue> in the domain, found none");
    return std::nullopt;
  }
  return out;
}

}  // namespace

double Profile::utility(std::span<const std::size_t> package) const {
  if (package.size() != weights.size() || evaluation.size() != weights.size()) {
    throw Error(ExitCode::internal, "profile '" + id + "' has " + std::to_string(weights.size()) +
                                        " issues; a package of " + std::to_string(package.size()) + " was given");
  }
  double u = 0;
  for (std::size_t k = 0; k < package.size(); ++k) {
    if (package[k] >= evaluation[k].size()) {
      throw Error(ExitCode::internal, "profile '" + id + "': value " + std::to_string(package[k]) + " of issue " +
                                          std::to_string(k) + " is past its grid of " +
                                          std::to_string(evaluation[k].size()));
    }
    u += weights[k] * evaluation[k][package[k]];
  }
  return u;
}

double Domain::size() const {
  double n = 1;
  for (const auto& issue : issues) n *= static_cast<double>(issue.values.size());
  return n;
}

bool looks_like_domain(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in) return false;
  const std::string text = buffer.str();
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8)) return false;
  const auto root = doc.document_element();
  const std::string_view name = root.name();
  if (name == "negotiation_template") return true;
  if (name != "utility_space") return false;
  // A profile says how much each value is worth; a domain only lists the values.
  const auto preference = root.find_node([](const pugi::xml_node& n) {
    const std::string_view tag = n.name();
    return tag == "weight" || tag == "evaluator" || (tag == "item" && n.attribute("evaluation"));
  });
  return !preference;
}

std::optional<Domain> read(const std::string& domain_path, const std::vector<std::string>& profile_paths,
                           Diagnostics& diags) {
  // Every file is read before any is parsed: an unreadable one throws InputError, as it always did first.
  XmlText domain{domain_path, core::read_file(domain_path, "a GENIUS file")};
  std::vector<XmlText> profiles;
  profiles.reserve(profile_paths.size());
  for (const auto& path : profile_paths) profiles.push_back({path, core::read_file(path, "a GENIUS file")});
  return read_texts(domain, profiles, diags);
}

std::optional<Domain> read_texts(const XmlText& domain, const std::vector<XmlText>& profiles, Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  const XmlFile domain_xml(domain.name, domain.text, diags);
  auto issues = read_domain(domain_xml, diags);
  Domain out;
  out.name = stem(domain.name);
  std::string bytes = domain_xml.text();
  for (const auto& file : profiles) {
    const XmlFile xml(file.name, file.text, diags);  // even when the domain is bad: malformed XML is reported
    bytes += xml.text();
    if (!issues || !xml.root()) continue;
    auto profile = detail::read_profile(xml, issues->issues, issues->indices, diags);
    if (!profile) continue;
    profile->name = stem(file.name);
    out.profiles.push_back(std::move(*profile));
  }
  if (profiles.size() < 2) {
    diags.error({domain_xml.file(), 0, 0},
                "expected at least 2 profiles for the domain, found " + std::to_string(profiles.size()));
  }
  if (diags.error_count() != before) return std::nullopt;
  out.issues = std::move(issues->issues);
  out.sha256 = core::sha256_hex(bytes);
  std::vector<std::string> ids;
  ids.reserve(out.profiles.size());
  for (const auto& p : out.profiles) ids.push_back(core::id_from_name(p.name));
  ids = core::unique_ids(ids);
  for (std::size_t i = 0; i < ids.size(); ++i) out.profiles[i].id = ids[i];
  return out;
}

}  // namespace parley::genius
