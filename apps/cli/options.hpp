// The command line's flags, made from the options registry (parley/options.hpp): each flag's name, help, value name,
// default and validation come from the registry entry for (task, name), so no command declares a flag by hand.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "parley/error.hpp"
#include "parley/options.hpp"

namespace parley::cli {

namespace detail {

/// Names, help, value name and validation of a registered option on `opt`.
CLI::Option* registered(CLI::Option* opt, const OptionInfo& info);
/// "--name", or "-s,--name" with a short alias.
[[nodiscard]] std::string flag_names(const OptionInfo& info);

}  // namespace detail

/// The registered option `name` of `task`, bound to `target`, whose initial value must be the registry's default:
/// a command whose code and registry disagree stops with an internal error at once, so every test run catches it.
template <class T>
CLI::Option* add_registered(CLI::App& cmd, std::string_view task, std::string_view name, T& target) {
  const OptionInfo& info = option_info(task, name);
  CLI::Option* opt = detail::registered(cmd.add_option(detail::flag_names(info), target, std::string(info.help)), info);
  if (!info.default_text.empty()) opt->capture_default_str();
  if (opt->get_default_str() != info.default_text) {
    throw Error(ExitCode::internal, "parley " + std::string(task) + " --" + std::string(name) +
                                        ": the registry's default is '" + std::string(info.default_text) +
                                        "', the code's '" + opt->get_default_str() + "'");
  }
  return opt;
}

/// A registered flag.
CLI::Option* add_registered_flag(CLI::App& cmd, std::string_view task, std::string_view name, bool& target);

/// A registered option whose value goes through `fn` (parsed as T).
template <class T, class Fn>
CLI::Option* add_registered_function(CLI::App& cmd, std::string_view task, std::string_view name, Fn fn) {
  const OptionInfo& info = option_info(task, name);
  return detail::registered(cmd.add_option_function<T>(detail::flag_names(info), fn, std::string(info.help)), info);
}

/// `parley help options [--format text|json]`: the registry.
void add_help(CLI::App& app, std::function<int()>& run);

}  // namespace parley::cli
