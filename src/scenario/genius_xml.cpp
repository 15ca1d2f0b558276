#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/text.hpp"
#include "parley/error.hpp"
#include "scenario/genius_detail.hpp"

namespace parley::genius::detail {

namespace {

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

}  // namespace

XmlFile::XmlFile(const std::string& name, std::string text, Diagnostics& diags)
    : text_(std::move(text)), lines_(text_, std::make_shared<const std::string>(name)) {
  const auto parsed = doc_.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    diags.error(lines_.at(parsed.offset), std::string("invalid XML: ") + parsed.description());
    doc_.reset();
  }
}

SourceLocation XmlFile::at(const pugi::xml_node& node) const {
  return lines_.at(node.offset_debug());
}

SourceLocation XmlFile::at(const pugi::xml_node& owner, const pugi::xml_attribute& attribute) const {
  // pugixml parses in place, so an attribute's name lies in the same buffer as its element's name; pugixml
  // gives the offset of the element only.
  const std::ptrdiff_t base = owner.offset_debug();
  if (base < 0) return lines_.at(base);
  return lines_.at(base + (attribute.name() - owner.name()));
}

std::optional<std::string> Attributes::text(const pugi::xml_node& node, const char* name, std::string_view what) {
  const auto attribute = node.attribute(name);
  if (!attribute) {
    diags_.error(xml_.at(node),
                 "expected attribute '" + std::string(name) + "' on " + std::string(what) + ", found none");
    return std::nullopt;
  }
  return std::string(attribute.value());
}

std::optional<double> Attributes::number(const pugi::xml_node& node, const char* name, std::string_view what) {
  const auto text = this->text(node, name, what);
  if (!text) return std::nullopt;
  const auto t = core::trim(*text);
  double x = 0;
  const auto res = std::from_chars(t.data(), t.data() + t.size(), x);
  if (t.empty() || res.ec != std::errc() || res.ptr != t.data() + t.size() || !std::isfinite(x)) {
    diags_.error(xml_.at(node, node.attribute(name)), "expected a number in '" + std::string(name) + "' of " +
                                                          std::string(what) + ", found '" + *text + "'");
    return std::nullopt;
  }
  return x;
}

std::optional<long long> Attributes::integer(const pugi::xml_node& node, const char* name, std::string_view what) {
  const auto text = this->text(node, name, what);
  if (!text) return std::nullopt;
  const auto t = core::trim(*text);
  long long x = 0;
  const auto res = std::from_chars(t.data(), t.data() + t.size(), x);
  if (t.empty() || res.ec != std::errc() || res.ptr != t.data() + t.size()) {
    diags_.error(xml_.at(node, node.attribute(name)), "expected a whole number in '" + std::string(name) + "' of " +
                                                          std::string(what) + ", found '" + *text + "'");
    return std::nullopt;
  }
  return x;
}

pugi::xml_node bound_holder(const pugi::xml_node& issue, const char* name) {
  if (issue.attribute(name)) return issue;
  const auto range = issue.child("range");
  return range && range.attribute(name) ? range : issue;
}

std::optional<Issue::Kind> declared_kind(Attributes& attrs, const pugi::xml_node& issue, std::string_view issue_name) {
  // GENIUS and NegMAS follow `type` and take an issue without one as discrete. parley falls back on `vtype`, then
  // `etype`, so an issue that names its kind only there is read as it says rather than as a discrete issue
  // without items. Every ANAC file has `type`, so the two rules agree on them.
  pugi::xml_attribute chosen;
  for (const char* name : {"type", "vtype", "etype"}) {
    const auto attribute = issue.attribute(name);
    if (!attribute) continue;
    if (!chosen) {
      chosen = attribute;
    } else if (!same_ignoring_case(attribute.value(), chosen.value())) {
      attrs.diags().warning(attrs.xml().at(issue, attribute),
                            "issue '" + std::string(issue_name) + "' has " + chosen.name() + "='" + chosen.value() +
                                "' but " + name + "='" + attribute.value() + "'; following '" + chosen.name() + "'");
    }
  }
  if (!chosen) return std::nullopt;
  for (const auto kind : {Issue::Kind::discrete, Issue::Kind::integer, Issue::Kind::real}) {
    if (same_ignoring_case(chosen.value(), kind_name(kind))) return kind;
  }
  attrs.diags().error(attrs.xml().at(issue, chosen), "expected 'discrete', 'integer' or 'real' in '" +
                                                         std::string(chosen.name()) + "' of issue '" +
                                                         std::string(issue_name) + "', found '" + chosen.value() + "'");
  return std::nullopt;
}

std::string_view kind_name(Issue::Kind kind) {
  switch (kind) {
    case Issue::Kind::discrete:
      return "discrete";
    case Issue::Kind::integer:
      return "integer";
    case Issue::Kind::real:
      return "real";
  }
  return "discrete";
}

std::string in_quotes(std::string_view text) {
  return "'" + std::string(text) + "'";
}

}  // namespace parley::genius::detail
