// Fuzz target: KTAB's XML scenario (pugixml, the importer, and the validation of what it builds), and the spatial
// model run on what loads, when it is small, with the parameters, seed and ideal accommodation the file gives
// (<ModelParameters>, <prngSeed>, <IdealAdjustment>): every voting rule, victory and PCE model, bargain model and
// interpolation under whatever positions, saliences and capabilities a file can hold.
#include "forecast/smp.hpp"
#include "fuzz_support.hpp"
#include "scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    const auto scenario = parley::scenario::load_text(parley::fuzz::text(data, size), "fuzz.xml", {}, diags);
    if (!scenario || scenario->actors.size() > 8 || scenario->issues.size() > 4) return;
    const auto input = parley::forecast::smp_input(*scenario);
    parley::forecast::SmpOptions options;
    options.max_turns = 6;
    if (scenario->models.smp) {
      parley::forecast::set_parameters(options, scenario->models.smp->value);
      options.seed = scenario->models.smp->seed.value_or(1);
    }
    (void)parley::forecast::run_smp(input, options);
  });
  return 0;
}
