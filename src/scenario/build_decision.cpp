// The decision rule of a scenario file: who must accept a package for it to pass (docs/scenario-format.md,
// "Decision rule").
#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text.hpp"
#include "scenario/build.hpp"

namespace parley::scenario::detail {

using doc::Kind;
using doc::Node;

namespace {

// A share written as a percentage ("65%") or a fraction in (0, 1]; nullopt (reported) otherwise.
std::optional<double> share_of(Reader& r, const Node& node, std::string_view field) {
  double x = 0;
  if (node.kind == Kind::number) {
    x = node.number;
  } else if (node.kind == Kind::string && node.text.size() > 1 && node.text.back() == '%') {
    const std::string_view digits(node.text.data(), node.text.size() - 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
      r.error(node, "expected a percentage such as '65%' for '" + std::string(field) + "', found " + found(node));
      return std::nullopt;
    }
    x /= 100;
  } else {
    r.error(node, "expected a share for '" + std::string(field) +
                      "': a percentage such as '65%' or a number in (0, 1], "
                      "found " +
                      found(node));
    return std::nullopt;
  }
  if (!(x > 0 && x <= 1)) {
    r.error(node, "expected a share in (0%, 100%] for '" + std::string(field) + "', found " + found(node));
    return std::nullopt;
  }
  return x;
}

std::vector<std::size_t> party_indices(const Scenario& s) {
  std::vector<std::size_t> out;
  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    if (s.actors[a].role == Role::party) out.push_back(a);
  }
  return out;
}

}  // namespace

void build_actor_weights(Reader& r, const Node& node, Actor& a) {
  if (node.kind != Kind::mapping) {
    r.error(node, "expected a mapping of weight names to numbers for 'weights' (e.g. {population: 83.2}), found " +
                      found(node));
    return;
  }
  for (const auto& [key, value] : node.entries) {
    if (key.text == "capability") {
      r.error(key.where, "'capability' is the actor's capability already; name this weight otherwise");
      continue;
    }
    if (!core::is_valid_id(key.text)) {
      r.error(key.where,
              "expected a weight name (a lower-case letter, then lower-case letters, digits or '_'), found '" +
                  key.text + "' (try '" + core::id_from_name(key.text) + "')");
      continue;
    }
    // Bounded so that any sum of them stays finite and exact enough to compare with a share of it.
    const auto x = r.number(value, key.text, Bounds{0.0, 1e12});
    if (x) a.weights.push_back(ActorWeight{key.text, *x, key.where});
  }
}

void build_decision(Reader& r, const Node& node, Scenario& s) {
  if (!r.mapping(node, "the decision rule", {"parties", "vetoes", "weights", "note"})) return;
  DecisionRule rule;
  rule.where = node.where;
  if (const Node* n = node.find("note")) rule.note = r.text(*n, "note").value_or("");
  const auto parties = party_indices(s);
  if (const Node* n = node.find("parties")) {
    if (n->kind == Kind::number) {
      const double k = n->number;
      if (k != std::floor(k) || k < 1 || k > static_cast<double>(parties.size())) {
        r.error(*n, "expected a whole number of parties from 1 to " + std::to_string(parties.size()) +
                        " (the scenario's parties) or a share such as '55%' for 'parties', found " + found(*n));
      } else {
        rule.parties = static_cast<std::size_t>(k);
      }
    } else if (n->kind != Kind::string || n->text.empty() || n->text.back() != '%') {
      r.error(*n, "expected a whole number of parties or a share such as '55%' for 'parties', found " + found(*n));
    } else if (const auto x = share_of(r, *n, "parties")) {
      rule.parties_share = *x;
    }
  }
  if (const Node* n = node.find("vetoes")) {
    if (r.sequence(*n, "vetoes", 1)) {
      std::vector<std::string> ids;
      ids.reserve(parties.size());
      for (std::size_t p : parties) ids.push_back(s.actors[p].id);
      for (const auto& item : n->items) {
        const auto other = item.kind == Kind::string ? s.actor_index(item.text) : std::nullopt;
        if (other && s.actors[*other].role != Role::party) {
          r.error(item, "'" + item.text + "' is a " + std::string(role_name(s.actors[*other].role)) +
                            ", not a party; a veto belongs to a party, whose acceptance the rule counts");
          continue;
        }
        const auto i = r.reference(item, "party", ids);
        if (!i) continue;
        const std::size_t actor = parties[*i];
        if (std::find(rule.vetoes.begin(), rule.vetoes.end(), actor) != rule.vetoes.end()) {
          r.error(item, "party '" + s.actors[actor].id + "' is named twice in 'vetoes'");
          continue;
        }
        rule.vetoes.push_back(actor);
      }
    }
  }
  if (const Node* n = node.find("weights")) {
    if (n->kind != Kind::mapping || n->entries.empty()) {
      r.error(*n, "expected a mapping of weight names to shares for 'weights' (e.g. {population: 65%}), found " +
                      found(*n));
    } else {
      for (const auto& [key, value] : n->entries) {
        const auto x = share_of(r, value, key.text);
        if (!x) continue;
        if (key.text != "capability") {
          // Every party holds the weight; a party without it could not be counted.
          bool known = true;
          const std::string& name = key.text;  // a lambda may not capture a structured binding (before C++20)
          for (std::size_t p : parties) {
            const auto& w = s.actors[p].weights;
            if (std::none_of(w.begin(), w.end(), [&](const ActorWeight& aw) { return aw.name == name; })) {
              r.error(key.where, "party '" + s.actors[p].id + "' has no weight '" + key.text +
                                     "'; give every party one under its 'weights', or use 'capability'");
              known = false;
              break;
            }
          }
          if (!known) continue;
        }
        // The parties must hold some of the weight: a share of nothing would let any package through.
        double total = 0;
        for (std::size_t p : parties) {
          if (key.text == "capability") {
            total += s.actors[p].capability.central();
          } else {
            for (const auto& aw : s.actors[p].weights) total += aw.name == key.text ? aw.value : 0.0;
          }
        }
        if (!(total > 0)) {
          r.error(key.where, "the parties hold no '" + key.text +
                                 "' at all (every one is 0), so no share of it can "
                                 "be asked");
          continue;
        }
        rule.weights.push_back(DecisionRule::Weighted{key.text, *x, key.where});
      }
    }
  }
  if (!node.find("parties") && !node.find("vetoes") && !node.find("weights")) {
    r.error(node,
            "the decision rule states no clause; give 'parties', 'vetoes' or 'weights' (or leave 'decision' out "
            "for unanimity)");
    return;
  }
  s.decision = std::move(rule);
}

}  // namespace parley::scenario::detail
