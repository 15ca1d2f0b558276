// One registry of every option of every task (docs/cli.md, "Options"): declared once, as data. The command line
// makes its flags, their help and their validation from it; `parley help options --format json` prints it; the
// options tables of docs/cli.md are written from it (a test fails when they disagree).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

enum class OptionType { flag, integer, number, text, choice, list };

[[nodiscard]] std::string_view option_type_name(OptionType t);  // flag, integer, number, text, choice, list

struct OptionInfo {
  std::string_view name;   // as the command line spells it after "--"; elsewhere with '_' for '-'
  std::string_view tasks;  // the tasks (commands) that take it, space-separated: "analyze sweep"
  OptionType type = OptionType::text;
  std::string_view default_text;  // the default as the command line shows it; empty: none (the option is optional)
  std::string_view choices;       // choice: the values, space-separated
  double min = 0, max = 0;        // integer and number: the valid range, inclusive, when min < max
  std::string_view unit;          // what a number counts or measures: "threads", "draws", "seconds"
  std::string_view metavar;       // how the help names its value: "ID", "H", "PATH=A..B:STEPS"
  std::string_view help;
  std::string_view short_name;  // a one-letter alias ("o"), or empty

  [[nodiscard]] bool ranged() const { return min < max; }
  /// Whether outputs record it in their stamp: every option that can change what an output says. Not threads
  /// (results do not depend on them), formats and files (the output itself), progress, or a report's creation time.
  [[nodiscard]] bool stamped() const;
  [[nodiscard]] bool for_task(std::string_view task) const;
  [[nodiscard]] std::vector<std::string_view> choice_list() const;
};

/// Every option, grouped by task as the registry declares them. A name has one entry per meaning: `format` one per
/// set of formats, `rounds` one for forecasts (a cap) and one for negotiations (a deadline).
[[nodiscard]] std::span<const OptionInfo> option_registry();

/// The options `task` takes, in registry order.
[[nodiscard]] std::vector<const OptionInfo*> options_of(std::string_view task);

/// The entry of option `name` for `task`; throws Error (internal) when the registry has none: a front-end asked for
/// an option it does not declare.
[[nodiscard]] const OptionInfo& option_info(std::string_view task, std::string_view name);

/// Why `value` (as text) is not valid for the option, in one style for every option ("expected an integer from 0
/// to 1024, found 5000"); empty when it is. Front-ends put the option's name before it.
[[nodiscard]] std::string option_problem(const OptionInfo& option, std::string_view value);

}  // namespace parley
