// Rendering `parley runs`: the runs of a run store as a table, and one stored run for people.
#pragma once

#include <string>
#include <vector>

#include "doc/node.hpp"
#include "store/store.hpp"

namespace parley::report {

/// complete, interrupted (stopped by a signal; its summary covers the draws done) or unfinished (no summary:
/// killed, failed or still running).
[[nodiscard]] std::string run_status(const store::Run& run);

/// One line per run: id, created, analysis, draws done/asked, status, scenario file, SHA-256 prefix.
[[nodiscard]] std::string runs_list_text(const std::vector<store::Run>& runs);

/// A stored run: its record, then its summary (`summary`, the stored JSON parsed; null for an unfinished run)
/// as `parley sweep` words it.
[[nodiscard]] std::string run_text(const std::string& db, const store::Run& run, const doc::Node* summary);

}  // namespace parley::report
