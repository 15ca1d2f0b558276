// The neutral site's services (docs/serve.md): orchestration only. Every request is: authorise the token against
// the negotiation and role (host/negotiation.hpp); read (or, for a change, lock) the negotiation's state; act by
// the negotiation's rules (host/negotiation.hpp); write the state and the audit entries in one transaction; answer
// (report/site.hpp). Here: the store's transactions, the cache of parsed scenarios, the offer threads, and the
// site's bounds on creations.
#include "parley/site.hpp"

#include "analysis/space.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "core/file.hpp"
#include "host/audit.hpp"
#include "host/negotiation.hpp"
#include "host/offer_pool.hpp"
#include "host/state.hpp"
#include "host/store.hpp"
#include "parley/services.hpp"
#include "report/site.hpp"
#include "scenario/load.hpp"
#include "scenario/timeline.hpp"

namespace parley::services {

namespace {

using host::State;
using Kind = Refused::Kind;

/// Client addresses whose recent creations are remembered before the idle ones are swept.
constexpr std::size_t kRecentAddresses = 10000;
/// Offer computations that may wait for a thread; past them a round is refused as busy.
constexpr std::size_t kMaxPendingOffers = 64;

}  // namespace

struct Site::Impl {
  std::unique_ptr<host::Store> store;
  SiteLimits limits;
  std::unique_ptr<host::OfferPool> offers;
  std::mutex mutex;
  // Parsed scenarios by negotiation (posted once, never changed), with the tick of their last use: at most
  // limits.cached_scenarios are kept, the least recently used evicted first.
  std::map<std::string, std::pair<std::shared_ptr<const Scenario>, std::uint64_t>> scenarios;
  std::uint64_t tick = 0;
  std::size_t negotiations = 0;                   // in the store (counted at start, then by this process's creations)
  std::map<std::string, std::size_t> created_by;  // negotiations created, by client address
  std::map<std::string, std::vector<std::int64_t>> recent_by;  // creation times (s) in the last minute, by client

  // The caller's token row, when it belongs to negotiation `id` (and has `role`, when one is asked for).
  host::TokenRow authorize(const std::string& id, const std::string& token, std::string_view role = {}) {
    return host::authorize(*store, id, token, role);
  }

  // The negotiation's scenario at its last timeline point, parsed once per process. Changes load it before they
  // take the store's lock: a PostgreSQL change holds a pooled connection, and this would need another.
  std::shared_ptr<const Scenario> scenario(const std::string& id) {
    {
      std::lock_guard lock(mutex);
      if (const auto it = scenarios.find(id); it != scenarios.end()) {
        it->second.second = ++tick;
        return it->second.first;
      }
    }
    const auto text = store->scenario(id);
    if (!text) throw Error(ExitCode::internal, "a negotiation without its scenario");
    Diagnostics diags;
    auto parsed = scenario::load_text(*text, "request", load_options(*text), diags);
    if (!parsed) throw Error(ExitCode::internal, "a stored scenario no longer loads");
    auto shared = std::make_shared<const Scenario>(scenario::at_point(*parsed, parsed->timeline.size()));
    std::lock_guard lock(mutex);
    if (scenarios.size() >= limits.cached_scenarios) {
      const auto oldest = std::min_element(scenarios.begin(), scenarios.end(), [](const auto& a, const auto& b) {
        return a.second.second < b.second.second;
      });
      scenarios.erase(oldest);
    }
    return scenarios.emplace(id, std::make_pair(std::move(shared), ++tick)).first->second.first;
  }

  // A posted scenario is JSON when it starts with '{', else YAML; its diagnostics name it "request".
  static scenario::LoadOptions load_options(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    scenario::LoadOptions options;
    options.format = first != std::string_view::npos && text[first] == '{' ? "json" : "yaml";
    return options;
  }

  // Runs `act` on the locked state; `act` returns the answer and appends the entries to write.
  std::string change(const std::string& id,
                     const std::function<std::string(State&, const Scenario&, std::vector<host::Entry>&)>& act) {
    // Every caller has authorised a token of this negotiation, so it exists.
    std::string answer;
    const auto sc = scenario(id);
    const bool found = store->update(id, [&](const std::string& text) {
      State s = host::parse_state(text);
      host::Change c;
      answer = act(s, *sc, c.entries);
      if (!c.entries.empty()) c.state = host::state_json(s);
      return c;
    });
    if (!found) host::unauthorized();
    return answer;
  }

  State read(const std::string& id) {
    const auto text = store->state(id);
    if (!text) host::unauthorized();
    return host::parse_state(*text);
  }

  void admit(const std::string& client);
  void count_created(const std::string& client);

  std::string public_state(const State& s, const Scenario& sc, const host::TokenRow& caller) {
    return report::site_state_json(s, sc, caller);
  }
};

Site::Site(const std::string& db, const SiteLimits& limits) : impl_(std::make_unique<Impl>()) {
  impl_->store = host::open_store(db);
  impl_->limits = limits;
  impl_->negotiations = impl_->store->negotiations().size();
  impl_->offers = std::make_unique<host::OfferPool>(
      limits.offer_threads != 0 ? limits.offer_threads : std::max(1U, std::thread::hardware_concurrency()),
      std::chrono::milliseconds(limits.offers_deadline_ms), kMaxPendingOffers);
}
Site::~Site() = default;

std::string Site::store_name() const {
  return impl_->store->name();
}

// A new negotiation by `client` is within the site's bounds: the total, the client's own count, and its rate.
// Checked and counted under the lock, before the scenario is even parsed, so a flood costs little.
void Site::Impl::admit(const std::string& client) {
  std::lock_guard lock(mutex);
  if (negotiations >= limits.max_negotiations)
    throw Refused(Kind::too_many, "this site holds " + std::to_string(negotiations) +
                                      " negotiations, the most it takes; try another site or ask its operator");
  if (client.empty()) return;
  if (created_by[client] >= limits.negotiations_per_client)
    throw Refused(Kind::too_many, "this address has created " + std::to_string(created_by[client]) +
                                      " negotiations, the most one address may create");
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  // Addresses with no creation in the last minute are forgotten once many are known, so that a flood from many
  // addresses leaves no more than a minute's worth of them in memory.
  if (recent_by.size() > kRecentAddresses)
    std::erase_if(recent_by,
                  [&](const auto& entry) { return entry.second.empty() || entry.second.back() <= now - 60; });
  auto& recent = recent_by[client];
  std::erase_if(recent, [&](std::int64_t t) { return t <= now - 60; });
  if (recent.size() >= limits.creations_per_minute)
    throw Refused(Kind::too_many, "this address created " + std::to_string(recent.size()) +
                                      " negotiations in the last minute, the most it may; wait a minute");
  recent.push_back(now);
}

void Site::Impl::count_created(const std::string& client) {
  std::lock_guard lock(mutex);
  ++negotiations;
  if (!client.empty()) ++created_by[client];
}

Site::Created Site::create(std::string_view text, const std::string& client) {
  impl_->admit(client);
  Diagnostics diags;
  const std::string name = "request";
  auto parsed = scenario::load_text(text, name, Impl::load_options(text), diags);
  if (!parsed) {
    const auto sorted = diags.sorted();
    const auto first =
        std::find_if(sorted.begin(), sorted.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
    throw Refused(Kind::bad_request,
                  first == sorted.end() ? name + ": error: not a scenario" : format_diagnostic(*first));
  }
  const Scenario now = scenario::at_point(*parsed, parsed->timeline.size());
  host::Founded f =
      host::found(now, scenario_sha256(*parsed), name, impl_->limits.round_budget, impl_->limits.work_budget);
  impl_->store->create(f.state.id, std::string(text), host::state_json(f.state), f.tokens, {f.entry});
  impl_->count_created(client);
  return Created{f.state.id, f.mediator_token, f.invitations};
}

std::string Site::created_json(const Created& c) {
  return report::site_created_json(c.id, c.mediator_token, c.invitations);
}

Site::Seat Site::take_seat(const std::string& id, std::string_view body) {
  const std::string hash = host::invitation_hash(body);
  Seat seat;
  const bool found = impl_->store->update(id, [&](const std::string& text) {
    State s = host::parse_state(text);
    host::Change c;
    const host::Seated taken = host::seat(s, hash, c);
    seat.party = taken.party;
    seat.token = taken.token;
    return c;
  });
  if (!found) host::unauthorized();
  return seat;
}

std::string Site::seat_json(const Seat& s) {
  return report::site_seat_json(s.party, s.token);
}

std::string Site::state(const std::string& id, const std::string& token) {
  const auto caller = impl_->authorize(id, token);
  const State s = impl_->read(id);
  return impl_->public_state(s, *impl_->scenario(id), caller);
}

void Site::set_preferences(const std::string& id, const std::string& token, std::string_view body) {
  const auto caller = impl_->authorize(id, token, "party");
  (void)impl_->change(id, [&](State& s, const Scenario& sc, std::vector<host::Entry>& entries) {
    host::set_preferences(*impl_->offers, s, sc, caller.party, body, entries);
    return std::string();
  });
}

std::string Site::preferences(const std::string& id, const std::string& token) {
  const auto caller = impl_->authorize(id, token, "party");
  const State s = impl_->read(id);
  const auto it = s.confidential.find(caller.party);
  if (it == s.confidential.end() || !it->second.preferences)
    throw Refused(Kind::conflict, "no preferences yet: PUT them first");
  return doc::to_json_line(*it->second.preferences);
}

std::string Site::accept(const std::string& id, const std::string& token, std::string_view body) {
  const auto caller = impl_->authorize(id, token, "party");
  return impl_->change(id, [&](State& s, const Scenario& sc, std::vector<host::Entry>& entries) {
    host::accept(*impl_->offers, s, sc, caller.party, body, entries);
    return impl_->public_state(s, sc, caller);
  });
}

std::string Site::propose(const std::string& id, const std::string& token, std::string_view body) {
  const auto caller = impl_->authorize(id, token, "party");
  return impl_->change(id, [&](State& s, const Scenario& sc, std::vector<host::Entry>& entries) {
    host::propose(s, sc, caller.party, body, entries);
    return impl_->public_state(s, sc, caller);
  });
}

std::string Site::open_round(const std::string& id, const std::string& token) {
  const auto caller = impl_->authorize(id, token, "mediator");
  return impl_->change(id, [&](State& s, const Scenario& sc, std::vector<host::Entry>& entries) {
    host::open_round(*impl_->offers, s, sc, entries);
    return impl_->public_state(s, sc, caller);
  });
}

std::string Site::audit(const std::string& id, const std::string& token) {
  (void)impl_->authorize(id, token, "mediator");
  return report::site_audit_json(id, impl_->store->audit(id));
}

std::string verify_audit_file(const std::string& path) {
  const std::string text = core::read_file(path, "an audit log (JSON)");
  Diagnostics diags;
  const auto tree = doc::parse_json(text, std::make_shared<const std::string>(path), diags);
  if (!tree) {
    const auto sorted = diags.sorted();
    throw DataError(sorted.empty() ? "not JSON" : sorted.front().message,
                    sorted.empty() ? path : where_text(sorted.front().where));
  }
  const auto v = host::verify(*tree);
  return std::to_string(v.entries) + " entries, chain intact, head " + v.head + "\n";
}

std::string verify_audit_store(const std::string& db) {
  const auto store = host::open_store_for_reading(db);
  std::string out;
  for (const auto& id : store->negotiations()) {
    // The state first: a server may be appending meanwhile, so the log read after it holds at least the entries
    // the state knows of, and the state's head must be among them.
    const auto state = host::parse_state(*store->state(id));
    auto entries = doc::Node::make_sequence();
    for (const auto& e : store->audit(id)) entries.push(host::entry_node(e));
    const std::vector<doc::Node> hashes = [&] {
      std::vector<doc::Node> h;
      for (const auto& e : entries.items) h.push_back(*e.find("hash"));
      return h;
    }();
    auto log = doc::Node::make_mapping();
    log.set("entries", std::move(entries));
    host::Verified v;
    try {
      v = host::verify(log);
    } catch (const DataError& e) {
      throw DataError("negotiation " + id + ": " + e.what(), store->name());
    }
    // A log cut short after the state's last change shows here, which the chain alone cannot show.
    const auto known = static_cast<std::size_t>(state.audit_seq);
    if (v.entries < known || (known > 0 && hashes[known - 1].text != state.audit_head))
      throw DataError("negotiation " + id + ": the log ends at entry " + std::to_string(v.entries) +
                          " but the negotiation's last change wrote entry " + std::to_string(state.audit_seq),
                      store->name());
    out += id + ": " + std::to_string(v.entries) + " entries, chain intact, head " + v.head + "\n";
  }
  if (out.empty()) out = "no negotiations\n";
  return out;
}

}  // namespace parley::services
