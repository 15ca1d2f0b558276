// `parley analyze --format json`.
#include <algorithm>
#include <cmath>

#include "core/stats.hpp"
#include "core/text.hpp"
#include "doc/emitter.hpp"
#include "report/analyze.hpp"

#include "analysis/rule.hpp"
#include "report/format.hpp"
#include "report/show.hpp"

namespace parley::report {

using analysis::Space;
using doc::Emitter;
using doc::Node;

namespace {

void optional_number(Emitter& e, std::string_view key, const std::optional<double>& x) {
  if (x) {
    computed(e, key, *x);
  } else {
    e.nothing(key);
  }
}

void value_at(Emitter& e, const Space& space, std::size_t k, std::size_t j) {
  const auto& issue = space.issues[k];
  if (issue.labels.empty()) {
    computed(e, issue.values[j]);
  } else {
    e.string(issue.labels[j]);  // an option, by name
  }
}

// A value of issue k's scale: on a discrete issue the option there (the nearest, for a position drawn between
// options), by name; else the number.
void scale(Emitter& e, std::string_view key, const Space& space, std::size_t k, double x) {
  const auto& labels = space.issues[k].labels;
  if (labels.empty()) {
    computed(e, key, x);
  } else {
    e.str(key, labels[core::nearest_option(x, labels.size())]);
  }
}

void values(Emitter& e, const Space& space, const std::vector<std::size_t>& package) {
  e.begin_mapping();
  for (std::size_t k = 0; k < package.size(); ++k) {
    e.key(space.issues[k].id);
    value_at(e, space, k, package[k]);
  }
  e.end_mapping();
}

// A package's values, utilities and ratification chance; the mapping is left open for the caller's fields.
void open_package(Emitter& e, const Space& space, const std::vector<std::size_t>& package) {
  e.begin_mapping();
  e.key("values");
  values(e, space, package);
  e.begin_mapping("utilities");
  for (const auto& actor : space.actors) computed(e, actor.id, actor.utility(package));
  e.end_mapping();
  // A scorable game's parties: each one's total score too, the numbers its players negotiate in.
  if (std::any_of(space.actors.begin(), space.actors.end(), [](const auto& a) { return a.points.has_value(); })) {
    e.begin_mapping("scores");
    for (const auto& actor : space.actors) {
      if (actor.points)
        computed(e, actor.id, core::snap_decimal(actor.points->least + actor.points->span * actor.utility(package)));
    }
    e.end_mapping();
  }
  computed(e, "ratification", space.ratification(package));
}

void package(Emitter& e, const Space& space, const std::vector<std::size_t>& package) {
  open_package(e, space, package);
  e.end_mapping();
}

void per_party(Emitter& e, std::string_view key, const Space& space, const std::vector<double>& x) {
  e.begin_mapping(key);
  for (std::size_t i = 0; i < space.parties.size(); ++i) computed(e, space.actors[space.parties[i]].id, x[i]);
  e.end_mapping();
}

// The issue's values with the parties' red lines applied (analysis::agreed_values).
void agreed_part(Emitter& e, const Space& space, const analysis::AgreedValues& agreed, std::size_t k) {
  e.begin_mapping("with_red_lines");
  e.flag("computed", agreed.computed);
  const auto& labels = space.issues[k].labels;
  if (agreed.computed) {
    e.flag("exists", labels.empty() ? !agreed.regions.empty() : !agreed.options.empty());
    if (labels.empty()) {
      e.begin_sequence("regions");
      for (const auto& r : agreed.regions) {
        e.begin_mapping();
        computed(e, "low", r.low);
        computed(e, "high", r.high);
        e.flag("low_open", r.low_open);
        e.flag("high_open", r.high_open);
        e.end_mapping();
      }
      e.end_sequence();
    } else {
      e.begin_sequence("options");
      for (const std::size_t j : agreed.options) e.string(labels[j]);
      e.end_sequence();
    }
  }
  e.begin_sequence("red_lines");
  for (const std::size_t r : agreed.red_lines) e.string(space.rules[r].id);
  e.end_sequence();
  e.end_mapping();
}

// Two ends on issue k under `low_key` and `high_key`, or nulls where there are none (a nominal issue's options, or
// `shown` false).
void ends(Emitter& e, const Space& space, std::size_t k, std::string_view low_key, std::string_view high_key,
          double low, double high, bool shown = true) {
  if (!shown || space.issues[k].nominal) {
    e.nothing(low_key);
    e.nothing(high_key);
    return;
  }
  scale(e, low_key, space, k, low);
  scale(e, high_key, space, k, high);
}

// Options of discrete issue k by name.
void option_list(Emitter& e, std::string_view key, const Space& space, std::size_t k,
                 const std::vector<std::size_t>& options) {
  e.begin_sequence(key);
  for (const std::size_t o : options) e.string(space.issues[k].labels[o]);
  e.end_sequence();
}

void zopa_part(Emitter& e, const Space& space, const analysis::IssueStats& st, const analysis::AgreedValues* agreed) {
  const std::size_t k = st.issue;
  e.begin_mapping("zopa");
  e.flag("exists", st.zopa);
  const bool nominal = space.issues[k].nominal;
  ends(e, space, k, "low", "high", st.low, st.high, st.zopa);
  computed(e, "gap", st.gap);
  if (!space.issues[k].labels.empty() && !st.intervals.empty()) option_list(e, "options", space, k, st.common);
  // Only when two parties' ends cross: options listed with holes can leave no option in common with no ends apart.
  if (!st.zopa && !nominal && st.low > st.high) {
    // The two parties whose limits leave the gap: one will not go below `low`, the other above `high`.
    e.begin_mapping("between");
    e.str("above", space.actors[st.blocking_low].id);
    e.str("below", space.actors[st.blocking_high].id);
    scale(e, "low", space, k, st.low);
    scale(e, "high", space, k, st.high);
    e.end_mapping();
  }
  if (agreed != nullptr && !st.intervals.empty()) agreed_part(e, space, *agreed, st.issue);
  e.end_mapping();
}

void issue_part(Emitter& e, const Space& space, const analysis::IssueStats& st, const analysis::AgreedValues* agreed) {
  const auto& issue = space.issues[st.issue];
  const std::size_t k = st.issue;
  e.begin_mapping();
  e.str("id", issue.id);
  e.str("name", issue.name);
  optional_number(e, "weighted_mean", st.mean);
  if (st.median) {
    scale(e, "weighted_median", space, k, *st.median);
  } else {
    e.nothing("weighted_median");
  }
  // A nominal issue has no median; its plurality option is its counterpart.
  if (issue.nominal) {
    if (st.plurality) {
      e.str("plurality", issue.labels[*st.plurality]);
    } else {
      e.nothing("plurality");
    }
  }
  if (!st.option_weights.empty()) {
    // The discrete counterpart of the mean and sd (which stay null): the share of the weight at each option.
    e.begin_mapping("option_weights");
    for (std::size_t j = 0; j < st.option_weights.size() && j < issue.labels.size(); ++j)
      computed(e, issue.labels[j], st.option_weights[j]);
    e.end_mapping();
  }
  e.begin_mapping("spread");
  optional_number(e, "sd", st.sd);
  ends(e, space, k, "lowest", "highest", st.lowest, st.highest);
  e.end_mapping();
  e.begin_mapping("intervals");
  for (const auto& in : st.intervals) {
    e.begin_mapping(space.actors[in.actor].id);
    ends(e, space, k, "low", "high", in.low, in.high);
    e.flag("reservation", in.reserved);
    if (!in.accepted.empty()) {
      std::vector<std::size_t> accepted;
      for (std::size_t o = 0; o < in.accepted.size(); ++o)
        if (in.accepted[o] != 0) accepted.push_back(o);
      option_list(e, "options", space, k, accepted);
    }
    e.end_mapping();
  }
  e.end_mapping();
  zopa_part(e, space, st, agreed);
  e.begin_sequence("farthest");
  for (const auto& d : st.farthest) {
    e.begin_mapping();
    e.str("actor", space.actors[d.actor].id);
    // On a discrete issue the option the actor stands at, and the distance in options.
    for (const auto& p : st.positions)
      if (p.actor == d.actor && !issue.labels.empty()) scale(e, "position", space, k, p.position);
    computed(e, "distance", d.distance);
    e.end_mapping();
  }
  e.end_sequence();
  e.end_mapping();
}

void concession(Emitter& e, const Space& space, const analysis::Concession& c) {
  e.begin_mapping();
  switch (c.kind) {
    case analysis::Concession::Kind::reservation:
    case analysis::Concession::Kind::at_least:
    case analysis::Concession::Kind::at_most:
      e.str("kind", c.kind == analysis::Concession::Kind::reservation ? "reservation"
                    : c.kind == analysis::Concession::Kind::at_least  ? "at_least"
                                                                      : "at_most");
      e.str("issue", space.issues[c.issue].id);
      computed(e, "from", c.from);
      computed(e, "to", c.to);
      break;
    case analysis::Concession::Kind::acceptable:
      e.str("kind", "acceptable");
      e.str("issue", space.issues[c.issue].id);
      computed(e, "to", c.to);
      break;
    case analysis::Concession::Kind::no_deal:
      e.str("kind", "no_deal");
      computed(e, "from", c.from);
      computed(e, "to", c.to);
      break;
    case analysis::Concession::Kind::red_line:
      e.str("kind", "red_line");
      e.str("constraint", space.rules[c.rule].id);
      e.flag("drop", c.drop);
      break;
  }
  computed(e, "cost", c.cost);
  e.end_mapping();
}

void bridge_part(Emitter& e, const Space& space, const analysis::Bridge& b) {
  e.begin_mapping("what_it_would_take");
  if (!b.computed) {
    e.flag("needed", true);
    e.flag("computed", false);
    e.str("reason", b.not_computed);
    e.end_mapping();
    return;
  }
  e.flag("needed", !b.found || b.cost > analysis::kUtilityEpsilon);
  e.flag("found", b.found);
  computed(e, "min_ratification", b.min_ratification);
  e.flag("exact", b.exact);
  if (!b.found) {
    computed(e, "nodes", b.nodes);
    e.end_mapping();
    return;
  }
  computed(e, "ratification", b.ratification);
  computed(e, "cost", b.cost);
  computed(e, "lower_bound", b.lower_bound);
  e.key("package");
  package(e, space, b.package);
  e.begin_sequence("parties");
  std::size_t most = 0;
  for (std::size_t i = 0; i < space.parties.size(); ++i) {
    if (b.party_cost[i] > b.party_cost[most] + analysis::kUtilityEpsilon) most = i;
    const std::size_t p = space.parties[i];
    e.begin_mapping();
    e.str("actor", space.actors[p].id);
    computed(e, "cost", b.party_cost[i]);
    e.begin_sequence("concessions");
    for (const auto& c : b.concessions) {
      if (c.actor == p) concession(e, space, c);
    }
    e.end_sequence();
    e.end_mapping();
  }
  e.end_sequence();
  if (space.parties.empty()) {
    e.nothing("most");
  } else {
    e.str("most", space.actors[space.parties[most]].id);
  }
  computed(e, "nodes", b.nodes);
  e.end_mapping();
}

void solutions_part(Emitter& e, const Space& space, const analysis::PackageAnalysis& pa) {
  const auto& s = pa.solutions;
  const auto& f = pa.frontier;
  if (space.parties.empty()) {
    e.begin_mapping("disagreement");
    e.end_mapping();
  } else {
    per_party(e, "disagreement", space, s.disagreement);
  }
  if (space.parties.empty() || f.points.empty()) {
    e.nothing("best");
  } else {
    per_party(e, "best", space, s.best);
  }
  e.begin_mapping("solutions");
  const auto solution = [&](std::string_view name, const std::optional<std::size_t>& i) {
    e.key(name);
    if (i) {
      package(e, space, analysis::package_of(space, pa.blocks, f.points[*i]));
    } else {
      e.null();
    }
  };
  solution("nash", s.nash);
  solution("kalai_smorodinsky", s.kalai_smorodinsky);
  solution("egalitarian", s.egalitarian);
  solution("utilitarian", s.utilitarian);
  solution("leximin", s.leximin);
  e.end_mapping();
}

// Who must accept (the rule in words), the parties without whom nothing passes, and, under a rule other than
// unanimity, the parties pivotal for each solution: those whose refusal alone would sink it.
void decision_part(Emitter& e, const Space& space, const analysis::PackageAnalysis& pa) {
  e.begin_mapping("decision");
  e.str("description", analysis::rule_text(space));  // "description": a label, which sweeps leave out
  e.flag("unanimity", space.decision.unanimity);
  e.begin_sequence("essential");
  for (std::size_t i : space.decision.essential) e.string(space.actors[space.parties[i]].id);
  e.end_sequence();
  if (!space.decision.unanimity) {
    e.begin_mapping("pivotal");
    const auto& s = pa.solutions;
    for (const auto& [name, i] : {std::pair{"nash", s.nash}, std::pair{"kalai_smorodinsky", s.kalai_smorodinsky},
                                  std::pair{"egalitarian", s.egalitarian}, std::pair{"utilitarian", s.utilitarian},
                                  std::pair{"leximin", s.leximin}}) {
      if (!i) continue;
      e.begin_sequence(name);
      for (std::size_t p : analysis::pivotal(space, analysis::package_of(space, pa.blocks, pa.frontier.points[*i])))
        e.string(space.actors[space.parties[p]].id);
      e.end_sequence();
    }
    e.end_mapping();
  }
  e.end_mapping();
}

// Adjusted Winner (analysis/adjusted_winner.hpp): whether it applies and why not; else who gets each issue, the
// split, each party's points and what the allocation is worth to it.
void adjusted_winner_part(Emitter& e, const Space& space, const analysis::AdjustedWinner& aw) {
  using To = analysis::AdjustedWinner::To;
  e.begin_mapping("adjusted_winner");
  e.flag("applies", aw.applies);
  if (!aw.applies) {
    e.str("reason", aw.reason);
    e.end_mapping();
    return;
  }
  const auto id = [&](std::size_t p) { return space.actors[space.parties[p]].id; };
  e.begin_mapping("values");
  for (std::size_t k = 0; k < space.issues.size(); ++k) {
    const auto& labels = space.issues[k].labels;
    if (!labels.empty() && aw.option[k]) {
      e.str(space.issues[k].id, labels[*aw.option[k]]);
    } else {
      computed(e, space.issues[k].id, aw.values[k]);
    }
  }
  e.end_mapping();
  e.begin_mapping("to");
  for (std::size_t k = 0; k < space.issues.size(); ++k) {
    e.str(space.issues[k].id, aw.to[k] == To::first    ? id(0)
                              : aw.to[k] == To::second ? id(1)
                              : aw.to[k] == To::split  ? "split"
                              : aw.to[k] == To::both   ? "both"
                                                       : "neither");
  }
  e.end_mapping();
  if (aw.split) {
    e.begin_mapping("split");
    e.str("issue", space.issues[*aw.split].id);
    computed(e, id(0), aw.first_share);
    computed(e, id(1), 1 - aw.first_share);
    e.end_mapping();
  } else {
    e.nothing("split");
  }
  e.begin_mapping("points");
  for (std::size_t p = 0; p < 2; ++p) {
    e.begin_mapping(id(p));
    for (std::size_t k = 0; k < space.issues.size(); ++k) computed(e, space.issues[k].id, aw.points[p][k]);
    e.end_mapping();
  }
  e.end_mapping();
  e.begin_mapping("total");
  for (std::size_t p = 0; p < 2; ++p) computed(e, id(p), aw.total[p]);
  e.end_mapping();
  e.begin_mapping("utilities");
  for (std::size_t p = 0; p < 2; ++p) computed(e, id(p), aw.utility[p]);
  e.end_mapping();
  e.begin_mapping("accepts");
  for (std::size_t p = 0; p < 2; ++p) e.flag(id(p), aw.accepts[p]);
  e.end_mapping();
  e.end_mapping();
}

void packages_part(Emitter& e, const Space& space, const analysis::PackageAnalysis& pa, const AnalyzeView& view) {
  e.begin_mapping("packages");
  computed(e, "total", pa.total);
  // Per issue, the values added to its step grid where a party's acceptance or a vote changes.
  e.begin_mapping("breakpoints");
  for (const auto& issue : space.issues) {
    if (issue.breakpoints.empty()) continue;
    e.begin_sequence(issue.id);
    for (const double v : issue.breakpoints) computed(e, v);
    e.end_sequence();
  }
  e.end_mapping();
  // Per issue, the value added for a package every party accepts that lies between grid values (docs/analysis.md).
  e.begin_mapping("found_off_grid");
  for (const auto& issue : space.issues)
    if (issue.found) computed(e, issue.id, *issue.found);
  e.end_mapping();
  if (pa.agreeable.exact) {
    computed(e, "agreeable", pa.agreeable.value);
  } else {
    e.nothing("agreeable");
  }
  if (pa.unanimous.exact) {
    computed(e, "unanimous", pa.unanimous.value);
  } else {
    e.nothing("unanimous");
  }
  decision_part(e, space, pa);
  // Whether a deal exists at all: a sweep gives its probability. The frontier is exact even when the count
  // is only bounded, and empty exactly when nothing is agreeable.
  e.flag("agreeable_exists", space.parties.empty() || !pa.frontier.points.empty());
  if (!pa.agreeable.exact) {
    e.begin_sequence("agreeable_bounds");
    computed(e, pa.agreeable.low);
    computed(e, pa.agreeable.high);
    e.end_sequence();
  }
  e.begin_sequence("parties");
  for (std::size_t p : space.parties) e.string(space.actors[p].id);
  e.end_sequence();
  const auto& f = pa.frontier;
  computed(e, "pareto_packages", f.packages);
  computed(e, "pareto_distinct", static_cast<double>(f.distinct));
  e.begin_sequence("pareto");
  std::size_t listed = 0;
  for (const auto& point : f.points) {
    for (double k = 0; k < point.packages(); k += 1) {
      if (view.max_pareto != 0 && listed >= view.max_pareto) break;
      package(e, space, analysis::package_of(space, pa.blocks, point, k));
      ++listed;
    }
  }
  e.end_sequence();
  computed(e, "pareto_listed", static_cast<double>(listed));
  solutions_part(e, space, pa);
  adjusted_winner_part(e, space, pa.adjusted_winner);
  if (pa.bridge) {
    bridge_part(e, space, *pa.bridge);
  } else {
    e.begin_mapping("what_it_would_take");
    e.flag("needed", false);
    e.end_mapping();
  }
  e.end_mapping();
}

// The tree of what `write` emits.
template <class F>
Node tree_of(F&& write) {
  doc::TreeEmitter tree;
  write(tree);
  return tree.take();
}

}  // namespace

void emit_analyze(Emitter& e, const Analysis& a, const Stamp& stamp, const AnalyzeView& view) {
  e.begin_mapping();
  e.key("parley");
  e.built([&] { return stamp_node(stamp); });
  e.str("title", a.space.title);
  if (!a.at.empty()) e.str("at", a.at);
  e.begin_sequence("issues");
  for (const auto& st : a.issues)
    issue_part(e, a.space, st, st.issue < a.agreed.size() ? &a.agreed[st.issue] : nullptr);
  e.end_sequence();
  packages_part(e, a.space, a.packages, view);
  e.end_mapping();
}

Node analyze_json(const Analysis& a, const Stamp& stamp, const AnalyzeView& view) {
  return tree_of([&](Emitter& e) { emit_analyze(e, a, stamp, view); });
}

Node values_json(const Space& space, const std::vector<std::size_t>& package) {
  return tree_of([&](Emitter& e) { values(e, space, package); });
}

Node positions_json(const Analysis& a) {
  return tree_of([&](Emitter& e) {
    e.begin_sequence();
    for (const auto& st : a.issues) {
      e.begin_mapping();
      e.str("id", a.space.issues[st.issue].id);
      e.begin_sequence("positions");
      for (const auto& p : st.positions) {
        e.begin_mapping();
        e.str("actor", a.space.actors[p.actor].id);
        scale(e, "position", a.space, st.issue, p.position);
        computed(e, "salience", p.salience);
        computed(e, "weight", p.weight);
        e.end_mapping();
      }
      e.end_sequence();
      e.end_mapping();
    }
    e.end_sequence();
  });
}

Node cloud_json(const Analysis& a, const std::vector<std::vector<std::size_t>>& packages) {
  return tree_of([&](Emitter& e) {
    e.begin_sequence();
    for (const auto& p : packages) {
      open_package(e, a.space, p);
      e.flag("agreeable", a.space.agreeable(p));
      e.end_mapping();
    }
    e.end_sequence();
  });
}

Node timeline_json(const std::vector<Analysis>& points, const Stamp& stamp) {
  return tree_of([&](Emitter& e) {
    e.begin_mapping();
    e.key("parley");
    e.built([&] { return stamp_node(stamp); });
    if (!points.empty()) e.str("title", points.front().space.title);
    e.begin_sequence("timeline");
    for (const auto& a : points) {
      e.begin_mapping();
      e.str("at", a.at);
      if (a.date.empty()) {
        e.nothing("date");
      } else {
        e.str("date", a.date);
      }
      if (a.label.empty()) {
        e.nothing("label");
      } else {
        e.str("label", a.label);
      }
      e.begin_sequence("issues");
      for (const auto& st : a.issues) {
        e.begin_mapping();
        e.str("id", a.space.issues[st.issue].id);
        // On a discrete issue the option there, by name, as `analyze` gives it (an index would name nothing).
        if (st.median) {
          scale(e, "weighted_median", a.space, st.issue, *st.median);
        } else {
          e.nothing("weighted_median");
        }
        e.flag("zopa", st.zopa);
        computed(e, "gap", st.gap);
        e.end_mapping();
      }
      e.end_sequence();
      const auto& pa = a.packages;
      if (pa.agreeable.exact) {
        computed(e, "agreeable", pa.agreeable.value);
      } else {
        e.nothing("agreeable");
      }
      computed(e, "pareto_packages", pa.frontier.packages);
      e.key("nash");
      if (pa.solutions.nash) {
        package(e, a.space, analysis::package_of(a.space, pa.blocks, pa.frontier.points[*pa.solutions.nash]));
      } else {
        e.null();
      }
      if (pa.bridge && pa.bridge->found) {
        computed(e, "what_it_would_take", pa.bridge->cost);
      } else {
        e.nothing("what_it_would_take");
      }
      e.end_mapping();
    }
    e.end_sequence();
    e.end_mapping();
  });
}

}  // namespace parley::report
