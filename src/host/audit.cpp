#include "host/audit.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <ctime>

#include "core/sha256.hpp"
#include "parley/error.hpp"

namespace parley::host {

namespace {

doc::Node hashed_part(const Entry& e) {
  auto n = doc::Node::make_mapping();
  n.set("seq", doc::Node::make_number(static_cast<double>(e.seq)));
  n.set("time", doc::Node::make_string(e.time));
  n.set("actor", doc::Node::make_string(e.actor));
  n.set("action", doc::Node::make_string(e.action));
  n.set("detail", e.detail);
  return n;
}

[[noreturn]] void broken(const doc::Node& at, const std::string& message) {
  throw DataError(message, where_text(at.where));
}

const doc::Node& need(const doc::Node& entry, std::string_view key, doc::Kind kind, std::size_t index) {
  const doc::Node* v = entry.find(key);
  if (!v || v->kind != kind)
    broken(v ? *v : entry, "entry " + std::to_string(index + 1) + ": '" + std::string(key) + "' must be " +
                               std::string(doc::kind_noun(kind)));
  return *v;
}

}  // namespace

const std::string& genesis() {
  static const std::string zeros(64, '0');
  return zeros;
}

std::string entry_hash(const Entry& e) {
  return core::sha256_hex(e.prev + "\n" + doc::to_json_line(hashed_part(e)));
}

Entry append(State& s, std::string actor, std::string action, doc::Node detail) {
  Entry e;
  e.seq = s.audit_seq + 1;
  e.time = now_utc();
  e.actor = std::move(actor);
  e.action = std::move(action);
  e.detail = std::move(detail);
  e.prev = s.audit_head.empty() ? genesis() : s.audit_head;
  e.hash = entry_hash(e);
  s.audit_seq = e.seq;
  s.audit_head = e.hash;
  return e;
}

std::string digest(const State& s, std::string_view actor, std::string_view text) {
  return core::sha256_hex(s.salt + "\n" + std::to_string(s.audit_seq + 1) + "\n" + std::string(actor) + "\n" +
                          std::string(text));
}

doc::Node entry_node(const Entry& e) {
  auto n = hashed_part(e);
  n.set("prev", doc::Node::make_string(e.prev));
  n.set("hash", doc::Node::make_string(e.hash));
  return n;
}

Verified verify(const doc::Node& log) {
  if (log.kind != doc::Kind::mapping) broken(log, "an audit log must be a mapping with 'entries'");
  const doc::Node* entries = log.find("entries");
  if (!entries || entries->kind != doc::Kind::sequence)
    broken(entries ? *entries : log, "'entries' must be a sequence");
  Verified out;
  std::string prev = genesis();
  for (std::size_t i = 0; i < entries->items.size(); ++i) {
    const doc::Node& n = entries->items[i];
    if (n.kind != doc::Kind::mapping) broken(n, "entry " + std::to_string(i + 1) + " must be a mapping");
    Entry e;
    const doc::Node& seq = need(n, "seq", doc::Kind::number, i);
    if (seq.number != static_cast<double>(i + 1))
      broken(seq, "entry " + std::to_string(i + 1) + " has seq " + seq.text + ": an entry is missing or out of order");
    e.seq = static_cast<std::int64_t>(i + 1);
    e.time = need(n, "time", doc::Kind::string, i).text;
    e.actor = need(n, "actor", doc::Kind::string, i).text;
    e.action = need(n, "action", doc::Kind::string, i).text;
    const doc::Node* detail = n.find("detail");
    if (!detail) broken(n, "entry " + std::to_string(i + 1) + " has no 'detail'");
    e.detail = *detail;
    const doc::Node& p = need(n, "prev", doc::Kind::string, i);
    e.prev = p.text;
    if (e.prev != prev) broken(p, "entry " + std::to_string(i + 1) + ": 'prev' is not the hash of the entry before");
    const doc::Node& h = need(n, "hash", doc::Kind::string, i);
    if (entry_hash(e) != h.text)
      broken(h, "entry " + std::to_string(i + 1) + ": the hash does not match the entry's contents");
    prev = h.text;
    ++out.entries;
  }
  out.head = prev;
  return out;
}

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string random_hex(std::size_t n) {
  std::string bytes(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = getrandom(bytes.data() + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw Error(ExitCode::internal, "getrandom failed");
    }
    got += static_cast<std::size_t>(r);
  }
  static const char* digits = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * n);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  return hex;
}

}  // namespace parley::host
