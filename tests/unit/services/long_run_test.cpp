// Long runs of the real `parley sweep` binary: killed with SIGKILL, stopped with SIGINT or SIGTERM, and its
// progress bar on a terminal (docs/design/sweep.md, "Long runs").
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "../test_support.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "store/store.hpp"

extern char** environ;

namespace parley::services {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kGeneva = std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml";
constexpr auto kPatience = 180s;  // sanitizer builds are slow

std::string fresh(const std::string& name) {
  const auto dir = test::scratch_dir("long_run_test");
  auto path = (dir / name).string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return path;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// This process's environment with `name` set to `value` (appended after a ':' when `name` is already set, as the
// sanitizers' option lists are).
std::vector<std::string> environment_with(const std::string& name, const std::string& value) {
  std::vector<std::string> env;
  bool found = false;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    if (entry.rfind(name + "=", 0) == 0) {
      entry += ":" + value;
      found = true;
    }
    env.push_back(std::move(entry));
  }
  if (!found) env.push_back(name + "=" + value);
  return env;
}

// Starts the built parley with `args`, standard output to `out` and standard error to `err` (file paths), or
// standard error to the descriptor `err_fd` when it is not -1; in this process's environment unless `env` is given.
pid_t spawn(const std::vector<std::string>& args, const std::string& out, const std::string& err, int err_fd = -1,
            const std::vector<std::string>* env = nullptr) {
  std::vector<std::string> env_copy = env != nullptr ? *env : std::vector<std::string>{};
  std::vector<char*> envp;
  envp.reserve(env_copy.size() + 1);
  for (auto& e : env_copy) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> all = {PARLEY_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(all.size() + 1);
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (err_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  pid_t pid = -1;
  const int rc =
      posix_spawn(&pid, PARLEY_BINARY, &actions, nullptr, argv.data(), env != nullptr ? envp.data() : environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << "cannot start " << PARLEY_BINARY;
  return pid;
}

// The exit status, 128 + the signal for a process a signal ended, or -1 after `patience` (it is then killed).
int wait_for(pid_t pid, std::chrono::seconds patience = kPatience) {
  const auto until = std::chrono::steady_clock::now() + patience;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > until) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(5ms);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Waits until the store at `db` holds a run with at least one committed batch; returns its draws done (0 if
// none came in time or the process ended).
std::size_t wait_for_first_batch(const std::string& db, pid_t pid) {
  const auto until = std::chrono::steady_clock::now() + kPatience;
  while (std::chrono::steady_clock::now() < until) {
    if (fs::exists(db)) {
      try {
        const auto runs = store::Store::open_for_reading(db).runs();
        if (!runs.empty() && runs.front().draws_done > 0) return runs.front().draws_done;
      } catch (const Error&) {
        // The file is being created: not a store yet.
      }
    }
    if (waitpid(pid, nullptr, WNOHANG) != 0) return 0;
    std::this_thread::sleep_for(2ms);
  }
  return 0;
}

// A long sweep of the Geneva territory forecast (about 90,000 draws: minutes, so it is always stopped first).
std::vector<std::string> long_sweep(const std::string& db, const std::string& format, bool keep) {
  std::vector<std::string> args = {"sweep", kGeneva,     "--issue", "territory", "--draws", "90000", "--seed",
                                   "11",    "--threads", "2",       "--format",  format,    "--out", db};
  if (keep) args.push_back("--keep-draws");
  return args;
}

// `parley ARGS` run to the end: exit status and standard output.
std::pair<int, std::string> parley(const std::vector<std::string>& args) {
  const auto out = fresh("parley.out");
  const pid_t pid = spawn(args, out, fresh("parley.err"));
  const int code = wait_for(pid);
  return {code, read_all(out)};
}

TEST(LongRun, AKilledRunLeavesAConsistentReadableStoreOfWholeBatches) {
  const auto db = fresh("killed.db");
  const auto err = fresh("killed.err");
  const pid_t pid = spawn(long_sweep(db, "json", true), fresh("killed.out"), err);
  ASSERT_GT(wait_for_first_batch(db, pid), 0U) << read_all(err);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  EXPECT_EQ(wait_for(pid), 128 + SIGKILL);

  const auto [list_code, list] = parley({"runs", "list", db});
  EXPECT_EQ(list_code, 0);
  EXPECT_NE(list.find("unfinished"), std::string::npos) << list;
  const auto [show_code, show] = parley({"runs", "show", db, "1"});
  EXPECT_EQ(show_code, 0);
  EXPECT_NE(show.find("No summary: the run did not finish"), std::string::npos) << show;

  const store::Store store = store::Store::open_for_reading(db);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1U);
  const std::size_t done = runs.front().draws_done;
  EXPECT_GT(done, 0U);
  EXPECT_EQ(done % kSweepBatch, 0U) << "a killed run keeps whole batches";
  EXPECT_LT(done, 90000U);
  std::set<std::size_t> kept;
  store.for_each_draw_output(1, [&](std::size_t k, const sweep::Output&) { kept.insert(k); });
  ASSERT_EQ(kept.size(), done);  // the draws kept are exactly the draws counted done: 0 to done - 1
  EXPECT_EQ(*kept.begin(), 0U);
  EXPECT_EQ(*kept.rbegin(), done - 1);
  const auto [csv_code, csv] = parley({"runs", "show", db, "1", "--format", "csv"});
  EXPECT_EQ(csv_code, 0);
  EXPECT_EQ(csv.rfind("draw,output,value\n0,", 0), 0U);

  // The same draws as a run asked for that many: the kill lost nothing committed and wrote nothing half way.
  SweepOptions o;
  o.draws = done;
  o.seed = 11;
  o.forecast.issue = "territory";
  o.format = OutputFormat::csv;
  EXPECT_EQ(csv, sweep(load(kGeneva, {}), o));
  // And the store still takes runs.
  const auto [again, ignored] = parley({"sweep", kGeneva, "--issue", "territory", "--draws", "10", "--out", db});
  EXPECT_EQ(again, 0);
  EXPECT_EQ(store::Store::open_for_reading(db).runs().size(), 2U);
}

TEST(LongRun, SigintPrintsAndStoresTheWholeBatchesDoneThenExits130) {
  const auto db = fresh("sigint.db");
  const auto out = fresh("sigint.out"), err = fresh("sigint.err");
  const pid_t pid = spawn(long_sweep(db, "json", false), out, err);
  ASSERT_GT(wait_for_first_batch(db, pid), 0U) << read_all(err);
  ASSERT_EQ(kill(pid, SIGINT), 0);
  ASSERT_EQ(wait_for(pid), 130) << read_all(err);

  std::string printed = read_all(out);
  Diagnostics diags;
  const auto json = doc::parse_json(printed, nullptr, diags);
  ASSERT_TRUE(json);
  const doc::Node& stamp = *json->find("parley");
  ASSERT_NE(stamp.find("interrupted"), nullptr);
  EXPECT_TRUE(stamp.find("interrupted")->boolean);
  EXPECT_EQ(stamp.find("draws_asked")->number, 90000);
  const auto done = static_cast<std::size_t>(stamp.find("draws")->number);
  EXPECT_GT(done, 0U);
  EXPECT_EQ(done % kSweepBatch, 0U);
  EXPECT_NE(read_all(err).find("parley: interrupted: the result covers the " + std::to_string(done) +
                               " draws done of the 90000 asked; stored as run 1"),
            std::string::npos)
      << read_all(err);

  // Its numbers are those of a run asked for `done` draws with the same seed, byte for byte.
  SweepOptions o;
  o.draws = done;
  o.seed = 11;
  o.threads = 1;
  o.forecast.issue = "territory";
  o.format = OutputFormat::json;
  const std::string keys = ",\n    \"interrupted\": true,\n    \"draws_asked\": 90000\n";
  const std::string stored = [&] {
    std::string s;
    runs_show(db, "1", OutputFormat::json, [&](std::string_view piece) { s += piece; });
    return s;
  }();
  EXPECT_EQ(stored, printed);
  ASSERT_NE(printed.find(keys), std::string::npos);
  printed.replace(printed.find(keys), keys.size(), "\n");
  EXPECT_EQ(printed, sweep(load(kGeneva, {}), o));
  const auto runs = store::Store::open_for_reading(db).runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_TRUE(runs.front().interrupted);
  EXPECT_EQ(runs.front().draws_done, done);
}

TEST(LongRun, SigtermStopsAsCleanlyWithStatus143) {
  const auto db = fresh("sigterm.db");
  const auto out = fresh("sigterm.out"), err = fresh("sigterm.err");
  const pid_t pid = spawn(long_sweep(db, "csv", true), out, err);
  ASSERT_GT(wait_for_first_batch(db, pid), 0U) << read_all(err);
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  ASSERT_EQ(wait_for(pid), 128 + SIGTERM) << read_all(err);
  const auto runs = store::Store::open_for_reading(db).runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_TRUE(runs.front().interrupted);
  // The CSV printed is the kept draws.
  std::string kept;
  runs_show(db, "1", OutputFormat::csv, [&](std::string_view piece) { kept += piece; });
  EXPECT_EQ(read_all(out), kept);
}

TEST(LongRun, ASecondSignalEndsTheRunAtOnce) {
  const auto db = fresh("twice.db");
  const auto out = fresh("twice.out"), err = fresh("twice.err");
  // The second signal ends the process from its handler while the draw threads run, by design: under
  // ThreadSanitizer a thread that had just finished its batch and was not yet joined would be reported as leaked.
  const auto env = environment_with("TSAN_OPTIONS", "report_thread_leaks=0");
  const pid_t pid = spawn(long_sweep(db, "json", false), out, err, -1, &env);
  ASSERT_GT(wait_for_first_batch(db, pid), 0U) << read_all(err);
  // Two different signals, as one signal sent twice may arrive once; they may be handled in either order. A
  // clean stop would print the summary: the second signal ends the process before that.
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  ASSERT_EQ(kill(pid, SIGINT), 0);
  const int status = wait_for(pid);
  EXPECT_TRUE(status == 128 + SIGINT || status == 128 + SIGTERM) << status;
  EXPECT_EQ(read_all(out), "");
  EXPECT_NE(read_all(err).find("parley: stopped\n"), std::string::npos) << read_all(err);
  // The store is as the last committed batch left it.
  const auto runs = store::Store::open_for_reading(db).runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs.front().draws_done % kSweepBatch, 0U);
}

// Runs a short sweep with standard error on a new terminal; returns what the terminal received.
std::string on_a_terminal(const std::vector<std::string>& args, const std::string& out) {
  int master = -1, slave = -1;
  EXPECT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  const pid_t pid = spawn(args, out, "", slave);
  close(slave);
  std::string seen;
  char buf[4096];
  const auto until = std::chrono::steady_clock::now() + kPatience;
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 50) > 0) {
      const ssize_t n = read(master, buf, sizeof buf);
      if (n <= 0) break;  // EIO: every copy of the terminal's other end is closed
      seen.append(buf, static_cast<std::size_t>(n));
    } else if (std::chrono::steady_clock::now() > until) {
      break;
    }
  }
  close(master);
  EXPECT_EQ(wait_for(pid), 0);
  return seen;
}

TEST(LongRun, ProgressShowsOnlyOnATerminalWithoutQuietAndStandardOutputIsTheSame) {
  const std::vector<std::string> args = {"sweep", kGeneva,  "--issue", "territory", "--draws",
                                         "3000",  "--seed", "5",       "--format",  "json"};
  const auto piped_out = fresh("piped.out"), piped_err = fresh("piped.err");
  EXPECT_EQ(wait_for(spawn(args, piped_out, piped_err)), 0);
  EXPECT_EQ(read_all(piped_err), "");  // not a terminal: silent
  const std::string expected = read_all(piped_out);
  ASSERT_FALSE(expected.empty());

  const auto tty_out = fresh("tty.out");
  const std::string bar = on_a_terminal(args, tty_out);
  EXPECT_NE(bar.find("/3000 draws"), std::string::npos) << bar;
  EXPECT_NE(bar.find("3000/3000 draws"), std::string::npos) << bar;
  EXPECT_EQ(read_all(tty_out), expected);

  auto quiet = args;
  quiet.push_back("--quiet");
  const auto quiet_out = fresh("quiet.out");
  EXPECT_EQ(on_a_terminal(quiet, quiet_out), "");
  EXPECT_EQ(read_all(quiet_out), expected);
}

// Issue 18: every long task stops on SIGINT within a step, says so, writes nothing (an existing file is left as it
// was) and exits 130; on a terminal each shows its progress by phase.
TEST(LongRun, AStoppedReportOrTournamentWritesNothingAndExits130) {
  // Markdown, which every build writes (a build without Node.js has no HTML page).
  const auto page = fresh("kept.md");
  std::ofstream(page) << "the previous report";
  const auto err = fresh("report.err");
  const pid_t report = spawn({"report", kGeneva, "--draws", "200000", "--threads", "2", "--format", "md", "-o", page},
                             fresh("report.out"), err);
  std::this_thread::sleep_for(500ms);
  ASSERT_EQ(kill(report, SIGINT), 0);
  EXPECT_EQ(wait_for(report), 130);
  EXPECT_EQ(read_all(page), "the previous report");
  EXPECT_NE(read_all(err).find("parley: interrupted: stopped before it finished; nothing was written"),
            std::string::npos)
      << read_all(err);
  for (const auto& entry : fs::directory_iterator(fs::path(page).parent_path()))
    EXPECT_EQ(entry.path().filename().string().rfind(".kept.md", 0), std::string::npos) << "a temporary file is left";

  const auto out = fresh("tournament.out");
  const pid_t tournament = spawn(
      {"tournament", kGeneva, "--strategies", "boulware,conceder,linear", "--repetitions", "5000000", "--threads", "2"},
      out, fresh("tournament.err"));
  std::this_thread::sleep_for(500ms);
  ASSERT_EQ(kill(tournament, SIGTERM), 0);
  EXPECT_EQ(wait_for(tournament), 143);
  EXPECT_EQ(read_all(out), "");
}

TEST(LongRun, EveryLongTaskShowsItsPhasesOnATerminal) {
  const std::string tournament = on_a_terminal(
      {"tournament", kGeneva, "--strategies", "boulware,linear", "--repetitions", "3000"}, fresh("t.out"));
  EXPECT_NE(tournament.find("12000/12000 negotiations"), std::string::npos) << tournament;
  const std::string report =
      on_a_terminal({"report", kGeneva, "--draws", "2000", "--format", "json", "-o", fresh("r.json")}, fresh("r.out"));
  for (const char* phase : {" sections", " passes", "2000/2000 forecast draws", "2000/2000 analyze draws"})
    EXPECT_NE(report.find(phase), std::string::npos) << phase << " in " << report;
  const std::string smp = on_a_terminal({"forecast", kGeneva, "--model", "smp"}, fresh("f.out"));
  EXPECT_NE(smp.find("/100 turns"), std::string::npos) << smp;
  EXPECT_EQ(on_a_terminal({"forecast", kGeneva, "--model", "smp", "--quiet"}, fresh("q.out")), "");
  // Geneva has no agreeable package, so no frontier to merge: a scenario that has one.
  const std::string three_dims = std::string(PARLEY_SOURCE_DIR) + "/examples/ktab-dummy-3dim.yaml";
  const std::string analyze = on_a_terminal({"analyze", three_dims}, fresh("a.out"));
  EXPECT_NE(analyze.find("3/3 blocks merged"), std::string::npos) << analyze;
  EXPECT_EQ(on_a_terminal({"analyze", three_dims, "--quiet"}, fresh("aq.out")), "");
}

}  // namespace
}  // namespace parley::services
