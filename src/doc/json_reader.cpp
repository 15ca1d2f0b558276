// Strict JSON (RFC 8259) reader producing a located tree. Hand-written because the JSON libraries in
// Debian report a position only for syntax errors, while parley must locate every value.
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "doc/node.hpp"
#include "doc/utf8.hpp"

namespace parley::doc {

namespace {

class JsonReader {
 public:
  JsonReader(std::string_view text, std::shared_ptr<const std::string> file, Diagnostics& diags)
      : text_(text), file_(std::move(file)), diags_(diags) {}

  std::unique_ptr<Node> run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") advance(3);  // a UTF-8 byte-order mark
    if (const auto bad = first_invalid_utf8(text_); bad != std::string_view::npos) {
      skip_to(bad);
      fail("expected UTF-8 text, found an invalid byte");
      return nullptr;
    }
    auto root = std::make_unique<Node>();
    skip_space();
    if (!value(*root, 0)) return nullptr;
    skip_space();
    if (pos_ < text_.size()) {
      fail("expected the end of the file after the top-level value, found " + found());
      return nullptr;
    }
    return root;
  }

 private:
  SourceLocation here() const { return {file_, line_, column_}; }
  void fail(std::string message) { diags_.error(here(), std::move(message)); }

  void advance(std::size_t n = 1) {
    for (std::size_t i = 0; i < n && pos_ < text_.size(); ++i, ++pos_) {
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((c & 0xC0) != 0x80) {  // count characters, not UTF-8 continuation bytes
        ++column_;
      }
    }
  }
  void skip_to(std::size_t target) { advance(target - pos_); }

  void skip_space() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      advance();
    }
  }

  std::string found() const {
    if (pos_ >= text_.size()) return "the end of the file";
    const char c = text_[pos_];
    if (c == '/' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '/' || text_[pos_ + 1] == '*')) {
      return "a comment (JSON has none)";
    }
    if (static_cast<unsigned char>(c) < 0x20) return "a control character";
    return c == '\'' ? std::string("a single quote (JSON strings use double quotes)") : std::string("'") + c + "'";
  }

  bool value(Node& out, std::size_t depth) {
    out.where = here();
    if (depth >= kMaxDepth) {
      fail("expected at most " + std::to_string(kMaxDepth) + " levels of nesting, found more");
      return false;
    }
    if (pos_ >= text_.size()) {
      fail("expected a value, found the end of the file");
      return false;
    }
    const char c = text_[pos_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      out.kind = Kind::string;
      return string(out.text);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(out);
    for (const auto& [word, kind, truth] :
         {std::tuple{"true", Kind::boolean, true}, std::tuple{"false", Kind::boolean, false},
          std::tuple{"null", Kind::null, false}}) {
      const std::string_view w(word);
      if (text_.substr(pos_, w.size()) == w) {
        out.kind = kind;
        out.boolean = truth;
        out.text = w;
        advance(w.size());
        return true;
      }
    }
    fail("expected a value (object, array, string, number, true, false or null), found " + found());
    return false;
  }

  bool object(Node& out, std::size_t depth) {
    out.kind = Kind::mapping;
    advance();  // {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      advance();
      return true;
    }
    std::unordered_map<std::string, SourceLocation> seen;
    while (true) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        fail("expected a key in double quotes, found " + found());
        return false;
      }
      Key key{{}, here()};
      if (!string(key.text)) return false;
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':') {
        fail("expected ':' after the key '" + key.text + "', found " + found());
        return false;
      }
      advance();
      skip_space();
      Node child;
      if (!value(child, depth + 1)) return false;
      if (const auto [it, fresh] = seen.emplace(key.text, key.where); !fresh) {
        diags_.error(key.where, "duplicate key '" + key.text + "'; it was first given at line " +
                                    std::to_string(it->second.line) + ", column " + std::to_string(it->second.column));
      }
      out.entries.emplace_back(std::move(key), std::move(child));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        advance();
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        advance();
        return true;
      }
      fail("expected ',' or '}' after a value in an object, found " + found());
      return false;
    }
  }

  bool array(Node& out, std::size_t depth) {
    out.kind = Kind::sequence;
    advance();  // [
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      advance();
      return true;
    }
    while (true) {
      skip_space();
      Node child;
      if (!value(child, depth + 1)) return false;
      out.items.push_back(std::move(child));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        advance();
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        advance();
        return true;
      }
      fail("expected ',' or ']' after a value in an array, found " + found());
      return false;
    }
  }

  bool hex4(std::uint32_t& out) {
    out = 0;
    for (int i = 0; i < 4; ++i) {
      if (pos_ >= text_.size()) return false;
      const char c = text_[pos_];
      std::uint32_t d = 0;
      if (c >= '0' && c <= '9') d = static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<std::uint32_t>(c - 'A' + 10);
      else return false;
      out = out * 16 + d;
      advance();
    }
    return true;
  }

  bool string(std::string& out) {
    advance();  // opening quote
    while (true) {
      if (pos_ >= text_.size()) {
        fail("expected a closing '\"', found the end of the file");
        return false;
      }
      const char c = text_[pos_];
      if (c == '"') {
        advance();
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("expected an escape sequence such as \\n for a control character in a string, found " + found());
        return false;
      }
      if (c != '\\') {
        out += c;
        advance();
        continue;
      }
      advance();
      const char e = pos_ < text_.size() ? text_[pos_] : '\0';
      const std::string_view simple = "\"\\/bfnrt";
      const std::string_view decoded = "\"\\/\b\f\n\r\t";
      if (const auto k = simple.find(e); e != '\0' && k != std::string_view::npos) {
        out += decoded[k];
        advance();
        continue;
      }
      if (e != 'u') {
        fail("expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found " + found());
        return false;
      }
      advance();
      std::uint32_t cp = 0;
      if (!hex4(cp)) {
        fail("expected four hex digits after \\u, found " + found());
        return false;
      }
      if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
        std::uint32_t low = 0;
        if (text_.substr(pos_, 2) != "\\u" || (advance(2), !hex4(low)) || low < 0xDC00 || low > 0xDFFF) {
          fail("expected a low surrogate \\uDC00-\\uDFFF after a high surrogate, found " + found());
          return false;
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        fail("expected a high surrogate before a low one, found a lone low surrogate");
        return false;
      }
      append_utf8(out, cp);
    }
  }

  bool number(Node& out) {
    const std::size_t start = pos_;
    std::size_t p = pos_;
    const auto digit = [&](std::size_t i) { return i < text_.size() && text_[i] >= '0' && text_[i] <= '9'; };
    if (text_[p] == '-') ++p;
    if (!digit(p)) {
      skip_to(p);
      fail("expected a digit in a number, found " + found());
      return false;
    }
    if (text_[p] == '0' && digit(p + 1)) {
      skip_to(p + 1);
      fail("expected no leading zeros in a number, found another digit");
      return false;
    }
    while (digit(p)) ++p;
    if (p < text_.size() && text_[p] == '.') {
      ++p;
      if (!digit(p)) {
        skip_to(p);
        fail("expected a digit after the decimal point, found " + found());
        return false;
      }
      while (digit(p)) ++p;
    }
    if (p < text_.size() && (text_[p] == 'e' || text_[p] == 'E')) {
      ++p;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
      if (!digit(p)) {
        skip_to(p);
        fail("expected a digit in the exponent, found " + found());
        return false;
      }
      while (digit(p)) ++p;
    }
    out.kind = Kind::number;
    out.text = std::string(text_.substr(start, p - start));
    const auto res = std::from_chars(text_.data() + start, text_.data() + p, out.number);
    if (res.ec == std::errc::result_out_of_range || !std::isfinite(out.number)) {
      fail("expected a number of ordinary size, found " + out.text);
      return false;
    }
    skip_to(p);
    return true;
  }

  std::string_view text_;
  std::shared_ptr<const std::string> file_;
  Diagnostics& diags_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

}  // namespace

std::unique_ptr<Node> parse_json(std::string_view text, const std::shared_ptr<const std::string>& file,
                                 Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  auto root = JsonReader(text, file, diags).run();
  if (diags.error_count() != before) return nullptr;
  return root;
}

}  // namespace parley::doc
