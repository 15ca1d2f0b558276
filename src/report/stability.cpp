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
using doc::Emitter;
using doc::Node;

namespace {

std::string number(State s) {
  return std::to_string(s + 1);
}
std::string pattern(const Scenario& sc, const Model& m, State s) {
  return sc.conflict->pattern(m.code(s));
}
const std::string& dm_id(const Model& m, std::size_t k) {
  return m.dm(k).id;
}

// A concept's title, L_h with its horizon.
std::string limited_title(const StabilityReport& r, Concept c) {
  if (c == Concept::limited) return "L_" + std::to_string(*r.stability.horizon);
  return std::string(conflict::concept_title(c));
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

void states_list(Emitter& e, std::string_view key, const std::vector<State>& states) {
  e.begin_sequence(key);
  for (const State s : states) e.number(s + 1.0);
  e.end_sequence();
}

void path_list(Emitter& e, const Scenario& sc, const Model& m, const std::vector<Step>& path) {
  e.begin_sequence("path");
  for (const Step& step : path) {
    e.begin_mapping();
    e.str("mover", dm_id(m, step.dm));
    e.num("from", step.from + 1.0);
    e.num("to", step.to + 1.0);
    e.begin_mapping("changes");
    for (const auto& [option, value] : changes(sc, m, step)) e.str(option, std::string_view(&value, 1));
    e.end_mapping();
    e.end_mapping();
  }
  e.end_sequence();
}

void route(Emitter& e, std::string_view key, const Scenario& sc, const Model& m,
           const std::optional<std::vector<Step>>& path) {
  if (!path) {
    e.nothing(key);
    return;
  }
  e.begin_mapping(key);
  e.num("steps", static_cast<double>(path->size()));
  path_list(e, sc, m, *path);
  e.end_mapping();
}

// SIM's sanction: the others' moves from the state explained, all at once, and the state they bring about with
// the improvement.
void simultaneous_route(Emitter& e, const Scenario& sc, const Model& m, const conflict::Deterrence& d) {
  if (!d.sanction) {
    e.nothing("sanction");
    return;
  }
  e.begin_mapping("sanction");
  e.num("steps", static_cast<double>(d.sanction->size()));
  e.flag("simultaneous", true);
  path_list(e, sc, m, *d.sanction);
  e.num("outcome", d.outcome + 1.0);
  e.end_mapping();
}

std::vector<Concept> concepts_of(const StabilityReport& r, State s) {
  std::vector<Concept> out;
  for (const Concept c : r.stability.concepts()) {
    if (r.stability.equilibrium(s, c)) out.push_back(c);
  }
  return out;
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

void decision_maker(Emitter& e, const StabilityReport& r, const Conflict& c, std::size_t k) {
  const Model& m = *r.model;
  const auto& d = m.dm(k);
  e.begin_mapping();
  e.str("id", d.id);
  e.begin_sequence("options");
  for (std::size_t o = 0; o < m.option_count(); ++o) {
    if (((d.options >> o) & 1U) != 0) e.string(c.options[o].id);
  }
  e.end_sequence();
  if (d.statements.empty()) {
    e.nothing("preferences");
  } else {
    e.begin_sequence("preferences");
    for (const auto& st : d.statements) e.string(st);
    e.end_sequence();
  }
  if (r.all_states) {
    // Best tier first; decided_by[q] is the statement that puts tier q above tier q + 1.
    const auto ts = tiers(m, k);
    e.begin_sequence("ranking");
    for (const auto& tier : ts) {
      e.begin_sequence();
      for (const State s : tier) e.number(s + 1.0);
      e.end_sequence();
      e.pause();
    }
    e.end_sequence();
    e.begin_sequence("decided_by");
    for (std::size_t q = 0; q + 1 < ts.size(); ++q) {
      const auto j = conflict::deciding_statement(m, k, ts[q].front(), ts[q + 1].front());
      if (j) {
        e.string(d.statements[*j]);
      } else {
        e.null();
      }
    }
    e.end_sequence();
  }
  e.end_mapping();
}

void conflict_part(Emitter& e, const Scenario& sc, const StabilityReport& r) {
  const Model& m = *r.model;
  e.begin_mapping("conflict");
  e.key("options");
  e.built([&] { return conflict_options_node(sc); });
  e.num("feasible_states", static_cast<double>(m.size()));
  e.num("codes", static_cast<double>(conflict::Code{1} << m.option_count()));
  e.begin_sequence("decision_makers");
  for (std::size_t k = 0; k < m.dm_count(); ++k) decision_maker(e, r, *sc.conflict, k);
  e.end_sequence();
  e.end_mapping();
}

void explanation(Emitter& e, const Scenario& sc, const Model& m, const conflict::Explanation& x) {
  e.begin_mapping();
  e.str("dm", dm_id(m, x.dm));
  e.str("concept", conflict::concept_name(x.kind));
  e.flag("stable", x.stable);
  if (x.kind == Concept::limited) {
    if (x.first_move == conflict::kNoState) {
      e.nothing("first_move");
    } else {
      e.num("first_move", x.first_move + 1.0);
    }
    e.num("anticipated_outcome", x.outcome + 1.0);
    e.flag("decided_by_ties", x.by_ties);
    e.end_mapping();
    return;
  }
  e.begin_sequence("improvements");
  for (const auto& d : x.improvements) {
    e.begin_mapping();
    e.num("to", d.improvement + 1.0);
    if (const auto j = conflict::deciding_statement(m, x.dm, d.improvement, x.state)) {
      e.str("because", m.dm(x.dm).statements[*j]);
    } else {
      e.nothing("because");
    }
    if (x.kind == Concept::sim) {
      simultaneous_route(e, sc, m, d);
    } else if (x.kind != Concept::nash) {
      route(e, "sanction", sc, m, d.sanction);
    }
    e.end_mapping();
  }
  e.end_sequence();
  e.end_mapping();
}

// Each state listed (all, or the equilibria) with the decision makers for whom it is stable, per concept.
void states_part(Emitter& e, const Scenario& sc, const StabilityReport& r) {
  const Model& m = *r.model;
  const auto concepts = r.stability.concepts();
  const auto state = [&](State s) {
    e.begin_mapping();
    e.num("number", s + 1.0);
    e.num("code", static_cast<double>(m.code(s)));
    e.str("pattern", pattern(sc, m, s));
    e.begin_mapping("stable");
    for (const Concept c : concepts) {
      e.begin_sequence(conflict::concept_name(c));
      for (std::size_t k = 0; k < m.dm_count(); ++k) {
        if (r.stability.stable(k, s, c)) e.string(dm_id(m, k));
      }
      e.end_sequence();
    }
    e.end_mapping();
    e.end_mapping();
    e.pause();
  };
  e.begin_sequence("states");
  if (r.all_states) {
    for (State s = 0; s < m.size(); ++s) state(s);
  } else {
    for (const State s : r.equilibria) state(s);
  }
  e.end_sequence();
}

// Where the status quo can go: the equilibria it reaches, by any moves and by improvements only.
void status_quo_part(Emitter& e, const Scenario& sc, const StabilityReport& r) {
  if (!r.status_quo) {
    e.nothing("status_quo");
    return;
  }
  const Model& m = *r.model;
  const auto& q = *r.status_quo;
  e.begin_mapping("status_quo");
  e.num("state", q.start + 1.0);
  e.str("pattern", pattern(sc, m, q.start));
  e.num("reachable", static_cast<double>(q.reachable));
  e.num("reachable_by_improvements", static_cast<double>(q.reachable_by_improvements));
  e.begin_sequence("equilibria");
  for (const auto& t : q.targets) {
    e.begin_mapping();
    e.num("state", t.state + 1.0);
    e.str("pattern", pattern(sc, m, t.state));
    e.begin_sequence("concepts");
    for (const Concept c : concepts_of(r, t.state)) e.string(conflict::concept_name(c));
    e.end_sequence();
    route(e, "by_moves", sc, m, t.by_moves);
    route(e, "by_improvements", sc, m, t.by_improvements);
    e.end_mapping();
  }
  e.end_sequence();
  e.num("equilibria_total", static_cast<double>(r.equilibria.size()));
  e.end_mapping();
}

// Each coalition analysed: the equilibria it can upset, with its path, and those it cannot.
void coalitions_part(Emitter& e, const Scenario& sc, const StabilityReport& r) {
  if (!r.coalitions) {
    e.nothing("coalitions");
    return;
  }
  const Model& m = *r.model;
  e.begin_sequence("coalitions");
  std::vector<std::uint8_t> upset(m.size(), 0);  // per state: a path of the coalition at hand upsets it
  std::vector<State> holds;
  for (const auto& c : *r.coalitions) {
    e.begin_mapping();
    e.begin_sequence("members");
    for (const auto k : c.members) e.string(dm_id(m, k));
    e.end_sequence();
    e.begin_sequence("upsets");
    for (const auto& u : c.upsets) {
      e.begin_mapping();
      e.num("equilibrium", u.state + 1.0);
      e.num("to", u.path.back().to + 1.0);
      e.num("steps", static_cast<double>(u.path.size()));
      path_list(e, sc, m, u.path);
      e.end_mapping();
      upset[u.state] = 1;
    }
    e.end_sequence();
    holds.clear();
    for (const State s : r.equilibria) {
      if (upset[s] == 0) holds.push_back(s);
    }
    for (const auto& u : c.upsets) upset[u.state] = 0;  // clean for the next coalition
    states_list(e, "cannot_upset", holds);
    e.end_mapping();
  }
  e.end_sequence();
}

}  // namespace

void emit_stability(Emitter& e, const Scenario& sc, const StabilityReport& r, const Stamp& stamp) {
  const Model& m = *r.model;
  e.begin_mapping();
  e.key("parley");
  e.built([&] { return stamp_node(stamp); });
  conflict_part(e, sc, r);
  if (r.stability.horizon) {
    e.num("horizon", *r.stability.horizon);
  } else {
    e.nothing("horizon");
  }
  // What each concept asks of a state, so that the output explains its own columns.
  e.begin_sequence("concepts");
  for (const Concept c : r.stability.concepts()) {
    e.begin_mapping();
    e.str("id", conflict::concept_name(c));
    e.str("title", limited_title(r, c));
    e.str("description", conflict::concept_meaning(c, r.stability.horizon));
    e.end_mapping();
  }
  e.end_sequence();
  e.str("states_listed", r.all_states ? "all" : "equilibria");
  states_part(e, sc, r);
  e.begin_mapping("equilibria");
  for (const Concept c : r.stability.concepts()) states_list(e, conflict::concept_name(c), r.stability.equilibria(c));
  if (r.stability.horizon) states_list(e, "limited_decided_by_ties", r.stability.limited_by_ties());
  e.end_mapping();
  status_quo_part(e, sc, r);
  coalitions_part(e, sc, r);
  if (!r.coalitions_note.empty()) e.str("coalitions_note", r.coalitions_note);
  if (r.moves) {
    e.begin_sequence("moves");
    for (const auto& mv : *r.moves) {
      e.begin_mapping();
      e.str("dm", dm_id(m, mv.dm));
      e.num("from", mv.from + 1.0);
      e.num("to", mv.to + 1.0);
      e.flag("improvement", mv.improvement);
      e.end_mapping();
    }
    e.end_sequence();
  }
  if (r.explained) {
    e.begin_mapping("explanation");
    e.num("state", *r.explained + 1.0);
    e.str("pattern", pattern(sc, m, *r.explained));
    e.begin_sequence("verdicts");
    for (const auto& x : r.explanations) explanation(e, sc, m, x);
    e.end_sequence();
    e.end_mapping();
  }
  e.end_mapping();
}

Node stability_json(const Scenario& sc, const StabilityReport& r, const Stamp& stamp) {
  doc::TreeEmitter tree;
  emit_stability(tree, sc, r, stamp);
  return tree.take();
}

namespace {

std::string state_text(const Scenario& sc, const Model& m, State s) {
  return number(s) + " " + pattern(sc, m, s);
}

// Text lists at most this many states in a table or a set, status quo routes and coalition upsets; JSON and CSV
// list them all.
constexpr std::size_t kTextRows = 1000;

std::string set_text(const std::vector<State>& states) {
  std::string out = "{";
  const std::size_t shown = std::min(states.size(), kTextRows);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + number(states[i]);
  if (shown < states.size()) out += ", ... " + std::to_string(states.size() - shown) + " more";
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

// SIM's sanction in words: "d2 sets x=Y and d3 sets y=N".
std::string simultaneous_text(const Scenario& sc, const Model& m, const std::vector<Step>& moves) {
  std::string out;
  for (std::size_t i = 0; i < moves.size(); ++i) {
    out += i ? " and " : "";
    out += dm_id(m, moves[i].dm) + " sets";
    for (const auto& [option, value] : changes(sc, m, moves[i])) out += " " + option + "=" + value;
  }
  return out;
}

std::string letters(const StabilityReport& r, std::size_t k, State s) {
  static constexpr char kLetters[] = {'N', 'G', 'S', 'Q', 'M', 'L'};
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
    std::size_t shown = 0;  // states written: at most kTextRows a decision maker
    for (std::size_t q = 0; q < ts.size() && shown < kTextRows; ++q) {
      if (q) line += " > ";
      if (ts[q].size() > 1) line += "[";
      std::size_t i = 0;
      for (; i < ts[q].size() && shown < kTextRows; ++i, ++shown) line += (i ? " " : "") + number(ts[q][i]);
      if (i < ts[q].size()) line += " ...";  // a tie cut part-way
      if (ts[q].size() > 1) line += "]";
      // Why this tier is above the next, when the next is shown.
      if (q + 1 < ts.size() && shown < kTextRows) {
        if (const auto j = conflict::deciding_statement(m, k, ts[q].front(), ts[q + 1].front())) {
          why += (why.empty() ? "" : ", ") + number(ts[q].front()) + " > " + number(ts[q + 1].front()) + " by '" +
                 m.dm(k).statements[*j] + "'";
        }
      }
    }
    if (shown < m.size()) {
      line += " ... (the first " + std::to_string(shown) + " of " + std::to_string(m.size()) + " states)";
    }
    out += line + "\n";
    if (!why.empty()) out += "    " + why + "\n";
    else if (m.dm(k).statements.empty()) out += "    (an explicit ranking)\n";
  }
  return out;
}

std::string explanation_text(const Scenario& sc, const Model& m, const StabilityReport& r) {
  const State s = *r.explained;
  std::string out = "\nWhy state " + state_text(sc, m, s) + " is or is not stable\n";
  for (std::size_t i = 0; i < r.explanations.size(); ++i) {
    const auto& e = r.explanations[i];
    const std::string who = dm_id(m, e.dm);
    // A decision maker with no improvement is stable under every concept for the same reason: say it once.
    if (e.kind == Concept::nash && e.improvements.empty()) {
      out += "  " + who + ": stable under Nash, GMR, SMR, SEQ and SIM: " + who +
             " has no unilateral improvement from " + number(s) + ".\n";
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
      if (d.sanction && e.kind == Concept::sim) {
        body += ": sanctioned: at the same time " + simultaneous_text(sc, m, *d.sanction) + ", giving " +
                state_text(sc, m, d.outcome) + ", which " + who + " likes no more than " + number(s);
      } else if (d.sanction) {
        body +=
            ": sanctioned: " + path_text(sc, m, *d.sanction) + ", which " + who + " likes no more than " + number(s);
        if (e.kind == Concept::smr) body += " and from which it cannot escape to anything better";
      } else if (e.kind == Concept::sim) {
        body += ": no choice of the others' improvements from " + number(s) + ", made at the same time, leaves " + who +
                " at " + number(s) + " or worse";
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

  std::string legend = "N Nash, G GMR, S SMR, Q SEQ, M SIM";
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
  const std::size_t listed = table_all ? m.size() : r.equilibria.size();
  for (std::size_t i = 0; i < std::min(listed, kTextRows); ++i)
    row(table_all ? static_cast<State>(i) : r.equilibria[i]);
  out += t.render();
  if (listed > kTextRows) {
    out += "  (the first " + std::to_string(kTextRows) + " of " + std::to_string(listed) +
           (table_all ? " states" : " equilibria") + "; --format csv lists them all)\n";
  }

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

void stability_csv(const Scenario& sc, const StabilityReport& r, const std::function<void(std::string_view)>& sink) {
  const Model& m = *r.model;
  const auto concepts = r.stability.concepts();
  std::string out = "number,code,pattern";
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    for (const Concept c : concepts) out += "," + m.dm(k).id + "_" + std::string(conflict::concept_name(c));
  }
  for (const Concept c : concepts) out += ",equilibrium_" + std::string(conflict::concept_name(c));
  out += "\n";
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  const auto row = [&](State s) {
    out += number(s) + "," + std::to_string(m.code(s)) + "," + pattern(sc, m, s);
    for (std::size_t k = 0; k < m.dm_count(); ++k) {
      for (const Concept c : concepts) out += r.stability.stable(k, s, c) ? ",1" : ",0";
    }
    for (const Concept c : concepts) out += r.stability.equilibrium(s, c) ? ",1" : ",0";
    out += "\n";
    if (out.size() >= kChunk) {
      sink(out);
      out.clear();
    }
  };
  if (r.all_states) {
    for (State s = 0; s < m.size(); ++s) row(s);
  } else {
    for (const State s : r.equilibria) row(s);
  }
  sink(out);
}

}  // namespace parley::report
