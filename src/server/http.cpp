#include "server/http.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <csignal>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "doc/node.hpp"
#include "parley/error.hpp"
#include "parley/site.hpp"
#include "server/app_assets.hpp"

namespace parley::server {

namespace {

using httplib::Request;
using httplib::Response;
using services::Site;

std::string error_body(const std::string& message) {
  std::string out = "{\"error\": ";
  doc::append_json_string(out, message);
  return out + "}";
}

void answer(Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json");
}

int status_of(Refused::Kind k) {
  switch (k) {
    case Refused::Kind::unauthorized:
      return 401;
    case Refused::Kind::forbidden:
      return 403;
    case Refused::Kind::bad_request:
      return 400;
    case Refused::Kind::conflict:
      return 409;
  }
  return 400;
}

// The bearer token, or empty: a malformed header is no token.
std::string token_of(const Request& req) {
  const auto& h = req.get_header_value("Authorization");
  constexpr std::string_view bearer = "Bearer ";
  if (h.size() <= bearer.size() || h.compare(0, bearer.size(), bearer) != 0) return {};
  return h.substr(bearer.size());
}

using Handler = std::function<void(const Request&, Response&)>;

// Every route's failures in one place: refusals are answered as the site words them; anything else is a bug,
// logged here and answered without detail.
Handler guarded(Handler h) {
  return [h = std::move(h)](const Request& req, Response& res) {
    try {
      h(req, res);
    } catch (const Refused& e) {
      answer(res, status_of(e.kind()), error_body(e.what()));
    } catch (const std::exception& e) {
      std::cerr << "parley serve: internal error on " << req.method << ' ' << req.path << ": " << e.what() << '\n';
      answer(res, 500, error_body("internal error"));
    }
  };
}

void routes(httplib::Server& http, Site& site) {
  const std::string one = R"(/api/negotiations/([^/]+))";
  http.Post("/api/negotiations", guarded([&](const Request& req, Response& res) {
              answer(res, 201, Site::created_json(site.create(req.body)));
            }));
  http.Get(one, guarded([&](const Request& req, Response& res) {
             answer(res, 200, site.state(req.matches[1], token_of(req)));
           }));
  http.Put(one + "/preferences", guarded([&](const Request& req, Response& res) {
             site.set_preferences(req.matches[1], token_of(req), req.body);
             res.status = 204;
           }));
  http.Get(one + "/preferences", guarded([&](const Request& req, Response& res) {
             answer(res, 200, site.preferences(req.matches[1], token_of(req)));
           }));
  http.Post(one + "/acceptances", guarded([&](const Request& req, Response& res) {
              answer(res, 200, site.accept(req.matches[1], token_of(req), req.body));
            }));
  http.Post(one + "/proposals", guarded([&](const Request& req, Response& res) {
              answer(res, 200, site.propose(req.matches[1], token_of(req), req.body));
            }));
  http.Post(one + "/rounds", guarded([&](const Request& req, Response& res) {
              answer(res, 200, site.open_round(req.matches[1], token_of(req)));
            }));
  http.Get(one + "/audit", guarded([&](const Request& req, Response& res) {
             answer(res, 200, site.audit(req.matches[1], token_of(req)));
           }));
  http.Get("/", [](const Request&, Response& res) {
    res.set_content(std::string(detail::app_html()), "text/html; charset=utf-8");
    // The page holds its script and style inline and talks only to this origin.
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
                   "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  });
  http.Get("/favicon.ico", [](const Request&, Response& res) { res.status = 204; });
  // What httplib answers by itself (no route, a body past the limit, a malformed request) gets a JSON body too.
  http.set_error_handler([](const Request&, Response& res) {
    if (!res.body.empty()) return;
    const char* message = res.status == 404   ? "not found"
                          : res.status == 413 ? "the request body is larger than 1 MiB"
                          : res.status == 405 ? "method not allowed"
                                              : "bad request";
    res.set_content(error_body(message), "application/json");
  });
  // httplib's payload limit holds for bodies with a Content-Length but not for chunked ones, which it would
  // read whole into memory: those are refused before their body is read (every browser and HTTP library sends
  // a Content-Length for a body it has in hand).
  // httplib reads a form-encoded body (curl's default type) as a form; the API takes JSON or YAML, so such a
  // body was never meant for it: refused before it is read too, saying which types to send.
  http.set_pre_routing_handler([](const Request& req, Response& res) {
    if (!req.get_header_value("Transfer-Encoding").empty()) {
      answer(res, 411, error_body("send the body with a Content-Length, not in chunks"));
    } else if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
      answer(res, 415, error_body("send the body as application/json or application/yaml, not as a form"));
    } else {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    res.set_header("Connection", "close");  // its body was never read: the connection cannot carry another request
    return httplib::Server::HandlerResponse::Handled;
  });
  http.set_post_routing_handler([](const Request&, Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");
  });
}

// Debian's cpp-httplib listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into the library): a
// burst of new connections overflows it, the kernel drops their SYNs, and clients retry a second later. A
// second listen() on the bound socket sets a new backlog (Linux), so the listening socket on `port` gets
// SOMAXCONN.
void widen_backlog(int port) {
  for (int fd = 0; fd < 1024; ++fd) {
    int accepting = 0;
    socklen_t length = sizeof accepting;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) != 0 || accepting == 0) continue;
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) continue;
    int bound = -1;
    if (address.ss_family == AF_INET) bound = ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
    if (address.ss_family == AF_INET6) bound = ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
    if (bound == port) listen(fd, SOMAXCONN);
  }
}

}  // namespace

void serve(const ServeOptions& options,
           const std::function<void(const std::string& url, const std::string& store)>& ready) {
  // SIGINT and SIGTERM are taken by one thread with sigwait, which stops the server; every other thread,
  // started after this, inherits the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Site site(options.db);
  httplib::Server http;
  const unsigned threads = options.threads != 0 ? options.threads : kDefaultThreads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(kMaxBody);
  // httplib gives each open connection a thread until it closes: an idle connection is let go after a second,
  // so that pages polling every 1.5 s do not hold threads between polls, while a busy client keeps its own.
  http.set_keep_alive_timeout(1);
  http.set_keep_alive_max_count(1000);
  // Answers are small and written in pieces: without TCP_NODELAY, Nagle's algorithm and the client's delayed ACK
  // hold each answer ~40 ms.
  http.set_tcp_nodelay(true);
  routes(http, site);

  int port = options.port;
  if (port == 0) {
    port = http.bind_to_any_port(options.host);
    if (port < 0) throw OutputError("cannot listen on " + options.host + ":0");
  } else if (!http.bind_to_port(options.host, port)) {
    throw OutputError("cannot listen on " + options.host + ":" + std::to_string(port) + " (is it in use?)");
  }
  widen_backlog(port);
  // A handler that throws past `guarded` (none should) is answered 500 without detail, never a crash.
  http.set_exception_handler([](const Request& req, Response& res, const std::exception_ptr& /*error*/) {
    std::cerr << "parley serve: internal error on " << req.method << ' ' << req.path << '\n';
    answer(res, 500, error_body("internal error"));
  });
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    // A signal that comes before httplib runs its accept loop would find nothing to stop: wait for the loop.
    while (!returned && !http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    http.stop();
  });
  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  ready("http://" + host + ":" + std::to_string(port), site.store_name());
  http.listen_after_bind();
  // listen_after_bind also returns when the server fails: wake the waiter if no signal did.
  returned = true;
  // Not a thread killed: the waiter sits in sigwait() for exactly this signal, which wakes it.
  pthread_kill(waiter.native_handle(), SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
  waiter.join();
}

}  // namespace parley::server
