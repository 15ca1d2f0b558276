#include "sim/protocol.hpp"

#include <chrono>

namespace parley::sim {

const char* act_name(Act a) {
  switch (a) {
    case Act::offer:
      return "offer";
    case Act::accept:
      return "accept";
    case Act::end:
      return "end";
    case Act::propose:
      return "propose";
    case Act::vote_yes:
      return "vote_yes";
    case Act::vote_no:
      return "vote_no";
  }
  return "?";
}

namespace {

// What both protocols do alike: start the agents, put each round's events into effect, watch the wall-time
// deadline, and record the steps.
class Session {
 public:
  Session(const Setup& setup, std::span<Strategy* const> agents)
      : setup_(setup), agents_(agents), outcomes(setup.outcomes), start_(std::chrono::steady_clock::now()) {
    for (std::size_t i = 0; i < agents.size(); ++i) agents[i]->begin(*outcomes, i, setup.rounds);
  }

  /// Opens a round: false when the wall-time deadline has passed.
  bool open(std::size_t round) {
    // Every agent begins again over new outcomes: its schedule is redone, and what it knows of the others is
    // what the protocol tells it (the offers).
    changed = false;
    while (next_event_ < setup_.events.size() && setup_.events[next_event_].round <= round) {
      outcomes = setup_.events[next_event_++].outcomes;
      changed = true;
    }
    if (changed) {
      for (std::size_t i = 0; i < agents_.size(); ++i) agents_[i]->begin(*outcomes, i, setup_.rounds);
    }
    if (setup_.seconds &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() > *setup_.seconds) {
      result.timed_out = true;  // `result.round` stays the last round played
      return false;
    }
    result.round = round;
    return true;
  }

  void record(std::size_t round, std::size_t party, Act act, Package x) {
    if (setup_.trace) {
      result.trace.push_back({static_cast<std::uint32_t>(round), static_cast<std::uint32_t>(party), act, x});
    }
  }

  Result finish(std::optional<Package> agreement = std::nullopt) {
    result.agreement = agreement;
    result.outcomes = outcomes;
    return std::move(result);
  }

 private:
  const Setup& setup_;
  std::span<Strategy* const> agents_;

 public:
  const Outcomes* outcomes;  // in force this round
  Result result;
  bool changed = false;  // the round just opened put an event into effect

 private:
  std::size_t next_event_ = 0;
  std::chrono::steady_clock::time_point start_;
};

Turn turn_at(std::size_t round, std::size_t rounds) {
  Turn t;
  t.round = round;
  t.rounds = rounds;
  t.t = static_cast<double>(round) / static_cast<double>(rounds);
  return t;
}

}  // namespace

Result run_saop(const Setup& setup, std::span<Strategy* const> agents, core::Stream& rng) {
  Session session(setup, agents);
  const std::size_t n = agents.size();
  std::optional<Package> standing;
  std::size_t proposer = 0;
  // Who stands behind the standing offer: its proposer and the parties that accepted it since. The offer is agreed
  // when they satisfy the decision rule (unanimity by default: the proposer and every other party).
  std::vector<std::uint8_t> behind(n, 0);
  const auto& decision = setup.outcomes->space->decision;
  // Per party: the latest offer another party made and that party's offer before it (tit-for-tat compares
  // one opponent's offers with each other, never two opponents'); per party, its own latest offer.
  std::vector<std::optional<Package>> last(n), prev(n), own(n);
  for (std::size_t round = 0; round < setup.rounds && session.open(round); ++round) {
    if (session.changed) {
      // New utilities: acceptances given under the old ones no longer count, and an offer its proposer may no
      // longer agree to is withdrawn, so that no agreement is ever below a party's reservation value now.
      std::fill(behind.begin(), behind.end(), std::uint8_t{0});
      if (standing && !session.outcomes->can_accept(*standing, proposer)) standing.reset();
      if (standing) behind[proposer] = 1;
    }
    Turn turn = turn_at(round, setup.rounds);
    for (std::size_t i = 0; i < n; ++i) {
      turn.standing = standing;
      turn.last_other = last[i];
      turn.prev_other = prev[i];
      if (standing && proposer != i && agents[i]->accepts(turn, *standing, rng)) {
        session.record(round, i, Act::accept, *standing);
        behind[i] = 1;
        if (decision.passes(behind)) return session.finish(standing);
        continue;
      }
      const auto offer = agents[i]->propose(turn, rng);
      if (!offer) {
        session.record(round, i, Act::end, standing.value_or(0));
        session.result.ended = true;
        return session.finish();
      }
      session.record(round, i, Act::offer, *offer);
      standing = offer;
      proposer = i;
      std::fill(behind.begin(), behind.end(), std::uint8_t{0});
      behind[i] = 1;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        prev[j] = own[i];
        last[j] = offer;
      }
      own[i] = offer;
    }
  }
  return session.finish();
}

Result run_single_text(const Setup& setup, std::span<Strategy* const> agents, core::Stream& rng) {
  Session session(setup, agents);
  const std::size_t n = agents.size();
  const auto& decision = setup.outcomes->space->decision;
  Package text = setup.outcomes->start_text;
  const auto& issues = setup.outcomes->space->issues;
  std::vector<std::size_t> movable;
  for (std::size_t k = 0; k < issues.size(); ++k) {
    if (issues[k].values.size() > 1) movable.push_back(k);
  }
  for (std::size_t round = 0; round < setup.rounds && session.open(round); ++round) {
    Turn turn = turn_at(round, setup.rounds);
    turn.standing = text;
    if (!movable.empty()) {
      // The mediator's change: one issue, to one of its other values, both uniformly at random.
      const std::size_t k = movable[rng.next() % movable.size()];
      const std::size_t values = issues[k].values.size();
      const std::size_t now = session.outcomes->choice(text, k);
      const std::size_t to = (now + 1 + rng.next() % (values - 1)) % values;
      const Package proposal = session.outcomes->with_choice(text, k, to);
      session.record(round, n, Act::propose, proposal);
      // The text changes when the parties voting for the change satisfy the decision rule (by default: all).
      std::vector<std::uint8_t> yes(n, 0);
      for (std::size_t i = 0; i < n; ++i) {
        yes[i] = agents[i]->votes_for(turn, proposal, rng) ? 1 : 0;
        session.record(round, i, yes[i] != 0 ? Act::vote_yes : Act::vote_no, proposal);
      }
      if (decision.passes(yes)) text = proposal;
      turn.standing = text;
    }
    // Every party is asked in turn (under unanimity the first refusal ends the asking, as no agreement can follow);
    // the text is agreed when those accepting satisfy the rule.
    std::vector<std::uint8_t> accepting(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      accepting[i] = agents[i]->accepts(turn, text, rng) ? 1 : 0;
      if (accepting[i] == 0 && decision.unanimity) break;
    }
    if (decision.passes(accepting)) {
      for (std::size_t i = 0; i < n; ++i) {
        if (accepting[i] != 0) session.record(round, i, Act::accept, text);
      }
      return session.finish(text);
    }
  }
  return session.finish();
}

}  // namespace parley::sim
