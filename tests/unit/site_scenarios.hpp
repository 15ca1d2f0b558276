// What the site's tests share: a hosted negotiation of two issues (one discrete), three parties and a mediator,
// and the kind of refusal an act meets.
#pragma once

#include <gtest/gtest.h>

#include <functional>

#include "parley/error.hpp"

namespace parley::test {

/// The kind of Refused that `f` throws; a test failure when it throws none.
inline Refused::Kind refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Refused& e) {
    return e.kind();
  }
  ADD_FAILURE() << "not refused";
  return Refused::Kind::bad_request;
}

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
