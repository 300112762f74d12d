#include "sim/core/process.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ciodesim {
namespace {

// Read by the signal handler: fixed buffers, no allocation there.
char g_cleanup_dir[4096];
volatile sig_atomic_t g_has_dir = 0;
volatile pid_t g_owner          = 0;
volatile pid_t g_child          = 0;

// Async-signal-safe: open, getdents64, unlinkat, rmdir only.
void remove_dir_now(const char* dir)
{
  const int fd = ::open(dir, O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    char buf[8192];
    for (;;) {
      const long n = ::syscall(SYS_getdents64, fd, buf, sizeof(buf));
      if (n <= 0)
        break;
      for (long off = 0; off < n;) {
        const auto* e = reinterpret_cast<const struct dirent64*>(buf + off); // getdents64's layout
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
          ::unlinkat(fd, e->d_name, 0);
        off += e->d_reclen;
      }
    }
    ::close(fd);
  }
  ::rmdir(dir);
}

void on_signal(int sig)
{
  // A forked child inherits the handler; only the process that made the directory cleans it.
  if (g_has_dir && ::getpid() == g_owner) {
    if (g_child > 0) {
      ::kill(g_child, SIGKILL);
      ::waitpid(g_child, nullptr, 0);
    }
    remove_dir_now(g_cleanup_dir);
  }
  std::signal(sig, SIG_DFL);
  ::raise(sig);
}

} // namespace

void die_with_parent(pid_t parent)
{
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent)
    ::_exit(1);
}

void set_cleanup_dir(const std::string& dir)
{
  static bool installed = false;
  if (!installed) {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
      ::sigaction(sig, &action, nullptr);
    installed = true;
  }
  g_has_dir = 0;
  if (dir.empty() || dir.size() >= sizeof(g_cleanup_dir))
    return;
  std::memcpy(g_cleanup_dir, dir.c_str(), dir.size() + 1);
  g_owner   = ::getpid();
  g_child   = 0;
  g_has_dir = 1;
}

void set_cleanup_child(pid_t child)
{
  g_child = child;
}

void wait_for_exit(const std::vector<pid_t>& children, int timeout_ms)
{
  std::vector<pollfd> fds;
  for (const pid_t child : children) {
    const long fd = ::syscall(SYS_pidfd_open, child, 0);
    if (fd >= 0)
      fds.push_back({static_cast<int>(fd), POLLIN, 0}); // readable once the child has exited
  }
  if (fds.size() == children.size() && !fds.empty())
    ::poll(fds.data(), fds.size(), timeout_ms);
  else
    ::usleep(2000); // no pidfds (old kernel): poll the children often
  for (const auto& f : fds)
    ::close(f.fd);
}

namespace {

// Forks and execs `program` with `args` in a child that dies with us; its stdout goes to
// `stdout_fd` when >= 0 (then `close_fd` is closed in the child). -1 when it cannot fork.
pid_t start_program(const std::string& program, const std::vector<std::string>& args, int stdout_fd = -1,
                    int close_fd = -1)
{
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const auto& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t parent = ::getpid();
  const pid_t pid    = ::fork();
  if (pid == 0) {
    die_with_parent(parent);
    if (stdout_fd >= 0) {
      ::dup2(stdout_fd, STDOUT_FILENO);
      ::close(close_fd);
      ::close(stdout_fd);
    }
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

} // namespace

int exit_code(int status)
{
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int run_program(const std::string& program, const std::vector<std::string>& args, std::string* out)
{
  int fds[2] = {-1, -1};
  if (out != nullptr && ::pipe(fds) != 0)
    return 127;
  const pid_t pid = start_program(program, args, out != nullptr ? fds[1] : -1, fds[0]);
  if (pid < 0)
    return 127;
  if (out != nullptr) {
    ::close(fds[1]);
    char buf[65536];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
      if (n < 0) {
        if (errno == EINTR)
          continue;
        break;
      }
      out->append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return exit_code(status);
}

} // namespace ciodesim
