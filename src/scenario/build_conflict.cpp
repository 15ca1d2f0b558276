// The conflict section: a graph model in option form (docs/models.md §4; Fang, Hipel & Kilgour 1993).
#include <algorithm>
#include <set>

#include "core/text.hpp"
#include "expr/expr.hpp"
#include "scenario/build.hpp"

namespace parley::scenario::detail {

using doc::Kind;
using doc::Node;

namespace {

std::optional<Statement> statement(Reader& r, const Node& node, const expr::SymbolTable& symbols) {
  auto text = r.text(node, "statement");
  if (!text) return std::nullopt;
  auto program = expr::compile(*text, symbols, expr::Type::boolean, expression_start(node), r.diagnostics());
  if (!program) return std::nullopt;
  return Statement{*text, std::make_shared<const expr::Program>(std::move(*program)), node.where};
}

// A state written as Y/N in option order.
std::optional<std::uint64_t> state(Reader& r, const Node& node, const Conflict& c, std::string_view field) {
  const auto text = r.text(node, field);
  if (!text) return std::nullopt;
  const bool letters = std::all_of(text->begin(), text->end(), [](char ch) { return ch == 'Y' || ch == 'N'; });
  if (!letters || text->size() != c.options.size()) {
    r.error(node, "expected a state as " + std::to_string(c.options.size()) + " letters Y or N (one per option, in " +
                      "declared order) for '" + std::string(field) + "', found '" + *text + "'");
    return std::nullopt;
  }
  std::uint64_t code = 0;
  for (std::size_t k = 0; k < text->size(); ++k) {
    if ((*text)[k] == 'Y') code |= std::uint64_t{1} << k;
  }
  if (!c.feasible(code)) {
    r.error(node, "expected a feasible state for '" + std::string(field) + "', found '" + *text +
                      "', which an 'infeasible' statement removes");
    return std::nullopt;
  }
  return code;
}

// A ranking entry: a state, or a pattern in which '-' matches either letter and which stands for every
// feasible state it matches, tied (docs/scenario-format.md, "Conflict").
std::vector<std::uint64_t> ranked_states(Reader& r, const Node& node, const Conflict& c) {
  const auto text = r.text(node, "rankings");
  if (!text) return {};
  if (text->find('-') == std::string::npos) {
    const auto code = state(r, node, c, "rankings");
    return code ? std::vector<std::uint64_t>{*code} : std::vector<std::uint64_t>{};
  }
  const bool pattern = text->size() == c.options.size() && std::all_of(text->begin(), text->end(), [](char ch) {
                         return ch == 'Y' || ch == 'N' || ch == '-';
                       });
  if (!pattern) {
    r.error(node, "expected a state or pattern as " + std::to_string(c.options.size()) +
                      " letters Y, N or - (one per option, in declared order) for 'rankings', found '" + *text + "'");
    return {};
  }
  std::uint64_t fixed = 0, yes = 0;
  for (std::size_t k = 0; k < text->size(); ++k) {
    if ((*text)[k] != '-') fixed |= std::uint64_t{1} << k;
    if ((*text)[k] == 'Y') yes |= std::uint64_t{1} << k;
  }
  std::vector<std::uint64_t> out;
  const std::uint64_t free = ~fixed & ((std::uint64_t{1} << c.options.size()) - 1);
  // Every assignment of the free options, in increasing code order.
  for (std::uint64_t sub = 0;; sub = (sub - free) & free) {
    if (c.feasible(yes | sub)) out.push_back(yes | sub);
    if (sub == free) break;
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) {
    r.error(node, "expected a pattern matching a feasible state for 'rankings', found '" + *text +
                      "', every match of which an 'infeasible' statement removes");
  }
  return out;
}

void build_options(Reader& r, const Node& node, const Scenario& s, Conflict& c) {
  if (!r.sequence(node, "options", 1)) return;
  if (node.items.size() > kMaxOptions) {
    r.error(node,
            "expected at most " + std::to_string(kMaxOptions) + " options, found " + std::to_string(node.items.size()));
    return;
  }
  std::vector<std::string> actors;
  for (const auto& a : s.actors) actors.push_back(a.id);
  IdSet ids("option");
  for (const auto& item : node.items) {
    if (!r.mapping(item, "a conflict option", {"id", "actor", "label", "direction"}, {"id", "actor"})) continue;
    ConflictOption o;
    o.where = item.where;
    o.id = ids.read(r, item);
    if (const Node* n = item.find("actor")) o.actor = r.reference(*n, "actor", actors).value_or(0);
    o.label = o.id;
    if (const Node* n = item.find("label")) o.label = r.text(*n, "label").value_or(o.id);
    if (const Node* n = item.find("direction")) {
      static const std::vector<std::string> kDirections = {"both", "take", "drop"};
      o.direction = static_cast<Direction>(r.reference(*n, "direction", kDirections).value_or(0));
    }
    c.options.push_back(std::move(o));
  }
}

void build_ranking(Reader& r, const Node& node, Conflict& c, DecisionMaker& dm, std::string_view actor) {
  if (!r.sequence(node, "rankings", 1)) return;
  if (c.options.size() > kMaxRankedOptions) {
    r.error(node, "expected 'preferences' rather than a ranking for a conflict of " + std::to_string(c.options.size()) +
                      " options (rankings are checked for completeness up to " + std::to_string(kMaxRankedOptions) +
                      ")");
    return;
  }
  std::set<std::uint64_t> seen;
  for (const auto& entry : node.items) {
    std::vector<std::uint64_t> tier;
    const auto add = [&](const Node& state_node) {
      for (const auto code : ranked_states(r, state_node, c)) {
        if (!seen.insert(code).second) {
          r.error(state_node,
                  "duplicate state '" + c.pattern(code) + "' in the ranking of '" + std::string(actor) + "'");
          return;
        }
        tier.push_back(code);
      }
    };
    if (entry.kind == Kind::sequence) {
      for (const auto& tied : entry.items) add(tied);
    } else {
      add(entry);
    }
    if (!tier.empty()) dm.ranking.push_back(std::move(tier));
  }
  std::size_t feasible = 0;
  std::string first_missing;
  std::size_t missing = 0;
  for (std::uint64_t code = 0; code < (std::uint64_t{1} << c.options.size()); ++code) {
    if (!c.feasible(code)) continue;
    ++feasible;
    if (!seen.count(code)) {
      ++missing;
      if (first_missing.empty()) first_missing = c.pattern(code);
    }
  }
  if (seen.size() != feasible && !first_missing.empty()) {
    r.error(node, "expected a complete ranking of the " + std::to_string(feasible) + " feasible states for '" +
                      std::string(actor) + "', found " + std::to_string(seen.size()) + " (missing '" + first_missing +
                      "'" + (missing > 1 ? " and " + std::to_string(missing - 1) + " more)" : std::string(")")));
  }
}

}  // namespace

void build_conflict(Reader& r, const Node& node, Scenario& s) {
  if (!r.mapping(node, "the conflict section", {"options", "infeasible", "preferences", "rankings", "status_quo"},
                 {"options"})) {
    return;
  }
  const std::size_t before = r.error_count();
  Conflict c;
  c.where = node.where;
  if (const Node* n = node.find("options")) build_options(r, *n, s, c);
  if (r.error_count() != before) return;  // statements and states are meaningless without their options

  expr::SymbolTable symbols("option id");
  for (const auto& o : c.options) symbols.add({o.id, expr::Type::boolean, {}});
  if (const Node* n = node.find("infeasible"); n && r.sequence(*n, "infeasible")) {
    for (const auto& item : n->items) {
      if (auto st = statement(r, item, symbols)) c.infeasible.push_back(std::move(*st));
    }
  }

  // Decision makers: the actors that control an option, in actor order.
  std::vector<std::size_t> controllers;
  for (const auto& o : c.options) controllers.push_back(o.actor);
  std::sort(controllers.begin(), controllers.end());
  controllers.erase(std::unique(controllers.begin(), controllers.end()), controllers.end());
  std::vector<std::string> dm_ids;
  dm_ids.reserve(controllers.size());
  for (const auto a : controllers) dm_ids.push_back(s.actors[a].id);
  for (const auto a : controllers) c.decision_makers.push_back(DecisionMaker{a, {}, {}, node.where});

  const Node* preferences = node.find("preferences");
  const Node* rankings = node.find("rankings");
  std::vector<bool> given(controllers.size(), false);
  const auto for_each_dm = [&](const Node* section, std::string_view name, auto&& build) {
    if (section == nullptr) return;
    if (section->kind != Kind::mapping) {
      r.error(*section, "expected '" + std::string(name) + "' as a mapping from decision maker to its list, found " +
                            found(*section));
      return;
    }
    for (const auto& [key, value] : section->entries) {
      Node key_node = Node::make_string(key.text);
      key_node.where = key.where;
      const auto k = r.reference(key_node, "decision maker (an actor that controls an option)", dm_ids);
      if (!k) continue;
      if (given[*k]) {
        r.error(key.where,
                "expected either 'preferences' or 'rankings' for decision maker '" + key.text + "', found both");
        continue;
      }
      given[*k] = true;
      c.decision_makers[*k].where = key.where;
      build(value, c.decision_makers[*k], key.text);
    }
  };
  for_each_dm(preferences, "preferences", [&](const Node& value, DecisionMaker& dm, std::string_view) {
    if (!r.sequence(value, "preferences", 1)) return;
    for (const auto& item : value.items) {
      if (auto st = statement(r, item, symbols)) dm.preferences.push_back(std::move(*st));
    }
  });
  for_each_dm(rankings, "rankings", [&](const Node& value, DecisionMaker& dm, std::string_view actor) {
    build_ranking(r, value, c, dm, actor);
  });
  for (std::size_t k = 0; k < controllers.size(); ++k) {
    if (!given[k]) {
      const Node& at = preferences != nullptr ? *preferences : rankings != nullptr ? *rankings : node;
      r.error(at, "missing preferences of decision maker '" + dm_ids[k] +
                      "' (it controls an option); give 'preferences' or 'rankings'");
    }
  }
  if (const Node* n = node.find("status_quo")) c.status_quo = state(r, *n, c, "status_quo");
  s.conflict = std::move(c);
}

}  // namespace parley::scenario::detail
