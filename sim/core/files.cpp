#include "sim/core/files.hpp"

#include "ciodesim/source_dir.hpp"
#include "sim/core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace ciodesim {

std::string read_text_file(const std::string& path)
{
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw InputError(path, "", "cannot open file: " + std::string(std::strerror(errno)));
  if (S_ISDIR(info.st_mode))
    throw InputError(path, "", "is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(path, "", "cannot open file for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_file_atomic(const std::string& path, const std::string& content)
{
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  {
    std::FILE* out = std::fopen(tmp.c_str(), "wb");
    if (out == nullptr)
      throw InputError(path, "", "cannot write output: " + std::string(std::strerror(errno)));
    const bool ok = std::fwrite(content.data(), 1, content.size(), out) == content.size();
    const bool closed = std::fclose(out) == 0;
    if (!ok || !closed) {
      std::remove(tmp.c_str());
      throw InputError(path, "", "cannot write output (disk full?)");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    throw InputError(path, "", "cannot move output into place: " + std::string(std::strerror(err)));
  }
}

const std::string& data_dir()
{
  static const std::string dir = kSourceDir;
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
