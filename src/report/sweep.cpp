// `parley sweep`: JSON, text and CSV.
#include "report/sweep.hpp"

#include <cmath>

#include "core/text.hpp"
#include "report/format.hpp"
#include "report/show.hpp"
#include "report/table.hpp"

namespace parley::report {

using doc::Node;

namespace {

std::string value_text(const sweep::Value& v) {
  if (const double* x = std::get_if<double>(&v)) return core::format_number(*x);
  const auto& s = std::get<std::string>(v);
  return s == "\x01member" ? "true" : s;
}

}  // namespace

Node distribution_node(const Uncertain& u) {
  Node n = Node::make_mapping();
  Node params = Node::make_sequence();
  for (const double x : u.locations()) params.push(Node::make_number(x));
  if (u.shape == Uncertain::Shape::normal) params.push(Node::make_number(u.p[1]));
  n.set(std::string(shape_name(u.shape)), std::move(params));
  return n;
}

std::string distribution_text(const Uncertain& u) {
  std::string out(shape_name(u.shape));
  out += "(";
  std::vector<double> params = u.locations();
  if (u.shape == Uncertain::Shape::normal) params.push_back(u.p[1]);
  for (std::size_t i = 0; i < params.size(); ++i) out += (i ? ", " : "") + core::format_number(params[i]);
  return out + ")";
}

Node sweep_json(const SweepReport& r, const Stamp& stamp) {
  Node root = Node::make_mapping();
  Node st = stamp_node(stamp);
  st.set("seed", Node::make_number(static_cast<double>(r.seed)));
  st.set("draws", Node::make_number(static_cast<double>(r.draws)));
  root.set("parley", std::move(st));
  root.set("analysis", Node::make_string(r.analysis));
  root.set("at", Node::make_string(r.at));
  Node inputs = Node::make_sequence();
  for (const auto& in : r.inputs) {
    Node n = Node::make_mapping();
    n.set("path", Node::make_string(in.path));
    n.set("distribution", distribution_node(in.value));
    inputs.push(std::move(n));
  }
  root.set("inputs", std::move(inputs));
  Node outputs = Node::make_mapping();
  const auto draws = static_cast<double>(r.draws);
  for (const auto& s : r.summaries) {
    Node n = Node::make_mapping();
    if (s.count > 0) {
      n.set("count", Node::make_number(static_cast<double>(s.count)));
      n.set("mean", computed(s.mean));
      n.set("sd", computed(s.sd));
      n.set("se", computed(s.se));
      n.set("q05", computed(s.q05));
      n.set("q25", computed(s.q25));
      n.set("q50", computed(s.q50));
      n.set("q75", computed(s.q75));
      n.set("q95", computed(s.q95));
    }
    if (!s.p.empty()) {
      Node p = Node::make_mapping(), se = Node::make_mapping();
      for (const auto& [category, share] : s.p) {
        p.set(category, computed(share));
        se.set(category, computed(std::sqrt(share * (1 - share) / draws)));
      }
      n.set("p", std::move(p));
      n.set("p_se", std::move(se));
    }
    outputs.set(s.path, std::move(n));
  }
  root.set("outputs", std::move(outputs));
  return root;
}

std::string sweep_text(const SweepReport& r) {
  std::string out = r.title + "\n";
  out += "Monte Carlo: " + std::to_string(r.draws) + " draws of " + r.analysis + " at " + r.at + ", seed " +
         std::to_string(r.seed) + ", " + std::to_string(r.inputs.size()) + " uncertain inputs\n";
  if (!r.inputs.empty()) {
    Table t({"input", "distribution"});
    for (const auto& in : r.inputs) t.add({in.path, distribution_text(in.value)});
    out += "\nUncertain inputs\n" + t.render();
  }
  Table numbers({"output", "mean", "sd", "q05", "q50", "q95", "se"});
  Table categories({"output", "shares"});
  for (const auto& s : r.summaries) {
    if (s.count > 0) {
      numbers.add({s.path, rounded(s.mean, 4), rounded(s.sd, 4), rounded(s.q05, 4), rounded(s.q50, 4), rounded(s.q95, 4),
                   rounded(s.se, 4)});
    }
    if (!s.p.empty() && !(s.count > 0 && s.p.size() == 1 && s.p.count("absent"))) {
      std::string shares;
      for (const auto& [category, share] : s.p) shares += (shares.empty() ? "" : ", ") + category + " " + rounded(share, 4);
      categories.add({s.path, shares});
    }
  }
  if (!numbers.empty()) out += "\nNumeric outputs\n" + numbers.render();
  if (!categories.empty()) out += "\nCategorical outputs (share of draws)\n" + categories.render();
  return out;
}

std::string sweep_csv(const sweep::Collector& draws, std::size_t first) {
  // RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
  const auto field = [](const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string q = "\"";
    for (const char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out = "draw,output,value\n";
  for (std::size_t k = 0; k < draws.draws(); ++k) {
    for (const auto& o : draws.draw(k)) out += std::to_string(first + k) + "," + field(o.path) + "," + field(value_text(o.value)) + "\n";
  }
  return out;
}

}  // namespace parley::report
