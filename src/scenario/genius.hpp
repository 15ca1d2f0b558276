// Reader for GENIUS negotiation domains and their linear additive utility profiles, the format of the ANAC
// competitions (Lin et al. 2014, "Genius: an integrated environment for supporting the design of generic automated
// negotiators", Computational Intelligence 30(1)). What is read and how it is normalised: docs/genius.md.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/diagnostics.hpp"

namespace parley::genius {

/// One issue of a domain, as the grid of values parley negotiates over.
struct Issue {
  std::string name;
  enum class Kind { discrete, integer, real } kind = Kind::discrete;
  std::vector<std::string> values;  // the grid as text: item names; integers "8".."14"; reals formatted shortest
  std::vector<double> numbers;      // numeric value of each grid entry (discrete: 0-based item index)
  SourceLocation where;
};

/// One party's linear additive utility function over a domain.
struct Profile {
  std::string id;    // from the file stem, made a valid parley id (^[a-z][a-z0-9_]*$, unique), e.g. "travel_chox"
  std::string name;  // the file stem as is
  std::vector<double> weights;                  // per domain issue, domain order
  std::vector<std::vector<double>> evaluation;  // per domain issue, per grid value: normalised evaluation in [0,1]
                                                // (NOT multiplied by weight)
  double reservation = 0;                       // reservation value, 0 if absent
  double discount = 1;                          // discount factor, 1 if absent (read, reported, not used)
  std::shared_ptr<const std::string> file;
  SourceLocation where;

  /// u(x) = sum_k weights[k] * evaluation[k][x_k]; `package` holds one grid index per domain issue.
  /// Throws parley::Error (internal) when the package does not fit the profile.
  [[nodiscard]] double utility(std::span<const std::size_t> package) const;
};

struct Domain {
  std::string name;  // domain file stem
  std::vector<Issue> issues;
  std::vector<Profile> profiles;
  std::string sha256;  // of the files' bytes as read: the domain, then the profiles in the order given

  [[nodiscard]] double size() const;  // number of outcomes (product of grid sizes) as double
};

/// Real issues are discretised into this many evenly spaced values, bounds included (docs/genius.md).
inline constexpr std::size_t kRealGridSize = 11;

/// True when the file's root element is a GENIUS domain (<negotiation_template>, or a <utility_space> with no
/// weights/evaluations) — cheap sniff used to route input. False for unreadable or malformed files.
[[nodiscard]] bool looks_like_domain(const std::string& path);

/// Reads a domain and its profiles; errors go to diags with FILE:LINE:COL (compute line/column from pugixml
/// offsets, like import.cpp does), returns nullopt on error. Throws parley::InputError for unreadable files.
[[nodiscard]] std::optional<Domain> read(const std::string& domain_path, const std::vector<std::string>& profile_paths,
                                         Diagnostics& diags);

/// One GENIUS file already in memory: the name diagnostics give it (and that names the domain or profile), and
/// its text.
struct XmlText {
  std::string name;
  std::string text;
};
/// `read` for files already in memory (the fuzz target, tests/fuzz/genius_xml.cpp); `read` itself reads the
/// files and calls this.
[[nodiscard]] std::optional<Domain> read_texts(const XmlText& domain, const std::vector<XmlText>& profiles,
                                               Diagnostics& diags);

}  // namespace parley::genius
