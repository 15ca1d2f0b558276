// Fuzz target: a GENIUS domain and its profiles (pugixml and the GENIUS reader). The input is split at lines
// reading `@@profile`: the domain first, then up to three profiles.
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "scenario/genius.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::string_view kSeparator = "\n@@profile\n";
  std::string_view rest = parley::fuzz::text(data, size);
  std::vector<std::string_view> parts;
  while (parts.size() < 3) {
    const auto at = rest.find(kSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(rest);
  const parley::genius::XmlText domain{"domain.xml", std::string(parts.front())};
  std::vector<parley::genius::XmlText> profiles;
  for (std::size_t i = 1; i < parts.size(); ++i)
    profiles.push_back({"profile" + std::to_string(i) + ".xml", std::string(parts[i])});
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    const auto read = parley::genius::read_texts(domain, profiles, diags);
    if (read) (void)read->size();
  });
  return 0;
}
