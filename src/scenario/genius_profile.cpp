// The profile half of the GENIUS reader: one <utility_space> of weights and evaluations over a domain's issues.
// GENIUS's own reading, which this follows unless docs/genius.md says otherwise, is in genius.core.utility
// (AdditiveUtilitySpace.loadTreeRecursive, EvaluatorDiscrete, EvaluatorInteger, EvaluatorReal).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/text.hpp"
#include "scenario/genius_detail.hpp"

namespace parley::genius::detail {

namespace {

// GENIUS's weight sliders leave sums such as 1.0000518 (the Laptop profiles); only a larger gap gets a warning.
constexpr double kWeightSumTolerance = 1e-3;
// Below this a weight is a slider leftover: the 2015 Group4 profiles give issues whose items are all worth 0 a
// weight of about 1e-5, which is no mistake worth a warning.
constexpr double kNegligibleWeight = 1e-3;
// Rounding a linear evaluator may show outside [0, 1] without a warning about the clamp.
constexpr double kEvaluationTolerance = 1e-9;

std::string named(const Issue& issue, long long index) {
  return "issue " + in_quotes(issue.name) + " (index " + std::to_string(index) + ")";
}

class ProfileReader {
 public:
  ProfileReader(const XmlFile& xml, std::span<const Issue> issues, std::span<const long long> indices,
                Diagnostics& diags)
      : xml_(xml), issues_(issues), indices_(indices), diags_(diags), attrs_(xml, diags) {}

  std::optional<Profile> read() {
    const std::size_t before = diags_.error_count();
    const auto root = xml_.root();
    profile_.file = xml_.file();
    profile_.where = xml_.at(root);
    if (std::string_view(root.name()) != "utility_space") {
      diags_.error(xml_.at(root),
                   "expected a GENIUS profile (a <utility_space> root), found <" + std::string(root.name()) + ">");
      return std::nullopt;
    }
    read_reservation(root.child("reservation"));
    read_discount(root.child("discount_factor"));
    const auto objective = root.child("objective");
    if (!objective) {
      diags_.error(xml_.at(root), "expected an <objective> holding the weights and evaluations, found none");
      return std::nullopt;
    }
    if (!supported(objective)) return std::nullopt;
    const std::size_t n = issues_.size();
    profile_.weights.assign(n, 0);
    profile_.evaluation.assign(n, {});
    weight_node_.assign(n, {});
    issue_node_.assign(n, {});
    all_zero_.assign(n, false);
    for (const auto child : objective.children()) {
      const std::string_view tag = child.name();
      if (tag == "weight") read_weight(child);
      if (tag == "issue") read_issue(child);
    }
    check_complete(objective);
    if (diags_.error_count() != before) return std::nullopt;
    check_weights(objective);
    if (diags_.error_count() != before) return std::nullopt;
    return std::move(profile_);
  }

 private:
  bool supported(const pugi::xml_node& objective) {
    if (const auto nested = objective.child("objective")) {
      diags_.error(xml_.at(nested),
                   "expected <issue> and <weight> elements directly under the root <objective>, "
                   "found a nested <objective> (objective trees are not supported)");
      return false;
    }
    for (const char* tag : {"utility_function", "utility"}) {
      if (const auto node = objective.child(tag)) {
        diags_.error(xml_.at(node), "expected <issue> and <weight> elements, found <" + std::string(tag) +
                                        "> (non-linear utility functions are not supported)");
        return false;
      }
    }
    return true;
  }

  void read_reservation(const pugi::xml_node& node) {
    if (!node) return;
    const auto value = attrs_.number(node, "value", "<reservation>");
    if (!value) return;
    if (*value < 0 || *value > 1) {
      diags_.error(xml_.at(node, node.attribute("value")),
                   "expected a reservation value in [0, 1], found " + core::format_number(*value));
      return;
    }
    profile_.reservation = *value;
  }

  // GENIUS reads a factor of 0 as "no discounting" and discards one outside [0, 1] with a warning
  // (AbstractUtilitySpace.validateDiscount); the 2013 DogChoosing profiles say 0.
  void read_discount(const pugi::xml_node& node) {
    if (!node) return;
    const auto value = attrs_.number(node, "value", "<discount_factor>");
    if (!value) return;
    if (*value < 0 || *value > 1) {
      diags_.warning(xml_.at(node, node.attribute("value")), "expected a discount factor in [0, 1], found " +
                                                                 core::format_number(*value) +
                                                                 "; it is taken as 1 (no discounting), as GENIUS does");
    }
    profile_.discount = *value > 0 && *value <= 1 ? *value : 1;
  }

  std::optional<std::size_t> position(long long index) const {
    const auto it = std::find(indices_.begin(), indices_.end(), index);
    if (it == indices_.end()) return std::nullopt;
    return static_cast<std::size_t>(it - indices_.begin());
  }

  void read_weight(const pugi::xml_node& node) {
    const auto index = attrs_.integer(node, "index", "<weight>");
    const auto value = attrs_.number(node, "value", "<weight>");
    if (!index || !value) return;
    const auto k = position(*index);
    if (!k) {
      diags_.error(xml_.at(node, node.attribute("index")),
                   "expected the index of a domain issue in <weight>, found " + std::to_string(*index));
      return;
    }
    if (weight_node_[*k]) {
      diags_.error(xml_.at(node), "expected one <weight> for " + named(issues_[*k], *index) + ", found a second");
      return;
    }
    weight_node_[*k] = node;
    if (*value < 0) {
      diags_.error(xml_.at(node, node.attribute("value")), "expected a non-negative weight for issue " +
                                                               in_quotes(issues_[*k].name) + ", found " +
                                                               core::format_number(*value));
      return;
    }
    profile_.weights[*k] = *value;
  }

  // Profiles name each issue by the domain's index (as GENIUS matches them) and by its name (as NegMAS does);
  // both must agree with the domain.
  void read_issue(const pugi::xml_node& node) {
    const auto name = node.attribute("name");
    const auto index = attrs_.integer(node, "index", "<issue> " + in_quotes(name.value()));
    if (!index) return;
    const auto k = position(*index);
    if (!k) {
      diags_.error(xml_.at(node), "expected an issue of the domain, found issue " + in_quotes(name.value()) +
                                      " (index " + std::to_string(*index) + ")");
      return;
    }
    const Issue& issue = issues_[*k];
    if (name && name.value() != issue.name) {
      diags_.error(xml_.at(node, name), "expected issue index " + std::to_string(*index) + " to be " +
                                            in_quotes(issue.name) + ", as in the domain, found " +
                                            in_quotes(name.value()));
      return;
    }
    if (issue_node_[*k]) {
      diags_.error(xml_.at(node), "expected one <issue> for " + named(issue, *index) + ", found a second");
      return;
    }
    issue_node_[*k] = node;
    const std::size_t before = diags_.error_count();
    const auto kind = declared_kind(attrs_, node, issue.name);
    if (diags_.error_count() != before) return;
    if (kind && *kind != issue.kind) {
      diags_.error(xml_.at(node), "expected issue " + in_quotes(issue.name) + " to be " +
                                      std::string(kind_name(issue.kind)) + ", as in the domain, found it " +
                                      std::string(kind_name(*kind)));
      return;
    }
    if (issue.kind == Issue::Kind::discrete) {
      read_items(node, *k);
    } else {
      read_linear(node, *k);
    }
  }

  // Items are matched to the domain's by their `value`, as GENIUS keys evaluations by value.
  void read_items(const pugi::xml_node& node, std::size_t k) {
    const Issue& issue = issues_[k];
    std::vector<double> raw(issue.values.size(), 0);
    std::vector<bool> seen(issue.values.size(), false);
    bool complete = true;
    for (const auto item : node.children("item")) {
      const auto value = attrs_.text(item, "value", "an <item> of issue " + in_quotes(issue.name));
      if (!value) continue;
      const auto it = std::find(issue.values.begin(), issue.values.end(), *value);
      if (it == issue.values.end()) {
        std::string message =
            "expected an item of issue " + in_quotes(issue.name) + " in the domain, found " + in_quotes(*value);
        if (const auto hint = core::closest_match(*value, issue.values))
          message += " (did you mean " + in_quotes(*hint) + "?)";
        diags_.error(xml_.at(item, item.attribute("value")), message);
        continue;
      }
      const auto v = static_cast<std::size_t>(it - issue.values.begin());
      if (seen[v]) {
        diags_.error(
            xml_.at(item, item.attribute("value")),
            "expected one <item> for " + in_quotes(*value) + " in issue " + in_quotes(issue.name) + ", found a second");
        continue;
      }
      seen[v] = true;
      const auto evaluation =
          attrs_.number(item, "evaluation", "item " + in_quotes(*value) + " of issue " + in_quotes(issue.name));
      if (!evaluation) {
        complete = false;
        continue;
      }
      if (*evaluation < 0) {
        diags_.error(xml_.at(item, item.attribute("evaluation")),
                     "expected a non-negative evaluation for item " + in_quotes(*value) + " of issue " +
                         in_quotes(issue.name) + ", found " + core::format_number(*evaluation));
        complete = false;
        continue;
      }
      raw[v] = *evaluation;
    }
    for (std::size_t v = 0; v < seen.size(); ++v) {
      if (seen[v]) continue;
      diags_.error(xml_.at(node), "expected an evaluation for item " + in_quotes(issue.values[v]) + " of issue " +
                                      in_quotes(issue.name) + ", found none");
      complete = false;
    }
    if (!complete) return;
    // Each issue's evaluations are divided by its largest (EvaluatorDiscrete.normalize). When all are 0 GENIUS
    // gives 0 rather than dividing by it, and so does parley.
    const double top = *std::max_element(raw.begin(), raw.end());
    all_zero_[k] = top == 0;
    if (top > 0) {
      for (auto& e : raw) e /= top;
    }
    profile_.evaluation[k] = std::move(raw);
  }

  // GENIUS's integer evaluator is offset + slope * (x - lowerbound) (EvaluatorInteger.getEvaluation), its real one
  // offset + slope * x with offset and slope named parameter0 and parameter1 (EvaluatorReal); both clamp the
  // result to [0, 1], and so does parley, with a warning.
  void read_linear(const pugi::xml_node& node, std::size_t k) {
    const Issue& issue = issues_[k];
    const std::string kind(kind_name(issue.kind));
    if (!same_bounds(node, issue)) return;
    const auto evaluator = node.child("evaluator");
    if (!evaluator) {
      diags_.error(xml_.at(node),
                   "expected an <evaluator> for " + kind + " issue " + in_quotes(issue.name) + ", found none");
      return;
    }
    const auto ftype = evaluator.attribute("ftype");
    if (ftype && std::string_view(ftype.value()) != "linear") {
      diags_.error(xml_.at(evaluator, ftype), "expected ftype 'linear' in the <evaluator> of issue " +
                                                  in_quotes(issue.name) + ", found " + in_quotes(ftype.value()) +
                                                  " (only linear evaluators are supported)");
      return;
    }
    const bool named_parameters = !evaluator.attribute("offset") && !evaluator.attribute("slope") &&
                                  (issue.kind == Issue::Kind::real || evaluator.attribute("parameter0"));
    const std::string what = "the <evaluator> of issue " + in_quotes(issue.name);
    const auto offset = attrs_.number(evaluator, named_parameters ? "parameter0" : "offset", what);
    const auto slope = attrs_.number(evaluator, named_parameters ? "parameter1" : "slope", what);
    if (!offset || !slope) return;
    const double origin = issue.kind == Issue::Kind::integer ? issue.numbers.front() : 0.0;
    std::vector<double> values;
    bool warned = false;
    for (std::size_t v = 0; v < issue.numbers.size(); ++v) {
      const double e = core::snap_decimal(*offset + *slope * (issue.numbers[v] - origin));
      if (!warned && (e < -kEvaluationTolerance || e > 1 + kEvaluationTolerance)) {
        diags_.warning(xml_.at(evaluator),
                       "the evaluator of issue " + in_quotes(issue.name) + " gives " + core::format_number(e) + " at " +
                           issue.values[v] + ", outside [0, 1]; its evaluations are clamped to [0, 1], as GENIUS does");
        warned = true;
      }
      values.push_back(std::clamp(e, 0.0, 1.0));
    }
    profile_.evaluation[k] = std::move(values);
  }

  // A profile may repeat the issue's bounds; GENIUS would evaluate its own, so they must be the domain's.
  bool same_bounds(const pugi::xml_node& node, const Issue& issue) {
    bool same = true;
    for (const bool upper : {false, true}) {
      const char* name = upper ? "upperbound" : "lowerbound";
      const auto holder = bound_holder(node, name);
      if (!holder.attribute(name)) continue;
      const auto value = attrs_.number(holder, name, "issue " + in_quotes(issue.name));
      const double expected = upper ? issue.numbers.back() : issue.numbers.front();
      if (!value) {
        same = false;
      } else if (*value != expected) {
        diags_.error(xml_.at(holder, holder.attribute(name)),
                     "expected the domain's " + std::string(name) + " " + core::format_number(expected) +
                         " for issue " + in_quotes(issue.name) + ", found " + core::format_number(*value));
        same = false;
      }
    }
    return same;
  }

  // GENIUS cannot compute a utility when an issue has no evaluator or no weight (AdditiveUtilitySpace.getUtility).
  void check_complete(const pugi::xml_node& objective) {
    for (std::size_t k = 0; k < issues_.size(); ++k) {
      if (!issue_node_[k]) {
        diags_.error(xml_.at(objective),
                     "expected an <issue> with the evaluations of " + named(issues_[k], indices_[k]) + ", found none");
      }
      if (!weight_node_[k]) {
        diags_.error(xml_.at(objective), "expected a <weight> for " + named(issues_[k], indices_[k]) + ", found none");
      }
    }
  }

  // Neither GENIUS (AdditiveUtilitySpace's file constructor) nor NegMAS normalises the weights of a profile it
  // reads, so utilities in ANAC were computed with the weights as written; parley does the same and warns.
  void check_weights(const pugi::xml_node& objective) {
    const double sum = std::accumulate(profile_.weights.begin(), profile_.weights.end(), 0.0);
    if (sum == 0) {
      diags_.error(xml_.at(objective), "expected weights with a positive sum, found all 0");
      return;
    }
    if (std::abs(sum - 1) > kWeightSumTolerance) {
      diags_.warning(xml_.at(objective), "the weights sum to " + core::format_number(core::snap_decimal(sum)) +
                                             ", not 1; they are used as given, as GENIUS does");
    }
    for (std::size_t k = 0; k < issues_.size(); ++k) {
      if (all_zero_[k] && profile_.weights[k] >= kNegligibleWeight) {
        diags_.warning(xml_.at(issue_node_[k]), "every item of issue " + in_quotes(issues_[k].name) +
                                                    " is evaluated 0, so its weight " +
                                                    core::format_number(profile_.weights[k]) + " adds nothing");
      }
    }
  }

  const XmlFile& xml_;
  std::span<const Issue> issues_;
  std::span<const long long> indices_;
  Diagnostics& diags_;
  Attributes attrs_;
  Profile profile_;
  std::vector<pugi::xml_node> weight_node_;
  std::vector<pugi::xml_node> issue_node_;
  std::vector<bool> all_zero_;
};

}  // namespace

std::optional<Profile> read_profile(const XmlFile& xml, std::span<const Issue> issues,
                                    std::span<const long long> indices, Diagnostics& diags) {
  return ProfileReader(xml, issues, indices, diags).read();
}

}  // namespace parley::genius::detail
