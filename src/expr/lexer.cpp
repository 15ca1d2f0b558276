#include "expr/lexer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <system_error>

namespace parley::expr::detail {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_word_char(char c) {
  return is_letter(c) || is_digit(c);
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// Characters that begin some token (or a slip the lexer repairs); anything else is reported.
bool starts_token(char c) {
  constexpr std::string_view kStarts = "._\"'+-*/()<>=!&|";
  return is_word_char(c) || kStarts.find(c) != std::string_view::npos;
}

struct Keyword {
  std::string_view word;
  TokenKind kind;
};
constexpr std::array<Keyword, 7> kKeywords{{
    {"and", TokenKind::kw_and},
    {"or", TokenKind::kw_or},
    {"not", TokenKind::kw_not},
    {"if", TokenKind::kw_if},
    {"iff", TokenKind::kw_iff},
    {"true", TokenKind::kw_true},
    {"false", TokenKind::kw_false},
}};

std::optional<TokenKind> keyword(std::string_view word) {
  for (const auto& k : kKeywords) {
    if (k.word == word) return k.kind;
  }
  return std::nullopt;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Bytes in the UTF-8 sequence starting at text[i], or 0 when it is not a valid sequence.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t n = 0;
  if (lead >= 0xC2 && lead <= 0xDF) n = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) n = 3;
  else if (lead >= 0xF0 && lead <= 0xF4) n = 4;
  if (n == 0 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

std::string hex_byte(unsigned char byte) {
  constexpr std::string_view kHex = "0123456789abcdef";
  return std::string("\\x") + kHex[byte >> 4] + kHex[byte & 0xF];
}

// The character at text[i] for a message: a whole UTF-8 character when it is one, else one byte.
std::string show_character(std::string_view text, std::size_t i) {
  return printable(text.substr(i, std::max<std::size_t>(1, utf8_length(text, i))));
}

class Lexer {
 public:
  Lexer(std::string_view text, const SymbolTable& symbols, std::vector<Problem>& problems)
      : text_(text), symbols_(symbols), problems_(problems) {}

  std::vector<Token> run() {
    while (true) {
      while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
      if (pos_ == text_.size()) break;
      next();
    }
    tokens_.push_back({TokenKind::end, text_.size(), {}, {}, 0});
    return std::move(tokens_);
  }

 private:
  void next() {
    const char c = text_[pos_];
    const char after = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    if (is_digit(c) || (c == '.' && is_digit(after))) return number();
    if (is_letter(c)) return word();
    if (c == '"') return quoted();
    if (c == '\'') return single_quoted();
    switch (c) {
      case '+':
        return emit(TokenKind::plus, 1);
      case '-':
        return emit(TokenKind::minus, 1);
      case '*':
        return emit(TokenKind::star, 1);
      case '/':
        return emit(TokenKind::slash, 1);
      case '(':
        return emit(TokenKind::left_paren, 1);
      case ')':
        return emit(TokenKind::right_paren, 1);
      case '<':
        if (after == '=') return emit(TokenKind::less_equal, 2);
        if (after == '>') return repair(TokenKind::not_equal, 2, "'!='");
        return emit(TokenKind::less, 1);
      case '>':
        return after == '=' ? emit(TokenKind::greater_equal, 2) : emit(TokenKind::greater, 1);
      case '=':
        return after == '=' ? emit(TokenKind::equal, 2) : repair(TokenKind::equal, 1, "'=='");
      case '!':
        return after == '=' ? emit(TokenKind::not_equal, 2) : repair(TokenKind::kw_not, 1, "'not'");
      case '&':
        return repair(TokenKind::kw_and, after == '&' ? 2 : 1, "'and'");
      case '|':
        return repair(TokenKind::kw_or, after == '|' ? 2 : 1, "'or'");
      default:
        return unexpected();
    }
  }

  void emit(TokenKind kind, std::size_t length) {
    tokens_.push_back({kind, pos_, text_.substr(pos_, length), {}, 0});
    pos_ += length;
  }

  void report(std::size_t offset, std::string message) { problems_.push_back({offset, std::move(message)}); }

  // A slip with one obvious meaning is reported and then read as that meaning, so that the
  // rest of the expression is still checked.
  void repair(TokenKind kind, std::size_t length, std::string_view use) {
    const std::string_view written = text_.substr(pos_, length);
    report(pos_, "unexpected character '" + std::string(1, written[0]) + "'; use " + std::string(use) +
                     " instead of '" + std::string(written) + "'");
    emit(kind, length);
  }

  void unexpected() {
    report(pos_, "unexpected character '" + show_character(text_, pos_) + "'");
    // One message for a run of stray characters (such as a pasted "≤" or "@@") is enough.
    const std::size_t start = pos_;
    ++pos_;  // always, since a lone '.' starts no token yet is in starts_token
    while (pos_ < text_.size() && !is_space(text_[pos_]) && !starts_token(text_[pos_])) ++pos_;
    tokens_.push_back({TokenKind::invalid, start, text_.substr(start, pos_ - start), {}, 0});
  }

  void number() {
    const std::size_t start = pos_;
    const auto mantissa_so_far = [&] {
      return std::all_of(text_.begin() + static_cast<std::ptrdiff_t>(start),
                         text_.begin() + static_cast<std::ptrdiff_t>(pos_ - 1),
                         [](char ch) { return is_digit(ch) || ch == '.'; });
    };
    // Take the whole run of word characters so that `12abc` or `1.2.3` is one bad number, not a
    // number followed by a name.
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      const bool exponent_sign =
          (c == '+' || c == '-') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E') && mantissa_so_far();
      if (!is_word_char(c) && c != '.' && !exponent_sign) break;
      ++pos_;
    }
    const std::string_view written = text_.substr(start, pos_ - start);
    double value = 0;
    const auto [end, ec] = std::from_chars(written.data(), written.data() + written.size(), value);
    if (ec == std::errc::result_out_of_range) {
      report(start, "number '" + std::string(written) + "' is out of range");
    } else if (ec != std::errc() || end != written.data() + written.size()) {
      report(start, "invalid number '" + std::string(written) + "'");
    }
    // A bad number is still a number operand, so the parser goes on to check the rest.
    tokens_.push_back({TokenKind::number, start, written, {}, value});
  }

  void word() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_word_char(text_[pos_])) ++pos_;
    const std::string_view written = text_.substr(start, pos_ - start);
    if (const auto kind = keyword(written)) {
      tokens_.push_back({*kind, start, written, {}, 0});
      return;
    }
    const std::string lower = to_lower(written);
    if (const auto kind = keyword(lower); kind && symbols_.find(written) == nullptr) {
      report(start, "unknown name '" + std::string(written) + "' in expression; keywords are lower-case: write '" +
                        lower + "'");
      tokens_.push_back({*kind, start, written, {}, 0});
      return;
    }
    tokens_.push_back({TokenKind::identifier, start, written, {}, 0});
  }

  // Option names cannot span lines: a missing quote then costs one line, not the rest of the text.
  std::size_t closing(char quote) const {
    for (std::size_t i = pos_ + 1; i < text_.size(); ++i) {
      if (text_[i] == quote) return i;
      if (text_[i] == '\n') return std::string_view::npos;
    }
    return std::string_view::npos;
  }

  void quoted() {
    const std::size_t close = closing('"');
    if (close == std::string_view::npos) {
      const std::size_t newline = text_.find('\n', pos_);
      report(pos_, std::string("unterminated option name: expected a closing '\"', found ") +
                       (newline == std::string_view::npos ? "end of text" : "end of line"));
      const std::size_t stop = newline == std::string_view::npos ? text_.size() : newline;
      tokens_.push_back({TokenKind::invalid, pos_, text_.substr(pos_, stop - pos_), {}, 0});
      pos_ = stop;
      return;
    }
    tokens_.push_back(
        {TokenKind::string, pos_, text_.substr(pos_, close + 1 - pos_), text_.substr(pos_ + 1, close - pos_ - 1), 0});
    pos_ = close + 1;
  }

  void single_quoted() {
    report(pos_, "unexpected character \"'\"; put option names in double quotes");
    const std::size_t close = closing('\'');
    if (close == std::string_view::npos) {
      tokens_.push_back({TokenKind::invalid, pos_, text_.substr(pos_, 1), {}, 0});
      ++pos_;
      return;
    }
    tokens_.push_back(
        {TokenKind::string, pos_, text_.substr(pos_, close + 1 - pos_), text_.substr(pos_ + 1, close - pos_ - 1), 0});
    pos_ = close + 1;
  }

  std::string_view text_;
  const SymbolTable& symbols_;
  std::vector<Problem>& problems_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

}  // namespace

std::vector<Token> lex(std::string_view text, const SymbolTable& symbols, std::vector<Problem>& problems) {
  return Lexer(text, symbols, problems).run();
}

std::string_view spelling(TokenKind kind) {
  switch (kind) {
    case TokenKind::end:
      return "end of text";
    case TokenKind::invalid:
      return "invalid text";
    case TokenKind::number:
      return "number";
    case TokenKind::string:
      return "option name";
    case TokenKind::identifier:
      return "name";
    case TokenKind::kw_and:
      return "and";
    case TokenKind::kw_or:
      return "or";
    case TokenKind::kw_not:
      return "not";
    case TokenKind::kw_if:
      return "if";
    case TokenKind::kw_iff:
      return "iff";
    case TokenKind::kw_true:
      return "true";
    case TokenKind::kw_false:
      return "false";
    case TokenKind::plus:
      return "+";
    case TokenKind::minus:
      return "-";
    case TokenKind::star:
      return "*";
    case TokenKind::slash:
      return "/";
    case TokenKind::less:
      return "<";
    case TokenKind::less_equal:
      return "<=";
    case TokenKind::greater:
      return ">";
    case TokenKind::greater_equal:
      return ">=";
    case TokenKind::equal:
      return "==";
    case TokenKind::not_equal:
      return "!=";
    case TokenKind::left_paren:
      return "(";
    case TokenKind::right_paren:
      return ")";
  }
  return "?";
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::end:
      return "end of text";
    case TokenKind::string:
      return printable(token.text);  // already in its quotes
    default:
      return "'" + printable(token.text) + "'";
  }
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7F) {
      out += text[i++];
    } else if (const std::size_t n = utf8_length(text, i); n > 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += hex_byte(byte);
      ++i;
    }
  }
  return out;
}

}  // namespace parley::expr::detail

namespace parley::expr {

bool is_keyword(std::string_view word) {
  return detail::keyword(word).has_value();
}

}  // namespace parley::expr
