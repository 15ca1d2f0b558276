// Building the graph model: feasible states, who controls what, and each decision maker's ranking.
#include "conflict/model.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "core/text.hpp"
#include "expr/expr.hpp"
#include "parley/error.hpp"

namespace parley::conflict {

namespace {

// A statement over options, made cheap to test on every code: statements read few options, so their
// truth over those options is tabulated once (2^k evaluations) and looked up for each state.
class Tabulated {
 public:
  explicit Tabulated(const expr::Program& program, std::size_t options)
      : program_(&program), options_(options), values_(options, 0.0) {
    used_ = program.variables_used();
    if (used_.size() > kMaxTabulated) return;
    table_.resize(std::size_t{1} << used_.size());
    std::vector<double> values(options, 0.0);
    for (std::size_t bits = 0; bits < table_.size(); ++bits) {
      for (std::size_t v = 0; v < used_.size(); ++v) values[used_[v]] = ((bits >> v) & 1U) ? 1.0 : 0.0;
      table_[bits] = program.holds(values) ? 1 : 0;
    }
  }

  [[nodiscard]] bool holds(Code code) const {
    if (table_.empty()) {
      for (std::size_t k = 0; k < options_; ++k) values_[k] = ((code >> k) & 1U) ? 1.0 : 0.0;
      return program_->holds(values_);
    }
    std::size_t bits = 0;
    for (std::size_t v = 0; v < used_.size(); ++v) bits |= ((code >> used_[v]) & 1U) << v;
    return table_[bits] != 0;
  }

 private:
  static constexpr std::size_t kMaxTabulated = 20;
  const expr::Program* program_;
  std::size_t options_;
  std::vector<std::size_t> used_;
  std::vector<std::uint8_t> table_;
  mutable std::vector<double> values_;  // evaluation buffer for statements too wide to tabulate
};

// Dense ranks from lexicographic payoffs: equal payoffs tie, a larger payoff is better.
std::vector<Rank> dense_ranks(const std::vector<std::uint64_t>& payoff) {
  std::vector<std::uint64_t> levels = payoff;
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  std::vector<Rank> rank(payoff.size());
  for (std::size_t s = 0; s < payoff.size(); ++s) {
    rank[s] = static_cast<Rank>(std::lower_bound(levels.begin(), levels.end(), payoff[s]) - levels.begin());
  }
  return rank;
}

}  // namespace

Model Model::build(const Scenario& s, const Limits& limits) {
  if (!s.conflict) throw Error(ExitCode::internal, "conflict::Model::build: the scenario has no conflict section");
  const Conflict& c = *s.conflict;
  Model m;
  m.option_count_ = c.options.size();
  if (m.option_count_ > limits.max_options) {
    throw LimitError("the conflict has " + std::to_string(m.option_count_) + " options; stability analysis " +
                         "enumerates 2^options states and handles at most " + std::to_string(limits.max_options),
                     where_text(c.where));
  }

  // Feasible states in increasing code order: their numbers are the 1..|S| of docs/models.md §4.1.
  std::vector<Tabulated> infeasible;
  for (const auto& st : c.infeasible) infeasible.emplace_back(*st.program, m.option_count_);
  const Code codes = Code{1} << m.option_count_;
  m.index_.assign(codes, kNoState);
  for (Code code = 0; code < codes; ++code) {
    const bool out =
        std::any_of(infeasible.begin(), infeasible.end(), [&](const Tabulated& t) { return t.holds(code); });
    if (out) continue;
    m.index_[code] = static_cast<State>(m.codes_.size());
    m.codes_.push_back(code);
  }
  if (m.codes_.empty()) {
    throw LimitError("no feasible state: the 'infeasible' statements remove every choice of the options",
                     where_text(c.where));
  }

  // Who controls what, then the work and memory the analysis would need, before any table is built.
  for (std::size_t k = 0; k < c.decision_makers.size(); ++k) {
    const DecisionMaker& dm = c.decision_makers[k];
    DecisionMakerModel d;
    d.actor = dm.actor;
    d.id = s.actors[dm.actor].id;
    for (std::size_t o = 0; o < c.options.size(); ++o) {
      if (c.options[o].actor != dm.actor) continue;
      d.options |= Code{1} << o;
    }
    m.dms_.push_back(std::move(d));
  }
  if (m.stability_work() > limits.max_moves) {
    std::string per_dm;
    for (const auto& d : m.dms_) {
      per_dm += (per_dm.empty() ? "" : ", ") + d.id + " " + std::to_string(std::popcount(d.options));
    }
    throw LimitError("stability analysis of " + std::to_string(m.codes_.size()) + " states would examine about " +
                         core::format_number(std::round(m.stability_work() / 1e9)) + " billion moves (at most " +
                         core::format_number(limits.max_moves / 1e9) + " billion): a decision maker's moves are " +
                         "every subset of its options (options per decision maker: " + per_dm + ")",
                     where_text(c.where));
  }
  // Per state and decision maker: rank, truth word, best move, three floors, verdicts and scratch (about 49
  // bytes), plus the state's code and search arrays.
  const double bytes = static_cast<double>(m.codes_.size()) * (48.0 + 49.0 * static_cast<double>(m.dms_.size())) +
                       4.0 * static_cast<double>(codes);
  if (bytes > limits.max_bytes) {
    throw LimitError("stability analysis of " + std::to_string(m.codes_.size()) + " states and " +
                         std::to_string(m.dms_.size()) + " decision makers would need about " +
                         core::format_number(std::round(bytes / 1e8) / 10) + " GB (at most " +
                         core::format_number(limits.max_bytes / 1e9) + " GB)",
                     where_text(c.where));
  }

  for (std::size_t k = 0; k < c.decision_makers.size(); ++k) {
    const DecisionMaker& dm = c.decision_makers[k];
    DecisionMakerModel& d = m.dms_[k];
    if (!dm.preferences.empty()) {
      if (dm.preferences.size() > 64) {
        throw LimitError("decision maker '" + d.id + "' has " + std::to_string(dm.preferences.size()) +
                             " preference statements; at most 64 are supported",
                         where_text(dm.where));
      }
      const std::size_t n = dm.preferences.size();
      d.truth.assign(m.codes_.size(), 0);
      for (std::size_t j = 0; j < n; ++j) {
        d.statements.push_back(dm.preferences[j].text);
        const Tabulated t(*dm.preferences[j].program, m.option_count_);
        const std::uint64_t bit = std::uint64_t{1} << (n - 1 - j);
        for (std::size_t st = 0; st < m.codes_.size(); ++st) {
          if (t.holds(m.codes_[st])) d.truth[st] |= bit;
        }
      }
      d.rank = dense_ranks(d.truth);
    } else {
      // An explicit ranking, best tier first; the loader checked it lists every feasible state once.
      d.rank.assign(m.codes_.size(), 0);
      const std::size_t tiers = dm.ranking.size();
      for (std::size_t tier = 0; tier < tiers; ++tier) {
        for (const Code code : dm.ranking[tier]) {
          if (const auto st = m.state_of(code)) d.rank[*st] = static_cast<Rank>(tiers - 1 - tier);
        }
      }
    }
  }
  for (std::size_t o = 0; o < c.options.size(); ++o) {
    if (c.options[o].direction == Direction::take) m.take_only_ |= Code{1} << o;
    if (c.options[o].direction == Direction::drop) m.drop_only_ |= Code{1} << o;
  }
  return m;
}

double Model::stability_work() const {
  double subsets = 0;
  for (const auto& d : dms_) subsets += std::ldexp(1.0, std::popcount(d.options));
  return static_cast<double>(codes_.size()) * subsets * 2.0 * static_cast<double>(dms_.size());
}

std::optional<State> Model::state_of(Code c) const {
  if (c >= index_.size() || index_[c] == kNoState) return std::nullopt;
  return index_[c];
}

}  // namespace parley::conflict
