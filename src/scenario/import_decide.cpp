// Decide's input files (foarsitter/decide-exchange-model, data/input/*.csv and *.txt): one record a line, its
// kind in the first cell (#A actor, #P issue, #M a point of an issue's scale, #D an actor's position, salience
// and power on an issue, #/ and #O comments), cells separated by tabs, semicolons or commas and quoted with ' or "
// (Decide lets Python's csv.Sniffer guess both). docs/scenario-format.md, "Decide's exchange-model files".
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "core/text.hpp"
#include "scenario/import.hpp"

namespace parley::scenario {

using doc::Node;

namespace {

struct Cell {
  std::string text;
  SourceLocation where;
};
using Row = std::vector<Cell>;

SourceLocation at(const std::shared_ptr<const std::string>& file, std::size_t line, std::size_t column) {
  return {file, static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(column)};
}

Node located(Node n, const SourceLocation& where) {
  n.where = where;
  return n;
}

// The first line that holds anything, without its leading blanks.
std::string_view first_line(std::string_view text) {
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    const auto start = line.find_first_not_of(" \t\r");
    if (start != std::string_view::npos) return line.substr(start);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return {};
}

// The separator: the character after the record kind of the first record that is not a comment (a comment may hold
// any character); tab, ';' or ','.
char delimiter_of(std::string_view text) {
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    std::size_t i = line.find_first_not_of(" \t\r");
    if (i == std::string_view::npos) continue;
    const bool quoted = line[i] == '\'' || line[i] == '"';
    if (quoted) ++i;
    if (line.size() < i + 2 || line[i] != '#' || line[i + 1] == '/' || line[i + 1] == 'O') continue;
    i += 2 + (quoted ? 1 : 0);
    while (i < line.size() && line[i] == ' ') ++i;
    if (i < line.size() && (line[i] == '\t' || line[i] == ';' || line[i] == ',')) return line[i];
  }
  return '\t';
}

// Text without a UTF-8 byte order mark.
std::string_view without_bom(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

// One line's cells. A cell that starts with ' or " runs to the matching quote (a doubled quote is one quote);
// blanks around cells are dropped.
Row split(std::string_view line, std::size_t line_no, char delim, const std::shared_ptr<const std::string>& file,
          Diagnostics& diags) {
  Row row;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && (line[i] == ' ' || (line[i] == '\t' && delim != '\t'))) ++i;
    Cell cell;
    cell.where = at(file, line_no, i + 1);
    if (i < line.size() && (line[i] == '\'' || line[i] == '"')) {
      const char quote = line[i++];
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == quote) {
          if (i + 1 < line.size() && line[i + 1] == quote) {
            cell.text += quote;
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        cell.text += line[i++];
      }
      if (!closed) {
        diags.error(cell.where, std::string("a quote (") + quote + ") that is not closed on its line");
        return {};
      }
      while (i < line.size() && line[i] != delim) {
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
          diags.error(at(file, line_no, i + 1),
                      "expected a separator after a quoted cell, found '" + std::string(1, line[i]) + "'");
          return {};
        }
        ++i;
      }
    } else {
      const auto end = line.find(delim, i);
      cell.text = std::string(core::trim(line.substr(i, end == std::string_view::npos ? end : end - i)));
      i = end == std::string_view::npos ? line.size() : end;
    }
    row.push_back(std::move(cell));
    if (i >= line.size()) break;
    ++i;  // the separator
  }
  while (!row.empty() && row.back().text.empty()) row.pop_back();
  return row;
}

bool number(std::string_view t, double& out) {
  t = core::trim(t);
  const auto res = std::from_chars(t.data(), t.data() + t.size(), out);
  return !t.empty() && res.ec == std::errc() && res.ptr == t.data() + t.size() && std::isfinite(out);
}

Node number_node(double x, const SourceLocation& where) {
  return located(Node::make_number(x), where);
}

}  // namespace

bool looks_like_decide(std::string_view text) {
  text = without_bom(text);
  std::string_view line = first_line(text.substr(0, std::min<std::size_t>(text.size(), 4096)));
  if (!line.empty() && (line.front() == '\'' || line.front() == '"')) line.remove_prefix(1);
  if (line.size() < 2 || line[0] != '#') return false;
  return line[1] == 'A' || line[1] == 'P' || line[1] == 'M' || line[1] == 'D' || line[1] == 'O' || line[1] == '/';
}

std::unique_ptr<Node> import_decide(std::string_view text, const std::shared_ptr<const std::string>& file,
                                    std::string_view stem, Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  text = without_bom(text);
  const char delim = delimiter_of(text);
  struct ActorRow {
    std::string id, name, comment;
    SourceLocation where;
  };
  struct IssueRow {
    std::string name, description;
    SourceLocation where;
    std::vector<std::pair<double, SourceLocation>> bounds;
  };
  struct DataRow {
    Row cells;
    std::size_t actor = 0, issue = 0;
  };
  std::vector<ActorRow> actors;
  std::vector<IssueRow> issues;
  std::vector<Row> data;
  std::map<std::string, std::size_t> actor_at, issue_at;
  std::size_t line_no = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    ++line_no;
    const auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (core::trim(line).empty()) continue;
    Row row = split(line, line_no, delim, file, diags);
    if (row.empty()) continue;
    const std::string& kind = row[0].text;
    const auto need = [&](std::size_t cells, const char* what) {
      if (row.size() >= cells) return true;
      diags.error(row.back().where, "expected " + std::to_string(cells - 1) + " cells after " + kind + " (" + what +
                                        "), found " + std::to_string(row.size() - 1));
      return false;
    };
    // Comments (a line starting #/, whatever follows) and issue descriptions, which Decide does not model.
    if (kind.rfind("#/", 0) == 0 || kind == "#O") continue;
    if ((kind == "#A" || kind == "#P") && row.size() >= 2 && row[1].text.empty()) {
      diags.error(row[1].where, std::string("expected ") + (kind == "#A" ? "an actor's id" : "an issue's name") +
                                    " after " + kind + ", found an empty cell");
      continue;
    }
    if (kind == "#A") {
      if (!need(2, "id, name, comment")) continue;
      if (actor_at.count(row[1].text) != 0) {
        diags.error(row[1].where, "actor '" + row[1].text + "' is defined twice (#A)");
        continue;
      }
      actor_at[row[1].text] = actors.size();
      actors.push_back({row[1].text, row.size() > 2 && !row[2].text.empty() ? row[2].text : row[1].text,
                        row.size() > 3 ? row[3].text : "", row[1].where});
    } else if (kind == "#P") {
      if (!need(2, "name, description")) continue;
      if (issue_at.count(row[1].text) != 0) {
        diags.error(row[1].where, "issue '" + row[1].text + "' is defined twice (#P)");
        continue;
      }
      std::string description;
      for (std::size_t c = 3; c < row.size(); ++c) description += (description.empty() ? "" : " ") + row[c].text;
      issue_at[row[1].text] = issues.size();
      issues.push_back({row[1].text, description, row[1].where, {}});
    } else if (kind == "#M") {
      if (!need(3, "issue, position")) continue;
      const auto it = issue_at.find(row[1].text);
      double x = 0;
      if (it == issue_at.end()) {
        diags.error(row[1].where, "issue '" + row[1].text + "' has no #P line before this #M line");
      } else if (!number(row[2].text, x)) {
        diags.error(row[2].where, "expected a number (a point of the issue's scale), found '" + row[2].text + "'");
      } else {
        issues[it->second].bounds.emplace_back(x, row[2].where);
      }
    } else if (kind == "#D") {
      if (!need(6, "actor, issue, position, salience, power")) continue;
      data.push_back(std::move(row));
    } else {
      diags.error(row[0].where, "expected a record kind (#A, #P, #M, #D, #O or #/), found '" + kind + "'");
    }
  }
  if (diags.error_count() != before) return nullptr;
  if (issues.empty()) {
    diags.error({file, 1, 1}, "expected at least one issue (a #P line), found none");
    return nullptr;
  }
  auto root = std::make_unique<Node>(located(Node::make_mapping(), {file, 1, 1}));
  root->set("parley", located(Node::make_number(1), {file, 1, 1}));
  root->set("title", located(Node::make_string(std::string(stem)), {file, 1, 1}));
  std::vector<std::string> issue_names, actor_names;
  for (const auto& i : issues) issue_names.push_back(i.name);
  for (const auto& a : actors) actor_names.push_back(a.id);
  std::vector<std::string> issue_ids, actor_ids;
  for (const auto& n : issue_names) issue_ids.push_back(core::id_from_name(n));
  for (const auto& n : actor_names) actor_ids.push_back(core::id_from_name(n));
  issue_ids = core::unique_ids(issue_ids);
  actor_ids = core::unique_ids(actor_ids);
  Node& issue_list = root->set("issues", located(Node::make_sequence(), issues.front().where));
  for (std::size_t k = 0; k < issues.size(); ++k) {
    const auto& i = issues[k];
    Node issue = located(Node::make_mapping(), i.where);
    issue.set("id", located(Node::make_string(issue_ids[k]), i.where));
    issue.set("name", located(Node::make_string(i.name), i.where));
    if (!i.description.empty() && i.description != i.name)
      issue.set("description", located(Node::make_string(i.description), i.where));
    // The scale runs from the lowest #M point to the highest; without any, [0, 100] (as Decide).
    Node scale = located(Node::make_sequence(), i.bounds.empty() ? i.where : i.bounds.front().second);
    if (i.bounds.empty()) {
      scale.push(number_node(0, i.where));
      scale.push(number_node(100, i.where));
    } else {
      const auto [lo, hi] = std::minmax_element(i.bounds.begin(), i.bounds.end(),
                                                [](const auto& l, const auto& r) { return l.first < r.first; });
      scale.push(number_node(lo->first, lo->second));
      scale.push(number_node(hi->first, hi->second));
    }
    issue.set("scale", std::move(scale));
    issue_list.push(std::move(issue));
  }
  // Decide gives an actor a power on each issue; parley gives it one capability: the powers must agree.
  // Saliences written on [0, 1] (as in Decide's data) are read on parley's [0, 100].
  bool unit_saliences = true;
  const Cell* above_one = nullptr;
  bool fractions = false;
  for (const auto& row : data) {
    double s = 0;
    if (!number(row[4].text, s)) continue;
    if (s > 1) {
      unit_saliences = false;
      if (above_one == nullptr) above_one = &row[4];
    } else if (s > 0 && s < 1) {
      fractions = true;
    }
  }
  // One salience above 1 among fractions is likely a slip, and it changes how every other salience reads.
  if (above_one != nullptr && fractions) {
    diags.warning(above_one->where, "salience " + above_one->text +
                                        " is above 1, so every salience in this file is read on [0, 100], where "
                                        "its fractions weigh almost nothing; Decide's data writes saliences on "
                                        "[0, 1]");
  }
  std::vector<std::optional<std::pair<double, SourceLocation>>> power(actors.size());
  std::vector<Node> stances(actors.size(), Node::make_mapping());
  std::map<std::pair<std::size_t, std::size_t>, SourceLocation> seen;
  for (const auto& row : data) {
    const auto a = actor_at.find(row[1].text);
    const auto k = issue_at.find(row[2].text);
    if (a == actor_at.end()) {
      diags.error(row[1].where, "actor '" + row[1].text + "' has no #A line");
      continue;
    }
    if (k == issue_at.end()) {
      diags.error(row[2].where, "issue '" + row[2].text + "' has no #P line");
      continue;
    }
    const auto key = std::pair{a->second, k->second};
    if (const auto dup = seen.find(key); dup != seen.end()) {
      diags.error(row[1].where, "a second #D line for actor '" + row[1].text + "' on issue '" + row[2].text +
                                    "' (the first is on line " + std::to_string(dup->second.line) + ")");
      continue;
    }
    seen.emplace(key, row[1].where);
    double x = 0, s = 0, c = 0;
    Node position =
        number(row[3].text, x) ? number_node(x, row[3].where) : located(Node::make_string(row[3].text), row[3].where);
    Node salience = number(row[4].text, s) ? number_node(unit_saliences ? s * 100 : s, row[4].where)
                                           : located(Node::make_string(row[4].text), row[4].where);
    if (!number(row[5].text, c)) {
      diags.error(row[5].where, "expected a number (the actor's power), found '" + row[5].text + "'");
      continue;
    }
    auto& p = power[a->second];
    if (!p) {
      p = std::pair{c, row[5].where};
    } else if (p->first != c) {
      diags.error(row[5].where, "actor '" + row[1].text + "' has power " + row[5].text + " here and " +
                                    core::format_number(p->first) + " on line " + std::to_string(p->second.line) +
                                    "; parley gives an actor one capability on every issue");
      continue;
    }
    Node st = located(Node::make_mapping(), row[3].where);
    st.set("position", std::move(position));
    st.set("salience", std::move(salience));
    stances[a->second].set(issue_ids[k->second], std::move(st));
    stances[a->second].entries.back().first.where = row[2].where;
  }
  Node& actor_list = root->set(
      "actors", located(Node::make_sequence(), actors.empty() ? SourceLocation{file, 1, 1} : actors.front().where));
  for (std::size_t a = 0; a < actors.size(); ++a) {
    Node actor = located(Node::make_mapping(), actors[a].where);
    actor.set("id", located(Node::make_string(actor_ids[a]), actors[a].where));
    actor.set("name", located(Node::make_string(actors[a].name), actors[a].where));
    if (!actors[a].comment.empty())
      actor.set("description", located(Node::make_string(actors[a].comment), actors[a].where));
    // An actor with no #D line has no power: capability 0 (it weighs nothing anywhere).
    actor.set("capability",
              power[a] ? number_node(power[a]->first, power[a]->second) : number_node(0, actors[a].where));
    stances[a].where = actors[a].where;
    actor.set("stances", std::move(stances[a]));
    actor_list.push(std::move(actor));
  }
  if (diags.error_count() != before) return nullptr;
  return root;
}

}  // namespace parley::scenario
