// `parley sweep`: JSON, text and CSV.
#include "report/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/text.hpp"
#include "report/format.hpp"
#include "report/show.hpp"
#include "report/table.hpp"
#include "scenario/build.hpp"

namespace parley::report {

using doc::Node;

namespace {

std::string value_text(const sweep::Value& v) {
  if (const double* x = std::get_if<double>(&v)) return core::format_number(*x);
  return std::string(sweep::category_text(std::get<std::string>(v)));
}

// The results an analyst reads first: forecasts, issues' weighted medians, the agreeable count and the cost
// of opening a deal.
bool headline(const std::string& path) {
  const auto ends = [&](std::string_view tail) {
    return path.size() >= tail.size() && path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
  };
  const bool issue = path.rfind("issues.", 0) == 0;
  return path == "forecast" || path == "packages.agreeable" || path == "packages.what_it_would_take.cost" ||
         (issue && (ends(".forecast") || ends(".weighted_median") || ends(".spread")));
}

// A grid as one table: the axes' values, then the headline results' means (and 5 % and 95 % quantiles
// when the points have draws).
std::string grid_text(const SweepReport& r) {
  // A result is shown when it is a number or a category (a discrete issue's option, by name) in some draw.
  const auto present = [](const sweep::Summary& s) { return s.count > 0 || (!s.p.empty() && !s.membership); };
  std::vector<std::string> shown;
  if (!r.grid.empty()) {
    for (const auto& s : r.grid.front().summaries) {
      if (present(s) && headline(s.path)) shown.push_back(s.path);
    }
    for (std::size_t i = 0; shown.empty() && i < r.grid.front().summaries.size(); ++i) {
      if (r.grid.front().summaries[i].count > 0) shown.push_back(r.grid.front().summaries[i].path);
    }
  }
  const bool spread = r.draws > 1;
  std::vector<std::string> header;
  for (const auto& axis : r.axes) header.push_back(path_label(r.names, axis.path));
  for (const auto& path : shown) {
    // Numbers by their mean and quantiles, categories (options by name) by the most frequent one and its share.
    const auto& first = r.grid.front().summaries;
    const auto it = std::find_if(first.begin(), first.end(), [&](const sweep::Summary& s) { return s.path == path; });
    const bool category = it != first.end() && it->count == 0;
    header.push_back(path_label(r.names, path) + (!spread ? "" : category ? " mode (share)" : " mean [q05, q95]"));
  }
  Table t(header);
  for (const auto& point : r.grid) {
    std::vector<std::string> row;
    for (const double v : point.values) row.push_back(rounded(v, 4));
    for (const auto& path : shown) {
      const auto it = std::find_if(point.summaries.begin(), point.summaries.end(),
                                   [&](const sweep::Summary& s) { return s.path == path && present(s); });
      if (it == point.summaries.end()) {
        row.push_back("-");
      } else if (it->count == 0) {
        // A category: the most frequent one, with its share when the point has draws.
        const auto top = std::max_element(it->p.begin(), it->p.end(),
                                          [](const auto& a, const auto& b) { return a.second < b.second; });
        row.push_back(std::string(sweep::category_text(top->first)) +
                      (spread ? " (" + rounded(100 * top->second, 1) + " %)" : ""));
      } else {
        row.push_back(rounded(it->mean, 4) +
                      (spread ? " [" + rounded(it->q05, 4) + ", " + rounded(it->q95, 4) + "]" : ""));
      }
    }
    t.add(row);
  }
  std::string out = "\nGrid (" + std::to_string(r.grid.size()) + " points; " +
                    (r.draws == 0 ? std::string("central values") : std::to_string(r.draws) + " draws each") + ")\n";
  return out + t.render();
}

}  // namespace

PathNames path_names(const Scenario& s) {
  PathNames n;
  for (const auto& a : s.actors) n.actors[a.id] = a.name.empty() ? a.id : a.name;
  for (const auto& i : s.issues) n.issues[i.id] = i.name.empty() ? i.id : i.name;
  for (const auto& c : s.constraints)
    n.constraints[c.id] = c.id + (c.actor < s.actors.size() ? " (" + n.actors[s.actors[c.actor].id] + ")" : "");
  return n;
}

namespace {

// A field's words: `no_deal` is the no-deal utility, `zopa` an acronym, every other '_' a space.
std::string field_words(std::string_view part) {
  if (part == "no_deal") return "no-deal utility";
  if (part == "zopa") return "ZOPA";
  std::string out(part);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  for (std::size_t at = 0;;) {
    const std::size_t dot = path.find('.', at);
    parts.push_back(path.substr(at, dot == std::string_view::npos ? std::string_view::npos : dot - at));
    if (dot == std::string_view::npos) return parts;
    at = dot + 1;
  }
}

std::string name_in(const std::map<std::string, std::string, std::less<>>& names, std::string_view id) {
  const auto it = names.find(id);
  return it == names.end() ? std::string(id) : it->second;
}

// The rest of a path as words, ids of actors and issues (a list item's name in sweep::flatten) by name.
std::string rest_words(const PathNames& names, const std::vector<std::string_view>& parts, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < parts.size(); ++i) {
    const auto& p = parts[i];
    std::string word = names.actors.count(p)   ? name_in(names.actors, p)
                       : names.issues.count(p) ? name_in(names.issues, p)
                                               : field_words(p);
    out += (out.empty() ? "" : " ") + word;
  }
  return out;
}

}  // namespace

std::string path_label(const PathNames& names, std::string_view path) {
  const auto parts = split_path(path);
  const auto head = [&](std::string_view first) { return parts.size() >= 3 && parts[0] == first; };
  if (head("actors")) {
    const std::string actor = name_in(names.actors, parts[1]);
    if (parts[2] == "stances" && parts.size() >= 5)
      return actor + ": " + rest_words(names, parts, 4) + " on " + name_in(names.issues, parts[3]);
    return actor + ": " + rest_words(names, parts, 2);
  }
  if (head("issues")) return name_in(names.issues, parts[1]) + ": " + rest_words(names, parts, 2);
  if (head("constraints")) return name_in(names.constraints, parts[1]) + ": " + rest_words(names, parts, 2);
  if (parts.size() >= 2) return field_words(parts[0]) + ": " + rest_words(names, parts, 1);
  return rest_words(names, parts, 0);
}

std::string sensitivity_text(const std::vector<sweep::OutputSensitivity>& all, const PathNames& names) {
  std::vector<const sweep::OutputSensitivity*> shown;
  for (const auto& s : all) {
    if (headline(s.output) && !s.tornado.empty() && s.tornado.front().width() > 0) shown.push_back(&s);
  }
  for (std::size_t i = 0; shown.empty() && i < all.size(); ++i) {
    if (!all[i].tornado.empty() && all[i].tornado.front().width() > 0) shown.push_back(&all[i]);
  }
  std::string out =
      "\nWhat moves the results most (one input at a time, from its 5 % to its 95 % value, the others "
      "central)\n";
  if (shown.empty()) return out + "  no input moves any result\n";
  for (const auto* s : shown) {
    out += "  " + path_label(names, s->output) + " (" + rounded(s->base, 4) +
           " with every input central) depends most on\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(3, s->tornado.size()); ++i) {
      const auto& sw = s->tornado[i];
      if (sw.width() == 0) break;
      out += "    " + std::to_string(i + 1) + ". " + path_label(names, sw.input) + ": " + rounded(sw.low, 4) +
             " at its 5 % value, " + rounded(sw.high, 4) + " at its 95 %";
      const auto share =
          std::find_if(s->shares.begin(), s->shares.end(), [&](const auto& p) { return p.first == sw.input; });
      if (share != s->shares.end()) out += "; " + rounded(100 * share->second, 1) + " % of the variance";
      out += "\n";
    }
  }
  return out;
}

std::string summary_tables(const std::vector<sweep::Summary>& summaries, std::size_t draws, const PathNames& names) {
  // Every row says how many draws it rests on: a number over the draws that had it, a share over all draws.
  Table numbers({"output", "draws", "mean", "sd", "q05", "q50", "q95", "se"});
  Table categories({"output", "shares of " + core::plural(draws, "draw")});
  for (const auto& s : summaries) {
    if (s.count > 0) {
      numbers.add({path_label(names, s.path), std::to_string(s.count), rounded(s.mean, 4), rounded(s.sd, 4),
                   rounded(s.q05, 4), rounded(s.q50, 4), rounded(s.q95, 4), rounded(s.se, 4)});
    }
    if (!s.p.empty() && !(s.count > 0 && s.p.size() == 1 && s.p.count("absent"))) {
      std::string shares;
      for (const auto& [category, share] : s.p)
        shares += (shares.empty() ? "" : ", ") + category + " " + rounded(share, 4);
      categories.add({path_label(names, s.path), shares});
    }
  }
  std::string out;
  if (!numbers.empty()) out += "\nNumeric outputs\n" + numbers.render();
  if (!categories.empty()) out += "\nCategorical outputs (share of draws)\n" + categories.render();
  return out;
}

namespace {

Node outputs_node(const std::vector<sweep::Summary>& summaries, std::size_t draw_count, const PathNames& names) {
  Node outputs = Node::make_mapping();
  const auto draws = static_cast<double>(draw_count);
  for (const auto& s : summaries) {
    Node n = Node::make_mapping();
    n.set("label", Node::make_string(path_label(names, s.path)));
    if (s.count > 0) {
      n.set("count", Node::make_number(static_cast<double>(s.count)));
      n.set("mean", computed(s.mean));
      n.set("sd", computed(s.sd));
      n.set("se", computed(s.se));
      n.set("q05", computed(s.q05));
      n.set("q25", computed(s.q25));
      n.set("q50", computed(s.q50));
      n.set("q75", computed(s.q75));
      n.set("q95", computed(s.q95));
    }
    if (!s.p.empty()) {
      Node p = Node::make_mapping(), se = Node::make_mapping();
      for (const auto& [category, share] : s.p) {
        p.set(category, computed(share));
        se.set(category, computed(std::sqrt(share * (1 - share) / draws)));
      }
      n.set("p", std::move(p));
      n.set("p_se", std::move(se));
    }
    outputs.set(s.path, std::move(n));
  }
  return outputs;
}

}  // namespace

std::string distribution_text(const Uncertain& u) {
  std::string out(shape_name(u.shape));
  out += "(";
  std::vector<double> params = u.locations();
  if (u.shape == Uncertain::Shape::normal) params.push_back(u.p[1]);
  for (std::size_t i = 0; i < params.size(); ++i) out += (i ? ", " : "") + core::format_number(params[i]);
  return out + ")";
}

namespace {

// One answer of the headline block: a share (of all draws) or a number (over the draws that have it).
struct Headline {
  std::string result;  // what it answers, for people
  const sweep::Summary* summary = nullptr;
  std::string category;  // a share: of this category; empty for a number
};

bool ends_with(const std::string& path, std::string_view tail) {
  return path.size() >= tail.size() && path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
}

// The issue a path is about: the part after `prefix` up to the next dot.
std::string issue_of(const std::string& path, std::string_view prefix) {
  const std::string rest = path.substr(prefix.size());
  return rest.substr(0, rest.find('.'));
}

// The answers that matter for the analysis (docs/models.md §7.8): for analyze, whether a deal exists, each
// issue's ZOPA with red lines applied and the cost of opening a deal; for forecast, each issue's forecast and
// whether it settled; for stability, each equilibrium. In the order the outputs came.
std::vector<Headline> headlines(const std::vector<sweep::Summary>& summaries, const PathNames& names) {
  std::vector<Headline> out;
  const auto issue_name = [&](const std::string& id) { return name_in(names.issues, id); };
  // A discrete issue's forecast is an option: its shares are the answer, a mean of option indices is not.
  const auto named = [&](const std::string& issue) {
    return std::any_of(summaries.begin(), summaries.end(), [&](const sweep::Summary& s) {
      return s.path == (issue.empty() ? std::string("option") : "issues." + issue + ".option");
    });
  };
  for (const auto& s : summaries) {
    const std::string& p = s.path;
    if (p == "option" ||
        (p.rfind("issues.", 0) == 0 && ends_with(p, ".option") && std::count(p.begin(), p.end(), '.') == 2)) {
      const std::string issue = p == "option" ? "" : issue_of(p, "issues.");
      for (const auto& [category, share] : s.p) {
        if (category == "absent") continue;
        out.push_back({"P(" + (issue.empty() ? std::string("the forecast") : "the forecast of " + issue_name(issue)) +
                           " is " + category + ")",
                       &s, category});
      }
      continue;
    }
    if ((p == "forecast" && named("")) || (p.rfind("forecast.", 0) == 0 && named(issue_of(p, "forecast.")))) continue;
    // A nominal issue's forecast is its plurality option, named only in the package: each option's share.
    if (p.rfind("forecast.", 0) == 0 && p.find('.', 9) == std::string::npos && s.count == 0 && !s.p.empty()) {
      for (const auto& [category, share] : s.p) {
        if (category == "absent") continue;
        out.push_back(
            {"P(the forecast of " + issue_name(issue_of(p, "forecast.")) + " is " + category + ")", &s, category});
      }
      continue;
    }
    if (p == "packages.agreeable_exists") {
      out.push_back({"P(a deal exists)", &s, "true"});
    } else if (p.rfind("issues.", 0) == 0 && ends_with(p, ".zopa.with_red_lines.exists")) {
      out.push_back({"P(ZOPA on " + issue_name(issue_of(p, "issues.")) + ", red lines applied)", &s, "true"});
    } else if (p == "packages.what_it_would_take.cost") {
      out.push_back({"cost of opening a deal", &s, ""});
    } else if (p == "forecast" || (p.rfind("forecast.", 0) == 0 && p.find('.', 9) == std::string::npos)) {
      out.push_back({p == "forecast" ? "forecast" : "forecast of " + issue_name(issue_of(p, "forecast.")), &s, ""});
    } else if (p == "end.settled" || (p.rfind("issues.", 0) == 0 && ends_with(p, ".end.settled"))) {
      out.push_back({p == "end.settled"
                         ? "P(the forecast does not settle)"
                         : "P(the forecast of " + issue_name(issue_of(p, "issues.")) + " does not settle)",
                     &s, "false"});
    } else if (p.rfind("issues.", 0) == 0 && ends_with(p, ".spread") && std::count(p.begin(), p.end(), '.') == 2) {
      out.push_back({"spread between the models on " + issue_name(issue_of(p, "issues.")), &s, ""});
    } else if (p.rfind("equilibria.", 0) == 0 && std::count(p.begin(), p.end(), '.') == 2) {
      const std::string rest = p.substr(11);
      out.push_back(
          {"P(state " + rest.substr(rest.find('.') + 1) + " is a " + rest.substr(0, rest.find('.')) + " equilibrium)",
           &s, "true"});
    }
  }
  return out;
}

double share_of(const Headline& h) {
  const auto it = h.summary->p.find(h.category);
  return it == h.summary->p.end() ? 0.0 : it->second;
}

double share_se(double p, std::size_t draws) {
  return draws > 0 ? std::sqrt(p * (1 - p) / static_cast<double>(draws)) : 0.0;
}

}  // namespace

std::string sweep_headline_text(const SweepReport& r) {
  const auto lines = headlines(r.summaries, r.names);
  if (lines.empty()) return "";
  Table t({"result", "value", "se", "draws"});
  for (const auto& h : lines) {
    if (!h.category.empty()) {
      const double p = share_of(h);
      t.add({h.result, rounded(100 * p, 1) + " %", rounded(100 * share_se(p, r.draws), 1) + " %",
             std::to_string(r.draws)});
    } else if (h.summary->count > 0) {
      t.add({h.result,
             rounded(h.summary->mean, 4) + " (5-95 %: " + rounded(h.summary->q05, 4) + " to " +
                 rounded(h.summary->q95, 4) + ")",
             rounded(h.summary->se, 4), std::to_string(h.summary->count)});
    }
  }
  return "\nHeadline\n" + t.render();
}

Node sweep_headline_json(const SweepReport& r) {
  Node list = Node::make_sequence();
  for (const auto& h : headlines(r.summaries, r.names)) {
    Node n = Node::make_mapping();
    n.set("result", Node::make_string(h.result));
    n.set("output", Node::make_string(h.summary->path));
    if (!h.category.empty()) {
      const double p = share_of(h);
      n.set("category", Node::make_string(h.category));
      n.set("p", computed(p));
      n.set("se", computed(share_se(p, r.draws)));
      n.set("draws", Node::make_number(static_cast<double>(r.draws)));
    } else {
      n.set("mean", computed(h.summary->mean));
      n.set("se", computed(h.summary->se));
      n.set("q05", computed(h.summary->q05));
      n.set("q95", computed(h.summary->q95));
      n.set("draws", Node::make_number(static_cast<double>(h.summary->count)));
    }
    list.push(std::move(n));
  }
  return list;
}

namespace {

// Whether every draw gave the same results: each number present in every draw without spread, each category
// output at one value in every draw.
bool every_draw_the_same(const std::vector<sweep::Summary>& summaries, std::size_t draws) {
  return std::all_of(summaries.begin(), summaries.end(), [&](const sweep::Summary& s) {
    if (s.count > 0) return s.count == draws && s.sd == 0 && s.q05 == s.q95;
    return s.p.size() == 1 && s.p.begin()->second == 1;
  });
}

}  // namespace

Node sweep_json(const SweepReport& r, const Stamp& stamp) {
  Node root = Node::make_mapping();
  Node st = stamp_node(stamp);
  st.set("seed", Node::make_integer(r.seed));
  st.set("draws", Node::make_number(static_cast<double>(r.draws)));
  if (r.interrupted) {
    // Only then, so that an interrupted run's JSON is a whole run of `draws` draws plus these two keys.
    st.set("interrupted", Node::make_bool(true));
    st.set("draws_asked", Node::make_number(static_cast<double>(r.draws_asked)));
  }
  root.set("parley", std::move(st));
  root.set("analysis", Node::make_string(r.analysis));
  root.set("at", Node::make_string(r.at));
  Node inputs = Node::make_sequence();
  for (const auto& in : r.inputs) {
    Node n = Node::make_mapping();
    n.set("path", Node::make_string(in.path));
    n.set("label", Node::make_string(path_label(r.names, in.path)));
    n.set("distribution", scenario::uncertain_node(in.value));
    inputs.push(std::move(n));
  }
  root.set("inputs", std::move(inputs));
  if (r.quantile_error > 0) {
    // Only then, so that a run whose draws were kept reads as before.
    Node q = Node::make_mapping();
    q.set("method", Node::make_string("sketch"));
    q.set("relative_error", Node::make_number(r.quantile_error));
    root.set("quantiles", std::move(q));
  }
  if (r.axes.empty()) {
    root.set("headline", sweep_headline_json(r));
    // True when no uncertain input moved any result: every draw gave the same outputs.
    root.set("every_draw_the_same", Node::make_bool(every_draw_the_same(r.summaries, r.draws)));
    root.set("outputs", outputs_node(r.summaries, r.draws, r.names));
  } else {
    Node grid = Node::make_sequence();
    for (const auto& point : r.grid) {
      Node n = Node::make_mapping();
      Node values = Node::make_mapping();
      for (std::size_t i = 0; i < r.axes.size(); ++i) values.set(r.axes[i].path, computed(point.values[i]));
      n.set("values", std::move(values));
      n.set("outputs", outputs_node(point.summaries, std::max<std::size_t>(1, r.draws), r.names));
      grid.push(std::move(n));
    }
    root.set("grid", std::move(grid));
  }
  if (r.sensitivity) {
    Node sens = Node::make_sequence();
    for (const auto& s : *r.sensitivity) {
      Node n = Node::make_mapping();
      n.set("output", Node::make_string(s.output));
      n.set("output_label", Node::make_string(path_label(r.names, s.output)));
      n.set("base", computed(s.base));
      Node t = Node::make_sequence();
      for (const auto& sw : s.tornado) {
        Node e = Node::make_mapping();
        e.set("input", Node::make_string(sw.input));
        e.set("input_label", Node::make_string(path_label(r.names, sw.input)));
        e.set("low", computed(sw.low));
        e.set("high", computed(sw.high));
        e.set("swing", computed(sw.high - sw.low));
        t.push(std::move(e));
      }
      n.set("tornado", std::move(t));
      Node shares = Node::make_sequence();
      for (const auto& [input, share] : s.shares) {
        Node e = Node::make_mapping();
        e.set("input", Node::make_string(input));
        e.set("input_label", Node::make_string(path_label(r.names, input)));
        e.set("share", computed(share));
        shares.push(std::move(e));
      }
      n.set("variance_shares", std::move(shares));
      sens.push(std::move(n));
    }
    root.set("sensitivity", std::move(sens));
  }
  return root;
}

std::string sweep_text(const SweepReport& r) {
  std::string out = r.title + "\n";
  if (r.draws == 0) {
    out += "Grid of " + r.analysis + " at " + r.at + ", every uncertain input at its central value\n";
    return out + grid_text(r);
  }
  out += "Monte Carlo: " + std::to_string(r.draws) + " draws of " + r.analysis + " at " + r.at + ", seed " +
         std::to_string(r.seed) + ", " + core::plural(r.inputs.size(), "uncertain input") +
         (r.axes.empty() ? "" : " drawn at each grid point") + "\n";
  for (const auto& axis : r.axes) {
    out += "Varied: " + path_label(r.names, axis.path) + " (" + axis.path + ") over " +
           core::plural(axis.values.size(), "value") + " from " + rounded(axis.values.front(), 4) + " to " +
           rounded(axis.values.back(), 4) + "\n";
  }
  if (r.interrupted) {
    out += "Interrupted: " + std::to_string(r.draws) + " of the " + std::to_string(r.draws_asked) +
           " draws asked were done (whole batches of 1000); the results below cover them\n";
  }
  if (r.quantile_error > 0) {
    out += "Quantiles from a sketch (no draw kept): each within " + rounded(100 * r.quantile_error, 3) +
           " % of its value; counts and shares exact, means and standard deviations from exact sums\n";
  }
  if (r.axes.empty()) out += sweep_headline_text(r);
  if (r.inputs.empty() && r.axes.empty() && !r.model_draws) {
    out += "\nNo input of the scenario is uncertain: every draw is the same, and so is every result below.\n";
  } else if (r.inputs.empty() && r.axes.empty()) {
    // A model that draws (the randomized exchange model) varies from draw to draw on fixed inputs.
    out += "\nNo input of the scenario is uncertain: the results vary by the model's own draws alone.\n";
  } else if (r.axes.empty() && r.draws > 1 && every_draw_the_same(r.summaries, r.draws)) {
    out += "\nEvery draw gave the same results: none of the " + core::plural(r.inputs.size(), "uncertain input") +
           " moves this analysis (" + r.analysis + ").\n";
  }
  if (!r.inputs.empty()) {
    Table t({"input", "distribution", "path (for --vary)"});
    for (const auto& in : r.inputs) t.add({path_label(r.names, in.path), distribution_text(in.value), in.path});
    out += "\nUncertain inputs\n" + t.render();
  }
  if (!r.axes.empty()) return out + grid_text(r);
  out += summary_tables(r.summaries, r.draws, r.names);
  if (r.sensitivity) out += sensitivity_text(*r.sensitivity, r.names);
  return out;
}

namespace {}  // namespace

std::string sweep_csv_row(std::size_t k, const sweep::Output& o) {
  return std::to_string(k) + "," + csv_field(o.path) + "," + csv_field(value_text(o.value)) + "\n";
}

std::string sweep_csv(const sweep::Collector& draws, std::size_t first, const std::vector<double>& values,
                      const std::vector<SweepAxis>* axes) {
  std::string out, prefix;
  if (values.empty() || axes != nullptr) {
    if (axes != nullptr) {
      for (const auto& axis : *axes) out += csv_field(axis.path) + ",";
    }
    out += kSweepCsvHeader;
  }
  for (const double v : values) prefix += core::format_number(v) + ",";
  for (std::size_t k = 0; k < draws.draws(); ++k) {
    for (const auto& o : draws.draw(k)) out += prefix + sweep_csv_row(first + k, o);
  }
  return out;
}

}  // namespace parley::report
