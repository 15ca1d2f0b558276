#include "options.hpp"

#include <iostream>

#include "core/text.hpp"
#include "doc/node.hpp"

namespace parley::cli {

std::string detail::flag_names(const OptionInfo& info) {
  std::string names = "--" + std::string(info.name);
  if (!info.short_name.empty()) names = "-" + std::string(info.short_name) + "," + names;
  return names;
}

CLI::Option* detail::registered(CLI::Option* opt, const OptionInfo& info) {
  if (!info.metavar.empty()) opt->type_name(std::string(info.metavar));
  std::string shown;  // what the help adds after the value's name
  if (info.type == OptionType::choice) {
    shown = "{";
    for (const auto c : info.choice_list()) shown += (shown.size() > 1 ? "," : "") + std::string(c);
    shown += "}";
  } else if (info.ranged()) {
    shown = "in [" + core::format_number(info.min) + " - " + core::format_number(info.max) + "]";
  } else if (info.type != OptionType::integer && info.type != OptionType::number) {
    return opt;
  }
  opt->check(CLI::Validator([&info](std::string& value) { return option_problem(info, value); }, shown,
                            std::string(info.name)));
  return opt;
}

CLI::Option* add_registered_flag(CLI::App& cmd, std::string_view task, std::string_view name, bool& target) {
  const OptionInfo& info = option_info(task, name);
  if (info.type != OptionType::flag) {
    throw Error(ExitCode::internal, "--" + std::string(name) + " is registered as a " +
                                        std::string(option_type_name(info.type)) + ", not a flag");
  }
  return cmd.add_flag(detail::flag_names(info), target, std::string(info.help));
}

namespace {

doc::Node registry_json() {
  using doc::Node;
  Node list = Node::make_sequence();
  for (const auto& o : option_registry()) {
    Node n = Node::make_mapping();
    n.set("name", Node::make_string(std::string(o.name)));
    Node tasks = Node::make_sequence();
    std::size_t start = 0;
    while (start < o.tasks.size()) {
      const std::size_t end = std::min(o.tasks.find(' ', start), o.tasks.size());
      tasks.push(Node::make_string(std::string(o.tasks.substr(start, end - start))));
      start = end + 1;
    }
    n.set("tasks", std::move(tasks));
    n.set("type", Node::make_string(std::string(option_type_name(o.type))));
    n.set("default", o.default_text.empty() ? Node::make_null() : Node::make_string(std::string(o.default_text)));
    Node choices = Node::make_sequence();
    for (const auto c : o.choice_list()) choices.push(Node::make_string(std::string(c)));
    n.set("choices", std::move(choices));
    n.set("min", o.ranged() ? Node::make_number(o.min) : Node::make_null());
    n.set("max", o.ranged() ? Node::make_number(o.max) : Node::make_null());
    n.set("unit", o.unit.empty() ? Node::make_null() : Node::make_string(std::string(o.unit)));
    n.set("value_name", o.metavar.empty() ? Node::make_null() : Node::make_string(std::string(o.metavar)));
    n.set("short", o.short_name.empty() ? Node::make_null() : Node::make_string(std::string(o.short_name)));
    n.set("help", Node::make_string(std::string(o.help)));
    list.push(std::move(n));
  }
  Node root = Node::make_mapping();
  root.set("options", std::move(list));
  return root;
}

std::string registry_text() {
  std::string out;
  for (const auto& o : option_registry()) {
    out += "--" + std::string(o.name) + " (" + std::string(option_type_name(o.type));
    if (!o.default_text.empty()) out += ", default " + std::string(o.default_text);
    if (o.ranged()) out += ", " + core::format_number(o.min) + " to " + core::format_number(o.max);
    if (!o.choices.empty()) out += ": " + std::string(o.choices);
    out += ")\n    " + std::string(o.help) + "\n    tasks: " + std::string(o.tasks) + "\n";
  }
  return out;
}

}  // namespace

void add_help(CLI::App& app, std::function<int()>& run) {
  auto* help = app.add_subcommand("help", "Reference: `parley help options` lists every option of every command");
  help->require_subcommand(1);
  auto* options = help->add_subcommand("options", "Every option of every command, as the registry declares it");
  auto format = std::make_shared<std::string>("text");
  options->add_option("--format", *format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  options->callback([format, &run] {
    run = [format] {
      std::cout << (*format == "json" ? doc::to_json(registry_json()) : registry_text()) << std::flush;
      return 0;
    };
  });
}

}  // namespace parley::cli
