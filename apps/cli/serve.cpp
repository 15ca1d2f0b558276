// `parley serve [--db FILE|URL] [--listen HOST:PORT] [--threads N]`: the neutral site (docs/serve.md), and
// `parley audit verify FILE | --db DB`: its audit logs' hash chains recomputed.
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <vector>

#include "cli.hpp"
#include "parley/site.hpp"
#include "server/http.hpp"

namespace parley::cli {

namespace {

struct ServeArgs {
  std::string db = "parley.db";
  std::string listen = "127.0.0.1:8080";
  unsigned threads = 0;
  std::vector<std::string> allowed_hosts;
  services::SiteLimits limits;
  server::GuardLimits guard;
  int request_deadline = 10;
  double offers_deadline = 10;
};

// HOST:PORT, the host a name or address ([::1] for IPv6), the port 0 to 65535.
void parse_listen(const std::string& text, server::ServeOptions& options) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    throw UsageError("--listen " + text + ": expected HOST:PORT, as 127.0.0.1:8080");
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port = text.substr(colon + 1);
  int value = -1;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value < 0 || value > 65535)
    throw UsageError("--listen " + text + ": the port must be a number from 0 to 65535");
  options.host = host;
  options.port = value;
}

}  // namespace

void add_serve(CLI::App& app, Run& run) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve",
                                 "Host negotiations: an HTTP+JSON API and web UI where each party's limits stay "
                                 "confidential and the site finds the overlap (docs/serve.md)");
  add_registered(*cmd, "serve", "db", args->db);
  add_registered(*cmd, "serve", "listen", args->listen);
  add_registered(*cmd, "serve", "threads", args->threads);
  add_registered(*cmd, "serve", "allow-host", args->allowed_hosts);
  add_registered(*cmd, "serve", "round-budget", args->limits.round_budget);
  add_registered(*cmd, "serve", "work-budget", args->limits.work_budget);
  add_registered(*cmd, "serve", "max-negotiations", args->limits.max_negotiations);
  add_registered(*cmd, "serve", "negotiations-per-client", args->limits.negotiations_per_client);
  add_registered(*cmd, "serve", "creations-per-minute", args->limits.creations_per_minute);
  add_registered(*cmd, "serve", "offers-deadline", args->offers_deadline);
  add_registered(*cmd, "serve", "connections-per-client", args->guard.per_client);
  add_registered(*cmd, "serve", "request-deadline", args->request_deadline);
  cmd->callback([args, &run] {
    run = [args] {
      server::ServeOptions options;
      options.db = args->db;
      options.threads = args->threads;
      options.allowed_hosts = args->allowed_hosts;
      for (auto& h : options.allowed_hosts)
        for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      options.limits = args->limits;
      options.limits.offers_deadline_ms = std::lround(args->offers_deadline * 1000);
      options.guard = args->guard;
      options.guard.head_deadline = std::chrono::seconds(args->request_deadline);
      parse_listen(args->listen, options);
      server::serve(options, [](const std::string& url, const std::string& store) {
        std::cout << "parley serve: listening on " << url << " (store " << store << ")" << std::endl;
      });
      std::cout << "parley serve: stopped" << std::endl;
      return 0;
    };
  });
}

void add_audit(CLI::App& app, Run& run) {
  struct AuditArgs {
    std::string file, db;
  };
  auto args = std::make_shared<AuditArgs>();
  auto* cmd = app.add_subcommand("audit", "The audit logs of hosted negotiations (parley serve)");
  cmd->require_subcommand(1);
  auto* verify = cmd->add_subcommand(
      "verify",
      "Recompute an audit log's hash chain: a file exported from GET /api/negotiations/ID/audit, or every "
      "negotiation in a store (--db)");
  auto* file = verify->add_option("FILE", args->file, "An exported audit log (JSON)");
  auto* db = verify->add_option("--db", args->db, "A negotiation store: an SQLite file or a postgresql:// URL");
  file->excludes(db);
  verify->callback([args, &run] {
    run = [args] {
      if (args->file.empty() && args->db.empty())
        throw UsageError("audit verify: give an exported log FILE or --db DB");
      std::cout << (args->db.empty() ? services::verify_audit_file(args->file) : services::verify_audit_store(args->db))
                << std::flush;
      return 0;
    };
  });
}

}  // namespace parley::cli
