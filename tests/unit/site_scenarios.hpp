// The hosted negotiation the site's tests share: two issues (one discrete), three parties and a mediator.
#pragma once

namespace parley::test {

inline constexpr const char* kThreeParties = R"(parley: 1
title: Three parties
issues:
  - {id: land, scale: [0, 100], step: 10}
  - {id: order, options: [first, second, third]}
actors:
  - {id: a, role: party, capability: 10, stances: {land: {position: 100, salience: 50}}}
  - {id: b, role: party, capability: 10, stances: {land: {position: 0, salience: 50}}}
  - {id: c, role: party, capability: 10, stances: {land: {position: 50, salience: 50}}}
  - {id: m, role: mediator, capability: 10, stances: {land: {position: 50, salience: 10}}}
)";

}  // namespace parley::test
