// The audit log of a hosted negotiation (docs/serve.md, "The audit log"): every action one entry, appended in
// the transaction that makes the change, each chained to the one before by SHA-256, so that any edit,
// insertion or removal shows when the chain is recomputed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "doc/node.hpp"
#include "host/state.hpp"

namespace parley::host {

struct Entry {
  std::int64_t seq = 0;
  std::string time, actor, action;
  doc::Node detail;
  std::string prev, hash;
};

/// The `prev` of a first entry.
[[nodiscard]] const std::string& genesis();

/// SHA-256 of `prev`, "\n" and {seq, time, actor, action, detail} as one line of JSON.
[[nodiscard]] std::string entry_hash(const Entry& e);

/// The next entry of `s`'s chain, stamped now; advances the chain's head in `s`.
[[nodiscard]] Entry append(State& s, std::string actor, std::string action, doc::Node detail);

/// The digest a confidential action of `actor` leaves in the log as the next entry: SHA-256 of the
/// negotiation's secret salt, the entry's sequence number, the actor and the text. The number makes every
/// digest different, so that equal texts (two parties accepting the same set, an empty set every round) cannot
/// be told apart by their digests; the site can still prove what was said.
[[nodiscard]] std::string digest(const State& s, std::string_view actor, std::string_view text);

/// An entry as exported: seq, time, actor, action, detail, prev, hash.
[[nodiscard]] doc::Node entry_node(const Entry& e);

struct Verified {
  std::size_t entries = 0;
  std::string head;
};

/// Recomputes the chain of an exported log ({"negotiation", "entries": [...]}). Throws DataError located at
/// the first entry that is malformed, out of sequence, not linked to the one before, or whose hash does not
/// match its contents.
[[nodiscard]] Verified verify(const doc::Node& log);

/// Now, UTC, ISO 8601 to the second.
[[nodiscard]] std::string now_utc();
/// `n` random bytes from the kernel, as lower-case hex (tokens, ids, salts).
[[nodiscard]] std::string random_hex(std::size_t n);

}  // namespace parley::host
