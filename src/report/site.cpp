// The neutral site's answers as JSON.
#include "report/site.hpp"

#include "analysis/rule.hpp"
#include "host/negotiation.hpp"
#include "host/offers.hpp"

namespace parley::report {

namespace {

doc::Node str(std::string s) {
  return doc::Node::make_string(std::move(s));
}
doc::Node num(double x) {
  return doc::Node::make_number(x);
}

doc::Node parties_node(const host::State& s) {
  auto parties = doc::Node::make_sequence();
  for (const auto& p : s.parties) {
    const auto it = s.confidential.find(p.id);
    auto m = doc::Node::make_mapping();
    m.set("id", str(p.id));
    m.set("name", str(p.name));
    m.set("seated", doc::Node::make_bool(p.seated));
    m.set("preferences_set", doc::Node::make_bool(it != s.confidential.end() && it->second.preferences));
    m.set("responded", doc::Node::make_bool(it != s.confidential.end() && it->second.responded));
    m.set("stance", p.stance);
    parties.push(std::move(m));
  }
  return parties;
}

doc::Node proposals_node(const host::State& s, const Scenario& sc) {
  auto proposals = doc::Node::make_sequence();
  for (const auto& p : s.proposals) {
    auto m = doc::Node::make_mapping();
    m.set("party", str(p.party));
    m.set("round", num(p.round));
    m.set("values", host::values_node(sc, p.values));
    proposals.push(std::move(m));
  }
  return proposals;
}

// The caller's own part: its role, and for a party its acceptances and its view of each offer (only its own).
doc::Node you_node(const host::State& s, const host::TokenRow& caller) {
  auto you = doc::Node::make_mapping();
  you.set("role", str(caller.role));
  if (caller.role != "party") return you;
  you.set("party", str(caller.party));
  const auto it = s.confidential.find(caller.party);
  auto acc = doc::Node::make_sequence();
  auto utilities = doc::Node::make_mapping();
  auto acceptable = doc::Node::make_mapping();
  if (it != s.confidential.end()) {
    for (const auto id : it->second.acceptances) acc.push(num(static_cast<double>(id)));
    for (const auto& [id, v] : it->second.view) {
      utilities.set(std::to_string(id), num(v.first));
      acceptable.set(std::to_string(id), doc::Node::make_bool(v.second));
    }
  }
  you.set("acceptances", std::move(acc));
  you.set("utilities", std::move(utilities));
  you.set("acceptable", std::move(acceptable));
  return you;
}

}  // namespace

std::string site_state_json(const host::State& s, const Scenario& sc, const host::TokenRow& caller) {
  auto n = doc::Node::make_mapping();
  n.set("id", str(s.id));
  n.set("title", str(s.title));
  n.set("created", str(s.created));
  n.set("status", str(s.status == host::Status::agreed ? "agreed" : "open"));
  n.set("round", num(s.round));
  n.set("round_budget", num(s.round_budget));
  n.set("zopa_exists", s.zopa ? doc::Node::make_bool(*s.zopa) : doc::Node::make_null());
  // Who must accept a package for it to be agreed: public, with the scenario (docs/serve.md).
  n.set("decision", str(analysis::rule_text(sc)));
  n.set("issues", s.issues);
  n.set("resolution", host::resolution_node(sc));
  n.set("no_deal_resolution", num(host::kNoDealResolution));
  n.set("parties", parties_node(s));
  n.set("suggestions", host::offers_node(sc, s.suggestions));
  n.set("improvements", host::offers_node(sc, s.improvements));
  n.set("agreement", s.agreement ? host::offer_node(sc, *s.agreement) : doc::Node::make_null());
  n.set("proposals", proposals_node(s, sc));
  n.set("you", you_node(s, caller));
  return doc::to_json_line(n);
}

std::string site_created_json(const std::string& id, const std::string& mediator_token,
                              const std::map<std::string, std::string>& invitations) {
  auto n = doc::Node::make_mapping();
  n.set("id", str(id));
  n.set("mediator_token", str(mediator_token));
  auto codes = doc::Node::make_mapping();
  for (const auto& [party, code] : invitations) codes.set(party, str(code));
  n.set("invitations", std::move(codes));
  return doc::to_json_line(n);
}

std::string site_seat_json(const std::string& party, const std::string& token) {
  auto n = doc::Node::make_mapping();
  n.set("party", str(party));
  n.set("token", str(token));
  return doc::to_json_line(n);
}

std::string site_audit_json(const std::string& id, const std::vector<host::Entry>& entries) {
  auto list = doc::Node::make_sequence();
  for (const auto& e : entries) list.push(host::entry_node(e));
  auto n = doc::Node::make_mapping();
  n.set("negotiation", str(id));
  n.set("entries", std::move(list));
  return doc::to_json(n);
}

}  // namespace parley::report
