// `parley report FILE [-o OUT] [--format html|md|json] [--draws N --seed S]`: every analysis of a scenario on one
// page that opens offline in any browser (docs/report.md).
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <regex>

#include "cli.hpp"
#include "parley/error.hpp"

namespace parley::cli {

namespace {

struct ReportArgs {
  std::string file;
  std::string out = "-";
  std::string format = "html";
  std::string created;
  InputOptions input;
  services::ReportOptions report;
  bool quiet = false;
};

std::string iso_utc(std::time_t t) {
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) throw UsageError("SOURCE_DATE_EPOCH: a time out of range");
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// An ISO 8601 date or time whose fields are in range: 2026-02-18, 2026-02-18T09:30, 2026-02-18T09:30:00Z,
// 2026-02-18T09:30:00+01:00.
bool valid_time(const std::string& text) {
  static const std::regex iso(R"((\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2}))?(Z|[+-](\d{2}):(\d{2}))?)?)");
  std::smatch m;
  if (!std::regex_match(text, m, iso)) return false;
  const auto field = [&](int k, int low, int high) {
    if (!m[k].matched) return true;
    const int v = std::stoi(m[k].str());
    return v >= low && v <= high;
  };
  return field(2, 1, 12) && field(3, 1, 31) && field(5, 0, 23) && field(6, 0, 59) && field(8, 0, 60) &&
         field(10, 0, 23) && field(11, 0, 59);
}

// The report's creation time: --created as given; else SOURCE_DATE_EPOCH, the reproducible-builds convention
// for a fixed time; else now.
std::string creation_time(const std::string& asked) {
  if (!asked.empty()) {
    if (!valid_time(asked)) {
      throw UsageError("--created " + asked +
                       ": expected an ISO 8601 date or time, such as 2026-02-18 or "
                       "2026-02-18T09:30:00Z");
    }
    return asked;
  }
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    errno = 0;
    const long long seconds = std::strtoll(epoch, &end, 10);
    // Up to the year 9999, so that the time prints in four digits.
    if (*end != '\0' || errno == ERANGE || seconds < 0 || seconds > 253402300799LL) {
      throw UsageError(std::string("SOURCE_DATE_EPOCH=") + epoch +
                       ": expected a number of seconds since 1970, up to the year 9999");
    }
    return iso_utc(static_cast<std::time_t>(seconds));
  }
  return iso_utc(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
}

}  // namespace

void add_report(CLI::App& app, Run& run) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report", "One self-contained HTML page (or Markdown) with every analysis of a scenario, and its charts");
  cmd->add_option("FILE", args->file, "Scenario file")->required();
  add_registered(*cmd, "report", "output", args->out);
  add_registered(*cmd, "report", "format", args->format);
  add_registered(*cmd, "report", "draws", args->report.draws);
  add_registered(*cmd, "report", "seed", args->report.seed);
  add_registered(*cmd, "report", "threads", args->report.threads);
  add_registered(*cmd, "report", "quantiles", args->report.quantiles);
  add_registered(*cmd, "report", "created", args->created);
  add_input_options(*cmd, "report", args->input);
  add_quiet(*cmd, "report", args->quiet);
  cmd->callback([args, &run] {
    run = [args] {
      // A page of HTML poured onto a terminal helps nobody: ask for a file first, before any work.
      if (args->format == "html" && args->out == "-" && ::isatty(STDOUT_FILENO) == 1) {
        throw UsageError(
            "the report is an HTML page: write it to a file with -o NAME.html (or redirect standard "
            "output; --format md gives Markdown tables)");
      }
      auto options = args->report;
      options.format = args->format;
      options.created = creation_time(args->created);
      const auto loaded = load_and_report(args->file, args->input);
      if (!loaded.scenario) return static_cast<int>(ExitCode::data);
      // Ctrl-C stops it between steps and writes nothing (LongTask): a report never covers less than it says.
      LongTask task(args->quiet);
      return task.run([&](const services::Control& control) {
        const auto reported = services::report(loaded, options, control);
        task.finish();
        for (const auto& note : reported.notes) std::cerr << "parley report: note: " << note << '\n';
        write_output(args->out, reported.output);
        return 0;
      });
    };
  });
}

}  // namespace parley::cli
