#pragma once
// User-facing input errors. Every bad input (file, field, value) ends as one line
//   error: FILE: WHERE: WHAT (allowed: ...)
// on stderr and exit code 2; the CLI catches InputError at the top.
#include <stdexcept>
#include <string>

namespace ciodesim {

class InputError : public std::runtime_error {
public:
  InputError(std::string file, std::string where, std::string what, std::string allowed = "");

  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }
  const std::string& what_text() const { return what_; }
  const std::string& allowed() const { return allowed_; }

  // A copy with the file name set, for errors raised below the layer that knows it.
  InputError with_file(const std::string& file) const;

private:
  std::string file_, where_, what_, allowed_;
};

// `text` with control characters (newline, tab, escape, DEL...) written as \n, \t, \xNN, so
// that a hostile name can neither split an error into two lines nor drive the terminal.
std::string escape_control(const std::string& text);

// Exit code for bad input (config, model, platform, trace, CLI arguments).
inline constexpr int kExitBadInput = 2;

} // namespace ciodesim
