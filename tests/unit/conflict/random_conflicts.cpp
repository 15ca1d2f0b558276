#include "random_conflicts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "scenario/load.hpp"

namespace parley::conflict::testing {

std::string Formula::text() const {
  const auto operand = [](const Formula& f) { return f.op == Op::literal ? f.text() : "(" + f.text() + ")"; };
  switch (op) {
    case Op::literal:
      return "o" + std::to_string(option + 1);
    case Op::negation:
      return "not " + operand(operands[0]);
    case Op::conjunction:
    case Op::disjunction:
    case Op::implied_by:
    case Op::equivalent: {
      const char* word = op == Op::conjunction   ? " and "
                         : op == Op::disjunction ? " or "
                         : op == Op::implied_by  ? " if "
                                                 : " iff ";
      std::string out;
      for (std::size_t k = 0; k < operands.size(); ++k) out += (k ? word : "") + operand(operands[k]);
      return out;
    }
  }
  return {};
}

bool Formula::holds(std::uint64_t code) const {
  switch (op) {
    case Op::literal:
      return ((code >> option) & 1U) != 0;
    case Op::negation:
      return !operands[0].holds(code);
    case Op::conjunction:
      return std::all_of(operands.begin(), operands.end(), [&](const Formula& f) { return f.holds(code); });
    case Op::disjunction:
      return std::any_of(operands.begin(), operands.end(), [&](const Formula& f) { return f.holds(code); });
    case Op::implied_by:
      return operands[0].holds(code) || !operands[1].holds(code);  // a if b
    case Op::equivalent:
      return operands[0].holds(code) == operands[1].holds(code);
  }
  return false;
}

bool ConflictSpec::feasible(std::uint64_t code) const {
  return std::none_of(infeasible.begin(), infeasible.end(), [&](const Formula& f) { return f.holds(code); });
}

namespace {

class Drawer {
 public:
  Drawer(std::uint64_t seed, std::size_t options) : rng_(seed), options_(options) {}

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  std::mt19937_64& rng() { return rng_; }
  void set_options(std::size_t n) { options_ = n; }

  // A literal: an option, negated half the time.
  Formula literal(std::size_t option) {
    Formula f;
    f.option = option;
    if (!chance(0.5)) return f;
    Formula n;
    n.op = Formula::Op::negation;
    n.operands.push_back(std::move(f));
    return n;
  }

  // `count` literals over distinct options (as many as there are options at most).
  std::vector<Formula> literals(std::size_t count) {
    std::vector<std::size_t> order(options_);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), rng_);
    std::vector<Formula> out;
    for (std::size_t k = 0; k < std::min(count, options_); ++k) out.push_back(literal(order[k]));
    return out;
  }

  static Formula combine(Formula::Op op, std::vector<Formula> operands) {
    if (operands.size() == 1) return std::move(operands[0]);
    Formula f;
    f.op = op;
    f.operands = std::move(operands);
    return f;
  }

  // A preference statement: mostly literals and small conjunctions or disjunctions, sometimes if/iff or a
  // negated group.
  Formula statement() {
    const int kind = uniform(0, 9);
    if (kind < 4) return literals(1)[0];
    if (kind < 6) return combine(Formula::Op::conjunction, literals(static_cast<std::size_t>(uniform(2, 3))));
    if (kind < 8) return combine(Formula::Op::disjunction, literals(static_cast<std::size_t>(uniform(2, 3))));
    if (kind == 8) {
      auto two = literals(2);
      return combine(chance(0.5) ? Formula::Op::implied_by : Formula::Op::equivalent, std::move(two));
    }
    Formula n;
    n.op = Formula::Op::negation;
    n.operands.push_back(combine(chance(0.5) ? Formula::Op::conjunction : Formula::Op::disjunction, literals(2)));
    return n;
  }

  // An infeasibility statement: a conjunction of two or three literals, or of a literal and a disjunction, so
  // each removes at most 3/8 of the codes and two of them never remove all.
  Formula infeasible() {
    if (options_ >= 3 && chance(0.3)) {
      auto three = literals(3);
      std::vector<Formula> inner(std::make_move_iterator(three.begin() + 1), std::make_move_iterator(three.end()));
      std::vector<Formula> outer;
      outer.push_back(std::move(three[0]));
      outer.push_back(combine(Formula::Op::disjunction, std::move(inner)));
      return combine(Formula::Op::conjunction, std::move(outer));
    }
    return combine(Formula::Op::conjunction, literals(static_cast<std::size_t>(uniform(2, 3))));
  }

 private:
  std::mt19937_64 rng_;
  std::size_t options_;
};

std::string pattern(std::uint64_t code, std::size_t options) {
  std::string out;
  for (std::size_t k = 0; k < options; ++k) out += ((code >> k) & 1U) ? 'Y' : 'N';
  return out;
}

ConflictSpec draw(Drawer& d, const RandomConflictOptions& o) {
  ConflictSpec spec;
  std::size_t dms = o.blocks.size();
  if (!o.blocks.empty()) {
    for (std::size_t k = 0; k < o.blocks.size(); ++k) spec.controller.insert(spec.controller.end(), o.blocks[k], k);
    spec.options = spec.controller.size();
    d.set_options(spec.options);
  } else {
    spec.options = static_cast<std::size_t>(d.uniform(o.min_options, o.max_options));
    d.set_options(spec.options);
    dms = static_cast<std::size_t>(d.uniform(o.min_dms, std::min(o.max_dms, static_cast<int>(spec.options))));
    // Every decision maker controls at least one option.
    std::vector<std::size_t> order(spec.options);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), d.rng());
    spec.controller.assign(spec.options, 0);
    for (std::size_t k = 0; k < spec.options; ++k) {
      spec.controller[order[k]] = k < dms ? k : static_cast<std::size_t>(d.uniform(0, static_cast<int>(dms) - 1));
    }
  }
  for (std::size_t k = 0; k < spec.options; ++k) {
    const int r = d.uniform(0, 9);
    spec.direction.push_back(r < 6 || !o.one_way ? Direction::both : r < 8 ? Direction::take : Direction::drop);
  }
  const int infeasible = d.uniform(0, o.max_infeasible);
  for (int k = 0; k < infeasible; ++k) spec.infeasible.push_back(d.infeasible());

  std::vector<std::uint64_t> feasible;
  for (std::uint64_t code = 0; code < (std::uint64_t{1} << spec.options); ++code) {
    if (spec.feasible(code)) feasible.push_back(code);
  }
  spec.dms.resize(dms);
  for (auto& p : spec.dms) {
    if (d.chance(o.ranking_chance)) {
      std::vector<std::uint64_t> shuffled = feasible;
      std::shuffle(shuffled.begin(), shuffled.end(), d.rng());
      for (const std::uint64_t code : shuffled) {
        if (p.ranking.empty() || !d.chance(0.3)) p.ranking.emplace_back();
        p.ranking.back().push_back(code);
      }
    } else {
      const int statements = d.uniform(1, 4);
      for (int k = 0; k < statements; ++k) p.statements.push_back(d.statement());
    }
  }
  return spec;
}

std::string yaml_of(std::uint64_t seed, const ConflictSpec& spec, Drawer& d) {
  const std::size_t dms = spec.dms.size();
  std::string y = "parley: 1\ntitle: random conflict " + std::to_string(seed) +
                  "\nissues:\n  - {id: nominal, scale: [0, 100]}\nactors:\n";
  const bool bystander = dms < 2 || d.chance(0.2);  // the format wants two actors; not every actor decides
  for (std::size_t k = 0; k < dms; ++k) y += "  - {id: a" + std::to_string(k) + ", capability: 1, stances: {}}\n";
  if (bystander) y += "  - {id: bystander, capability: 1, stances: {}}\n";
  y += "conflict:\n  options:\n";
  for (std::size_t k = 0; k < spec.options; ++k) {
    y += "    - {id: o" + std::to_string(k + 1) + ", actor: a" + std::to_string(spec.controller[k]);
    if (spec.direction[k] == Direction::take) y += ", direction: take";
    if (spec.direction[k] == Direction::drop) y += ", direction: drop";
    if (spec.direction[k] == Direction::both && d.chance(0.3)) y += ", direction: both";
    y += "}\n";
  }
  if (!spec.infeasible.empty()) {
    y += "  infeasible:\n";
    for (const auto& f : spec.infeasible) y += "    - \"" + f.text() + "\"\n";
  }
  std::string preferences, rankings;
  for (std::size_t k = 0; k < dms; ++k) {
    const auto& p = spec.dms[k];
    const std::string id = "a" + std::to_string(k);
    if (p.ranking.empty()) {
      preferences += "    " + id + ":\n";
      for (const auto& f : p.statements) preferences += "      - \"" + f.text() + "\"\n";
      continue;
    }
    rankings += "    " + id + ":\n";
    for (const auto& tier : p.ranking) {
      if (tier.size() == 1) {
        rankings += "      - " + pattern(tier[0], spec.options) + "\n";
        continue;
      }
      rankings += "      - [";
      for (std::size_t j = 0; j < tier.size(); ++j) rankings += (j ? ", " : "") + pattern(tier[j], spec.options);
      rankings += "]\n";
    }
  }
  if (!preferences.empty()) y += "  preferences:\n" + preferences;
  if (!rankings.empty()) y += "  rankings:\n" + rankings;
  if (d.chance(0.5)) {
    std::uint64_t code = 0;
    do {
      code = static_cast<std::uint64_t>(d.uniform(0, (1 << spec.options) - 1));
    } while (!spec.feasible(code));
    y += "  status_quo: " + pattern(code, spec.options) + "\n";
  }
  return y;
}

}  // namespace

RandomConflict random_conflict(std::uint64_t seed, const RandomConflictOptions& options) {
  RandomConflict out;
  out.seed = seed;
  Drawer d(seed, 0);
  out.spec = draw(d, options);
  out.yaml = yaml_of(seed, out.spec, d);
  Diagnostics diags;
  auto s = scenario::load_text(out.yaml, "random-conflict.yaml", {}, diags);
  if (!s || !s->conflict) {
    std::string why;
    for (const auto& x : diags.sorted()) why += format_diagnostic(x) + "\n";
    ADD_FAILURE() << "random conflict " << seed << " did not load:\n" << why << out.yaml;
    return out;
  }
  out.scenario = std::move(*s);
  return out;
}

std::vector<RandomConflict> random_conflicts(std::size_t count) {
  std::vector<RandomConflict> out;
  for (std::uint64_t seed = 1; seed <= count; ++seed) out.push_back(random_conflict(seed));
  return out;
}

}  // namespace parley::conflict::testing
