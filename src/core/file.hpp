// Reading whole input files, with the errors every reader reports the same way.
#pragma once

#include <string>

namespace parley::core {

/// The bytes of `path`. Throws InputError naming the file when it is a directory (`what` says what
/// was expected instead, e.g. "a scenario file") or cannot be opened or read.
[[nodiscard]] std::string read_file(const std::string& path, const std::string& what = "a file");

}  // namespace parley::core
