// The site's connection guard (docs/serve.md, "Abuse"): cpp-httplib's own accept loop gives each connection a
// thread from the moment it is accepted, so 130 clients sending one byte every two seconds once held every
// thread. The guard runs the accept loop instead: one reactor thread (epoll) holds every connection until its
// request head (and a small body whole, or the first 64 KiB of a large one) is in the kernel's buffer, peeking
// without reading, under a deadline and a cap per client address; only then does a worker thread serve that
// one request with httplib (its routes, limits and handlers as configured) and close the connection, under a
// deadline of its own.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>

namespace parley::server {

struct GuardLimits {
  std::chrono::seconds head_deadline{10};    // from accept to a whole request head (and small body)
  std::chrono::seconds worker_deadline{30};  // from a worker taking the request to the connection's close
  std::size_t per_client = 64;               // connections open at once from one address (loopback: unbounded)
  std::size_t waiting = 20000;               // connections waiting for their requests, in all
  std::size_t workers = 128;                 // threads serving requests
};

class Guard {
 public:
  /// `http` has its routes and is bound (bind_to_port) to `listening`, a listening socket it must not accept on
  /// itself (never call its listen functions).
  Guard(httplib::Server& http, int listening, const GuardLimits& limits);
  ~Guard();
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;

  /// Accepts and serves until stop(); returns once every request taken has been answered.
  void run();
  /// Makes run() return; safe from any thread.
  void stop();

 private:
  struct Reactor;
  std::unique_ptr<Reactor> reactor_;
};

}  // namespace parley::server
