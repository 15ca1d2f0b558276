// The naming rules of a sweep's outputs as first written, over a whole tree: the oracle the streaming
// OutputEmitter (src/sweep/outputs.hpp) is tested against, here and wherever a renderer's outputs are checked.
#pragma once

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "doc/node.hpp"
#include "sweep/outputs.hpp"

namespace parley::sweep::test {

inline std::string oracle_text(const doc::Node& n) {
  switch (n.kind) {
    case doc::Kind::number:
      return core::format_number(n.number);
    case doc::Kind::boolean:
      return n.boolean ? "true" : "false";
    case doc::Kind::null:
      return "null";
    default:
      return n.text;
  }
}

inline std::string oracle_join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

inline void oracle_walk(const doc::Node& n, const std::string& path, std::vector<Output>& out) {
  static const std::vector<std::string_view> labels = {"parley",      "name", "title",  "label", "pattern",
                                                       "description", "note", "source", "at",    "id"};
  static const std::vector<std::string_view> item_keys = {"id",    "issue",  "actor", "dm",
                                                          "round", "number", "state", "equilibrium"};
  switch (n.kind) {
    case doc::Kind::number:
      out.push_back({path, n.number});
      return;
    case doc::Kind::mapping:
      for (const auto& [key, value] : n.entries) {
        if (std::find(labels.begin(), labels.end(), key.text) == labels.end())
          oracle_walk(value, oracle_join(path, key.text), out);
      }
      return;
    case doc::Kind::sequence: {
      if (std::any_of(n.items.begin(), n.items.end(), [](const doc::Node& i) { return i.kind == doc::Kind::sequence; }))
        return;
      std::map<std::string, std::size_t> seen;
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        const doc::Node& item = n.items[i];
        if (item.kind != doc::Kind::mapping) {
          if (++seen[oracle_text(item)] == 1)
            out.push_back({oracle_join(path, oracle_text(item)), std::string(kMember)});
          continue;
        }
        std::string name = std::to_string(i);
        bool named = false;
        for (const auto key : item_keys) {
          if (const doc::Node* k = item.find(key); k != nullptr && k->is_scalar()) {
            name = oracle_text(*k);
            named = true;
            break;
          }
        }
        if (const doc::Node* m = item.find("members"); !named && m != nullptr && m->kind == doc::Kind::sequence) {
          name.clear();
          for (const auto& e : m->items) name += (name.empty() ? "" : "+") + oracle_text(e);
        }
        if (const std::size_t times = ++seen[name]; times > 1) name += "#" + std::to_string(times);
        oracle_walk(item, oracle_join(path, name), out);
      }
      return;
    }
    default:
      out.push_back({path, oracle_text(n)});
  }
}

inline std::vector<Output> oracle_flatten(const doc::Node& tree) {
  std::vector<Output> out;
  oracle_walk(tree, "", out);
  return out;
}

/// "path = value", a double bit for bit (its hex form), for messages and comparisons.
inline std::string describe(const Output& o) {
  if (const auto* x = std::get_if<double>(&o.value)) {
    char hex[64];
    std::snprintf(hex, sizeof hex, "%a", *x);
    return o.path + " = " + core::format_number(*x) + " (" + hex + ")";
  }
  return o.path + " = '" + std::get<std::string>(o.value) + "'";
}

}  // namespace parley::sweep::test
