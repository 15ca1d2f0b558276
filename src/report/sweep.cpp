// `parley sweep`: JSON, text and CSV.
#include "report/sweep.hpp"

#include <algorithm>
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

// The results an analyst reads first: forecasts, the agreeable count, medians, the cost of a deal.
bool headline(const std::string& path) {
  const std::string last = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
  return last == "forecast" || last == "agreeable" || last == "weighted_median" || last == "cost";
}

std::string sensitivity_text(const std::vector<sweep::OutputSensitivity>& all) {
  std::vector<const sweep::OutputSensitivity*> shown;
  for (const auto& s : all) {
    if (headline(s.output) && !s.tornado.empty() && s.tornado.front().width() > 0) shown.push_back(&s);
  }
  for (std::size_t i = 0; shown.empty() && i < all.size(); ++i) {
    if (!all[i].tornado.empty() && all[i].tornado.front().width() > 0) shown.push_back(&all[i]);
  }
  std::string out = "\nWhat moves the results most (one input at a time, from its 5 % to its 95 % value, the others "
                    "central)\n";
  if (shown.empty()) return out + "  no input moves any result\n";
  for (const auto* s : shown) {
    out += "  " + s->output + " (" + rounded(s->base, 4) + " with every input central) depends most on\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(3, s->tornado.size()); ++i) {
      const auto& sw = s->tornado[i];
      if (sw.width() == 0) break;
      out += "    " + std::to_string(i + 1) + ". " + sw.input + ": " + rounded(sw.low, 4) + " at its 5 % value, " +
             rounded(sw.high, 4) + " at its 95 %";
      const auto share = std::find_if(s->shares.begin(), s->shares.end(), [&](const auto& p) { return p.first == sw.input; });
      if (share != s->shares.end()) out += "; " + rounded(100 * share->second, 1) + " % of the variance";
      out += "\n";
    }
  }
  return out;
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
  if (r.sensitivity) {
    Node sens = Node::make_sequence();
    for (const auto& s : *r.sensitivity) {
      Node n = Node::make_mapping();
      n.set("output", Node::make_string(s.output));
      n.set("base", computed(s.base));
      Node t = Node::make_sequence();
      for (const auto& sw : s.tornado) {
        Node e = Node::make_mapping();
        e.set("input", Node::make_string(sw.input));
        e.set("low", computed(sw.low));
        e.set("high", computed(sw.high));
        e.set("swing", computed(sw.high - sw.low));
        t.push(std::move(e));
      }
      n.set("tornado", std::move(t));
      Node shares = Node::make_sequence();
      for (const auto& [input, share] : s.shares) {
        Node e = Node::make_mapping();
        e.set("input", Node::make_string(input));
        e.set("share", computed(share));
        shares.push(std::move(e));
      }
      n.set("variance_shares", std::move(shares));
      sens.push(std::move(n));
    }
    root.set("sensitivity", std::move(sens));
  }
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
  if (r.sensitivity) out += sensitivity_text(*r.sensitivity);
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
