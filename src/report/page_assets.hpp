// The report page's script and style sheet: web/report bundled by esbuild at build time and compiled in
// (web/build.mjs writes the source that defines these).
#pragma once

#include <string_view>

namespace parley::report::detail {

[[nodiscard]] std::string_view page_script();
[[nodiscard]] std::string_view page_style();

}  // namespace parley::report::detail
