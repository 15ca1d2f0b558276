// The web UI of `parley serve` (web/serve), bundled at build time by web/build.mjs into a generated source, so
// that the binary serves its pages with nothing beside it (docs/serve.md).
#pragma once

#include <string_view>

namespace parley::server::detail {

/// The whole single-page app: one HTML document with its script and style sheet inline.
[[nodiscard]] std::string_view app_html();

}  // namespace parley::server::detail
