// Internals of the GENIUS reader shared by its domain and profile halves: a parsed XML file that can locate
// its elements and attributes, and attribute readers that say what they expected and what they found.
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/genius.hpp"
#include "scenario/line_index.hpp"

namespace parley::genius::detail {

/// One XML file, parsed; it stays in one place because the line index and pugixml point into its text.
class XmlFile {
 public:
  /// Parses `text`; `name` is the file name that diagnostics give. Malformed XML goes to `diags` and leaves
  /// root() empty.
  XmlFile(const std::string& name, std::string text, Diagnostics& diags);
  XmlFile(const XmlFile&) = delete;
  XmlFile& operator=(const XmlFile&) = delete;

  [[nodiscard]] pugi::xml_node root() const { return doc_.document_element(); }
  [[nodiscard]] const std::string& text() const { return text_; }
  [[nodiscard]] const std::shared_ptr<const std::string>& file() const { return lines_.file(); }
  /// Where the element's name starts, as import.cpp reports KTAB's elements.
  [[nodiscard]] SourceLocation at(const pugi::xml_node& node) const;
  /// Where the attribute's name starts; `owner` is the element that holds it.
  [[nodiscard]] SourceLocation at(const pugi::xml_node& owner, const pugi::xml_attribute& attribute) const;

 private:
  std::string text_;
  scenario::detail::LineIndex lines_;
  pugi::xml_document doc_;
};

/// The reader of one file's attributes; `what` names the element in messages ("item 'Hiking' of issue 'Sport'").
class Attributes {
 public:
  Attributes(const XmlFile& xml, Diagnostics& diags) : xml_(xml), diags_(diags) {}

  /// The attribute's text; a missing one is reported.
  [[nodiscard]] std::optional<std::string> text(const pugi::xml_node& node, const char* name, std::string_view what);
  /// A finite number; a missing or unreadable one is reported.
  [[nodiscard]] std::optional<double> number(const pugi::xml_node& node, const char* name, std::string_view what);
  /// A whole number; a missing or unreadable one is reported.
  [[nodiscard]] std::optional<long long> integer(const pugi::xml_node& node, const char* name, std::string_view what);

  [[nodiscard]] const XmlFile& xml() const { return xml_; }
  [[nodiscard]] Diagnostics& diags() const { return diags_; }

 private:
  const XmlFile& xml_;
  Diagnostics& diags_;
};

/// A bound given as an attribute of the issue or, as GENIUS writes real issues, of its <range> child.
[[nodiscard]] pugi::xml_node bound_holder(const pugi::xml_node& issue, const char* name);

/// The kind an <issue> declares, if it declares one (`type`, else `vtype`, else `etype`). An unknown type is an
/// error (and gives nullopt); attributes that disagree get a warning.
[[nodiscard]] std::optional<Issue::Kind> declared_kind(Attributes& attrs, const pugi::xml_node& issue,
                                                       std::string_view issue_name);

[[nodiscard]] std::string_view kind_name(Issue::Kind kind);

/// `'text'`, as messages quote names.
[[nodiscard]] std::string in_quotes(std::string_view text);

/// Reads one profile over `issues`, whose GENIUS indices are `indices`. The caller sets id and name.
[[nodiscard]] std::optional<Profile> read_profile(const XmlFile& xml, std::span<const Issue> issues,
                                                  std::span<const long long> indices, Diagnostics& diags);

}  // namespace parley::genius::detail
