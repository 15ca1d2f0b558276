// `parley stability`: JSON, text and CSV. State numbers and codes as docs/models.md §4.1 defines them.
#include "report/stability.hpp"

#include <algorithm>

#include "report/show.hpp"
#include "report/table.hpp"

namespace parley::report {

using conflict::Concept;
using conflict::Model;
using conflict::State;
using conflict::Step;
using doc::Node;

namespace {

Node str(std::string s) {
  return Node::make_string(std::move(s));
}
Node num(double x) {
  return Node::make_number(x);
}

std::string number(State s) {
  return std::to_string(s + 1);
}
std::string pattern(const Scenario& sc, const Model& m, State s) {
  return sc.conflict->pattern(m.code(s));
}
const std::string& dm_id(const Model& m, std::size_t k) {
  return m.dm(k).id;
}

// The options a move changes, each with its new value: {"cede": "Y"}.
std::vector<std::pair<std::string, char>> changes(const Scenario& sc, const Model& m, const Step& step) {
  std::vector<std::pair<std::string, char>> out;
  const conflict::Code diff = m.code(step.from) ^ m.code(step.to);
  for (std::size_t o = 0; o < m.option_count(); ++o) {
    if ((diff >> o) & 1U) out.emplace_back(sc.conflict->options[o].id, ((m.code(step.to) >> o) & 1U) ? 'Y' : 'N');
  }
  return out;
}

Node states_node(const std::vector<State>& states) {
  Node n = Node::make_sequence();
  for (const State s : states) n.push(num(s + 1.0));
  return n;
}

Node path_node(const Scenario& sc, const Model& m, const std::vector<Step>& path) {
  Node n = Node::make_sequence();
  for (const Step& step : path) {
    Node sn = Node::make_mapping();
    sn.set("mover", str(dm_id(m, step.dm)));
    sn.set("from", num(step.from + 1.0));
    sn.set("to", num(step.to + 1.0));
    Node ch = Node::make_mapping();
    for (const auto& [option, value] : changes(sc, m, step)) ch.set(option, str(std::string(1, value)));
    sn.set("changes", std::move(ch));
    n.push(std::move(sn));
  }
  return n;
}

Node route_node(const Scenario& sc, const Model& m, const std::optional<std::vector<Step>>& path) {
  if (!path) return Node::make_null();
  Node n = Node::make_mapping();
  n.set("steps", num(static_cast<double>(path->size())));
  n.set("path", path_node(sc, m, *path));
  return n;
}

std::vector<Concept> concepts_of(const StabilityReport& r, State s) {
  std::vector<Concept> out;
  for (const Concept c : r.stability.concepts()) {
    if (r.stability.equilibrium(s, c)) out.push_back(c);
  }
  return out;
}

Node concept_list(const std::vector<Concept>& cs) {
  Node n = Node::make_sequence();
  for (const Concept c : cs) n.push(str(std::string(conflict::concept_name(c))));
  return n;
}

// A decision maker's ranking as tiers of states, best first.
std::vector<std::vector<State>> tiers(const Model& m, std::size_t k) {
  std::vector<State> order(m.size());
  for (State s = 0; s < m.size(); ++s) order[s] = s;
  std::stable_sort(order.begin(), order.end(), [&](State a, State b) { return m.rank(k, a) > m.rank(k, b); });
  std::vector<std::vector<State>> out;
  for (const State s : order) {
    if (out.empty() || m.rank(k, out.back().front()) != m.rank(k, s)) out.emplace_back();
    out.back().push_back(s);
  }
  return out;
}

Node conflict_node(const Scenario& sc, const StabilityReport& r) {
  const Model& m = *r.model;
  const Conflict& c = *sc.conflict;
  Node n = Node::make_mapping();
  n.set("options", conflict_options_node(sc));
  n.set("feasible_states", num(static_cast<double>(m.size())));
  n.set("codes", num(static_cast<double>(conflict::Code{1} << m.option_count())));
  Node dms = Node::make_sequence();
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    const auto& d = m.dm(k);
    Node dn = Node::make_mapping();
    dn.set("id", str(d.id));
    Node controls = Node::make_sequence();
    for (std::size_t o = 0; o < m.option_count(); ++o) {
      if (((d.options >> o) & 1U) != 0) controls.push(str(c.options[o].id));
    }
    dn.set("options", std::move(controls));
    if (d.statements.empty()) {
      dn.set("preferences", Node::make_null());
    } else {
      Node prefs = Node::make_sequence();
      for (const auto& st : d.statements) prefs.push(str(st));
      dn.set("preferences", std::move(prefs));
    }
    if (r.all_states) {
      // Best tier first; decided_by[q] is the statement that puts tier q above tier q + 1.
      const auto ts = tiers(m, k);
      Node ranking = Node::make_sequence();
      Node decided = Node::make_sequence();
      for (std::size_t q = 0; q < ts.size(); ++q) {
        ranking.push(states_node(ts[q]));
        if (q + 1 == ts.size()) continue;
        const auto j = conflict::deciding_statement(m, k, ts[q].front(), ts[q + 1].front());
        decided.push(j ? str(d.statements[*j]) : Node::make_null());
      }
      dn.set("ranking", std::move(ranking));
      dn.set("decided_by", std::move(decided));
    }
    dms.push(std::move(dn));
  }
  n.set("decision_makers", std::move(dms));
  return n;
}

Node explanation_node(const Scenario& sc, const Model& m, const conflict::Explanation& e) {
  Node n = Node::make_mapping();
  n.set("dm", str(dm_id(m, e.dm)));
  n.set("concept", str(std::string(conflict::concept_name(e.kind))));
  n.set("stable", Node::make_bool(e.stable));
  if (e.kind == Concept::limited) {
    n.set("first_move", e.first_move == conflict::kNoState ? Node::make_null() : num(e.first_move + 1.0));
    n.set("anticipated_outcome", num(e.outcome + 1.0));
    n.set("decided_by_ties", Node::make_bool(e.by_ties));
    return n;
  }
  Node imps = Node::make_sequence();
  for (const auto& d : e.improvements) {
    Node in = Node::make_mapping();
    in.set("to", num(d.improvement + 1.0));
    const auto j = conflict::deciding_statement(m, e.dm, d.improvement, e.state);
    in.set("because", j ? str(m.dm(e.dm).statements[*j]) : Node::make_null());
    if (e.kind != Concept::nash) {
      in.set("sanction", d.sanction ? route_node(sc, m, d.sanction) : Node::make_null());
    }
    imps.push(std::move(in));
  }
  n.set("improvements", std::move(imps));
  return n;
}

}  // namespace

namespace {

// Each state listed (all, or the equilibria) with the decision makers for whom it is stable, per concept.
Node states_json(const Scenario& sc, const StabilityReport& r) {
  const Model& m = *r.model;
  const auto concepts = r.stability.concepts();
  Node states = Node::make_sequence();
  const auto add_state = [&](State s) {
    Node sn = Node::make_mapping();
    sn.set("number", num(s + 1.0));
    sn.set("code", num(static_cast<double>(m.code(s))));
    sn.set("pattern", str(pattern(sc, m, s)));
    Node stable = Node::make_mapping();
    for (const Concept c : concepts) {
      Node ids = Node::make_sequence();
      for (std::size_t k = 0; k < m.dm_count(); ++k) {
        if (r.stability.stable(k, s, c)) ids.push(str(dm_id(m, k)));
      }
      stable.set(std::string(conflict::concept_name(c)), std::move(ids));
    }
    sn.set("stable", std::move(stable));
    states.push(std::move(sn));
  };
  if (r.all_states) {
    for (State s = 0; s < m.size(); ++s) add_state(s);
  } else {
    for (const State s : r.equilibria) add_state(s);
  }
  return states;
}

// Where the status quo can go: the equilibria it reaches, by any moves and by improvements only.
Node status_quo_json(const Scenario& sc, const StabilityReport& r) {
  const Model& m = *r.model;
  const auto& q = *r.status_quo;
  Node sq = Node::make_mapping();
  sq.set("state", num(q.start + 1.0));
  sq.set("pattern", str(pattern(sc, m, q.start)));
  sq.set("reachable", num(static_cast<double>(q.reachable)));
  sq.set("reachable_by_improvements", num(static_cast<double>(q.reachable_by_improvements)));
  Node targets = Node::make_sequence();
  for (const auto& t : q.targets) {
    Node tn = Node::make_mapping();
    tn.set("state", num(t.state + 1.0));
    tn.set("pattern", str(pattern(sc, m, t.state)));
    tn.set("concepts", concept_list(concepts_of(r, t.state)));
    tn.set("by_moves", route_node(sc, m, t.by_moves));
    tn.set("by_improvements", route_node(sc, m, t.by_improvements));
    targets.push(std::move(tn));
  }
  sq.set("equilibria", std::move(targets));
  sq.set("equilibria_total", num(static_cast<double>(r.equilibria.size())));
  return sq;
}

// Each coalition analysed: the equilibria it can upset, with its path, and those it cannot.
Node coalitions_json(const Scenario& sc, const StabilityReport& r) {
  const Model& m = *r.model;
  Node cs = Node::make_sequence();
  std::vector<std::uint8_t> upset(m.size(), 0);  // per state: a path of the coalition at hand upsets it
  for (const auto& c : *r.coalitions) {
    Node cn = Node::make_mapping();
    Node members = Node::make_sequence();
    for (const auto k : c.members) members.push(str(dm_id(m, k)));
    cn.set("members", std::move(members));
    Node upsets = Node::make_sequence();
    for (const auto& u : c.upsets) {
      Node un = Node::make_mapping();
      un.set("equilibrium", num(u.state + 1.0));
      un.set("to", num(u.path.back().to + 1.0));
      un.set("steps", num(static_cast<double>(u.path.size())));
      un.set("path", path_node(sc, m, u.path));
      upsets.push(std::move(un));
      upset[u.state] = 1;
    }
    cn.set("upsets", std::move(upsets));
    std::vector<State> holds;
    for (const State s : r.equilibria) {
      if (upset[s] == 0) holds.push_back(s);
    }
    for (const auto& u : c.upsets) upset[u.state] = 0;  // clean for the next coalition
    cn.set("cannot_upset", states_node(holds));
    cs.push(std::move(cn));
  }
  return cs;
}

}  // namespace

Node stability_json(const Scenario& sc, const StabilityReport& r, const Stamp& stamp) {
  const Model& m = *r.model;
  const auto concepts = r.stability.concepts();
  Node root = Node::make_mapping();
  root.set("parley", stamp_node(stamp));
  root.set("conflict", conflict_node(sc, r));
  root.set("horizon", r.stability.horizon ? num(*r.stability.horizon) : Node::make_null());
  root.set("states_listed", str(r.all_states ? "all" : "equilibria"));
  root.set("states", states_json(sc, r));
  Node eq = Node::make_mapping();
  for (const Concept c : concepts)
    eq.set(std::string(conflict::concept_name(c)), states_node(r.stability.equilibria(c)));
  if (r.stability.horizon) eq.set("limited_decided_by_ties", states_node(r.stability.limited_by_ties()));
  root.set("equilibria", std::move(eq));

  root.set("status_quo", r.status_quo ? status_quo_json(sc, r) : Node::make_null());

  root.set("coalitions", r.coalitions ? coalitions_json(sc, r) : Node::make_null());
  if (!r.coalitions_note.empty()) root.set("coalitions_note", str(r.coalitions_note));
  if (r.moves) {
    Node moves = Node::make_sequence();
    for (const auto& mv : *r.moves) {
      Node n = Node::make_mapping();
      n.set("dm", str(dm_id(m, mv.dm)));
      n.set("from", num(mv.from + 1.0));
      n.set("to", num(mv.to + 1.0));
      n.set("improvement", Node::make_bool(mv.improvement));
      moves.push(std::move(n));
    }
    root.set("moves", std::move(moves));
  }

  if (r.explained) {
    Node ex = Node::make_mapping();
    ex.set("state", num(*r.explained + 1.0));
    ex.set("pattern", str(pattern(sc, m, *r.explained)));
    Node verdicts = Node::make_sequence();
    for (const auto& e : r.explanations) verdicts.push(explanation_node(sc, m, e));
    ex.set("verdicts", std::move(verdicts));
    root.set("explanation", std::move(ex));
  }
  return root;
}

namespace {

std::string state_text(const Scenario& sc, const Model& m, State s) {
  return number(s) + " " + pattern(sc, m, s);
}

std::string set_text(const std::vector<State>& states) {
  std::string out = "{";
  for (std::size_t i = 0; i < states.size(); ++i) out += (i ? ", " : "") + number(states[i]);
  return out + "}";
}

std::string path_text(const Scenario& sc, const Model& m, const std::vector<Step>& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    out += i ? "; then " : "";
    out += dm_id(m, path[i].dm) + " sets";
    for (const auto& [option, value] : changes(sc, m, path[i])) out += " " + option + "=" + value;
    out += " (-> " + number(path[i].to) + ")";
  }
  return out;
}

std::string letters(const StabilityReport& r, std::size_t k, State s) {
  static constexpr char kLetters[] = {'N', 'G', 'S', 'Q', 'L'};
  std::string out;
  for (const Concept c : r.stability.concepts()) {
    if (c == Concept::limited && r.stability.dms[k].limited_by_ties[s] != 0) {
      out += '?';
      continue;
    }
    out += r.stability.stable(k, s, c) ? kLetters[static_cast<int>(c)] : '.';
  }
  return out;
}

// Text lists at most this many status quo routes and coalition upsets; JSON lists them all.
constexpr std::size_t kTextRows = 1000;

std::string limited_title(const StabilityReport& r, Concept c);

std::string concept_names(const StabilityReport& r, const std::vector<Concept>& cs) {
  std::string out;
  for (const Concept c : cs) out += (out.empty() ? "" : " ") + limited_title(r, c);
  return out.empty() ? "-" : out;
}

std::string rankings_text(const Model& m) {
  std::string out = "\nPreferences (states best first; [..] tie; 'by' names the statement that decides each step)\n";
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    const auto ts = tiers(m, k);
    std::string line = "  " + m.dm(k).id + ": ";
    std::string why;
    for (std::size_t q = 0; q < ts.size(); ++q) {
      if (q) line += " > ";
      if (ts[q].size() > 1) line += "[";
      for (std::size_t i = 0; i < ts[q].size(); ++i) line += (i ? " " : "") + number(ts[q][i]);
      if (ts[q].size() > 1) line += "]";
      if (q + 1 < ts.size()) {
        if (const auto j = conflict::deciding_statement(m, k, ts[q].front(), ts[q + 1].front())) {
          why += (why.empty() ? "" : ", ") + number(ts[q].front()) + " > " + number(ts[q + 1].front()) + " by '" +
                 m.dm(k).statements[*j] + "'";
        }
      }
    }
    out += line + "\n";
    if (!why.empty()) out += "    " + why + "\n";
    else if (m.dm(k).statements.empty()) out += "    (an explicit ranking)\n";
  }
  return out;
}

std::string limited_title(const StabilityReport& r, Concept c) {
  if (c == Concept::limited) return "L_" + std::to_string(*r.stability.horizon);
  return std::string(conflict::concept_title(c));
}

std::string explanation_text(const Scenario& sc, const Model& m, const StabilityReport& r) {
  const State s = *r.explained;
  std::string out = "\nWhy state " + state_text(sc, m, s) + " is or is not stable\n";
  for (std::size_t i = 0; i < r.explanations.size(); ++i) {
    const auto& e = r.explanations[i];
    const std::string who = dm_id(m, e.dm);
    // A decision maker with no improvement is stable under every concept for the same reason: say it once.
    if (e.kind == Concept::nash && e.improvements.empty()) {
      out += "  " + who + ": stable under Nash, GMR, SMR and SEQ: " + who + " has no unilateral improvement from " +
             number(s) + ".\n";
      while (i + 1 < r.explanations.size() && r.explanations[i + 1].dm == e.dm &&
             r.explanations[i + 1].kind != Concept::limited) {
        ++i;
      }
      continue;
    }
    const std::string head =
        "  " + who + ", " + limited_title(r, e.kind) + ": " + (e.stable ? "stable" : "unstable") + ".";
    if (e.kind == Concept::limited) {
      if (e.by_ties) {
        out += head + " Looking " + std::to_string(*r.stability.horizon) + " moves ahead, whether " + who +
               " moves depends on how the decision makers break ties between outcomes they like equally, so the "
               "state is not counted as stable.\n";
        continue;
      }
      if (e.first_move == conflict::kNoState) {
        out += head + " Looking " + std::to_string(*r.stability.horizon) + " moves ahead, no move of " + who +
               " leads to an outcome it prefers to " + number(s) + ".\n";
      } else {
        out += head + " " + who + " moves to " + state_text(sc, m, e.first_move) +
               ", anticipating that the conflict ends at " + state_text(sc, m, e.outcome) + ", which it prefers.\n";
      }
      continue;
    }
    std::string body;
    for (const auto& d : e.improvements) {
      const auto j = conflict::deciding_statement(m, e.dm, d.improvement, s);
      const std::string because = j ? " (by '" + m.dm(e.dm).statements[*j] + "')" : "";
      body += "\n    improves to " + state_text(sc, m, d.improvement) + because;
      if (e.kind == Concept::nash) continue;
      if (d.sanction) {
        body +=
            ": sanctioned: " + path_text(sc, m, *d.sanction) + ", which " + who + " likes no more than " + number(s);
        if (e.kind == Concept::smr) body += " and from which it cannot escape to anything better";
      } else {
        body += e.kind == Concept::seq
                    ? ": no sequence of the others' improvements leaves " + who + " at " + number(s) + " or worse"
                    : ": no sequence of the others' moves leaves " + who + " at " + number(s) + " or worse";
      }
    }
    out += head + body + "\n";
  }
  return out;
}

}  // namespace

std::string stability_text(const Scenario& sc, const StabilityReport& r) {
  const Model& m = *r.model;
  const auto concepts = r.stability.concepts();
  std::string out = sc.title + "\n";
  std::string dms;
  for (std::size_t k = 0; k < m.dm_count(); ++k) dms += (k ? ", " : "") + m.dm(k).id;
  out += "Graph model: " + std::to_string(m.option_count()) + " options, " + std::to_string(m.dm_count()) +
         " decision makers (" + dms + "), " + std::to_string(m.size()) + " feasible states of " +
         std::to_string(conflict::Code{1} << m.option_count()) + "\n";
  const bool table_all = r.all_states;
  if (table_all) out += rankings_text(m);

  std::string legend = "N Nash, G GMR, S SMR, Q SEQ";
  if (r.stability.horizon) {
    legend += ", L L_" + std::to_string(*r.stability.horizon) + " (? decided by how ties are broken: not counted)";
  }
  out += "\nStability (" + legend + "; '.' unstable)" + (table_all ? "" : ", equilibria only") + "\n";
  std::vector<std::string> header{"state", "pattern"};
  for (std::size_t k = 0; k < m.dm_count(); ++k) header.push_back(m.dm(k).id);
  header.push_back("equilibrium under");
  Table t(header);
  const auto row = [&](State s) {
    std::vector<std::string> cells{number(s), pattern(sc, m, s)};
    for (std::size_t k = 0; k < m.dm_count(); ++k) cells.push_back(letters(r, k, s));
    cells.push_back(concept_names(r, concepts_of(r, s)));
    t.add(cells);
  };
  if (table_all) {
    for (State s = 0; s < m.size(); ++s) row(s);
  } else {
    for (const State s : r.equilibria) row(s);
  }
  out += t.render();

  out += "\nEquilibria\n";
  Table eq({"concept", "count", "states"});
  for (const Concept c : concepts) {
    const auto states = r.stability.equilibria(c);
    eq.add({limited_title(r, c), std::to_string(states.size()), set_text(states)});
  }
  if (r.stability.horizon) {
    const auto ties = r.stability.limited_by_ties();
    if (!ties.empty())
      eq.add({limited_title(r, Concept::limited) + " decided by ties", std::to_string(ties.size()), set_text(ties)});
  }
  out += eq.render();

  if (r.status_quo) {
    const auto& q = *r.status_quo;
    out += "\nFrom the status quo, state " + state_text(sc, m, q.start) + "\n";
    out += "  reachable: " + std::to_string(q.reachable) + " states by legal moves, " +
           std::to_string(q.reachable_by_improvements) + " by improvements only\n";
    Table st({"equilibrium", "under", "by legal moves", "by improvements"});
    const auto route = [&](const std::optional<std::vector<Step>>& p) {
      if (!p) return std::string("unreachable");
      if (p->empty()) return std::string("here already");
      return std::to_string(p->size()) + (p->size() == 1 ? " move: " : " moves: ") + path_text(sc, m, *p);
    };
    for (std::size_t i = 0; i < std::min(q.targets.size(), kTextRows); ++i) {
      const auto& target = q.targets[i];
      st.add({state_text(sc, m, target.state), concept_names(r, concepts_of(r, target.state)), route(target.by_moves),
              route(target.by_improvements)});
    }
    out += st.render();
    if (r.equilibria.size() > std::min(q.targets.size(), kTextRows)) {
      out += "  (routes to the first " + std::to_string(std::min(q.targets.size(), kTextRows)) + " of " +
             std::to_string(r.equilibria.size()) + " equilibria; --format json lists up to 10000)\n";
    }
  }

  if (r.coalitions) {
    out += "\nCoalitions (which equilibria a group can leave, moving jointly, for a state every member prefers)\n";
    Table ct({"coalition", "upsets", "to", "how"});
    std::vector<std::uint8_t> upset_any(m.size(), 0);  // per state: some coalition upsets it
    std::size_t shown_upsets = 0;
    for (const auto& c : *r.coalitions) {
      std::string members;
      for (const auto k : c.members) members += (members.empty() ? "" : "+") + dm_id(m, k);
      for (const auto& u : c.upsets) {
        if (shown_upsets++ < kTextRows) {
          ct.add({members, state_text(sc, m, u.state), state_text(sc, m, u.path.back().to), path_text(sc, m, u.path)});
        }
        upset_any[u.state] = 1;
      }
    }
    std::vector<State> robust;
    for (const State s : r.equilibria) {
      if (upset_any[s] == 0) robust.push_back(s);
    }
    if (!ct.empty()) out += ct.render();
    if (shown_upsets > kTextRows) {
      out += "  (the first " + std::to_string(kTextRows) + " of " + std::to_string(shown_upsets) +
             " upsets; --format json lists them all)\n";
    }
    out += "  no coalition can upset: " + (robust.empty() ? std::string("none of the equilibria") : set_text(robust)) +
           "\n";
  }

  if (!r.coalitions_note.empty()) out += "\nCoalitions: " + r.coalitions_note + "\n";
  if (r.explained) out += explanation_text(sc, m, r);
  return out;
}

std::string stability_csv(const Scenario& sc, const StabilityReport& r) {
  const Model& m = *r.model;
  const auto concepts = r.stability.concepts();
  std::string out = "number,code,pattern";
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    for (const Concept c : concepts) out += "," + m.dm(k).id + "_" + std::string(conflict::concept_name(c));
  }
  for (const Concept c : concepts) out += ",equilibrium_" + std::string(conflict::concept_name(c));
  out += "\n";
  const auto row = [&](State s) {
    out += number(s) + "," + std::to_string(m.code(s)) + "," + pattern(sc, m, s);
    for (std::size_t k = 0; k < m.dm_count(); ++k) {
      for (const Concept c : concepts) out += r.stability.stable(k, s, c) ? ",1" : ",0";
    }
    for (const Concept c : concepts) out += r.stability.equilibrium(s, c) ? ",1" : ",0";
    out += "\n";
  };
  if (r.all_states) {
    for (State s = 0; s < m.size(); ++s) row(s);
  } else {
    for (const State s : r.equilibria) row(s);
  }
  return out;
}

}  // namespace parley::report
