// Replays the fuzz targets' saved inputs without libFuzzer, in every build (ctest fuzz_replay): the seeds in
// corpus/TARGET and the regression inputs of past findings in regressions/TARGET. Each target's entry point is
// compiled under the name parley_fuzz_TARGET (tests/fuzz/CMakeLists.txt), so one program holds them all.
//   parley_fuzz_replay DIR   (DIR holds corpus/ and regressions/)
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#define PARLEY_FUZZ_TARGET(name) extern "C" int parley_fuzz_##name(const std::uint8_t*, std::size_t);
#include "replay_targets.inc"
#undef PARLEY_FUZZ_TARGET

namespace {

struct Target {
  const char* name;
  int (*run)(const std::uint8_t*, std::size_t);
};

constexpr Target kTargets[] = {
#define PARLEY_FUZZ_TARGET(name) {#name, parley_fuzz_##name},
#include "replay_targets.inc"
#undef PARLEY_FUZZ_TARGET
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: parley_fuzz_replay DIR\n");
    return 64;
  }
  const std::filesystem::path root = argv[1];
  // A folder that names no target would never be replayed: refuse it rather than pass without reading it.
  for (const char* kind : {"corpus", "regressions"}) {
    if (!std::filesystem::is_directory(root / kind)) continue;
    for (const auto& e : std::filesystem::directory_iterator(root / kind)) {
      const auto name = e.path().filename().string();
      if (std::none_of(std::begin(kTargets), std::end(kTargets), [&](const Target& t) { return name == t.name; })) {
        std::fprintf(stderr, "parley_fuzz_replay: %s names no fuzz target\n", e.path().string().c_str());
        return 1;
      }
    }
  }
  std::size_t inputs = 0;
  for (const auto& target : kTargets) {
    std::size_t mine = 0;
    for (const char* kind : {"corpus", "regressions"}) {
      const auto dir = root / kind / target.name;
      if (!std::filesystem::is_directory(dir)) continue;
      std::vector<std::filesystem::path> files;
      for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::fprintf(stderr, "%s: %s\n", target.name, f.string().c_str());
        (void)target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        ++mine;
      }
    }
    std::printf("fuzz_replay %-18s %zu inputs\n", target.name, mine);
    inputs += mine;
  }
  std::printf("fuzz_replay: %zu inputs replayed, no finding\n", inputs);
  return 0;
}
