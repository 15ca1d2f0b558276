// The tree emitter, and a tree written to any emitter.
#include "doc/emitter.hpp"

#include <stdexcept>
#include <utility>

namespace parley::doc {

void Emitter::node(const Node& n) {
  switch (n.kind) {
    case Kind::null:
      null();
      return;
    case Kind::boolean:
      boolean(n.boolean);
      return;
    case Kind::number:
      number(n.number);
      return;
    case Kind::string:
      string(n.text);
      return;
    case Kind::sequence:
      begin_sequence();
      for (const Node& item : n.items) node(item);
      end_sequence();
      return;
    case Kind::mapping:
      begin_mapping();
      for (const auto& [k, value] : n.entries) {
        if (value.kind == Kind::number) {
          num(k.text, value.number);
        } else if (value.kind == Kind::string) {
          str(k.text, value.text);
        } else {
          key(k.text);
          node(value);
        }
      }
      end_mapping();
      return;
  }
}

void TreeEmitter::open(Node n) {
  open_.push_back({std::move(n), std::move(key_)});
  key_.clear();
}

void TreeEmitter::close() {
  if (open_.empty()) throw std::logic_error("TreeEmitter: a mapping or sequence closed that was never opened");
  Open done = std::move(open_.back());
  open_.pop_back();
  key_ = std::move(done.key);
  add(std::move(done.node));
}

void TreeEmitter::add(Node n) {
  if (open_.empty()) {
    if (done_) throw std::logic_error("TreeEmitter: a second value after the whole tree");
    root_ = std::move(n);
    done_ = true;
    return;
  }
  Node& parent = open_.back().node;
  if (parent.kind == Kind::mapping) {
    parent.set(std::move(key_), std::move(n));
    key_.clear();
  } else {
    parent.push(std::move(n));
  }
}

Node TreeEmitter::take() {
  if (!open_.empty() || !done_) throw std::logic_error("TreeEmitter: the tree is not complete");
  done_ = false;
  return std::move(root_);
}

}  // namespace parley::doc
