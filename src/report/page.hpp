// Rendering `parley report`: the document the services layer gathers (every analysis of one scenario, as
// JSON) laid out as one self-contained HTML page with charts, or as Markdown tables. Nothing is computed here.
#pragma once

#include <string>

#include "doc/node.hpp"

namespace parley::report {

/// One HTML page: the document inlined as JSON and the chart code (web/report, bundled at build time) inlined
/// as a script, so the page opens offline and can be mailed as one file. The document's `parley.created` is
/// the only part that differs between two reports of the same inputs.
[[nodiscard]] std::string page_html(const doc::Node& document);

/// Throws UsageError when this build has no page bundle (built without Node.js): checked before a report's
/// analyses run, so that asking for the page fails at once.
void require_page();

/// The same tables as Markdown, for pasting into a memo.
[[nodiscard]] std::string page_markdown(const doc::Node& document);

}  // namespace parley::report
