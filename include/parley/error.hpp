// The exception hierarchy for failures a caller cannot prevent (I/O, internal faults).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace parley {

/// Process exit statuses in the sysexits style.
enum class ExitCode : int {
  ok = 0,
  usage = 64,         // EX_USAGE: bad command line
  data = 65,          // EX_DATAERR: input is malformed
  no_input = 66,      // EX_NOINPUT: a file is missing or unreadable
  cant_create = 73,   // EX_CANTCREAT: an output file cannot be written
  internal = 70,      // EX_SOFTWARE: a bug in parley
  interrupted = 130,  // 128 + SIGINT: stopped on request (Ctrl-C, a deadline) before it finished
};

/// Base of every exception parley throws; caught only at the services boundary.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& what) : std::runtime_error(what), code_(code) {}
  [[nodiscard]] ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

/// A file could not be read.
class InputError : public Error {
 public:
  explicit InputError(const std::string& what) : Error(ExitCode::no_input, what) {}
};

/// A file could not be written.
class OutputError : public Error {
 public:
  explicit OutputError(const std::string& what) : Error(ExitCode::cant_create, what) {}
};

/// A request that makes no sense (unknown timeline point, incompatible options).
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& what) : Error(ExitCode::usage, what) {}
};

/// A bad option: a value out of place, or options that do not go together. It names options, not how a front-end
/// spells them: its message writes each option as {name}, what() as the plain name ("at x: no such timeline
/// point"), and a front-end spells them its own way (the command line: "--at x: ...").
class OptionError : public UsageError {
 public:
  OptionError(std::string option, std::string message)
      : UsageError(spell(message, "")), option_(std::move(option)), message_(std::move(message)) {}
  /// The option at fault (the first the message names).
  [[nodiscard]] const std::string& option() const { return option_; }
  /// The message with each option spelled `prefix` + name; `snake_case`: with '_' for '-', as Python keywords.
  [[nodiscard]] std::string spelled(std::string_view prefix, bool snake_case = false) const {
    return spell(message_, prefix, snake_case);
  }
  /// The message as written, options as {name}: what a process hands on to another (an MPI rank to rank 0).
  [[nodiscard]] const std::string& message() const { return message_; }

 private:
  static std::string spell(const std::string& message, std::string_view prefix, bool snake_case = false) {
    std::string out;
    for (std::size_t i = 0; i < message.size(); ++i) {
      const std::size_t close = message[i] == '{' ? message.find('}', i) : std::string::npos;
      const bool name = close != std::string::npos && close > i + 1 &&
                        message.find_first_not_of("abcdefghijklmnopqrstuvwxyz-", i + 1) == close;
      if (!name) {
        out += message[i];
        continue;
      }
      out += prefix;
      for (std::size_t c = i + 1; c < close; ++c) out += snake_case && message[c] == '-' ? '_' : message[c];
      i = close;
    }
    return out;
  }
  std::string option_, message_;
};

/// Input that parses but cannot be analysed as asked (a scenario without the section a command needs).
class DataError : public Error {
 public:
  explicit DataError(const std::string& what, std::string where = {})
      : Error(ExitCode::data, what), where_(std::move(where)) {}
  /// `FILE:LINE:COL` (or `FILE`) of the input at fault, when known.
  [[nodiscard]] const std::string& where() const { return where_; }

 private:
  std::string where_;
};

/// A computation that would exceed a stated work or memory limit; refused before it starts or when the
/// limit is reached, never by running out of memory.
class LimitError : public DataError {
 public:
  explicit LimitError(const std::string& what, std::string where = {}) : DataError(what, std::move(where)) {}
};

/// A long task stopped through its Control's cancel flag before it finished (docs/api.md, "Long tasks"): it
/// returns nothing, so no partial result is ever taken for a whole one. (A sweep is the exception: it returns the
/// whole batches done, marked interrupted.)
class Cancelled : public Error {
 public:
  Cancelled() : Error(ExitCode::interrupted, "stopped on request before it finished") {}
};

/// A request the neutral site (`parley serve`, docs/serve.md) turns down. Its message never holds a party's
/// confidential number: front-ends show it as it is.
class Refused : public Error {
 public:
  enum class Kind { unauthorized, forbidden, bad_request, conflict, too_many };
  Refused(Kind kind, const std::string& what) : Error(ExitCode::data, what), kind_(kind) {}
  [[nodiscard]] Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace parley
