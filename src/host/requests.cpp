#include "host/requests.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "host/preferences.hpp"
#include "parley/error.hpp"

namespace parley::host {

namespace {

/// Refuses every key of `tree` but `expected`, at the key.
void only_field(const doc::Node& tree, std::string_view expected) {
  for (const auto& [key, v] : tree.entries)
    if (key.text != expected)
      throw Refused(Refused::Kind::bad_request,
                    format_diagnostic({Severity::error, key.where,
                                       "unknown field '" + key.text + "'; expected '" + std::string(expected) + "'"}));
}

}  // namespace

doc::Node read_acceptances(std::string_view body) {
  doc::Node tree = read_body(body);
  if (tree.kind != doc::Kind::mapping) refuse_at(tree, "acceptances must be a mapping with 'suggestions'");
  only_field(tree, "suggestions");
  const doc::Node* list = tree.find("suggestions");
  if (!list || list->kind != doc::Kind::sequence)
    refuse_at(list ? *list : tree, "'suggestions' must be a list of suggestion ids");
  return *list;
}

std::vector<std::int64_t> accepted_ids(const doc::Node& list, std::span<const std::int64_t> open,
                                       std::string_view open_what) {
  std::set<std::int64_t> ids;
  for (const auto& item : list.items) {
    // Compared as numbers, never cast: an id may be any JSON number (1e300 included).
    const auto it = std::find_if(open.begin(), open.end(), [&](std::int64_t id) {
      return item.kind == doc::Kind::number && static_cast<double>(id) == item.number;
    });
    if (it == open.end()) refuse_at(item, item.describe() + " is not an open " + std::string(open_what));
    ids.insert(*it);
  }
  return {ids.begin(), ids.end()};
}

std::vector<double> read_proposal(const Scenario& s, std::string_view body) {
  const doc::Node tree = read_body(body);
  if (tree.kind != doc::Kind::mapping) refuse_at(tree, "a proposal must be a mapping with 'values'");
  const doc::Node* values = tree.find("values");
  if (!values || values->kind != doc::Kind::mapping)
    refuse_at(values ? *values : tree, "'values' must be a mapping of issue ids to values");
  only_field(tree, "values");
  std::vector<std::optional<double>> got(s.issues.size());
  for (const auto& [key, v] : values->entries) {
    const auto k = s.issue_index(key.text);
    if (!k)
      throw Refused(Refused::Kind::bad_request,
                    format_diagnostic({Severity::error, key.where, "no issue '" + key.text + "'"}));
    got[*k] = read_value(s.issues[*k], v, "the value");
  }
  std::vector<double> out;
  out.reserve(got.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    if (!got[k]) refuse_at(*values, "the proposal has no value for '" + s.issues[k].id + "'");
    out.push_back(*got[k]);
  }
  return out;
}

std::string read_invitation(std::string_view body) {
  const doc::Node tree = read_body(body);
  if (tree.kind != doc::Kind::mapping) refuse_at(tree, "a seat request must be a mapping with 'invitation'");
  only_field(tree, "invitation");
  const doc::Node* code = tree.find("invitation");
  if (!code || code->kind != doc::Kind::string) refuse_at(code ? *code : tree, "'invitation' must be a string");
  return code->text;
}

}  // namespace parley::host
