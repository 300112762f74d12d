#pragma once
// File access with user-facing errors, and atomic writes (temp file + rename) so that an
// interrupted or failed run never leaves a half-written result.
#include <string>

namespace ciodesim {

// Whole file as text; InputError naming the file if it is missing or unreadable.
std::string read_text_file(const std::string& path);

// Writes `content` to `path` through `path.tmp.<pid>` and rename(2).
// Throws InputError naming the path if the directory is not writable.
void write_file_atomic(const std::string& path, const std::string& content);

// 64-bit FNV-1a of a byte string, printed as 16 hex digits (config hashes in sidecars).
std::string fnv1a_hex(const std::string& bytes);

} // namespace ciodesim
