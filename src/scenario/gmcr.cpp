// Reading gmcr-py's save format. parley follows gmcr-py's loader (data_01_conflictModel.py: ConflictModel.json_import
// and DecisionMakerList.from_json; data_03_gmcrUtilities.py: orderedNumbers, mapPrefRank2Payoffs) where it gives
// a file a meaning, and refuses with a located message where gmcr-py would fail or guess.
#include "scenario/gmcr.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>

#include "core/text.hpp"
#include "expr/expr.hpp"
#include "scenario/build.hpp"
#include "scenario/reader.hpp"

namespace parley::scenario {

using doc::Kind;
using doc::Node;

namespace detail {

std::vector<std::size_t> gmcr_option_order(const std::vector<std::vector<std::size_t>>& controlled) {
  std::vector<std::size_t> order;
  for (const auto& options : controlled) {
    for (const std::size_t o : options) {
      if (std::find(order.begin(), order.end(), o) == order.end()) order.push_back(o);
    }
  }
  return order;
}

std::vector<std::uint64_t> gmcr_state_numbers(const Conflict& c, const std::vector<std::size_t>& order) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> states;  // (gmcr-py's code, parley's code)
  for (std::uint64_t code = 0; code < (std::uint64_t{1} << c.options.size()); ++code) {
    if (!c.feasible(code)) continue;
    std::uint64_t theirs = 0;
    for (std::size_t p = 0; p < order.size(); ++p) {
      if ((code >> order[p]) & 1U) theirs |= std::uint64_t{1} << p;
    }
    states.emplace_back(theirs, code);
  }
  std::sort(states.begin(), states.end());
  std::vector<std::uint64_t> out;
  out.reserve(states.size());
  for (const auto& [theirs, ours] : states) out.push_back(ours);
  return out;
}

}  // namespace detail

namespace {

using detail::found;
using detail::Reader;

using detail::kMaxOptions;
using detail::kMaxRankedOptions;

// gmcr-py's names of an option's permitted direction, in the order of parley's Direction (both, take, drop).
const std::vector<std::string> kDirections = {"both", "fwd", "back"};

std::string quoted(const std::string& s) {
  return "'" + s + "'";
}

// gmcr-py ignores keys it does not know, and later versions may add some: parley says so instead of refusing.
bool fields(Reader& r, const Node& node, const std::string& what, std::initializer_list<std::string_view> known,
            std::initializer_list<std::string_view> required) {
  if (node.kind != Kind::mapping) {
    r.error(node, "expected " + what + " as a mapping, found " + found(node));
    return false;
  }
  const std::vector<std::string> names(known.begin(), known.end());
  for (const auto& [key, value] : node.entries) {
    if (std::find(known.begin(), known.end(), key.text) != known.end()) continue;
    std::string message = "unknown key '" + key.text + "' in " + what + " is ignored, as gmcr-py does";
    if (const auto guess = core::closest_match(key.text, names)) message += " (did you mean '" + *guess + "'?)";
    r.diagnostics().warning(key.where, message);
  }
  for (const auto key : required) {
    if (node.find(key) == nullptr) r.error(node, "missing key '" + std::string(key) + "' in " + what);
  }
  return true;
}

// A JSON number that is a whole number in [lo, hi]; `what` says what it counts ("an option index").
std::optional<std::size_t> whole(Reader& r, const Node& node, const std::string& what, std::size_t lo, std::size_t hi) {
  if (node.kind == Kind::number && std::isfinite(node.number) && node.number == std::floor(node.number) &&
      node.number >= static_cast<double>(lo) && node.number <= static_cast<double>(hi)) {
    return static_cast<std::size_t>(node.number);
  }
  r.error(node, "expected " + what + " (a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                    "]), found " + found(node));
  return std::nullopt;
}

// Option ids follow the slug rule of docs/scenario-format.md, "Ids made from names". A name that slugs to a
// keyword of the expression language ("Not") would read as the keyword in every statement; an `x_` prefix keeps
// it a name, as the rule's own `x_` does for a name starting with a digit.
std::vector<std::string> option_ids(const std::vector<ConflictOption>& options) {
  std::vector<std::string> ids;
  ids.reserve(options.size());
  for (const auto& o : options) {
    std::string id = core::id_from_name(o.label);
    if (expr::is_keyword(id)) id.insert(0, "x_");
    ids.push_back(std::move(id));
  }
  return core::unique_ids(ids);
}

class Importer {
 public:
  explicit Importer(Diagnostics& diags) : r_(diags) {}

  std::optional<Scenario> run(const Node& root, std::string_view title) {
    const std::size_t before = r_.error_count();
    if (!fields(r_, root, "the gmcr-py file",
                {"options", "decisionMakers", "infeasibles", "useManualPreferenceRanking", "useManualPreferenceVectors",
                 "coalitions", "coalitionsFull", "program", "version"},
                {"options", "decisionMakers", "infeasibles"})) {
      return std::nullopt;
    }
    read_manual(root);
    c_.where = root.where;
    // Conditions, controllers and rankings all refer to options by index: without them nothing else can be read.
    const Node* options = root.find("options");
    if (options == nullptr || !read_options(*options)) return std::nullopt;
    if (const Node* n = root.find("decisionMakers")) read_decision_makers(*n);
    if (const Node* n = root.find("infeasibles")) c_.infeasible = conditions(*n, "infeasibles");
    for (std::size_t d = 0; d < dm_nodes_.size(); ++d) read_statements(d);
    // States are numbered over gmcr-py's option order and the feasible states: both must be sound first.
    if (manual_ && r_.error_count() == before) read_rankings();
    if (const Node* n = root.find("coalitions")) read_coalitions(*n);
    if (r_.error_count() != before) return std::nullopt;
    s_.title = std::string(title);
    s_.conflict = std::move(c_);
    return std::move(s_);
  }

 private:
  // gmcr-py reads the newer key and falls back to the older one (ConflictModel.json_import).
  void read_manual(const Node& root) {
    std::string key = "useManualPreferenceRanking";
    const Node* n = root.find(key);
    if (n == nullptr) {
      key = "useManualPreferenceVectors";
      n = root.find(key);
    }
    if (n == nullptr) {
      r_.error(root, "missing key 'useManualPreferenceRanking' in the gmcr-py file");
      return;
    }
    if (n->kind != Kind::boolean) {
      r_.error(*n, "expected true or false for '" + key + "', found " + found(*n));
      return;
    }
    manual_ = n->boolean;
    manual_node_ = n;
    manual_key_ = key;
  }

  // False when there is no list of options to refer to; a broken option still has an index, and reading goes on.
  bool read_options(const Node& node) {
    if (!r_.sequence(node, "options", 1)) return false;
    if (node.items.size() > kMaxOptions) {
      r_.error(node, "expected at most " + std::to_string(kMaxOptions) + " options, found " +
                         std::to_string(node.items.size()));
      return false;
    }
    for (const auto& item : node.items) {
      ConflictOption o;
      o.where = item.where;
      if (fields(r_, item, "an option", {"name", "permittedDirection"}, {"name", "permittedDirection"})) {
        if (const Node* n = item.find("name")) o.label = r_.text(*n, "name").value_or("");
        if (const Node* n = item.find("permittedDirection")) o.direction = direction(*n);
      }
      c_.options.push_back(std::move(o));
      option_nodes_.push_back(&item);
    }
    const auto ids = option_ids(c_.options);
    for (std::size_t k = 0; k < ids.size(); ++k) {
      c_.options[k].id = ids[k];
      symbols_.add({ids[k], expr::Type::boolean, {}});
    }
    owner_.assign(c_.options.size(), std::nullopt);
    return true;
  }

  // gmcr-py's "fwd" allows N to Y only and "back" Y to N only: parley's take and drop.
  Direction direction(const Node& node) {
    const auto it = std::find(kDirections.begin(), kDirections.end(), node.text);
    if (node.kind == Kind::string && it != kDirections.end()) {
      return static_cast<Direction>(it - kDirections.begin());
    }
    r_.error(node, "expected 'both', 'fwd' or 'back' for 'permittedDirection', found " + found(node));
    return Direction::both;
  }

  std::string option_named(std::size_t o) const {
    return "option " + std::to_string(o) + " (" + quoted(c_.options[o].label) + ")";
  }

  void read_decision_makers(const Node& node) {
    if (!r_.sequence(node, "decisionMakers", 2)) return;
    for (const auto& item : node.items) {
      const std::size_t d = dm_nodes_.size();
      dm_nodes_.push_back(&item);
      controlled_.emplace_back();
      names_.emplace_back();
      if (!fields(
              r_, item, "a decision maker",
              {"name", "options", "preferences", "preferenceRanking", "preferenceVector", "misperceptions", "payoffs"},
              {"name", "options"})) {
        continue;
      }
      if (const Node* n = item.find("name")) names_[d] = r_.text(*n, "name").value_or("");
      if (const Node* n = item.find("options")) read_controlled(*n, d);
    }
    std::vector<std::string> ids;
    for (const auto& name : names_) ids.push_back(core::id_from_name(name));
    ids = core::unique_ids(ids);
    for (std::size_t d = 0; d < names_.size(); ++d) {
      Actor a;
      a.id = ids[d];
      a.name = names_[d];
      a.where = dm_nodes_[d]->where;
      s_.actors.push_back(std::move(a));
      c_.decision_makers.push_back(DecisionMaker{d, {}, {}, dm_nodes_[d]->where});
    }
    check_controllers();
  }

  void read_controlled(const Node& node, std::size_t d) {
    if (!r_.sequence(node, "options", 1)) return;
    for (const auto& item : node.items) {
      const auto o = whole(r_, item, "an option index", 0, c_.options.size() - 1);
      if (!o) continue;
      if (owner_[*o] == d) {
        r_.error(item, "expected each option once in the options of " + quoted(names_[d]) + ", found " +
                           option_named(*o) + " again");
        continue;
      }
      if (owner_[*o]) {
        r_.error(item, "expected each option to be controlled by one decision maker, found " + option_named(*o) +
                           ", which " + quoted(names_[*owner_[*o]]) + " already controls");
        continue;
      }
      owner_[*o] = d;
      controlled_[d].push_back(*o);
      c_.options[*o].actor = d;
    }
  }

  void check_controllers() {
    for (std::size_t o = 0; o < owner_.size(); ++o) {
      if (owner_[o]) continue;
      r_.error(*option_nodes_[o], "expected every option to be controlled by a decision maker, found " +
                                      option_named(o) + " in no decision maker's 'options'");
    }
  }

  // A condition is a conjunction, written as [option index, "Y" or "N"] pairs (gmcr-py's Condition), or a
  // disjunction of conjunctions {"compound": true, "members": [...]} (CompoundCondition).
  std::optional<Statement> condition(const Node& node) {
    const auto text = node.kind == Kind::mapping ? compound(node) : conjunction(node, false);
    if (!text) return std::nullopt;
    auto program = expr::compile(*text, symbols_, expr::Type::boolean, node.where, r_.diagnostics());
    if (!program) return std::nullopt;
    return Statement{*text, std::make_shared<const expr::Program>(std::move(*program)), node.where};
  }

  std::vector<Statement> conditions(const Node& node, const std::string& field) {
    std::vector<Statement> out;
    if (!r_.sequence(node, field)) return out;
    for (const auto& item : node.items) {
      if (auto st = condition(item)) out.push_back(std::move(*st));
    }
    return out;
  }

  // "a and not b"; in parentheses when it is one member of a disjunction of several.
  std::optional<std::string> conjunction(const Node& node, bool grouped) {
    if (node.kind != Kind::sequence) {
      r_.error(node,
               "expected a condition (a list of [option index, \"Y\" or \"N\"] pairs, or {\"compound\": true, "
               "\"members\": [...]}), found " +
                   found(node));
      return std::nullopt;
    }
    if (node.items.empty()) {
      r_.error(node, "expected a condition naming at least one option, found an empty list");
      return std::nullopt;
    }
    std::vector<bool> named(c_.options.size(), false);
    std::string text;
    bool ok = true;
    for (const auto& pair : node.items) {
      const auto lit = literal(pair, named);
      ok = ok && lit.has_value();
      if (lit) text += (text.empty() ? "" : " and ") + *lit;
    }
    if (!ok) return std::nullopt;
    return grouped && node.items.size() > 1 ? "(" + text + ")" : text;
  }

  std::optional<std::string> literal(const Node& pair, std::vector<bool>& named) {
    if (pair.kind != Kind::sequence || pair.items.size() != 2) {
      const std::string what =
          pair.kind == Kind::sequence ? "a list of " + std::to_string(pair.items.size()) : found(pair);
      r_.error(pair, "expected a pair [option index, \"Y\" or \"N\"], found " + what);
      return std::nullopt;
    }
    const auto o = whole(r_, pair.items[0], "an option index", 0, c_.options.size() - 1);
    const Node& taken = pair.items[1];
    const bool yes_no = taken.kind == Kind::string && (taken.text == "Y" || taken.text == "N");
    if (!yes_no) r_.error(taken, "expected \"Y\" or \"N\", found " + found(taken));
    if (!o || !yes_no) return std::nullopt;
    // gmcr-py never writes an option twice in one condition, and would read such a condition two ways (its test
    // wants both, its Y/N/- pattern keeps the last): refused rather than guessed.
    if (named[*o]) {
      r_.error(pair, "expected each option once in a condition, found " + option_named(*o) + " again");
      return std::nullopt;
    }
    named[*o] = true;
    return (taken.text == "Y" ? "" : "not ") + c_.options[*o].id;
  }

  // gmcr-py builds a CompoundCondition from "members" whatever "compound" says (ConditionList.append); parley
  // asks that a present "compound" be true, so that a file saying otherwise is not read as a disjunction silently.
  std::optional<std::string> compound(const Node& node) {
    if (!fields(r_, node, "a compound condition", {"compound", "members"}, {"members"})) return std::nullopt;
    const Node* flag = node.find("compound");
    if (flag != nullptr && !(flag->kind == Kind::boolean && flag->boolean)) {
      r_.error(*flag, "expected true for 'compound', found " + found(*flag));
    }
    const Node* members = node.find("members");
    if (members == nullptr || !r_.sequence(*members, "members", 1)) return std::nullopt;
    std::string text;
    bool ok = flag == nullptr || (flag->kind == Kind::boolean && flag->boolean);
    for (const auto& member : members->items) {
      const auto part = conjunction(member, members->items.size() > 1);
      ok = ok && part.has_value();
      if (part) text += (text.empty() ? "" : " or ") + *part;
    }
    if (!ok) return std::nullopt;
    return text;
  }

  // Preference statements are read (and checked) even when the file ranks states by hand, as gmcr-py reads them;
  // only the ones in force are kept. Misperceptions are checked and then left out, with a warning.
  void read_statements(std::size_t d) {
    const Node& item = *dm_nodes_[d];
    if (item.kind != Kind::mapping) return;
    const Node* preferences = item.find("preferences");
    if (preferences != nullptr) {
      auto statements = conditions(*preferences, "preferences");
      if (!manual_) c_.decision_makers[d].preferences = std::move(statements);
    } else if (manual_node_ != nullptr && !manual_) {
      r_.error(item,
               "missing key 'preferences' in a decision maker (its preference statements, which are used "
               "since '" +
                   manual_key_ + "' is false)");
    }
    if (const Node* n = item.find("misperceptions")) {
      conditions(*n, "misperceptions");  // checked, not kept
      if (n->kind == Kind::sequence && !n->items.empty()) {
        r_.diagnostics().warning(n->where, "parley does not model misperceptions (hypergames); it ignores those of " +
                                               quoted(names_[d]) + " and uses the true feasible states");
      }
    }
  }

  void read_rankings() {
    if (c_.options.size() > kMaxRankedOptions) {
      r_.error(*manual_node_, "expected at most " + std::to_string(kMaxRankedOptions) +
                                  " options in a conflict whose states are ranked by hand, found " +
                                  std::to_string(c_.options.size()) + "; give preference statements instead");
      return;
    }
    const auto states = detail::gmcr_state_numbers(c_, detail::gmcr_option_order(controlled_));
    if (states.empty()) {
      r_.error(*manual_node_,
               "expected at least one feasible state to rank, found every state removed by "
               "'infeasibles'");
      return;
    }
    for (std::size_t d = 0; d < dm_nodes_.size(); ++d) {
      // gmcr-py reads "preferenceRanking" and falls back to the older "preferenceVector" (DecisionMakerList.from_json).
      const Node* n = dm_nodes_[d]->find("preferenceRanking");
      std::string field = "preferenceRanking";
      if (n == nullptr) {
        n = dm_nodes_[d]->find("preferenceVector");
        field = "preferenceVector";
      }
      if (n == nullptr) {
        r_.error(*dm_nodes_[d],
                 "missing key 'preferenceRanking' in a decision maker (its ranking of the states, "
                 "which is used since '" +
                     manual_key_ + "' is true)");
        continue;
      }
      read_ranking(*n, field, states, d);
    }
  }

  // A list of gmcr-py state numbers, best first, a nested list being a tie (mapPrefRank2Payoffs).
  void read_ranking(const Node& node, const std::string& field, const std::vector<std::uint64_t>& states,
                    std::size_t d) {
    if (!r_.sequence(node, field, 1)) return;
    const std::string of = quoted(names_[d]);
    std::vector<bool> seen(states.size() + 1, false);
    std::size_t ranked = 0;
    auto& ranking = c_.decision_makers[d].ranking;
    for (const auto& entry : node.items) {
      std::vector<std::uint64_t> tier;
      const auto add = [&](const Node& state) {
        const auto k = whole(r_, state, "a state number", 1, states.size());
        if (!k) return;
        if (seen[*k]) {
          r_.error(state, "expected each state once in the ranking of " + of + ", found state " + std::to_string(*k) +
                              " again");
          return;
        }
        seen[*k] = true;
        ++ranked;
        tier.push_back(states[*k - 1]);
      };
      if (entry.kind == Kind::sequence) {
        for (const auto& tied : entry.items) add(tied);
      } else {
        add(entry);
      }
      if (!tier.empty()) ranking.push_back(std::move(tier));
    }
    if (ranked == states.size()) return;
    const auto first = static_cast<std::size_t>(std::find(seen.begin() + 1, seen.end(), false) - seen.begin());
    const std::size_t missing = states.size() - ranked;
    r_.error(node, "expected a complete ranking of the " + std::to_string(states.size()) + " feasible states for " +
                       of + ", found " + std::to_string(ranked) + " (missing state " + std::to_string(first) + ", " +
                       quoted(c_.pattern(states[first - 1])) +
                       (missing > 1 ? ", and " + std::to_string(missing - 1) + " more)" : std::string(")")));
  }

  // gmcr-py can analyse a group of decision makers as one (CoalitionList); parley analyses each decision maker on
  // its own, so a coalition is checked and reported, not merged. "coalitionsFull" is never read by gmcr-py either.
  void read_coalitions(const Node& node) {
    if (!r_.sequence(node, "coalitions") || s_.actors.empty()) return;
    for (const auto& item : node.items) {
      std::vector<std::string> members;
      const auto add = [&](const Node& n) {
        if (const auto d = whole(r_, n, "a decision maker index", 0, s_.actors.size() - 1)) {
          members.push_back(s_.actors[*d].name);
        }
      };
      if (item.kind == Kind::sequence) {
        for (const auto& n : item.items) add(n);
      } else {
        add(item);
      }
      if (members.size() < 2) continue;
      r_.diagnostics().warning(item.where, "gmcr-py analyses " + core::quoted_list(members, "and") +
                                               " as one decision maker (a coalition); parley analyses each decision "
                                               "maker on its own and reports coalitions separately");
    }
  }

  Reader r_;
  Scenario s_;
  Conflict c_;
  bool manual_ = false;
  const Node* manual_node_ = nullptr;  // the flag, once read: which preferences are in force is known
  std::string manual_key_;             // as the file spells it
  std::vector<const Node*> option_nodes_;
  std::vector<const Node*> dm_nodes_;
  std::vector<std::string> names_;                    // per decision maker, as the file names it
  std::vector<std::vector<std::size_t>> controlled_;  // per decision maker: its options, as it lists them
  std::vector<std::optional<std::size_t>> owner_;     // per option: the decision maker that controls it
  expr::SymbolTable symbols_{"option id"};
};

}  // namespace

std::optional<Scenario> import_gmcr(const Node& root, std::string_view title, Diagnostics& diags) {
  return Importer(diags).run(root, title);
}

}  // namespace parley::scenario
