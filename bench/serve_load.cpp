// Load benchmark for `parley serve` (docs/serve.md): many negotiations, all parties reading and accepting at once.
//
//   serve_load --url http://127.0.0.1:PORT --scenario bench/serve_five.yaml --negotiations 200 --parties 5
//              --threads 32 --seconds 20 [--requests N] [--read-fraction 0.8] [--rate R] [--seed S]
//
// Creates the negotiations, puts random preferences for every party (so that round 1 opens), then drives from
// --threads client threads, for at most --seconds and --requests, a mix of GET state (reads) and POST
// acceptances from every party: as fast as the server answers (a closed loop: the server's capacity), or
// paced at --rate requests a second in all (an open loop, as pages polling on a timer load it), latency then
// counted from when each request was due. The last party of each negotiation always accepts nothing, so no package is
// ever accepted by all and every acceptance stays legal. Prints one JSON object: per request type its count,
// errors and latency percentiles (p50, p90, p99, max, in ms), and the drive phase's throughput. Exits 1 on
// any error (a refused request, a connection failure, an unexpected answer), 64 on bad usage.
//
// A client of its own (cpp-httplib's, and parley's JSON reader for the answers; none of parley's services): it
// measures the server from outside, the way its users see it. A Python client's GIL would distort the latencies.
#include <httplib.h>

#include "doc/node.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

namespace {

// -- the server's answers, read with parley's JSON reader ------------------------------------------------------

/// The JSON of an answer, or std::runtime_error with the reader's first located message.
parley::doc::Node parse_json(std::string_view body) {
  parley::Diagnostics diags;
  auto root = parley::doc::parse_json(body, std::make_shared<const std::string>("answer"), diags);
  if (!root) throw std::runtime_error(diags.empty() ? "not JSON" : parley::format_diagnostic(diags.sorted().front()));
  return std::move(*root);
}

/// The text of `key` in a mapping, or empty.
std::string text_of(const parley::doc::Node& n, std::string_view key) {
  const auto* v = n.find(key);
  return v ? v->text : std::string();
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// -- options -------------------------------------------------------------------------------------------------

struct Options {
  std::string url;
  std::string scenario;
  int negotiations = 200;
  int parties = 5;
  int threads = 32;
  double seconds = 20;
  long requests = 2'000'000;
  double read_fraction = 0.8;
  double rate = 0;  // requests per second in all; 0: each thread as fast as the server answers
  unsigned seed = 1;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr
      << "serve_load: error: " << problem << "\n"
      << "usage: serve_load --url http://HOST:PORT --scenario FILE [--negotiations 200] [--parties 5]\n"
         "                  [--threads 32] [--seconds 20] [--requests N] [--read-fraction 0.8] [--rate R] [--seed S]\n";
  std::exit(64);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage("missing the value of " + flag);
    const std::string value = argv[++i];
    try {
      if (flag == "--url") o.url = value;
      else if (flag == "--scenario") o.scenario = value;
      else if (flag == "--negotiations") o.negotiations = std::stoi(value);
      else if (flag == "--parties") o.parties = std::stoi(value);
      else if (flag == "--threads") o.threads = std::stoi(value);
      else if (flag == "--seconds") o.seconds = std::stod(value);
      else if (flag == "--requests") o.requests = std::stol(value);
      else if (flag == "--read-fraction") o.read_fraction = std::stod(value);
      else if (flag == "--rate") o.rate = std::stod(value);
      else if (flag == "--seed") o.seed = static_cast<unsigned>(std::stoul(value));
      else usage("unknown option " + flag);
    } catch (const std::logic_error&) {
      usage("bad value '" + value + "' for " + flag);
    }
  }
  if (o.url.empty() || o.scenario.empty()) usage("--url and --scenario are required");
  if (o.negotiations < 1 || o.parties < 2 || o.threads < 1 || o.seconds <= 0 || o.requests < 1 || o.read_fraction < 0 ||
      o.read_fraction > 1 || o.rate < 0) {
    usage(
        "--negotiations, --threads, --seconds, --requests must be positive, --parties at least 2, "
        "--read-fraction in [0, 1]");
  }
  return o;
}

// -- measurements --------------------------------------------------------------------------------------------

// Setup reads (the issues, round 1's suggestions) are kept apart from the drive phase's reads.
enum class Kind { kCreate, kPreferences, kSetupState, kState, kAcceptances };
constexpr std::size_t kKinds = 5;
constexpr std::array<const char*, kKinds> kKindNames = {"create", "preferences", "setup_state", "state", "acceptances"};

struct Tally {
  std::array<std::vector<double>, kKinds> latencies_ms;
  std::array<long, kKinds> errors{};
  std::vector<std::string> messages;

  void merge(Tally&& other) {
    for (std::size_t k = 0; k < kKinds; ++k) {
      latencies_ms[k].insert(latencies_ms[k].end(), other.latencies_ms[k].begin(), other.latencies_ms[k].end());
      errors[k] += other.errors[k];
    }
    for (auto& m : other.messages) {
      if (messages.size() < 10) messages.push_back(std::move(m));
    }
  }
};

struct Negotiation {
  std::string id;
  std::string mediator;
  std::vector<std::string> tokens;  // party tokens, in the order the server listed them
  std::vector<long> suggestions;
};

class Session {
 public:
  Session(const std::string& url, Tally& tally) : client_(url), tally_(tally) {
    client_.set_keep_alive(true);
    client_.set_tcp_nodelay(true);  // headers and body go out in separate writes: no Nagle delay between them
    client_.set_connection_timeout(10);
    client_.set_read_timeout(60);
    client_.set_write_timeout(60);
  }

  // One request, timed; nullopt (and an error counted) unless the answer has the expected status.
  // With `scheduled`, latency counts from when the request was due, not from when it went out: a server that
  // falls behind is charged for the wait it causes (no coordinated omission).
  std::optional<std::string> send(Kind kind, const std::string& method, const std::string& path,
                                  const std::string& token, const std::string& body, int expect,
                                  std::optional<std::chrono::steady_clock::time_point> scheduled = std::nullopt) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    const auto start = scheduled ? *scheduled : std::chrono::steady_clock::now();
    httplib::Result result = method == "GET"   ? client_.Get(path, headers)
                             : method == "PUT" ? client_.Put(path, headers, body, "application/json")
                                               : client_.Post(path, headers, body, "application/json");
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const auto k = static_cast<std::size_t>(kind);
    tally_.latencies_ms[k].push_back(ms);
    if (!result || result->status != expect) {
      ++tally_.errors[k];
      if (tally_.messages.size() < 10) {
        tally_.messages.push_back(method + " " + path + ": " +
                                  (result ? std::to_string(result->status) + " " + result->body.substr(0, 200)
                                          : "no answer (" + httplib::to_string(result.error()) + ")"));
      }
      return std::nullopt;
    }
    return result->body;
  }

 private:
  httplib::Client client_;
  Tally& tally_;
};

struct Issue {
  std::string id;
  double min = 0;
  double max = 0;
  std::vector<std::string> options;
};

std::string random_preferences(const std::vector<Issue>& issues, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(0, 1);
  std::ostringstream out;
  out << "{\"stances\": {";
  for (std::size_t i = 0; i < issues.size(); ++i) {
    const Issue& issue = issues[i];
    out << (i ? ", " : "") << quote(issue.id) << ": {\"position\": ";
    if (issue.options.empty()) {
      out << std::round((issue.min + unit(rng) * (issue.max - issue.min)) * 10) / 10;
    } else {
      out << quote(issue.options[std::uniform_int_distribution<std::size_t>(0, issue.options.size() - 1)(rng)]);
    }
    out << ", \"salience\": " << std::uniform_int_distribution<int>(1, 100)(rng) << "}";
  }
  out << "}}";
  return out.str();
}

// Runs `work(thread_index, tally)` on `threads` threads and merges what they measured.
template <class Work>
void run_threads(int threads, Tally& total, Work work) {
  std::vector<Tally> tallies(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  pool.reserve(tallies.size());
  for (int t = 0; t < threads; ++t) pool.emplace_back(work, t, std::ref(tallies[static_cast<std::size_t>(t)]));
  for (auto& th : pool) th.join();
  for (auto& t : tallies) total.merge(std::move(t));
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_options(argc, argv);
  std::ifstream in(opt.scenario, std::ios::binary);
  if (!in) {
    std::cerr << "serve_load: error: cannot open " << opt.scenario << "\n";
    return 66;
  }
  const std::string scenario((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string content_type = opt.scenario.ends_with(".json") ? "application/json" : "application/yaml";

  Tally setup;
  std::vector<Negotiation> negs(static_cast<std::size_t>(opt.negotiations));
  std::atomic<bool> wrong_parties{false};
  const auto setup_start = std::chrono::steady_clock::now();

  // 1. Create the negotiations.
  run_threads(opt.threads, setup, [&](int t, Tally& tally) {
    Session s(opt.url, tally);
    for (std::size_t i = static_cast<std::size_t>(t); i < negs.size(); i += static_cast<std::size_t>(opt.threads)) {
      auto body = s.send(Kind::kCreate, "POST", "/api/negotiations", "", scenario, 201);
      if (!body) continue;
      try {
        const parley::doc::Node j = parse_json(*body);
        negs[i].id = text_of(j, "id");
        negs[i].mediator = text_of(j, "mediator_token");
        // Each party takes its seat with its invitation (docs/serve.md, "Seats"), in the order listed.
        if (const parley::doc::Node* invitations = j.find("invitations")) {
          for (const auto& [party, code] : invitations->entries) {
            const auto seat = s.send(Kind::kCreate, "POST", "/api/negotiations/" + negs[i].id + "/seats", "",
                                     "{\"invitation\": \"" + code.text + "\"}", 201);
            if (seat) negs[i].tokens.push_back(text_of(parse_json(*seat), "token"));
          }
        }
        if (negs[i].tokens.size() != static_cast<std::size_t>(opt.parties)) wrong_parties = true;
      } catch (const std::exception& e) {
        ++tally.errors[static_cast<std::size_t>(Kind::kCreate)];
        if (tally.messages.size() < 10) tally.messages.push_back(std::string("create: ") + e.what());
      }
    }
  });
  if (wrong_parties) {
    std::cerr << "serve_load: error: " << opt.scenario << " does not have --parties " << opt.parties << " parties\n";
    return 64;
  }
  const long setup_errors = setup.errors[0];
  if (setup_errors || negs.front().id.empty()) {
    std::cerr << "serve_load: error: creating negotiations failed: "
              << (setup.messages.empty() ? "" : setup.messages.front()) << "\n";
    return 1;
  }

  // 2. The issues, from one public state; random preferences for every party; then round 1's suggestions.
  std::vector<Issue> issues;
  {
    Tally one;
    Session s(opt.url, one);
    auto body =
        s.send(Kind::kSetupState, "GET", "/api/negotiations/" + negs.front().id, negs.front().mediator, "", 200);
    setup.merge(std::move(one));
    if (!body) {
      std::cerr << "serve_load: error: GET state failed: " << setup.messages.back() << "\n";
      return 1;
    }
    try {
      const parley::doc::Node state = parse_json(*body);
      const parley::doc::Node* list = state.find("issues");
      if (list == nullptr) throw std::runtime_error("no issues in the public state");
      for (const parley::doc::Node& issue : list->items) {
        Issue is;
        is.id = text_of(issue, "id");
        if (const parley::doc::Node* options = issue.find("options")) {
          for (const parley::doc::Node& o : options->items) is.options.push_back(o.text);
        } else if (issue.find("min") && issue.find("max")) {
          is.min = issue.find("min")->number;
          is.max = issue.find("max")->number;
        } else {
          throw std::runtime_error("issue " + is.id + " has neither options nor min and max");
        }
        issues.push_back(std::move(is));
      }
    } catch (const std::exception& e) {
      std::cerr << "serve_load: error: the public state: " << e.what() << "\n";
      return 1;
    }
  }
  run_threads(opt.threads, setup, [&](int t, Tally& tally) {
    Session s(opt.url, tally);
    std::mt19937_64 rng(opt.seed * 1000003ULL + static_cast<unsigned>(t));
    for (std::size_t i = static_cast<std::size_t>(t); i < negs.size(); i += static_cast<std::size_t>(opt.threads)) {
      const std::string path = "/api/negotiations/" + negs[i].id;
      for (const std::string& token : negs[i].tokens) {
        s.send(Kind::kPreferences, "PUT", path + "/preferences", token, random_preferences(issues, rng), 204);
      }
      auto body = s.send(Kind::kSetupState, "GET", path, negs[i].mediator, "", 200);
      if (!body) continue;
      try {
        const parley::doc::Node state = parse_json(*body);
        const parley::doc::Node* round = state.find("round");
        const parley::doc::Node* suggestions = state.find("suggestions");
        if (round == nullptr || round->number != 1 || suggestions == nullptr) {
          throw std::runtime_error("round 1 did not open");
        }
        for (const parley::doc::Node& sug : suggestions->items) {
          if (const parley::doc::Node* id = sug.find("id"))
            negs[i].suggestions.push_back(static_cast<long>(id->number));
        }
      } catch (const std::exception& e) {
        ++tally.errors[static_cast<std::size_t>(Kind::kSetupState)];
        if (tally.messages.size() < 10) tally.messages.push_back(path + ": " + e.what());
      }
    }
  });
  const double setup_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - setup_start).count();

  // 3. The load: reads and acceptances from every party, bounded in time and count.
  Tally drive;
  std::atomic<long> budget{opt.requests};
  const auto drive_start = std::chrono::steady_clock::now();
  const auto deadline = drive_start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                          std::chrono::duration<double>(opt.seconds));
  run_threads(opt.threads, drive, [&](int t, Tally& tally) {
    Session s(opt.url, tally);
    std::mt19937_64 rng(opt.seed * 7919ULL + 17ULL * static_cast<unsigned>(t) + 1);
    std::uniform_real_distribution<double> unit(0, 1);
    std::uniform_int_distribution<std::size_t> pick_neg(0, negs.size() - 1);
    std::uniform_int_distribution<std::size_t> pick_party(0, static_cast<std::size_t>(opt.parties) - 1);
    for (long i = 0; std::chrono::steady_clock::now() < deadline && budget.fetch_sub(1) > 0; ++i) {
      // Paced (--rate): this thread's i-th request is due at (i * threads + t) / rate seconds into the run.
      std::optional<std::chrono::steady_clock::time_point> due;
      if (opt.rate > 0) {
        due = drive_start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(static_cast<double>(i * opt.threads + t) / opt.rate));
        if (*due >= deadline) break;
        std::this_thread::sleep_until(*due);
      }
      const Negotiation& n = negs[pick_neg(rng)];
      const std::size_t party = pick_party(rng);
      const std::string path = "/api/negotiations/" + n.id;
      if (unit(rng) < opt.read_fraction) {
        s.send(Kind::kState, "GET", path, n.tokens[party], "", 200, due);
      } else {
        std::string body = "{\"suggestions\": [";
        if (party + 1 < n.tokens.size()) {  // the last party accepts nothing: never unanimous
          bool first = true;
          for (const long id : n.suggestions) {
            if (unit(rng) < 0.5) {
              body += (first ? "" : ", ") + std::to_string(id);
              first = false;
            }
          }
        }
        body += "]}";
        s.send(Kind::kAcceptances, "POST", path + "/acceptances", n.tokens[party], body, 200, due);
      }
    }
  });
  const double drive_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - drive_start).count();

  Tally all;
  all.merge(std::move(setup));
  long drive_requests = 0;
  for (const auto& lat : drive.latencies_ms) drive_requests += static_cast<long>(lat.size());
  all.merge(std::move(drive));

  long errors = 0;
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(3);
  out << "{\n  \"url\": " << quote(opt.url) << ",\n  \"scenario\": " << quote(opt.scenario)
      << ",\n  \"negotiations\": " << opt.negotiations << ",\n  \"parties\": " << opt.parties
      << ",\n  \"threads\": " << opt.threads << ",\n  \"read_fraction\": " << opt.read_fraction
      << ",\n  \"rate\": " << opt.rate << ",\n  \"setup_seconds\": " << setup_seconds
      << ",\n  \"drive_seconds\": " << drive_seconds << ",\n  \"drive_requests\": " << drive_requests
      << ",\n  \"drive_throughput_rps\": "
      << (drive_seconds > 0 ? static_cast<double>(drive_requests) / drive_seconds : 0) << ",\n  \"requests\": {";
  for (std::size_t k = 0; k < kKinds; ++k) {
    auto& lat = all.latencies_ms[k];
    std::sort(lat.begin(), lat.end());
    errors += all.errors[k];
    out << (k ? "," : "") << "\n    " << quote(kKindNames[k]) << ": {\"count\": " << lat.size()
        << ", \"errors\": " << all.errors[k] << ", \"p50_ms\": " << percentile(lat, 0.5)
        << ", \"p90_ms\": " << percentile(lat, 0.9) << ", \"p99_ms\": " << percentile(lat, 0.99)
        << ", \"max_ms\": " << (lat.empty() ? 0 : lat.back()) << "}";
  }
  out << "\n  },\n  \"errors\": " << errors << ",\n  \"first_errors\": [";
  for (std::size_t i = 0; i < all.messages.size(); ++i) out << (i ? ", " : "") << quote(all.messages[i]);
  out << "]\n}\n";
  std::cout << out.str();
  return errors ? 1 : 0;
}
