#include "server/guard.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

namespace parley::server {

namespace {

using Clock = std::chrono::steady_clock;

/// A request head longer than this is handed to httplib as it is, which refuses it.
constexpr std::size_t kMaxHead = std::size_t{16} * 1024;
/// What the reactor waits for: a request (head and body) up to this size whole; of a larger one (a body up to
/// the site's 1 MiB) its first kPeekBody bytes, the rest coming at the client's own pace, under the worker's
/// deadline.
constexpr std::size_t kPeekBody = std::size_t{64} * 1024;

std::string peer_of(int fd, bool& loopback) {
  sockaddr_storage a{};
  socklen_t size = sizeof a;
  loopback = false;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&a), &size) != 0) return "?";
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  } else if (a.ss_family == AF_INET6) {
    const auto* in = reinterpret_cast<const sockaddr_in6*>(&a);
    inet_ntop(AF_INET6, &in->sin6_addr, text, sizeof text);
    const std::string_view t(text);
    loopback = t == "::1" || t.starts_with("::ffff:127.");
  }
  return text;
}

// A short answer written without waiting (the connection is dropped right after, whatever was sent).
void answer_and_close(int fd, std::string_view status, std::string_view message) {
  std::string body = "{\"error\": \"";
  body += message;
  body += "\"}";
  std::string out = "HTTP/1.1 ";
  out += status;
  out += "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
  (void)send(fd, out.data(), out.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  close(fd);
}

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

// Whether the bytes at hand hold a request httplib can serve without waiting on the client: the whole head,
// and the body whole when it is small (its first kPeekBody bytes when it is larger). A head that cannot be
// read as one (too long, chunked, a Content-Length that is not a number) is also handed over: httplib and the
// site's pre-routing handler refuse it.
bool ready_to_serve(std::string_view bytes) {
  const auto end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) return bytes.size() >= kMaxHead;
  const std::string_view head = bytes.substr(0, end + 2);
  std::size_t length = 0;
  for (std::size_t at = head.find("\r\n"); at != std::string_view::npos;) {
    const auto next = head.find("\r\n", at + 2);
    if (next == std::string_view::npos) break;
    const std::string_view line = head.substr(at + 2, next - at - 2);
    at = next;
    if (iequals_prefix(line, "transfer-encoding:")) return true;
    if (iequals_prefix(line, "content-length:")) {
      std::string_view v = line.substr(15);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), length);
      if (ec != std::errc() || ptr != v.data() + v.size()) return true;
    }
  }
  // At most kPeekBody bytes in all are waited for, which a socket's receive buffer always holds.
  return bytes.size() >= std::min(end + 4 + std::min(length, kPeekBody), kPeekBody);
}

// httplib serves one accepted socket in Server::process_and_close_socket, which is private: the guard accepts
// and waits for requests itself and only then hands a socket to httplib. Access is not checked on the names in
// an explicit instantiation ([temp.spec.general]/6), which gives that member's address; httplib's own code
// runs the request as it would after its accept.
struct ProcessSocket {
  using type = bool (httplib::Server::*)(socket_t);
  friend type member(ProcessSocket);
};
template <typename Tag, typename Tag::type Member>
struct Expose {
  friend typename Tag::type member(Tag) { return Member; }
};
template struct Expose<ProcessSocket, &httplib::Server::process_and_close_socket>;

}  // namespace

struct Guard::Reactor {
  struct Waiting {
    std::string address;
    bool loopback = false;
    Clock::time_point deadline;
  };
  struct Serving {
    std::string address;
    bool loopback = false;
    Clock::time_point deadline;
    bool cut = false;
  };

  httplib::Server& http;
  int listening;
  GuardLimits limits;
  int epoll = -1, wake = -1;
  std::mutex mutex;
  std::unordered_map<int, Waiting> waiting;  // by socket: in the reactor, waiting for a request
  std::unordered_map<int, Waiting> ready;    // by socket: handed to a worker, not yet taken
  std::unordered_map<int, Serving> serving;  // by a duplicate of the socket: served by a worker
  std::unordered_map<std::string, std::size_t> per_address;
  std::unique_ptr<httplib::ThreadPool> pool;
  std::atomic<bool> stopping{false};
  std::vector<char> buffer = std::vector<char>(kMaxHead + kPeekBody);

  Reactor(httplib::Server& h, int l, const GuardLimits& lim) : http(h), listening(l), limits(lim) {
    epoll = epoll_create1(EPOLL_CLOEXEC);
    wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll < 0 || wake < 0) throw std::system_error(errno, std::generic_category(), "epoll");
    for (const int fd : {wake, listening}) {
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev);
    }
  }

  ~Reactor() {
    close(epoll);
    close(wake);
  }

  void stop() {
    stopping = true;
    const std::uint64_t one = 1;
    (void)write(wake, &one, sizeof one);
  }

  // Every connection waiting on the listening socket, taken at once (it is non-blocking). False when the
  // process is out of file descriptors: the listening socket stays readable, and the loop must not spin on it.
  bool accept_all() {
    for (;;) {
      const int fd = accept4(listening, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) return errno != EMFILE && errno != ENFILE && errno != ENOBUFS && errno != ENOMEM;
      // Answers are small and written in pieces: without TCP_NODELAY, Nagle's algorithm and the client's
      // delayed ACK hold each answer ~40 ms.
      const int on = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
      admit(fd);
    }
  }

  void release(const std::string& address, bool loopback) {
    if (loopback) return;
    if (auto it = per_address.find(address); it != per_address.end() && --it->second == 0) per_address.erase(it);
  }

  // A socket just accepted: held here until its request is in, or refused at once when over a bound.
  void admit(int fd) {
    bool loopback = false;
    std::string address = peer_of(fd, loopback);
    std::lock_guard lock(mutex);
    if (stopping) {
      close(fd);
      return;
    }
    if (waiting.size() >= limits.waiting) {
      answer_and_close(fd, "503 Service Unavailable", "the site holds too many connections; try again soon");
      return;
    }
    if (!loopback && per_address[address] >= limits.per_client) {
      answer_and_close(fd, "429 Too Many Requests", "too many connections from this address");
      return;
    }
    if (!loopback) ++per_address[address];
    waiting[fd] = {std::move(address), loopback, Clock::now() + limits.head_deadline};
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
    ev.data.fd = fd;
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev) != 0) drop(fd);
  }

  // Under the lock: a waiting connection closed without being served.
  void drop(int fd) {
    const auto it = waiting.find(fd);
    if (it == waiting.end()) return;
    epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
    release(it->second.address, it->second.loopback);
    waiting.erase(it);
    close(fd);
  }

  void examine(int fd, std::uint32_t events) {
    std::lock_guard lock(mutex);
    const auto it = waiting.find(fd);
    if (it == waiting.end()) return;
    const ssize_t n = recv(fd, buffer.data(), buffer.size(), MSG_PEEK | MSG_DONTWAIT);
    if (n > 0 && ready_to_serve(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) {
      epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
      ready.emplace(fd, std::move(it->second));
      waiting.erase(it);
      pool->enqueue([this, fd] { serve(fd); });
      return;
    }
    const bool gone = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
    if (gone || (events & (EPOLLHUP | EPOLLERR)) != 0) drop(fd);
  }

  // Connections past their deadlines: a waiting one is answered 408 and closed; a served one has its socket
  // shut down, which ends httplib's reads and writes on it (its worker then closes it).
  void expire() {
    const auto now = Clock::now();
    std::lock_guard lock(mutex);
    std::vector<int> late;
    for (const auto& [fd, w] : waiting)
      if (w.deadline <= now) late.push_back(fd);
    for (const int fd : late) {
      epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
      const auto it = waiting.find(fd);
      release(it->second.address, it->second.loopback);
      waiting.erase(it);
      answer_and_close(fd, "408 Request Timeout", "the request did not arrive in time");
    }
    for (auto& [dup, s] : serving) {
      if (!s.cut && s.deadline <= now) {
        shutdown(dup, SHUT_RDWR);
        s.cut = true;
      }
    }
  }

  void run() {
    pool = std::make_unique<httplib::ThreadPool>(limits.workers);
    std::vector<epoll_event> events(256);
    while (!stopping) {
      const int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 250);
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == wake) continue;
        if (fd == listening) {
          // Out of descriptors: the deadlines free some; until then, wait instead of spinning.
          if (!accept_all()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        } else {
          examine(fd, events[i].events);
        }
      }
      expire();
    }
    {
      std::lock_guard lock(mutex);
      for (const auto& [fd, w] : waiting) close(fd);
      waiting.clear();
    }
    pool->shutdown();  // serves every request already taken, then joins the workers
    pool.reset();
  }

  // On a worker: one request the reactor saw arrive, served by httplib; a duplicate of the socket lets the
  // deadline end it whatever httplib does with `fd` (which it closes).
  void serve(int fd) {
    int dup = -1;
    {
      std::lock_guard lock(mutex);
      const auto it = ready.find(fd);
      if (it == ready.end()) return;
      dup = ::dup(fd);
      if (dup >= 0)
        serving[dup] = {it->second.address, it->second.loopback, Clock::now() + limits.worker_deadline, false};
      else release(it->second.address, it->second.loopback);
      ready.erase(it);
    }
    (http.*member(ProcessSocket{}))(fd);
    if (dup < 0) return;
    std::lock_guard lock(mutex);
    if (const auto it = serving.find(dup); it != serving.end()) {
      release(it->second.address, it->second.loopback);
      serving.erase(it);
    }
    close(dup);
  }
};

Guard::Guard(httplib::Server& http, int listening, const GuardLimits& limits)
    : reactor_(std::make_unique<Reactor>(http, listening, limits)) {}

Guard::~Guard() = default;

void Guard::run() {
  reactor_->run();
}

void Guard::stop() {
  reactor_->stop();
}

}  // namespace parley::server
