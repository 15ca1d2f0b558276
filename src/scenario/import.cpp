#include "scenario/import.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <pugixml.hpp>

#include "core/text.hpp"
#include "scenario/csv.hpp"
#include "scenario/line_index.hpp"

namespace parley::scenario {

using detail::CsvCell;
using detail::CsvRow;
using detail::LineIndex;
using doc::Node;

namespace {

Node located(Node n, const SourceLocation& where) {
  n.where = where;
  return n;
}

// A cell as a number node when it reads as one, else as text, so validation says what it found.
Node number_cell(std::string_view text, const SourceLocation& where, double scale = 1) {
  const auto t = core::trim(text);
  double x = 0;
  const auto res = std::from_chars(t.data(), t.data() + t.size(), x);
  if (!t.empty() && res.ec == std::errc() && res.ptr == t.data() + t.size() && std::isfinite(x)) {
    Node n = Node::make_number(x * scale);
    if (scale == 1) n.text = std::string(t);
    n.where = where;
    return n;
  }
  return located(Node::make_string(std::string(t)), where);
}

bool whole_number(std::string_view t, long& out) {
  t = core::trim(t);
  const auto res = std::from_chars(t.data(), t.data() + t.size(), out);
  return !t.empty() && res.ec == std::errc() && res.ptr == t.data() + t.size();
}

std::string lower(std::string_view s) {
  std::string out(core::trim(s));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Actors and issues named by the other tool get ids derived from their names (docs/scenario-format.md, "Ids
// made from names").
std::vector<std::string> ids_for(const std::vector<std::string>& names) {
  std::vector<std::string> ids;
  ids.reserve(names.size());
  for (const auto& n : names) ids.push_back(core::id_from_name(n));
  return core::unique_ids(ids);
}

Node scale_node(double lo, double hi, const SourceLocation& where) {
  Node scale = located(Node::make_sequence(), where);
  scale.push(located(Node::make_number(lo), where));
  scale.push(located(Node::make_number(hi), where));
  return scale;
}

Node stance(Node position, Node salience) {
  Node st = located(Node::make_mapping(), position.where);
  st.set("position", std::move(position));
  st.set("salience", std::move(salience));
  return st;
}

// KTAB's <ModelParameters> (every one of its nine children, by KTAB's names; smpc refuses a block missing one)
// and <prngSeed>, as the scenario's `models: smp:` by parley's names. nullopt when the file has neither.
template <class Where, class TextOf>
std::optional<Node> ktab_model_parameters(const pugi::xml_node& scenario, const Where& where, const TextOf& text_of,
                                          Diagnostics& diags) {
  const auto params = scenario.child("ModelParameters");
  const auto seed = scenario.child("prngSeed");
  if (!params && !seed) return std::nullopt;
  Node smp = located(Node::make_mapping(), where(params ? params : seed));
  if (params) {
    for (std::size_t k = 0; k < kSmpParameters.size(); ++k) {
      const std::string element(kSmpParameters[k].ktab_element);
      const auto child = params.child(element.c_str());
      if (!child) {
        diags.warning(where(params), "KTAB's <ModelParameters> has no <" + element +
                                         "> (KTAB's smpc refuses such a "
                                         "file); parley uses KTAB's default, " +
                                         std::string(kSmpParameters[k].fallback));
        continue;
      }
      const std::string value = text_of(child);
      const auto i = smp_value_index(k, value, true);
      if (!i) {
        diags.error(where(child), "expected " + core::quoted_list(smp_value_names(k, true)) + " for <" + element +
                                      ">, found '" + value + "'");
        continue;
      }
      smp.set(std::string(kSmpParameters[k].key), located(Node::make_string(smp_value_names(k)[*i]), where(child)));
    }
  }
  if (seed) {
    const std::string digits = text_of(seed);
    // The seed as digits: KTAB's are 64-bit numbers, past what a number in a document holds exactly.
    const bool whole =
        !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos &&
        (digits.find_first_not_of('0') == std::string::npos || digits.size() - digits.find_first_not_of('0') < 20 ||
         (digits.size() - digits.find_first_not_of('0') == 20 &&
          digits.substr(digits.find_first_not_of('0')) <= "18446744073709551615"));
    if (!whole) {
      diags.error(where(seed), "expected <prngSeed> as digits of a whole number below 2^64, found '" + digits + "'");
    } else {
      smp.set("seed", located(Node::make_string(digits), where(seed)));
    }
  }
  Node models = located(Node::make_mapping(), where(params ? params : seed));
  models.set("smp", std::move(smp));
  return models;
}

}  // namespace

CsvKind sniff_csv(std::string_view text) {
  Diagnostics ignored;
  const auto rows = detail::read_csv(text.substr(0, std::min<std::size_t>(text.size(), 4096)), nullptr, ignored);
  if (rows.size() >= 2 && rows[0].size() >= 4 && lower(rows[1][0].text) == "actor") {
    long a = 0, d = 0;
    if (whole_number(rows[0][2].text, a) && whole_number(rows[0][3].text, d)) return CsvKind::ktab;
  }
  if (!rows.empty()) {
    std::vector<std::string> header;
    for (const auto& c : rows[0]) header.push_back(lower(c.text));
    static constexpr std::array<const char*, 4> kColumns = {"actor", "capability", "position", "salience"};
    const bool has_all = std::all_of(kColumns.begin(), kColumns.end(), [&](const char* h) {
      return std::find(header.begin(), header.end(), h) != header.end();
    });
    if (has_all) return CsvKind::bdm;
  }
  return CsvKind::unknown;
}

std::unique_ptr<Node> import_ktab_csv(std::string_view text, const std::shared_ptr<const std::string>& file,
                                      Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  const auto rows = detail::read_csv(text, file, diags);
  if (diags.error_count() != before) return nullptr;
  if (rows.size() < 2 || rows[0].size() < 4) {
    diags.error({file, 1, 1},
                "expected KTAB's CSV layout (a line 'name, description, actors, issues', then a header), "
                "found " +
                    std::to_string(rows.size()) + " lines");
    return nullptr;
  }
  long n_actors = 0, n_issues = 0;
  if (!whole_number(rows[0][2].text, n_actors) || n_actors < 0) {
    diags.error(rows[0][2].where, "expected the number of actors, found '" + rows[0][2].text + "'");
  }
  if (!whole_number(rows[0][3].text, n_issues) || n_issues < 1) {
    diags.error(rows[0][3].where, "expected the number of issues (at least 1), found '" + rows[0][3].text + "'");
  }
  if (diags.error_count() != before) return nullptr;
  const CsvRow& header = rows[1];
  // A count past what the header line holds is refused before any arithmetic on it (found by fuzzing: a count
  // near 2^62 made 3 + 2 * n overflow).
  if (n_issues > static_cast<long>(header.size())) {
    diags.error(rows[0][3].where, "line 1 says " + rows[0][3].text + " issues, but the header has " +
                                      std::to_string(header.size()) + " columns (3 and 2 per issue)");
    return nullptr;
  }
  const auto want_columns = static_cast<std::size_t>(3 + 2 * n_issues);
  if (header.size() < want_columns) {
    diags.error(header.front().where, "expected " + std::to_string(want_columns) + " header columns for " +
                                          std::to_string(n_issues) + " issues, found " + std::to_string(header.size()));
    return nullptr;
  }
  const std::size_t actor_rows = rows.size() - 2;
  if (actor_rows != static_cast<std::size_t>(n_actors)) {
    diags.error(rows[0][2].where, "expected " + std::to_string(n_actors) + " actor lines as line 1 says, found " +
                                      std::to_string(actor_rows));
    return nullptr;
  }
  auto root = std::make_unique<Node>(located(Node::make_mapping(), {file, 1, 1}));
  root->set("parley", located(Node::make_number(1), {file, 1, 1}));
  root->set("title", located(Node::make_string(rows[0][0].text), rows[0][0].where));
  if (!rows[0][1].text.empty()) root->set("description", located(Node::make_string(rows[0][1].text), rows[0][1].where));

  std::vector<std::string> issue_names;
  for (long k = 0; k < n_issues; ++k) issue_names.push_back(header[static_cast<std::size_t>(3 + 2 * k)].text);
  const auto issue_ids = ids_for(issue_names);
  Node& issues = root->set("issues", located(Node::make_sequence(), header.front().where));
  for (std::size_t k = 0; k < issue_ids.size(); ++k) {
    const auto& where = header[3 + 2 * k].where;
    Node issue = located(Node::make_mapping(), where);
    issue.set("id", located(Node::make_string(issue_ids[k]), where));
    issue.set("name", located(Node::make_string(issue_names[k]), where));
    issue.set("scale", scale_node(0, 100, where));
    issues.push(std::move(issue));
  }

  std::vector<std::string> actor_names;
  for (std::size_t r = 2; r < rows.size(); ++r) actor_names.push_back(rows[r][0].text);
  const auto actor_ids = ids_for(actor_names);
  Node& actors =
      root->set("actors", located(Node::make_sequence(), rows.size() > 2 ? rows[2][0].where : header[0].where));
  for (std::size_t r = 2; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (row.size() < want_columns) {
      diags.error(row.back().where, "expected " + std::to_string(want_columns) + " cells on an actor line, found " +
                                        std::to_string(row.size()));
      continue;
    }
    Node actor = located(Node::make_mapping(), row[0].where);
    actor.set("id", located(Node::make_string(actor_ids[r - 2]), row[0].where));
    actor.set("name", located(Node::make_string(row[0].text), row[0].where));
    if (!row[1].text.empty()) actor.set("description", located(Node::make_string(row[1].text), row[1].where));
    actor.set("capability", number_cell(row[2].text, row[2].where));
    Node stances = located(Node::make_mapping(), row[3].where);
    for (std::size_t k = 0; k < issue_ids.size(); ++k) {
      const CsvCell& pos = row[3 + 2 * k];
      const CsvCell& sal = row[4 + 2 * k];
      stances.set(issue_ids[k], stance(number_cell(pos.text, pos.where), number_cell(sal.text, sal.where)));
      stances.entries.back().first.where = pos.where;
    }
    actor.set("stances", std::move(stances));
    actors.push(std::move(actor));
  }
  if (diags.error_count() != before) return nullptr;
  return root;
}

std::unique_ptr<Node> import_bdm_csv(std::string_view text, const std::shared_ptr<const std::string>& file,
                                     std::string_view stem, const CsvTableOptions& options, Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  const auto rows = detail::read_csv(text, file, diags);
  if (diags.error_count() != before) return nullptr;
  if (rows.empty()) {
    diags.error({file, 1, 1},
                "expected a header row naming actor, capability, position and salience, found an empty file");
    return nullptr;
  }
  std::size_t col[4] = {0, 0, 0, 0};
  const char* names[4] = {"actor", "capability", "position", "salience"};
  for (int k = 0; k < 4; ++k) {
    const auto it =
        std::find_if(rows[0].begin(), rows[0].end(), [&](const CsvCell& c) { return lower(c.text) == names[k]; });
    if (it == rows[0].end()) {
      diags.error(rows[0].front().where, std::string("expected a column named '") + names[k] + "' in the header");
      continue;
    }
    col[k] = static_cast<std::size_t>(it - rows[0].begin());
  }
  if (diags.error_count() != before) return nullptr;
  const auto [lo, hi] = *options.scale;
  // Saliences on [0, S] become parley's 0-100.
  const double salience_factor = 100.0 / *options.salience_max;
  const SourceLocation top{file, 1, 1};
  auto root = std::make_unique<Node>(located(Node::make_mapping(), top));
  root->set("parley", located(Node::make_number(1), top));
  root->set("title", located(Node::make_string(std::string(stem)), top));
  Node& issues = root->set("issues", located(Node::make_sequence(), top));
  const std::string issue_id = ids_for({std::string(stem)}).front();
  Node issue = located(Node::make_mapping(), rows[0][col[2]].where);
  issue.set("id", located(Node::make_string(issue_id), top));
  issue.set("name", located(Node::make_string(std::string(stem)), top));
  issue.set("scale", scale_node(lo, hi, top));
  issues.push(std::move(issue));
  std::vector<std::string> actor_names;
  for (std::size_t r = 1; r < rows.size(); ++r)
    actor_names.push_back(col[0] < rows[r].size() ? rows[r][col[0]].text : "");
  const auto actor_ids = ids_for(actor_names);
  Node& actors = root->set("actors", located(Node::make_sequence(), rows.size() > 1 ? rows[1][0].where : top));
  const std::size_t need = *std::max_element(std::begin(col), std::end(col)) + 1;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (row.size() < need) {
      diags.error(row.front().where, "expected at least " + std::to_string(need) + " cells on an actor line, found " +
                                         std::to_string(row.size()));
      continue;
    }
    Node actor = located(Node::make_mapping(), row[col[0]].where);
    actor.set("id", located(Node::make_string(actor_ids[r - 1]), row[col[0]].where));
    actor.set("name", located(Node::make_string(row[col[0]].text), row[col[0]].where));
    actor.set("capability", number_cell(row[col[1]].text, row[col[1]].where));
    Node stances = located(Node::make_mapping(), row[col[2]].where);
    stances.set(issue_id, stance(number_cell(row[col[2]].text, row[col[2]].where),
                                 number_cell(row[col[3]].text, row[col[3]].where, salience_factor)));
    stances.entries.back().first.where = row[col[2]].where;
    actor.set("stances", std::move(stances));
    actors.push(std::move(actor));
  }
  if (diags.error_count() != before) return nullptr;
  return root;
}

std::unique_ptr<Node> import_ktab_xml(std::string_view text, const std::shared_ptr<const std::string>& file,
                                      Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  const LineIndex lines(text, file);
  pugi::xml_document xml;
  const auto parsed = xml.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    diags.error(lines.at(parsed.offset), std::string("invalid XML: ") + parsed.description());
    return nullptr;
  }
  const auto scenario = xml.child("Scenario");
  if (!scenario) {
    diags.error(lines.at(xml.first_child().offset_debug()),
                "expected KTAB's XML scenario (a <Scenario> element), found <" +
                    std::string(xml.document_element().name()) + ">");
    return nullptr;
  }
  const auto where = [&](const pugi::xml_node& n) { return lines.at(n.offset_debug()); };
  const auto text_of = [&](const pugi::xml_node& n) { return std::string(core::trim(n.child_value())); };
  auto root = std::make_unique<Node>(located(Node::make_mapping(), where(scenario)));
  root->set("parley", located(Node::make_number(1), where(scenario)));
  const auto name = scenario.child("name");
  root->set("title", located(Node::make_string(name ? text_of(name) : std::string("KTAB scenario")),
                             where(name ? name : scenario)));
  if (const auto desc = scenario.child("desc"))
    root->set("description", located(Node::make_string(text_of(desc)), where(desc)));
  std::optional<Node> models = ktab_model_parameters(scenario, where, text_of, diags);
  std::vector<pugi::xml_node> dims;
  for (const auto d : scenario.child("Dimensions").children("dName")) dims.push_back(d);
  if (dims.empty()) {
    diags.error(where(scenario), "expected <Dimensions> with at least one <dName>, found none");
    return nullptr;
  }
  std::vector<std::string> dim_names;
  dim_names.reserve(dims.size());
  for (const auto& d : dims) dim_names.push_back(text_of(d));
  const auto issue_ids = ids_for(dim_names);
  Node& issues = root->set("issues", located(Node::make_sequence(), where(dims.front())));
  for (std::size_t k = 0; k < dims.size(); ++k) {
    Node issue = located(Node::make_mapping(), where(dims[k]));
    issue.set("id", located(Node::make_string(issue_ids[k]), where(dims[k])));
    issue.set("name", located(Node::make_string(dim_names[k]), where(dims[k])));
    issue.set("scale", scale_node(0, 100, where(dims[k])));
    issues.push(std::move(issue));
  }
  std::vector<pugi::xml_node> actor_nodes;
  for (const auto a : scenario.child("Actors").children("Actor")) actor_nodes.push_back(a);
  std::vector<std::string> actor_names;
  actor_names.reserve(actor_nodes.size());
  for (const auto& a : actor_nodes) actor_names.push_back(text_of(a.child("name")));
  const auto actor_ids = ids_for(actor_names);
  Node& actors = root->set(
      "actors", located(Node::make_sequence(), where(scenario.child("Actors") ? scenario.child("Actors") : scenario)));
  for (std::size_t i = 0; i < actor_nodes.size(); ++i) {
    const auto& a = actor_nodes[i];
    Node actor = located(Node::make_mapping(), where(a));
    actor.set("id", located(Node::make_string(actor_ids[i]), where(a)));
    actor.set("name", located(Node::make_string(actor_names[i]), where(a.child("name") ? a.child("name") : a)));
    if (const auto d = a.child("description"))
      actor.set("description", located(Node::make_string(text_of(d)), where(d)));
    const auto cap = a.child("capability");
    actor.set("capability", cap ? number_cell(text_of(cap), where(cap)) : located(Node::make_null(), where(a)));
    std::vector<pugi::xml_node> coords, sals;
    for (const auto c : a.child("Position").children("dCoord")) coords.push_back(c);
    for (const auto s : a.child("Salience").children("dSal")) sals.push_back(s);
    if (coords.size() != dims.size() || sals.size() != dims.size()) {
      diags.error(where(a), "expected " + std::to_string(dims.size()) + " <dCoord> and <dSal> values for actor '" +
                                actor_names[i] + "' (one per dimension), found " + std::to_string(coords.size()) +
                                " and " + std::to_string(sals.size()));
      continue;
    }
    Node stances = located(Node::make_mapping(), where(a));
    for (std::size_t k = 0; k < dims.size(); ++k) {
      stances.set(issue_ids[k], stance(number_cell(text_of(coords[k]), where(coords[k])),
                                       number_cell(text_of(sals[k]), where(sals[k]))));
      stances.entries.back().first.where = where(coords[k]);
    }
    actor.set("stances", std::move(stances));
    actors.push(std::move(actor));
  }
  // <IdealAdjustment>: each <iaPair> names actors by their <name>; as the scenario's `ideals`, by their ids.
  if (const auto ia = scenario.child("IdealAdjustment")) {
    Node ideals = located(Node::make_sequence(), where(ia));
    for (const auto pair : ia.children("iaPair")) {
      Node shift = located(Node::make_mapping(), where(pair));
      for (const auto& [element, key] : {std::pair{"adjustingIdeal", "actor"}, std::pair{"referencePos", "toward"}}) {
        const auto n = pair.child(element);
        const std::string named = n ? text_of(n) : std::string();
        const auto i =
            static_cast<std::size_t>(std::find(actor_names.begin(), actor_names.end(), named) - actor_names.begin());
        if (i == actor_names.size()) {
          diags.error(where(n ? n : pair),
                      "expected an actor's <name> in <" + std::string(element) + ">, found '" + named + "'");
          continue;
        }
        shift.set(key, located(Node::make_string(actor_ids[i]), where(n)));
      }
      const auto adjust = pair.child("adjust");
      shift.set("rate", adjust ? number_cell(text_of(adjust), where(adjust)) : located(Node::make_null(), where(pair)));
      ideals.push(std::move(shift));
    }
    if (!models) {
      models = located(Node::make_mapping(), where(ia));
      models->set("smp", located(Node::make_mapping(), where(ia)));
    }
    // `models` holds one "smp" entry (made here or by ktab_model_parameters).
    const auto smp = std::find_if(models->entries.begin(), models->entries.end(),
                                  [](const auto& entry) { return entry.first.text == "smp"; });
    if (smp != models->entries.end()) smp->second.set("ideals", std::move(ideals));
  }
  if (models) root->set("models", std::move(*models));
  if (diags.error_count() != before) return nullptr;
  return root;
}

}  // namespace parley::scenario
