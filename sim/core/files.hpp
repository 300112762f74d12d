#pragma once
// File access with user-facing errors, and atomic writes (temp file + rename) so that an
// interrupted or failed run never leaves a half-written result.
#include <cstdio>
#include <string>
#include <vector>

namespace ciodesim {

// Every input file is read through read_text_file, which accepts regular files of at most
// this size (the largest shipped input is a few MB).
inline constexpr long long kMaxInputBytes = 256LL << 20;

// Whole file as text; InputError naming the file if it is missing, unreadable, not a
// regular file (/dev/zero, a FIFO) or larger than kMaxInputBytes.
std::string read_text_file(const std::string& path);
// The same without the size limit, for ciodesim's own results read back (run fragments,
// sweep points, reports): 1 M queries make a locks.csv beyond any input file.
std::string read_result_file(const std::string& path);
// InputError naming `path` unless it is an existing regular file (what read_text_file checks
// before reading), for inputs that other programs read (ONNX files may exceed the limit).
void require_regular_file(const std::string& path);

// Writes `content` to `path` through `path.tmp.<pid>` and rename(2).
// Throws InputError naming the path if the directory is not writable.
void write_file_atomic(const std::string& path, const std::string& content);

// The same, written piece by piece (a million-row CSV need not exist as one string):
// `path` appears only on commit(); destroyed uncommitted, the temp file is removed.
class AtomicFile {
public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&)            = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void write(const std::string& text);
  void commit();

private:
  std::string path_, tmp_;
  std::FILE* out_ = nullptr;
};

// Root of the shipped data (models/, platforms/, traces/, experiments/, plots/, tools/,
// python/): $CIODESIM_DATA_DIR if set, else <exe dir>/../share/ciodesim when the binary is
// installed (cmake --install), else the source checkout it was built from.
const std::string& data_dir();

// Shipped data: names of the files `<data dir>/<folder>/*<ext>` without the extension,
// sorted; and a user argument resolved to a path: an existing file or anything that looks
// like a path is kept, a bare name becomes the shipped file if there is one, else "".
std::vector<std::string> shipped_names(const std::string& folder, const std::string& ext);
std::string resolve_shipped(const std::string& name_or_path, const std::string& folder, const std::string& ext);

// InputError naming `origin` if JSON text nests deeper than 64 levels: nlohmann's parser and
// destructor recurse once per level, so a file of '[' would overflow the stack.
void check_json_nesting(const std::string& text, const std::string& origin);

// The same for XML (platform files): both XML parsers recurse per element.
void check_xml_nesting(const std::string& text, const std::string& origin);

// 64-bit FNV-1a of a byte string, printed as 16 hex digits (config hashes in sidecars).
std::string fnv1a_hex(const std::string& bytes);

} // namespace ciodesim
