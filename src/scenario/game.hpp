// Reader for scorable multi-party negotiation games in the layout of LLM-Deliberation (Abdelnabi et al. 2024,
// "Cooperation, Competition, and Maliciousness: LLM-Stakeholders Interactive Negotiation", NeurIPS Datasets and
// Benchmarks): a folder with `config.txt`, one line per party (`display name, file id, role, ...`, roles `p1`,
// `p2`, `player`), and `scores_files/<file id>.txt`, one line per issue with the scores of its options in order
// and a last line with the party's minimum total. What is read and how the scores become utilities:
// docs/games.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parley/diagnostics.hpp"
#include "scenario/genius.hpp"

namespace parley::game {

struct Party {
  std::string name, file_id, role;          // as written in config.txt
  std::vector<std::vector<double>> scores;  // per issue, per option, as written
  double minimum = 0;                       // the least total score the party accepts
  SourceLocation where;                     // its line in config.txt
};

struct Game {
  std::string name;            // the folder's name
  std::vector<Party> parties;  // in config.txt order
  /// The same game as a domain: issues A, B, ... with options A1, A2, ...; each party a profile whose utility
  /// is its total score mapped affinely onto [0, 1] and whose reservation is its minimum on that scale.
  genius::Domain domain;
  /// The game's rule: at least n - 1 parties accept, every `p1` and `p2` party among them (profile indices).
  std::size_t at_least = 0;
  std::vector<std::size_t> vetoes;
};

/// True when `dir` is a folder holding `config.txt` and a `scores_files` folder.
[[nodiscard]] bool looks_like_game(const std::string& dir);

/// One file already in memory: its name for diagnostics, and its text.
struct Text {
  std::string name, text;
  std::string problem;  // when not empty, why the file could not be read (reported at the config line naming it)
};

/// Files larger than this are not game files (the published ones are well under 1 KB).
inline constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{1} << 20;

/// Reads a game from its config text and its scores files by file id (one missing is reported at the config
/// line naming it). Errors go to `diags` with FILE:LINE:COL; nothing is returned when there was one.
[[nodiscard]] std::optional<Game> read_texts(const std::string& name, const Text& config,
                                             const std::map<std::string, Text>& scores, Diagnostics& diags);

/// Reads the game in folder `dir`. Throws parley::InputError when a file cannot be read.
[[nodiscard]] std::optional<Game> read(const std::string& dir, Diagnostics& diags);

}  // namespace parley::game
