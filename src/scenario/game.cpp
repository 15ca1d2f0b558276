#include "scenario/game.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <memory>

#include "core/file.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"
#include "scenario/csv.hpp"

namespace parley::game {

namespace {

namespace fs = std::filesystem;
using scenario::detail::CsvCell;
using scenario::detail::CsvRow;

// Games are small: more than this many issues, options or parties is not a game someone wrote by hand.
constexpr std::size_t kMaxIssues = 26;  // named A to Z
constexpr std::size_t kMaxOptions = 1000;
constexpr std::size_t kMaxParties = 64;

std::optional<double> number(const CsvCell& cell, Diagnostics& diags) {
  double x = 0;
  const std::string& t = cell.text;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), x);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(x)) {
    diags.error(cell.where, "expected a score (a number), found '" + t + "'");
    return std::nullopt;
  }
  return x;
}

// Reads one party's scores file into `party`; false (reported) when it is malformed.
bool read_scores(const Text& file, Party& party, Diagnostics& diags) {
  const auto name = std::make_shared<const std::string>(file.name);
  const std::size_t before = diags.error_count();
  const std::vector<CsvRow> rows = scenario::detail::read_csv(file.text, name, diags);
  if (diags.error_count() != before) return false;
  if (rows.size() < 2) {
    diags.error(SourceLocation{name, 1, 1},
                "expected one line of scores per issue and a last line with the party's minimum total, found " +
                    core::plural(rows.size(), "line"));
    return false;
  }
  if (rows.size() - 1 > kMaxIssues) {
    diags.error(rows[kMaxIssues].front().where,
                "a game has at most " + std::to_string(kMaxIssues) + " issues (A to Z); this file has more");
    return false;
  }
  bool ok = true;
  for (std::size_t k = 0; k + 1 < rows.size(); ++k) {
    std::vector<double> scores;
    for (const auto& cell : rows[k]) {
      const auto x = number(cell, diags);
      ok = ok && x.has_value();
      scores.push_back(x.value_or(0));
    }
    if (scores.size() < 2 || scores.size() > kMaxOptions) {
      diags.error(rows[k].front().where, "expected the scores of 2 to " + std::to_string(kMaxOptions) +
                                             " options on issue " + std::string(1, static_cast<char>('A' + k)) +
                                             ", found " + core::plural(scores.size(), "score"));
      ok = false;
    }
    party.scores.push_back(std::move(scores));
  }
  const CsvRow& last = rows.back();
  if (last.size() != 1) {
    diags.error(last.front().where, "expected the party's minimum total alone on the last line, found " +
                                        core::plural(last.size(), "value"));
    return false;
  }
  const auto minimum = number(last.front(), diags);
  party.minimum = minimum.value_or(0);
  return ok && minimum.has_value();
}

// The party's profile: its total score mapped affinely onto [0, 1] (the least total it can get to 0, the most
// to 1), so that u >= reservation exactly when the total reaches the minimum.
genius::Profile profile_of(const Party& party, const std::string& id) {
  genius::Profile p;
  p.id = id;
  p.name = party.name;
  p.where = party.where;
  double least = 0, span = 0;
  std::vector<double> lo, width;
  for (const auto& scores : party.scores) {
    const auto [l, h] = std::minmax_element(scores.begin(), scores.end());
    lo.push_back(*l);
    width.push_back(*h - *l);
    least += *l;
    span += *h - *l;
  }
  for (std::size_t k = 0; k < party.scores.size(); ++k) {
    p.weights.push_back(span > 0 ? width[k] / span : 0.0);
    std::vector<double> e;
    for (const double x : party.scores[k]) e.push_back(width[k] > 0 ? (x - lo[k]) / width[k] : 0.0);
    p.evaluation.push_back(std::move(e));
  }
  // Every package scores the same when no issue matters to the party: it accepts all or none of them.
  p.reservation = span > 0 ? (party.minimum - least) / span : (least >= party.minimum ? 0.0 : 2.0);
  return p;
}

}  // namespace

bool looks_like_game(const std::string& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) && fs::is_regular_file(fs::path(dir) / "config.txt", ec) &&
         fs::is_directory(fs::path(dir) / "scores_files", ec);
}

std::optional<Game> read_texts(const std::string& name, const Text& config, const std::map<std::string, Text>& scores,
                               Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  const auto file = std::make_shared<const std::string>(config.name);
  const std::vector<CsvRow> rows = scenario::detail::read_csv(config.text, file, diags);
  if (diags.error_count() != before) return std::nullopt;
  Game g;
  g.name = name;
  if (rows.size() < 2 || rows.size() > kMaxParties) {
    diags.error(SourceLocation{file, 1, 1}, "expected one line per party (2 to " + std::to_string(kMaxParties) +
                                                "), found " + core::plural(rows.size(), "line"));
    return std::nullopt;
  }
  std::vector<std::string> seen;
  for (const auto& row : rows) {
    if (row.size() < 3) {
      diags.error(row.front().where, "expected 'display name, file id, role' (and optionally more fields), found " +
                                         core::plural(row.size(), "field"));
      continue;
    }
    Party party;
    party.name = row[0].text;
    party.file_id = row[1].text;
    party.role = row[2].text;
    party.where = row[0].where;
    if (party.role != "p1" && party.role != "p2" && party.role != "player") {
      diags.error(row[2].where, "unknown role '" + party.role + "'; expected 'p1', 'p2' or 'player'");
      continue;
    }
    if (std::find(seen.begin(), seen.end(), party.file_id) != seen.end()) {
      diags.error(row[1].where, "file id '" + party.file_id + "' is given to two parties");
      continue;
    }
    seen.push_back(party.file_id);
    if (party.file_id.empty() || party.file_id.find_first_of("/\\") != std::string::npos || party.file_id == "..") {
      diags.error(row[1].where, "file id '" + party.file_id + "' does not name a file in scores_files/");
      continue;
    }
    const auto it = scores.find(party.file_id);
    if (it == scores.end()) {
      diags.error(row[1].where, "no scores file 'scores_files/" + party.file_id + ".txt' for this party");
      continue;
    }
    if (!it->second.problem.empty()) {
      diags.error(row[1].where, "scores_files/" + party.file_id + ".txt: " + it->second.problem);
      continue;
    }
    if (read_scores(it->second, party, diags)) g.parties.push_back(std::move(party));
  }
  if (diags.error_count() != before) return std::nullopt;
  for (const char* role : {"p1", "p2"}) {
    const auto first = std::find_if(g.parties.begin(), g.parties.end(), [&](const Party& p) { return p.role == role; });
    const auto second = first == g.parties.end()
                            ? first
                            : std::find_if(first + 1, g.parties.end(), [&](const Party& p) { return p.role == role; });
    if (second != g.parties.end()) {
      diags.error(second->where, std::string("a second party with role '") + role + "' ('" + first->name +
                                     "' has it already); the rule names one '" + role + "' party");
      return std::nullopt;
    }
  }
  // Every party scores the same issues and options.
  const Party& first = g.parties.front();
  for (const Party& p : g.parties) {
    const auto options = [](const Party& q) {
      std::vector<std::size_t> n;
      for (const auto& s : q.scores) n.push_back(s.size());
      return n;
    };
    if (options(p) != options(first)) {
      const auto list = [&](const Party& q) {
        std::string out;
        for (std::size_t n : options(q)) out += (out.empty() ? "" : ", ") + std::to_string(n);
        return out;
      };
      diags.error(p.where, "party '" + p.name + "' scores issues with " + list(p) + " options, but party '" +
                               first.name + "' with " + list(first) + "; every scores file has the same shape");
      return std::nullopt;
    }
  }

  genius::Domain& d = g.domain;
  d.name = name;
  for (std::size_t k = 0; k < first.scores.size(); ++k) {
    genius::Issue issue;
    const std::string letter(1, static_cast<char>('A' + k));
    issue.name = letter;
    for (std::size_t j = 0; j < first.scores[k].size(); ++j) {
      issue.values.push_back(letter + std::to_string(j + 1));
      issue.numbers.push_back(static_cast<double>(j));
    }
    issue.where = SourceLocation{file, 1, 1};
    d.issues.push_back(std::move(issue));
  }
  std::vector<std::string> names;
  for (const Party& p : g.parties) names.push_back(core::id_from_name(p.file_id));
  const auto ids = core::unique_ids(names);
  std::string bytes = config.text;
  for (std::size_t i = 0; i < g.parties.size(); ++i) {
    d.profiles.push_back(profile_of(g.parties[i], ids[i]));
    bytes += scores.at(g.parties[i].file_id).text;
    if (g.parties[i].role != "player") g.vetoes.push_back(i);
  }
  d.sha256 = core::sha256_hex(bytes);
  g.at_least = g.parties.size() - 1;
  return g;
}

namespace {

// A file of the game's, or why it cannot be one.
Text game_file(const fs::path& path) {
  Text t{path.string(), {}, {}};
  std::error_code ec;
  if (!fs::exists(path, ec)) return t;
  if (!fs::is_regular_file(path, ec)) {
    t.problem = "is not a regular file";
  } else if (fs::file_size(path, ec) > kMaxFileBytes) {
    t.problem = "is larger than " + std::to_string(kMaxFileBytes) + " bytes; a game's files are small";
  } else {
    t.text = core::read_file(t.name, "a game file");
  }
  return t;
}

}  // namespace

std::optional<Game> read(const std::string& dir, Diagnostics& diags) {
  const fs::path root(dir);
  Text config = game_file(root / "config.txt");
  if (!config.problem.empty()) throw InputError(config.name + ": " + config.problem);
  // Only the files config.txt names are read.
  std::map<std::string, Text> scores;
  Diagnostics ignored;
  for (const auto& row : scenario::detail::read_csv(config.text, nullptr, ignored)) {
    if (row.size() < 2 || scores.count(row[1].text) != 0) continue;
    const std::string& id = row[1].text;
    if (id.empty() || id.find_first_of("/\\") != std::string::npos || id == "..") continue;
    Text t = game_file(root / "scores_files" / (id + ".txt"));
    std::error_code ec;
    if (t.text.empty() && t.problem.empty() && !fs::exists(t.name, ec)) continue;
    scores.emplace(id, std::move(t));
  }
  std::string name = root.filename().string();
  if (name.empty()) name = root.parent_path().filename().string();  // "games/base/"
  return read_texts(name, config, scores, diags);
}

}  // namespace parley::game
