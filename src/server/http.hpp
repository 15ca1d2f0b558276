// The HTTP front-end of the neutral site (`parley serve`, docs/serve.md): routes each request to one
// services::Site call and maps its refusals to statuses; serves the web UI from the binary.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "parley/site.hpp"
#include "server/guard.hpp"

namespace parley::server {

struct ServeOptions {
  std::string db = "parley.db";
  std::string host = "127.0.0.1";
  int port = 8080;                         // 0: any free port
  unsigned threads = 0;                    // connection threads; 0: kDefaultThreads
  std::vector<std::string> allowed_hosts;  // Host names answered beside loopback and the listening address
  services::SiteLimits limits;
  GuardLimits guard;  // its `workers` is set from `threads`
};

/// Requests served at once, each on a worker thread (connections waiting for their requests hold no thread).
inline constexpr unsigned kDefaultThreads = 128;

/// The largest request body taken; a longer one gets 413.
inline constexpr std::size_t kMaxBody = 1 << 20;

/// Serves until SIGINT or SIGTERM. `ready` gets the address once connections are accepted. Throws
/// OutputError when the address cannot be bound or the store opened.
void serve(const ServeOptions& options,
           const std::function<void(const std::string& url, const std::string& store)>& ready);

}  // namespace parley::server
