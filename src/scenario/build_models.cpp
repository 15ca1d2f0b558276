// The model settings of a scenario file (docs/scenario-format.md, "Model settings"): `models: smp:` holds KTAB's
// `<ModelParameters>` for the spatial model, by parley's names, and the seed of its stochastic transitions.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "scenario/build.hpp"

namespace parley::scenario::detail {

using doc::Kind;
using doc::Node;

namespace {

std::optional<std::uint64_t> smp_seed(Reader& r, const Node& node) {
  // A seed below 2^53 as a number (past it a number no longer holds every whole value, so 2^53 + 1 would read as
  // 2^53); any 64-bit seed as a string of digits (KTAB's are 20 digits long).
  if (node.kind == Kind::number && node.number >= 0 && node.number < 9007199254740992.0 &&
      node.number == std::floor(node.number)) {
    return static_cast<std::uint64_t>(node.number);
  }
  if (node.kind == Kind::string && !node.text.empty() && node.text.size() <= 20 &&
      node.text.find_first_not_of("0123456789") == std::string::npos) {
    std::uint64_t x = 0;
    bool fits = true;
    for (const char c : node.text) {
      const auto d = static_cast<std::uint64_t>(c - '0');
      if (x > (UINT64_MAX - d) / 10) fits = false;
      x = x * 10 + d;
    }
    if (fits) return x;
  }
  r.error(node,
          "expected a seed for 'seed': a whole number from 0 below 2^53, or a string of digits below 2^64, "
          "found " +
              found(node));
  return std::nullopt;
}

// `ideals`: a list of {actor, toward, rate}; each actor's rates (1 toward itself unless an entry says otherwise)
// sum to at most 1, as KTAB's SMPState::newIdeals requires.
std::vector<SmpSettings::IdealShift> ideal_shifts(Reader& r, const Node& node, const Scenario& s) {
  std::vector<SmpSettings::IdealShift> out;
  if (!r.sequence(node, "ideals")) return out;
  std::vector<std::string> ids;
  for (const auto& a : s.actors) ids.push_back(a.id);
  for (const Node& item : node.items) {
    // A missing key is reported by `mapping`, which still reads the others.
    if (!r.mapping(item, "an ideal shift", {"actor", "toward", "rate"}, {"actor", "toward", "rate"})) continue;
    const Node* actor_node = item.find("actor");
    const Node* toward_node = item.find("toward");
    const Node* rate_node = item.find("rate");
    if (actor_node == nullptr || toward_node == nullptr || rate_node == nullptr) continue;
    const auto actor = r.reference(*actor_node, "actor", ids);
    const auto toward = r.reference(*toward_node, "actor", ids);
    const auto rate = r.number(*rate_node, "rate", Bounds{0.0, 1.0});
    if (!actor || !toward || !rate) continue;
    const auto same = std::find_if(out.begin(), out.end(), [&](const SmpSettings::IdealShift& x) {
      return x.actor == *actor && x.toward == *toward;
    });
    if (same != out.end()) {
      r.error(item, "the ideal of '" + ids[*actor] + "' toward '" + ids[*toward] + "' is given twice");
      continue;
    }
    out.push_back({*actor, *toward, *rate, item.where});
  }
  for (std::size_t a = 0; a < ids.size(); ++a) {
    double total = 1.0;  // toward itself, unless given
    const SmpSettings::IdealShift* last = nullptr;
    for (const auto& x : out) {
      if (x.actor != a) continue;
      total += x.rate - (x.toward == a ? 1.0 : 0.0);
      last = &x;
    }
    if (last != nullptr && total > 1 + 1e-10) {
      r.error(last->where, "the ideal of '" + ids[a] +
                               "' would move more than all the way each turn: its rates sum to " +
                               core::format_number(total) +
                               " (it moves 1 toward its own position unless an entry "
                               "says otherwise, e.g. {actor: " +
                               ids[a] + ", toward: " + ids[a] + ", rate: 0.5})");
    }
  }
  return out;
}

}  // namespace

void build_models(Reader& r, const Node& node, Scenario& s) {
  if (!r.mapping(node, "the model settings", {"smp"})) return;
  const Node* smp = node.find("smp");
  if (smp == nullptr) return;
  std::vector<std::string_view> keys;
  keys.reserve(kSmpParameters.size() + 2);
  for (const auto& p : kSmpParameters) keys.push_back(p.key);
  keys.push_back("seed");
  keys.push_back("ideals");
  if (smp->kind != Kind::mapping) {
    r.error(*smp, "expected a mapping of the spatial model's settings for 'smp' (e.g. {victory: square}), found " +
                      found(*smp));
    return;
  }
  SmpSettings settings;
  for (const auto& [key, value] : smp->entries) {
    if (key.text == "seed") {
      settings.seed = smp_seed(r, value);
      settings.where_seed = value.where;
      continue;
    }
    if (key.text == "ideals") {
      // Ideals name actors: with none read (their errors are reported already) they would only add noise.
      if (!s.actors.empty()) settings.ideals = ideal_shifts(r, value, s);
      continue;
    }
    std::size_t k = 0;
    while (k < kSmpParameters.size() && kSmpParameters[k].key != key.text) ++k;
    if (k == kSmpParameters.size()) {
      std::vector<std::string> known(keys.begin(), keys.end());
      const auto hint = core::closest_match(key.text, known);
      r.error(key.where, "unknown spatial-model setting '" + key.text + "'; expected " + core::quoted_list(known) +
                             (hint ? " (did you mean '" + *hint + "'?)" : ""));
      continue;
    }
    const auto text = r.text(value, key.text);
    if (!text) continue;
    const std::vector<std::string> values = smp_value_names(k);
    if (std::find(values.begin(), values.end(), *text) == values.end()) {
      const auto hint = core::closest_match(*text, values);
      r.error(value, "expected " + core::quoted_list(values) + " for '" + key.text + "', found '" + *text + "'" +
                         (hint ? " (did you mean '" + *hint + "'?)" : ""));
      continue;
    }
    settings.value[k] = *text;
  }
  // A seed only stochastic transitions draw with: with deterministic ones written beside it, it does nothing.
  if (settings.seed && settings.value[kSmpTransitions] == "deterministic") {
    r.diagnostics().warning(settings.where_seed,
                            "the seed does nothing here: only stochastic transitions draw (transitions is "
                            "deterministic)");
  }
  s.models.smp = std::move(settings);
}

}  // namespace parley::scenario::detail
