#include "server/http.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <csignal>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <iostream>
#include <thread>

#include "core/sha256.hpp"
#include "doc/node.hpp"
#include "parley/error.hpp"
#include "parley/site.hpp"
#include "server/app_assets.hpp"
#include "server/guard.hpp"

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
    case Refused::Kind::too_many:
      return 429;
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

// The CSP source of each inline element `tag` of the page: 'sha256-BASE64' of its content (CSP Level 2), so that
// the page runs under a policy without 'unsafe-inline'.
std::string inline_hashes(std::string_view html, std::string_view tag) {
  static constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  const std::string open = "<" + std::string(tag), close = "</" + std::string(tag) + ">";
  for (std::size_t at = html.find(open); at != std::string_view::npos; at = html.find(open, at)) {
    const auto start = html.find('>', at);
    const auto end = html.find(close, start);
    if (start == std::string_view::npos || end == std::string_view::npos) break;
    core::Sha256 h;
    h.update(html.substr(start + 1, end - start - 1));
    const auto d = h.digest();
    std::string b64;
    for (std::size_t i = 0; i < d.size(); i += 3) {
      const std::uint32_t n = (std::uint32_t{d[i]} << 16) | (i + 1 < d.size() ? std::uint32_t{d[i + 1]} << 8 : 0) |
                              (i + 2 < d.size() ? std::uint32_t{d[i + 2]} : 0);
      b64 += kBase64[(n >> 18) & 63];
      b64 += kBase64[(n >> 12) & 63];
      b64 += i + 1 < d.size() ? kBase64[(n >> 6) & 63] : '=';
      b64 += i + 2 < d.size() ? kBase64[n & 63] : '=';
    }
    out += " 'sha256-" + b64 + "'";
    at = end;
  }
  return out;
}

// A Host header this server answers to: the loopback names and the listening address at its port, and the names
// the operator allowed (--allow-host). Anything else may be a DNS-rebinding page's request.
bool host_allowed(const std::string& header, const ServeOptions& options, int port) {
  if (header.empty()) return false;
  std::string name = header, given_port;
  if (const auto colon = header.rfind(':');
      colon != std::string::npos && header.find(']', colon) == std::string::npos) {
    name = header.substr(0, colon);
    given_port = header.substr(colon + 1);
  }
  if (!given_port.empty() && given_port != std::to_string(port)) return false;
  if (given_port.empty() && port != 80) return false;
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "localhost" || name == "127.0.0.1" || name == "::1" || name == options.host) return true;
  return std::find(options.allowed_hosts.begin(), options.allowed_hosts.end(), name) != options.allowed_hosts.end();
}

// The media types the API reads: JSON, and YAML for a scenario.
bool type_allowed(const Request& req, bool scenario) {
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type == "application/json") return true;
  return scenario && (type == "application/yaml" || type == "application/x-yaml" || type == "text/yaml");
}

void routes(httplib::Server& http, Site& site, const ServeOptions& options, int port) {
  const std::string one = R"(/api/negotiations/([^/]+))";
  http.Post("/api/negotiations", guarded([&](const Request& req, Response& res) {
              answer(res, 201, Site::created_json(site.create(req.body, req.remote_addr)));
            }));
  http.Post(one + "/seats", guarded([&](const Request& req, Response& res) {
              answer(res, 201, Site::seat_json(site.take_seat(req.matches[1], req.body)));
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
  // The page holds its script and style inline and talks only to this origin: the policy names their hashes.
  const std::string csp = "default-src 'none'; script-src" + inline_hashes(detail::app_html(), "script") +
                          "; style-src" + inline_hashes(detail::app_html(), "style") +
                          "; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
                          "frame-ancestors 'none'";
  http.Get("/", [csp](const Request&, Response& res) {
    if (detail::app_html().empty()) {  // built without Node.js: the API is whole, the web UI is not there
      res.status = 501;
      res.set_content(
          "{\"error\": \"this parley was built without Node.js, so it has no web UI; the API under /api is complete: "
          "docs/install.md, Without Node.js\"}",
          "application/json");
      return;
    }
    res.set_content(std::string(detail::app_html()), "text/html; charset=utf-8");
    res.set_header("Content-Security-Policy", csp);
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
  // A page elsewhere (another Origin) or one reached through a foreign name (a Host this server does not
  // answer to: DNS rebinding) must not drive the API from a visitor's browser; nor may a body of a type a
  // browser sends without asking (text/plain), so the API reads only the types it names.
  http.set_pre_routing_handler([&options, port](const Request& req, Response& res) {
    const std::string host = req.get_header_value("Host");
    const std::string origin = req.get_header_value("Origin");
    const bool api = req.path.rfind("/api/", 0) == 0;
    if (!host_allowed(host, options, port)) {
      answer(res, 421, error_body("this server does not answer to the host name given (start it with --allow-host)"));
    } else if (!origin.empty() && origin != "http://" + host) {
      answer(res, 403, error_body("a request from another origin"));
    } else if (!req.get_header_value("Transfer-Encoding").empty()) {
      answer(res, 411, error_body("send the body with a Content-Length, not in chunks"));
    } else if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
      answer(res, 415, error_body("send the body as application/json or application/yaml, not as a form"));
    } else if (api && (req.method == "POST" || req.method == "PUT") &&
               (req.get_header_value("Content-Length").find_first_not_of('0') != std::string::npos ||
                req.path == "/api/negotiations") &&
               !type_allowed(req, req.path == "/api/negotiations")) {
      answer(res, 415,
             error_body(req.path == "/api/negotiations"
                            ? "send the scenario as application/json or application/yaml (Content-Type)"
                            : "send the body as application/json (Content-Type)"));
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

// Each connection waiting for its request holds a file descriptor: the soft limit (1,024 by default) is raised to
// the hard one, so that the guard, not the kernel, bounds them. Returns the limit.
std::size_t raise_open_files() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0) return 1024;
  if (r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &r);
    (void)getrlimit(RLIMIT_NOFILE, &r);
  }
  return static_cast<std::size_t>(r.rlim_cur);
}

// The socket httplib bound to `port` (its own is private), made ready for the guard's accept loop: non-blocking,
// and with a backlog of SOMAXCONN instead of httplib's 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into Debian's
// library: a burst of new connections overflowed it, and the kernel dropped their SYNs). A second listen() on
// the bound socket sets the new backlog (Linux).
int listening_socket(int port) {
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
    if (bound != port) continue;
    listen(fd, SOMAXCONN);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
  }
  throw OutputError("cannot find the listening socket on port " + std::to_string(port));
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

  Site site(options.db, options.limits);
  const std::size_t files = raise_open_files();
  GuardLimits limits = options.guard;
  // Waiting connections stay below the descriptor limit, with room for the workers' own and the store's.
  limits.waiting = std::min(limits.waiting, files > 1024 ? files - 512 : files / 2);
  limits.workers = options.threads != 0 ? options.threads : kDefaultThreads;
  httplib::Server http;
  http.set_payload_max_length(kMaxBody);
  // One request per connection: a worker thread serves the request the guard (server/guard.hpp) saw arrive
  // whole, answers, and closes. Keeping the connection open would give its next request a thread before it
  // arrived, which is what slow clients exploit.
  http.set_keep_alive_max_count(1);
  int port = options.port;
  if (port == 0) {
    port = http.bind_to_any_port(options.host);
    if (port < 0) throw OutputError("cannot listen on " + options.host + ":0");
  } else if (!http.bind_to_port(options.host, port)) {
    throw OutputError("cannot listen on " + options.host + ":" + std::to_string(port) + " (is it in use?)");
  }
  routes(http, site, options, port);
  Guard guard(http, listening_socket(port), limits);
  // A handler that throws past `guarded` (none should) is answered 500 without detail, never a crash.
  http.set_exception_handler([](const Request& req, Response& res, const std::exception_ptr& /*error*/) {
    std::cerr << "parley serve: internal error on " << req.method << ' ' << req.path << '\n';
    answer(res, 500, error_body("internal error"));
  });
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    if (!returned) guard.stop();  // before run() too: it then returns at once
  });
  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  ready("http://" + host + ":" + std::to_string(port), site.store_name());
  guard.run();
  http.stop();  // closes the listening socket
  returned = true;
  // Not a thread killed: the waiter sits in sigwait() for exactly this signal, which wakes it.
  pthread_kill(waiter.native_handle(), SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
  waiter.join();
}

}  // namespace parley::server
