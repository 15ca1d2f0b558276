// `parley report` as one HTML page. The page is a shell: the document travels inside it as JSON, and the
// bundled chart code (web/report) draws every section from it when the page opens, with no network access.
#include <string_view>

#include "parley/error.hpp"
#include "report/page.hpp"
#include "report/page_assets.hpp"

namespace parley::report {

namespace {

std::string escaped_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// JSON inside <script type="application/json">: the element ends at the first "</", so no '<' may stand in it
// as itself. In JSON a '<' can only be inside a string, where \u003c means the same character.
std::string script_safe_json(const doc::Node& document) {
  const std::string json = doc::to_json_line(document);  // compact: the page is read by a script, not a person
  std::string out;
  out.reserve(json.size() + 64);
  for (const char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

std::string title_of(const doc::Node& document) {
  const doc::Node* scenario = document.find("scenario");
  const doc::Node* title = scenario != nullptr ? scenario->find("title") : nullptr;
  return title != nullptr && title->kind == doc::Kind::string ? title->text : std::string("parley report");
}

}  // namespace

void require_page() {
  if (detail::page_script().empty()) {
    throw OptionError("format",
                      "{format} html: this parley was built without Node.js, which bundles the report page's charts; "
                      "{format} md and {format} json give the same tables and data (docs/install.md, \"Without "
                      "Node.js\")");
  }
}

std::string page_html(const doc::Node& document) {
  require_page();
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"parley report\">\n";
  out += "<title>" + escaped_html(title_of(document)) + " - parley report</title>\n";
  out += "<style>\n";
  out += detail::page_style();
  out += "\n</style>\n</head>\n<body>\n";
  out +=
      "<main id=\"report\"><noscript><p>This report draws its tables and charts with JavaScript, which is "
      "turned off. <code>parley report --format md</code> writes the same tables as Markdown.</p></noscript>"
      "</main>\n";
  out += "<script type=\"application/json\" id=\"parley-data\">\n";
  out += script_safe_json(document);
  out += "</script>\n<script>\n";
  out += detail::page_script();
  out += "\n</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace parley::report
