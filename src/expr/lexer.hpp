// Splits expression text into tokens, turning common slips (`&&`, `=`, `AND`) into diagnosed tokens.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.hpp"

namespace parley::expr::detail {

enum class TokenKind {
  end,
  invalid,  // characters that start no token; already reported, so the parser stops quietly
  number,
  string,
  identifier,
  kw_and,
  kw_or,
  kw_not,
  kw_if,
  kw_iff,
  kw_true,
  kw_false,
  plus,
  minus,
  star,
  slash,
  less,
  less_equal,
  greater,
  greater_equal,
  equal,
  not_equal,
  left_paren,
  right_paren,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::size_t offset = 0;  // of the token's first character in the text
  std::string_view text;   // as written, quotes included; a repaired `&&` keeps its spelling
  std::string_view value;  // string tokens: the text between the quotes
  double number = 0;       // number tokens
};

/// A problem at a byte offset of the text; the compiler turns offsets into source locations.
struct Problem {
  std::size_t offset = 0;
  std::string message;
};

/// The tokens of `text`, always ending with an `end` token. Appends lexical problems to `problems`.
/// `symbols` lets a name such as `AND` stay a variable when the table defines it.
[[nodiscard]] std::vector<Token> lex(std::string_view text, const SymbolTable& symbols, std::vector<Problem>& problems);

/// The canonical spelling of an operator or keyword kind (`and` for a repaired `&&`).
[[nodiscard]] std::string_view spelling(TokenKind kind);

/// `text` safe to print in a message: control bytes and broken UTF-8 become `\xNN`, so that a message
/// never carries a terminal escape or half a character.
[[nodiscard]] std::string printable(std::string_view text);

/// How a token reads in "found ..." messages: `'and'`, `"ceasefire first"`, `end of text`.
[[nodiscard]] std::string describe(const Token& token);

}  // namespace parley::expr::detail
