#include "sim/core/process_pool.hpp"

#include "sim/core/error.hpp"
#include "sim/core/process.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ciodesim {
namespace {

pid_t fork_child()
{
  std::fflush(stdout); // no buffered output printed twice
  std::fflush(stderr);
  const pid_t parent = ::getpid();
  const pid_t pid    = ::fork();
  if (pid < 0)
    throw std::runtime_error(fmt::format("cannot fork: {}", std::strerror(errno)));
  if (pid == 0)
    die_with_parent(parent);
  return pid;
}

} // namespace

pid_t start_logged(const std::vector<std::string>& argv, const std::string& log_path)
{
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = fork_child();
  if (pid == 0) {
    if (!log_path.empty()) {
      const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
      }
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

pid_t start_forked(const std::function<int()>& work)
{
  const pid_t pid = fork_child();
  if (pid == 0) {
    int code = 1;
    try {
      code = work();
    } catch (const InputError& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      code = kExitBadInput;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
    }
    std::fflush(stdout);
    std::fflush(stderr);
    ::_exit(code);
  }
  return pid;
}

ProcessPool::ProcessPool(int jobs) : jobs_(std::max(1, jobs)) {}

void ProcessPool::submit(Task task, bool urgent)
{
  if (urgent)
    queued_.push_front(std::move(task));
  else
    queued_.push_back(std::move(task));
}

void ProcessPool::run(const std::function<void()>& tick)
{
  while (!queued_.empty() || !running_.empty()) {
    while (!queued_.empty() && static_cast<int>(running_.size()) < jobs_) {
      Task task = std::move(queued_.front());
      queued_.pop_front();
      const pid_t pid = task.start();
      running_.emplace(pid, std::move(task));
    }
    // Wait for a child to end, ticking meanwhile (an exit wakes us at once).
    int status = 0;
    pid_t pid  = 0;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) == 0 || (pid < 0 && errno == EINTR)) {
      std::vector<pid_t> children;
      for (const auto& entry : running_)
        children.push_back(entry.first);
      wait_for_exit(children, 200);
      if (tick)
        tick();
    }
    if (pid < 0)
      break; // no children left (ECHILD)
    const auto found = running_.find(pid);
    if (found == running_.end())
      continue; // not one of ours
    Task task = std::move(found->second);
    running_.erase(found);
    if (task.ended)
      task.ended(exit_code(status));
  }
}

} // namespace ciodesim
