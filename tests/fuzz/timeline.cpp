// Fuzz target: timeline changes. The input is the body of a `timeline:` list appended to a fixed, valid
// scenario, so the mutations land on the changes (absolute, shifts, percentages, distributions, options)
// rather than on the rest of the document; every point it defines is then applied.
#include <string>

#include "fuzz_support.hpp"
#include "scenario/load.hpp"
#include "scenario/timeline.hpp"

namespace {

constexpr std::string_view kBase = R"(parley: 1
title: Fuzzed timeline
issues:
  - {id: wage, scale: [0, 10], step: 0.5}
  - {id: hours, options: [40 hours, 38 hours, 35 hours]}
actors:
  - id: union
    capability: 50
    no_deal: 0.4
    stances:
      wage: {position: 8, salience: 80, reservation: 5}
      hours: {position: 35 hours, salience: 40}
  - id: employers
    capability: {normal: [60, 10]}
    no_deal: {uniform: [0.3, 0.5]}
    stances:
      wage: {position: {triangular: [1, 2, 3]}, salience: 70, reservation: {normal: [4.5, 0.5]}}
      hours: {position: 40 hours, salience: 60}
timeline:
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(kBase);
  text.append(parley::fuzz::text(data, size));
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    const auto s = parley::scenario::load_text(text, "fuzz.yaml", {}, diags);
    if (!s) return;
    for (std::size_t k = 0; k <= s->timeline.size(); ++k) (void)parley::scenario::at_point(*s, k);
  });
  return 0;
}
