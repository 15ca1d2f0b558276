// Fuzz target: Decide's exchange-model files (the record reader, the importer and the validation of what it
// builds), and the exchange model run on what loads, when it is small: the engine's moves, checks and queue under
// whatever positions, saliences and capabilities a file can hold.
#include "forecast/exchange.hpp"
#include "fuzz_support.hpp"
#include "scenario/build.hpp"
#include "scenario/import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    const auto file = std::make_shared<const std::string>("fuzz.csv");
    const auto root = parley::scenario::import_decide(parley::fuzz::text(data, size), file, "fuzz", diags);
    if (!root) return;
    const auto scenario = parley::scenario::from_document(*root, diags);
    if (!scenario || scenario->actors.size() > 8 || scenario->issues.size() > 4) return;
    std::vector<std::size_t> every(scenario->issues.size());
    for (std::size_t k = 0; k < every.size(); ++k) every[k] = k;
    const auto model = parley::forecast::exchange_model(*scenario, every);
    parley::forecast::ExchangeOptions options;
    options.rounds = 2;
    (void)parley::forecast::run_exchange(model.input, options);
    options.p = 0.7;  // the randomized variant's paths
    (void)parley::forecast::run_exchange(model.input, options);
  });
  return 0;
}
