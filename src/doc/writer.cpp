// JSON and YAML writers for the located tree. Both are deterministic: the same tree gives the same bytes.
#include <cmath>

#include "core/text.hpp"
#include "doc/node.hpp"
#include "doc/stream.hpp"

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

// ---- streams ---------------------------------------------------------------------------------------------------

namespace {

std::string json_scalar_text(const Node& n) {
  std::string t;
  scalar_json(t, n);
  return t;
}

std::string yaml_scalar_text(const Node& n) {
  std::string t;
  scalar_yaml(t, n);
  return t;
}

std::string number_text(double x) {
  return std::isfinite(x) ? core::format_number(x) : "null";
}

void pad(std::string& out, int n) {
  out.append(static_cast<std::size_t>(n), ' ');
}

}  // namespace

void JsonStream::end_value() {
  if (open_.empty()) out_ += '\n';
}

// A mapping or sequence starts as an item: a sequence still on one line changes to one item a line.
void JsonStream::before_container() {
  if (open_.empty() || open_.back().mapping) return;
  Frame& f = open_.back();
  if (!f.block) {
    f.block = true;
    out_ += '\n';
    for (std::size_t i = 0; i < f.pending.size(); ++i) {
      if (i > 0) out_ += ",\n";
      pad(out_, f.indent + 2);
      out_ += f.pending[i];
    }
    f.items = f.pending.size();
    f.pending.clear();
  }
  if (f.items > 0) out_ += ",\n";
  pad(out_, f.indent + 2);
  ++f.items;
}

void JsonStream::open(bool mapping) {
  before_container();
  Frame f;
  f.mapping = mapping;
  f.indent = open_.empty() ? 0 : open_.back().indent + 2;
  out_ += mapping ? '{' : '[';
  open_.push_back(std::move(f));
}

void JsonStream::end_mapping() {
  const Frame f = std::move(open_.back());
  open_.pop_back();
  if (f.items > 0) {
    out_ += '\n';
    pad(out_, f.indent);
  }
  out_ += '}';
  end_value();
}

void JsonStream::end_sequence() {
  Frame f = std::move(open_.back());
  open_.pop_back();
  if (f.block) {
    out_ += '\n';
    pad(out_, f.indent);
  } else {
    for (std::size_t i = 0; i < f.pending.size(); ++i) {
      if (i > 0) out_ += ", ";
      out_ += f.pending[i];
    }
  }
  out_ += ']';
  end_value();
}

void JsonStream::key(std::string_view k) {
  Frame& f = open_.back();
  out_ += f.items > 0 ? ",\n" : "\n";
  pad(out_, f.indent + 2);
  json_string(out_, k);
  out_ += ": ";
  ++f.items;
}

void JsonStream::scalar(std::string text) {
  if (!open_.empty() && !open_.back().mapping) {
    Frame& f = open_.back();
    if (!f.block) {
      f.pending.push_back(std::move(text));
      return;
    }
    out_ += ",\n";
    pad(out_, f.indent + 2);
    ++f.items;
  }
  out_ += text;
  end_value();
}

void JsonStream::string(std::string_view s) {
  std::string t;
  json_string(t, s);
  scalar(std::move(t));
}
void TextStream::number(double x) {
  scalar(number_text(x));
}

std::string JsonStream::scalar_text(const Node& n) const {
  return json_scalar_text(n);
}

YamlStream::Place YamlStream::place() const {
  if (open_.empty()) return Place::top;
  return open_.back().mapping ? Place::value : Place::item;
}

// A mapping or sequence starts as an item: a sequence still on one line changes to one item a line, and the
// item's dash is written.
void YamlStream::before_container() {
  if (open_.empty() || open_.back().mapping) return;
  Frame& f = open_.back();
  if (!f.block) {
    f.block = true;
    out_ += '\n';
    for (const std::string& p : f.pending) {
      pad(out_, f.indent);
      out_ += "- " + p + '\n';
    }
    f.pending.clear();
  }
  pad(out_, f.indent);
  out_ += '-';
  ++f.items;
}

void YamlStream::open(bool mapping) {
  const Place at = place();
  before_container();
  Frame f;
  f.mapping = mapping;
  f.place = at;
  f.indent = open_.empty() ? 0 : open_.back().indent + 2;
  f.block = at == Place::top;  // a document's sequence lists one item a line even when all are scalars
  open_.push_back(std::move(f));
}

void YamlStream::end_mapping() {
  const Frame f = std::move(open_.back());
  open_.pop_back();
  if (f.items == 0 && f.place != Place::top) out_ += " {}\n";
}

void YamlStream::end_sequence() {
  Frame f = std::move(open_.back());
  open_.pop_back();
  if (f.block) return;
  out_ += " [";
  for (std::size_t i = 0; i < f.pending.size(); ++i) {
    if (i > 0) out_ += ", ";
    out_ += f.pending[i];
  }
  out_ += "]\n";
}

void YamlStream::key(std::string_view k) {
  Frame& f = open_.back();
  if (f.items == 0 && f.place == Place::value) {
    out_ += '\n';
    pad(out_, f.indent);
  } else if (f.items == 0 && f.place == Place::item) {
    out_ += ' ';  // the first key shares the dash's line
  } else {
    pad(out_, f.indent);
  }
  yaml_key(out_, k);
  ++f.items;
}

void YamlStream::scalar(std::string text) {
  if (open_.empty()) {
    out_ += text + '\n';
    return;
  }
  Frame& f = open_.back();
  if (!f.mapping) {
    if (!f.block) {
      f.pending.push_back(std::move(text));
      return;
    }
    pad(out_, f.indent);
    out_ += '-';
    ++f.items;
  }
  out_ += ' ' + text + '\n';
}

void YamlStream::string(std::string_view s) {
  scalar(yaml_scalar_text(Node::make_string(std::string(s))));
}
std::string YamlStream::scalar_text(const Node& n) const {
  return yaml_scalar_text(n);
}

void TextStream::pause() {
  std::string& t = written();
  if (!sink_ || t.size() < chunk_) return;
  sink_(t);
  t.clear();
}

void TextStream::node(const Node& n) {
  if (n.kind == Kind::mapping) {
    begin_mapping();
    for (const auto& [k, value] : n.entries) {
      key(k.text);
      node(value);
    }
    end_mapping();
  } else if (n.kind == Kind::sequence) {
    begin_sequence();
    for (const Node& item : n.items) node(item);
    end_sequence();
  } else {
    scalar(scalar_text(n));
  }
}

}  // namespace parley::doc
