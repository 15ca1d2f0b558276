#include "cli.hpp"

#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "parley/error.hpp"

namespace parley::cli {

namespace {

std::pair<double, double> parse_scale(const std::string& text) {
  const auto colon = text.find(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no colon");
    std::size_t used_lo = 0, used_hi = 0;
    const double lo = std::stod(text.substr(0, colon), &used_lo);
    const double hi = std::stod(text.substr(colon + 1), &used_hi);
    if (used_lo != colon || used_hi != text.size() - colon - 1 || !(lo < hi)) throw std::invalid_argument("order");
    return {lo, hi};
  } catch (const std::exception&) {
    throw UsageError("--csv-scale: expected MIN:MAX with MIN < MAX, found '" + text + "'");
  }
}

}  // namespace

void add_input_options(CLI::App& cmd, std::string_view task, InputOptions& options) {
  add_registered_function<std::string>(cmd, task, "csv-scale",
                                       [&options](const std::string& v) { options.csv_scale = parse_scale(v); });
  add_registered_function<double>(cmd, task, "csv-salience-max",
                                  [&options](double v) { options.csv_salience_max = v; });
  add_registered(cmd, task, "input-format", options.format);
}

services::Loaded load_and_report(const std::string& path, const InputOptions& options) {
  services::Loaded loaded = services::load(path, options);
  for (const auto& d : loaded.diagnostics.sorted()) std::cerr << format_diagnostic(d) << '\n';
  return loaded;
}

int print_analyzed(const services::Analyzed& result) {
  for (const auto& d : result.diagnostics.sorted()) std::cerr << format_diagnostic(d) << '\n';
  if (result.diagnostics.error_count() > 0) return static_cast<int>(ExitCode::data);
  std::cout << result.output << std::flush;
  return 0;
}

OutputFormat output_format(const std::string& name) {
  if (name == "json") return OutputFormat::json;
  if (name == "yaml") return OutputFormat::yaml;
  if (name == "csv") return OutputFormat::csv;
  return OutputFormat::text;
}

void add_quiet(CLI::App& cmd, std::string_view task, bool& quiet) {
  add_registered_flag(cmd, task, "quiet", quiet);
}

void write_output(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text << std::flush;
    return;
  }
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  const auto link = fs::symlink_status(target, ec);
  if (!ec && fs::is_symlink(link)) {
    // Replace the file the link names, and keep the link.
    target = fs::weakly_canonical(target, ec);
    if (ec) throw OutputError(path + ": cannot follow the link (" + ec.message() + ")");
  }
  const auto status = fs::status(target, ec);
  if (!ec && fs::exists(status) && !fs::is_regular_file(status)) {
    if (fs::is_directory(status)) throw OutputError(path + ": is a directory");
    // A device, a FIFO or a socket (/dev/null, /dev/stdout, a named pipe): written in place. Renaming a file over
    // it would replace the device itself.
    std::ofstream out(target, std::ios::binary);
    out << text;
    out.flush();
    if (!out) throw OutputError(path + ": cannot write (" + std::string(std::strerror(errno)) + ")");
    return;
  }
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw OutputError(path + ": cannot create a file in " + dir.string() + " (" + std::strerror(errno) + ")");
  ::close(fd);
  {
    std::ofstream out(tmpl, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::remove(tmpl.c_str());
      throw OutputError(path + ": cannot write (" + std::string(std::strerror(errno)) + ")");
    }
  }
  fs::permissions(tmpl, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read,
                  ec);
  fs::rename(tmpl, target, ec);
  if (ec) {
    std::remove(tmpl.c_str());
    throw OutputError(path + ": cannot replace the file (" + ec.message() + ")");
  }
}

}  // namespace parley::cli
