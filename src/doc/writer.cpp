// JSON and YAML writers for the located tree. Both are deterministic: the same tree gives the same bytes.
#include <cmath>

#include "core/text.hpp"
#include "doc/node.hpp"

namespace parley::doc {

namespace {

void json_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void scalar_json(std::string& out, const Node& n) {
  switch (n.kind) {
    case Kind::null:
      out += "null";
      break;
    case Kind::boolean:
      out += n.boolean ? "true" : "false";
      break;
    case Kind::number:
      if (n.exact) {
        out += n.text;
      } else {
        out += std::isfinite(n.number) ? core::format_number(n.number) : "null";
      }
      break;
    default:
      json_string(out, n.text);
      break;
  }
}

bool all_scalars(const Node& n) {
  for (const auto& item : n.items) {
    if (!item.is_scalar()) return false;
  }
  return true;
}

void write_json(std::string& out, const Node& n, int indent) {
  const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  if (n.kind == Kind::sequence) {
    if (n.items.empty() || all_scalars(n)) {
      out += '[';
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        if (i > 0) out += ", ";
        scalar_json(out, n.items[i]);
      }
      out += ']';
      return;
    }
    out += "[\n";
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      out += pad;
      write_json(out, n.items[i], indent + 2);
      out += i + 1 < n.items.size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + ']';
    return;
  }
  if (n.kind == Kind::mapping) {
    if (n.entries.empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    for (std::size_t i = 0; i < n.entries.size(); ++i) {
      out += pad;
      json_string(out, n.entries[i].first.text);
      out += ": ";
      write_json(out, n.entries[i].second, indent + 2);
      out += i + 1 < n.entries.size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + '}';
    return;
  }
  scalar_json(out, n);
}

void write_json_line(std::string& out, const Node& n) {
  if (n.kind == Kind::sequence) {
    out += '[';
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      if (i > 0) out += ", ";
      write_json_line(out, n.items[i]);
    }
    out += ']';
    return;
  }
  if (n.kind == Kind::mapping) {
    out += '{';
    for (std::size_t i = 0; i < n.entries.size(); ++i) {
      if (i > 0) out += ", ";
      json_string(out, n.entries[i].first.text);
      out += ": ";
      write_json_line(out, n.entries[i].second);
    }
    out += '}';
    return;
  }
  scalar_json(out, n);
}

// Text that a YAML reader would take back, unquoted, as this very string.
bool plain_safe(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  const char first = s.front();
  if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z'))) return false;
  for (const char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    std::string_view(" _-.()/'").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  for (const std::string_view reserved : {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}) {
    if (s == reserved) return false;
  }
  return true;
}

void scalar_yaml(std::string& out, const Node& n) {
  if (n.kind == Kind::string) {
    if (plain_safe(n.text)) {
      out += n.text;
    } else {
      json_string(out, n.text);  // JSON escapes are valid in YAML double-quoted scalars
    }
    return;
  }
  scalar_json(out, n);
}

void yaml_key(std::string& out, std::string_view key) {
  const bool simple = !key.empty() &&
                      key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") ==
                          std::string_view::npos &&
                      key.front() != '.';
  if (simple) {
    out += key;
  } else {
    json_string(out, key);
  }
  out += ':';
}

void write_yaml(std::string& out, const Node& n, int indent);

// A value after `key:` or `- `: scalars and flow lists stay on the line, blocks go below.
void yaml_value(std::string& out, const Node& n, int indent) {
  if ((n.kind == Kind::mapping && !n.entries.empty()) ||
      (n.kind == Kind::sequence && !n.items.empty() && !all_scalars(n))) {
    out += '\n';
    write_yaml(out, n, indent);
  } else if (n.kind == Kind::mapping) {
    out += " {}\n";
  } else if (n.kind == Kind::sequence) {
    out += " [";
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      if (i > 0) out += ", ";
      scalar_yaml(out, n.items[i]);
    }
    out += "]\n";
  } else {
    out += ' ';
    scalar_yaml(out, n);
    out += '\n';
  }
}

void write_yaml(std::string& out, const Node& n, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (n.kind == Kind::mapping) {
    for (const auto& [key, value] : n.entries) {
      out += pad;
      yaml_key(out, key.text);
      yaml_value(out, value, indent + 2);
    }
  } else if (n.kind == Kind::sequence) {
    for (const auto& item : n.items) {
      out += pad + "-";
      if (item.kind == Kind::mapping && !item.entries.empty()) {
        // The first key shares the dash's line; the rest align under it.
        std::string block;
        write_yaml(block, item, indent + 2);
        out += ' ';
        out += block.substr(static_cast<std::size_t>(indent) + 2);
      } else {
        yaml_value(out, item, indent + 2);
      }
    }
  } else {
    scalar_yaml(out, n);
    out += '\n';
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  json_string(out, s);
}

std::string to_json(const Node& node) {
  std::string out;
  write_json(out, node, 0);
  out += '\n';
  return out;
}

std::string to_json_line(const Node& node) {
  std::string out;
  write_json_line(out, node);
  return out;
}

std::string to_yaml(const Node& node) {
  std::string out;
  write_yaml(out, node, 0);
  return out;
}

}  // namespace parley::doc
