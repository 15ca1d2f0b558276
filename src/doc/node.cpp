#include "doc/node.hpp"

#include "core/text.hpp"

namespace parley::doc {

std::string_view kind_noun(Kind k) {
  switch (k) {
    case Kind::null:
      return "an empty value";
    case Kind::boolean:
      return "a boolean";
    case Kind::number:
      return "a number";
    case Kind::string:
      return "a text";
    case Kind::sequence:
      return "a list";
    case Kind::mapping:
      return "a mapping";
  }
  return "a value";
}

const Node* Node::find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.text == key) return &v;
  }
  return nullptr;
}

std::string Node::describe() const {
  switch (kind) {
    case Kind::number:
      return "the number " + text;
    case Kind::string: {
      std::string shown = text.size() > 40 ? text.substr(0, 37) + "..." : text;
      return "the text '" + shown + "'";
    }
    case Kind::boolean:
      return std::string("the boolean ") + (boolean ? "true" : "false");
    default:
      return std::string(kind_noun(kind));
  }
}

Node::Node() = default;
Node::Node(const Node&) = default;
Node::Node(Node&&) noexcept = default;
Node& Node::operator=(const Node&) = default;
Node& Node::operator=(Node&&) noexcept = default;
Node::~Node() = default;

Node Node::make_integer(std::uint64_t x) {
  Node n;
  n.kind = Kind::number;
  n.number = static_cast<double>(x);
  n.text = std::to_string(x);
  n.exact = true;
  return n;
}

Node Node::make_number(double x) {
  Node n;
  n.kind = Kind::number;
  n.number = x;
  n.text = core::format_number(x);
  return n;
}

Node Node::make_string(std::string s) {
  Node n;
  n.kind = Kind::string;
  n.text = std::move(s);
  return n;
}

Node Node::make_bool(bool b) {
  Node n;
  n.kind = Kind::boolean;
  n.boolean = b;
  n.text = b ? "true" : "false";
  return n;
}

Node& Node::set(std::string key, Node value) {
  entries.emplace_back(Key{std::move(key), {}}, std::move(value));
  return entries.back().second;
}

Node& Node::push(Node value) {
  items.push_back(std::move(value));
  return items.back();
}

}  // namespace parley::doc
