#include "progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>
#include <csignal>

#include <cmath>
#include <cstdio>

namespace parley::cli {

namespace {

// The process's one signal state: a signal handler can reach nothing else.
std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
std::atomic<bool> g_notify{false};
std::atomic<const char*> g_message{nullptr};
// The handlers a StopOnSignal replaced.
struct sigaction g_old_int;
struct sigaction g_old_term;
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

extern "C" void on_signal(int sig) {
  // The signal is recorded before the flag is raised, so whoever sees the flag finds the signal.
  if (g_signal.exchange(sig) != 0) {
    constexpr char kNow[] = "\nparley: stopped\n";
    (void)!::write(STDERR_FILENO, kNow, sizeof kNow - 1);
    ::_exit(128 + sig);
  }
  g_stop.store(true);
  if (g_notify.load()) {
    const char* message = g_message.load();
    std::size_t length = 0;
    while (message[length] != '\0') ++length;
    (void)!::write(STDERR_FILENO, message, length);
  }
}

std::string duration(double seconds) {
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

std::size_t terminal_width() {
  winsize w{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col >= 20) return w.ws_col;
  return 80;
}

}  // namespace

ProgressBar::ProgressBar(std::string unit)
    : unit_(std::move(unit)), start_(std::chrono::steady_clock::now()), last_(start_ - std::chrono::seconds(1)) {}

ProgressBar::~ProgressBar() {
  clear();
}

bool ProgressBar::wanted(bool quiet) {
  return !quiet && ::isatty(STDERR_FILENO) == 1;
}

void ProgressBar::update(std::string_view phase, std::size_t done, std::size_t total) {
  {
    const std::lock_guard lock(mutex_);
    if (phase != unit_) {
      unit_ = std::string(phase);
      start_ = std::chrono::steady_clock::now();
      last_ = start_ - std::chrono::seconds(1);
      shown_done_ = 0;
    }
  }
  update(done, total);
}

void ProgressBar::update(std::size_t done, std::size_t total) {
  // Another thread drawing makes this update needless, except the last one, which waits its turn.
  std::unique_lock lock(mutex_, std::defer_lock);
  if (done >= total) {
    lock.lock();
  } else if (!lock.try_lock()) {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (done < shown_done_ || (now - last_ < std::chrono::milliseconds(100) && done < total)) return;
  last_ = now;
  shown_done_ = done;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double fraction = total == 0 ? 1 : static_cast<double>(done) / static_cast<double>(total);
  std::string tail = "  " + std::to_string(done) + "/" + std::to_string(total) + " " + unit_;
  if (elapsed >= 0.2 && done > 0) {
    const double rate = static_cast<double>(done) / elapsed;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", rate);
    tail += "  " + std::string(buf) + " " + unit_ + "/s  ETA " +
            duration(static_cast<double>(total - std::min(done, total)) / rate);
  }
  char percent[8];
  std::snprintf(percent, sizeof percent, "%3.0f%%", 100 * fraction);
  const std::size_t width = terminal_width();
  const std::size_t room = width > tail.size() + 12 ? std::min<std::size_t>(40, width - tail.size() - 12) : 10;
  const auto filled = static_cast<std::size_t>(fraction * static_cast<double>(room));
  const std::string line = "\r[" + std::string(filled, '#') + std::string(room - filled, '.') + "] " + percent + tail;
  std::fputs((line.substr(0, width - 1) + "\033[K").c_str(), stderr);
  std::fflush(stderr);
  shown_ = true;
}

void ProgressBar::clear() {
  const std::lock_guard lock(mutex_);
  if (!shown_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

StopOnSignal::StopOnSignal(bool notify, const char* message) {
  g_stop = false;
  g_signal = 0;
  g_message = message;
  g_notify = notify;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, &g_old_int);
  ::sigaction(SIGTERM, &sa, &g_old_term);
}

StopOnSignal::~StopOnSignal() {
  ::sigaction(SIGINT, &g_old_int, nullptr);
  ::sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<bool>& StopOnSignal::flag() const {
  return g_stop;
}

int StopOnSignal::signal() const {
  return g_signal.load();
}

LongTask::LongTask(bool quiet) : stop_(ProgressBar::wanted(quiet), StopOnSignal::kKeepsNothing) {
  control_.cancel = &stop_.flag();
  if (ProgressBar::wanted(quiet)) {
    bar_.emplace("steps");
    control_.progress = [this](const services::Progress& p) { bar_->update(p.phase, p.done, p.total); };
  }
}

void LongTask::finish() {
  if (bar_) bar_->clear();
}

int LongTask::interrupted() {
  finish();
  std::fputs("parley: interrupted: stopped before it finished; nothing was written\n", stderr);
  const int sig = stop_.signal();
  return 128 + (sig != 0 ? sig : SIGINT);
}

}  // namespace parley::cli
