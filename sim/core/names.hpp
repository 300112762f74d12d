#pragma once
// Names that reach file paths, CSV cells, command lines or error lines (models, devices,
// processors, profiles, links) use one character set, documented in docs/config.md:
// letters, digits, '_', '-', '.', 1 to 64 characters, not starting with '.' or '-'. So a
// name cannot hold a path separator ("../x"), a newline (a forged second error line), a
// comma or a shell metacharacter.
#include <string>

namespace ciodesim {

inline constexpr const char* kNameCharset =
    "1 to 64 of A-Z a-z 0-9 _ - . (not starting with '.' or '-')";

bool is_valid_name(const std::string& name);
// InputError(file, where, ...) naming the character set if `name` is not valid.
void check_name(const std::string& name, const std::string& file, const std::string& where);

// Layer names are looser (GoogLeNet's "inception_3a/1x1"): printable ASCII without control
// characters, 1 to 200 characters. They are quoted in CSV and never become paths.
bool is_valid_layer_name(const std::string& name);

} // namespace ciodesim
