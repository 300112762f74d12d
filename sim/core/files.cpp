#include "sim/core/files.hpp"

#include "ciodesim/source_dir.hpp"
#include "sim/core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace ciodesim {

void require_regular_file(const std::string& path)
{
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw InputError(path, "", "cannot open file: " + std::string(std::strerror(errno)));
  if (S_ISDIR(info.st_mode))
    throw InputError(path, "", "is a directory, expected a file");
  // /dev/zero, a FIFO or a terminal would never end or never fill a buffer
  if (!S_ISREG(info.st_mode))
    throw InputError(path, "", "not a regular file", "a regular file");
}

namespace {
std::string read_regular_file(const std::string& path, long long max_bytes)
{
  require_regular_file(path);
  struct stat info {};
  ::stat(path.c_str(), &info);
  if (info.st_size > max_bytes)
    throw InputError(path, "", fmt::format("file too large ({} bytes)", info.st_size),
                     fmt::format("at most {} bytes", max_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(path, "", "cannot open file for reading");
  // a file that grows while it is read still stops at the limit
  std::string text;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof(chunk)) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > static_cast<std::size_t>(max_bytes))
      throw InputError(path, "", "file too large", fmt::format("at most {} bytes", max_bytes));
  }
  return text;
}
} // namespace

std::string read_text_file(const std::string& path)
{
  return read_regular_file(path, kMaxInputBytes);
}

std::string read_result_file(const std::string& path)
{
  return read_regular_file(path, std::numeric_limits<long long>::max());
}

void write_file_atomic(const std::string& path, const std::string& content)
{
  AtomicFile file(path);
  file.write(content);
  file.commit();
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), tmp_(fmt::format("{}.tmp.{}", path_, ::getpid()))
{
  out_ = std::fopen(tmp_.c_str(), "wb");
  if (out_ == nullptr)
    throw InputError(path_, "", "cannot write output: " + std::string(std::strerror(errno)));
}

AtomicFile::~AtomicFile()
{
  if (out_ != nullptr) { // not committed: an error on the way
    std::fclose(out_);
    std::remove(tmp_.c_str());
  }
}

void AtomicFile::write(const std::string& text)
{
  if (std::fwrite(text.data(), 1, text.size(), out_) != text.size())
    throw InputError(path_, "", "cannot write output (disk full?)");
}

void AtomicFile::commit()
{
  const bool closed = std::fclose(out_) == 0;
  out_              = nullptr;
  if (!closed) {
    std::remove(tmp_.c_str());
    throw InputError(path_, "", "cannot write output (disk full?)");
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp_.c_str());
    throw InputError(path_, "", "cannot move output into place: " + std::string(std::strerror(err)));
  }
}

namespace {

bool is_data_dir(const std::string& dir)
{
  struct stat info {};
  return ::stat((dir + "/models").c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::string real_path(const std::string& path)
{
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr)
    return path;
  std::string out(resolved);
  std::free(resolved);
  return out;
}

// CIODESIM_DATA_DIR, else an installed tree (<prefix>/bin/ciodesim beside
// <prefix>/share/ciodesim), else the checkout the binary was built from.
std::string find_data_dir()
{
  if (const char* env = std::getenv("CIODESIM_DATA_DIR"); env != nullptr && *env != '\0') {
    if (!is_data_dir(env))
      throw InputError("CIODESIM_DATA_DIR", env, "not a ciodesim data directory (no models/ in it)",
                       "<prefix>/share/ciodesim or a checkout");
    return real_path(env);
  }
  char self[4096];
  const ssize_t len = ::readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (len > 0) {
    std::string exe(self, static_cast<std::size_t>(len));
    const std::string installed = exe.substr(0, exe.rfind('/')) + "/../share/ciodesim";
    if (is_data_dir(installed))
      return real_path(installed);
  }
  return kSourceDir;
}

} // namespace

const std::string& data_dir()
{
  static const std::string dir = find_data_dir();
  return dir;
}

std::vector<std::string> shipped_names(const std::string& folder, const std::string& ext)
{
  std::vector<std::string> names;
  const std::string dir = data_dir() + "/" + folder;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string file = e->d_name;
      if (file.size() > ext.size() && file.compare(file.size() - ext.size(), ext.size(), ext) == 0)
        names.push_back(file.substr(0, file.size() - ext.size()));
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string resolve_shipped(const std::string& name_or_path, const std::string& folder, const std::string& ext)
{
  struct stat info {};
  if (::stat(name_or_path.c_str(), &info) == 0 || name_or_path.find('/') != std::string::npos ||
      name_or_path.find(ext) != std::string::npos)
    return name_or_path;
  const std::string shipped = data_dir() + "/" + folder + "/" + name_or_path + ext;
  return ::stat(shipped.c_str(), &info) == 0 ? shipped : std::string();
}

void check_json_nesting(const std::string& text, const std::string& origin)
{
  constexpr int kMaxDepth = 64;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth)
        throw InputError(origin, fmt::format("byte {}", i), "JSON nested too deeply",
                         fmt::format("at most {} levels", kMaxDepth));
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

void check_xml_nesting(const std::string& text, const std::string& origin)
{
  // <a> opens, </a> closes, <a/>, <?...?> and <!...> neither; attribute values may not hold
  // '>' unescaped in the platform files we read, which is all this count relies on.
  constexpr int kMaxDepth = 64;
  int depth = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '<')
      continue;
    const char next = text[i + 1];
    const std::size_t end = text.find('>', i);
    if (end == std::string::npos)
      return; // malformed: the XML parser says where
    if (next == '/')
      --depth;
    else if (next != '?' && next != '!' && text[end - 1] != '/' && ++depth > kMaxDepth)
      throw InputError(origin, fmt::format("byte {}", i), "XML nested too deeply",
                       fmt::format("at most {} levels", kMaxDepth));
    i = end;
  }
}

std::string fnv1a_hex(const std::string& bytes)
{
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", hash);
}

} // namespace ciodesim
