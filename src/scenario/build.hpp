// Building a validated Scenario from a document tree, and writing one back (docs/scenario-format.md).
#pragma once

#include <optional>

#include "doc/node.hpp"
#include "parley/scenario.hpp"
#include "scenario/reader.hpp"

namespace parley::scenario {

/// Validates `root` against the scenario format; every problem goes to `diags`. Nothing is returned
/// when there was an error: a half-loaded scenario is never used.
[[nodiscard]] std::optional<Scenario> from_document(const doc::Node& root, Diagnostics& diags);

/// A number as the format writes it: plain, an option's name on a discrete issue, or a distribution
/// ({"normal": [mean, sd]}); a distribution keeps plain numbers even on a discrete issue.
[[nodiscard]] doc::Node uncertain_node(const Uncertain& u, const Issue* issue = nullptr);

/// The scenario's `models` settings as written (only the keys given); null when it gives none.
[[nodiscard]] doc::Node models_document(const Scenario& s);

/// The scenario as written (timeline not applied), in the format's own shape: what `convert` writes.
[[nodiscard]] doc::Node to_document(const Scenario& s);

}  // namespace parley::scenario

namespace parley::scenario::detail {

void build_sources(Reader& r, const doc::Node& node, Scenario& s);
void build_issues(Reader& r, const doc::Node& node, Scenario& s);
void build_actors(Reader& r, const doc::Node& node, Scenario& s);
void build_constraints(Reader& r, const doc::Node& node, Scenario& s);
void build_timeline(Reader& r, const doc::Node& node, Scenario& s);
void build_conflict(Reader& r, const doc::Node& node, Scenario& s);
/// An actor's `weights` (names to numbers of at least 0).
void build_actor_weights(Reader& r, const doc::Node& node, Actor& a);
/// The scenario's `decision` rule; the actors (and their weights) are read already.
void build_decision(Reader& r, const doc::Node& node, Scenario& s);
/// The scenario's `models` settings.
void build_models(Reader& r, const doc::Node& node, Scenario& s);

/// Limits of a graph model, for parley's own files and gmcr-py's alike. State codes are 64-bit words, one bit
/// per option.
inline constexpr std::size_t kMaxOptions = 62;
/// A complete ranking lists every feasible state, and gmcr-py's state numbers exist only once every state has
/// been enumerated: past this many options nobody ranks the states by hand.
inline constexpr std::size_t kMaxRankedOptions = 20;

/// The scale a stance field is measured on.
[[nodiscard]] Scale scale_of(const Issue& issue);
/// Valid range of an actor-level field.
[[nodiscard]] Bounds bounds_of(Field f);
/// Checks a cited source id exists.
void check_source(Reader& r, const doc::Node& node, const Scenario& s);

}  // namespace parley::scenario::detail
