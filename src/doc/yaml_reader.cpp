// YAML reader on libyaml's event parser (the reference C implementation), building a located tree.
// Scalars are typed by the YAML 1.2 core schema, so `Y`, `no` and `2026-01-23` stay text.
#include <yaml.h>

#include <charconv>
#include <cmath>

#include "doc/node.hpp"
#include "doc/utf8.hpp"

namespace parley::doc {

namespace {

bool all_of_class(std::string_view s, std::string_view chars) {
  return !s.empty() && s.find_first_not_of(chars) == std::string_view::npos;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?  (integers included)
bool is_core_decimal(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::size_t whole = digits();
  std::size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (whole == 0 && fraction == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

// Core-schema resolution of a plain scalar (YAML 1.2.2, section 10.3.2).
void resolve_plain(Node& n) {
  const std::string& t = n.text;
  if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL") {
    n.kind = Kind::null;
    return;
  }
  if (t == "true" || t == "True" || t == "TRUE" || t == "false" || t == "False" || t == "FALSE") {
    n.kind = Kind::boolean;
    n.boolean = t[0] == 't' || t[0] == 'T';
    return;
  }
  const char first = t[0];
  const bool may_be_number = (first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.';
  if (!may_be_number) {
    n.kind = Kind::string;
    return;
  }
  const std::string_view rest = std::string_view(t).substr(std::min<std::size_t>(2, t.size()));
  if ((t.starts_with("0o") && all_of_class(rest, "01234567")) ||
      (t.starts_with("0x") && all_of_class(rest, "0123456789abcdefABCDEF"))) {
    unsigned long long v = 0;
    std::from_chars(t.data() + 2, t.data() + t.size(), v, t[1] == 'o' ? 8 : 16);
    n.kind = Kind::number;
    n.number = static_cast<double>(v);
    return;
  }
  if (t == ".inf" || t == ".Inf" || t == ".INF" || t == "+.inf" || t == "+.Inf" || t == "+.INF") {
    n.kind = Kind::number;
    n.number = HUGE_VAL;
    return;
  }
  if (t == "-.inf" || t == "-.Inf" || t == "-.INF") {
    n.kind = Kind::number;
    n.number = -HUGE_VAL;
    return;
  }
  if (t == ".nan" || t == ".NaN" || t == ".NAN") {
    n.kind = Kind::number;
    n.number = std::nan("");
    return;
  }
  if (is_core_decimal(t)) {
    const char* begin = t.data() + (first == '+' ? 1 : 0);
    double v = 0;
    const auto res = std::from_chars(begin, t.data() + t.size(), v);
    n.kind = Kind::number;
    n.number = res.ec == std::errc::result_out_of_range ? (first == '-' ? -HUGE_VAL : HUGE_VAL) : v;
    return;
  }
  n.kind = Kind::string;
}

struct Frame {
  Node* node;
  bool expect_key = true;
  Key pending;
};

class YamlReader {
 public:
  YamlReader(std::string_view text, std::shared_ptr<const std::string> file, Diagnostics& diags)
      : text_(text), file_(std::move(file)), diags_(diags) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text_.data()), text_.size());
  }
  ~YamlReader() { yaml_parser_delete(&parser_); }
  YamlReader(const YamlReader&) = delete;
  YamlReader& operator=(const YamlReader&) = delete;

  std::unique_ptr<Node> run() {
    // libyaml reports bad UTF-8 at the start of the stream; find the byte itself.
    if (const auto bad = first_invalid_utf8(text_); bad != std::string_view::npos) {
      diags_.error(location_of(bad), "expected UTF-8 text, found an invalid byte");
      return nullptr;
    }
    auto root = std::make_unique<Node>();
    bool have_root = false;
    int documents = 0;
    while (true) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser_, &event)) {
        report_parser_error();
        return nullptr;
      }
      const yaml_event_type_t type = event.type;
      const SourceLocation where = location(event.start_mark);
      bool ok = true;
      switch (type) {
        case YAML_DOCUMENT_START_EVENT:
          if (++documents > 1) {
            diags_.error(where, "expected one YAML document, found a second one");
            ok = false;
          }
          break;
        case YAML_SCALAR_EVENT:
          ok = scalar(event, where, *root, have_root);
          break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
          ok = open(type, where, *root, have_root);
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          stack_.pop_back();
          break;
        case YAML_ALIAS_EVENT:
          diags_.error(where, "expected a value written out, found an alias ('*" +
                                  std::string(reinterpret_cast<const char*>(event.data.alias.anchor)) +
                                  "'); anchors and aliases are not supported in scenario files");
          ok = false;
          break;
        default:
          break;
      }
      yaml_event_delete(&event);
      if (!ok) return nullptr;
      if (type == YAML_STREAM_END_EVENT) break;
    }
    if (!have_root) root->where = {file_, 1, 1};
    return root;
  }

 private:
  SourceLocation location_of(std::size_t offset) const {
    std::uint32_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      const auto c = static_cast<unsigned char>(text_[i]);
      if (c == '\n') {
        ++line;
        column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++column;
      }
    }
    return {file_, line, column};
  }

  SourceLocation location(const yaml_mark_t& m) const {
    return {file_, static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)};
  }

  void report_parser_error() {
    std::string message = "invalid YAML: ";
    message += parser_.problem ? parser_.problem : "unknown problem";
    if (parser_.context) {
      message += " (";
      message += parser_.context;
      message += " at line " + std::to_string(parser_.context_mark.line + 1) + ")";
    }
    // A construct left open to the end of the file is best located where it opened (an unclosed quote).
    const bool ran_off_end = parser_.context != nullptr && parser_.problem_mark.index >= text_.size();
    diags_.error(location(ran_off_end ? parser_.context_mark : parser_.problem_mark), message);
  }

  // Places a new node where the parser is: the document root, a list item, or a mapping value.
  // Returns nullptr after reporting a problem (a non-scalar key, a duplicate key).
  Node* place(Node&& node, Node& root, bool& have_root) {
    if (stack_.empty()) {
      root = std::move(node);
      have_root = true;
      return &root;
    }
    Frame& top = stack_.back();
    if (top.node->kind == Kind::sequence) return &top.node->push(std::move(node));
    if (top.expect_key) {
      if (!node.is_scalar()) {
        diags_.error(node.where, "expected a plain key, found " + std::string(kind_noun(node.kind)) + " used as a key");
        return nullptr;
      }
      top.pending = Key{node.text, node.where};
      top.expect_key = false;
      return &scratch_key_;
    }
    for (const auto& [k, v] : top.node->entries) {
      if (k.text == top.pending.text) {
        diags_.error(top.pending.where, "duplicate key '" + k.text + "'; it was first given at line " +
                                            std::to_string(k.where.line) + ", column " +
                                            std::to_string(k.where.column));
      }
    }
    top.expect_key = true;
    top.node->entries.emplace_back(std::move(top.pending), std::move(node));
    return &top.node->entries.back().second;
  }

  bool scalar(const yaml_event_t& event, const SourceLocation& where, Node& root, bool& have_root) {
    Node n;
    n.where = where;
    n.text.assign(reinterpret_cast<const char*>(event.data.scalar.value), event.data.scalar.length);
    const std::string tag = event.data.scalar.tag ? reinterpret_cast<const char*>(event.data.scalar.tag) : "";
    const bool is_plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (tag == "tag:yaml.org,2002:str" || (tag.empty() && !is_plain)) {
      n.kind = Kind::string;
    } else if (tag.empty() || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
               tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
      resolve_plain(n);
      n.plain = is_plain;
    } else {
      diags_.error(where,
                   "expected a value without a tag or with a standard one (!!str, !!int, !!float, !!bool, !!null), "
                   "found the tag '" +
                       tag + "'");
      return false;
    }
    return place(std::move(n), root, have_root) != nullptr;
  }

  bool open(yaml_event_type_t type, const SourceLocation& where, Node& root, bool& have_root) {
    if (stack_.size() >= kMaxDepth) {
      diags_.error(where, "expected at most " + std::to_string(kMaxDepth) + " levels of nesting, found more");
      return false;
    }
    Node n;
    n.where = where;
    n.kind = type == YAML_SEQUENCE_START_EVENT ? Kind::sequence : Kind::mapping;
    Node* placed = place(std::move(n), root, have_root);
    if (placed == nullptr) return false;
    stack_.push_back(Frame{placed, true, {}});
    return true;
  }

  std::string_view text_;
  std::shared_ptr<const std::string> file_;
  Diagnostics& diags_;
  yaml_parser_t parser_{};
  std::vector<Frame> stack_;
  Node scratch_key_;
};

}  // namespace

std::unique_ptr<Node> parse_yaml(std::string_view text, const std::shared_ptr<const std::string>& file,
                                 Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  auto root = YamlReader(text, file, diags).run();
  if (diags.error_count() != before) return nullptr;
  return root;
}

}  // namespace parley::doc
