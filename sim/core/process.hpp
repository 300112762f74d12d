#pragma once
// Process hygiene for the commands that fork: children die with their parent, and the
// staging directory of an interrupted run is removed on SIGINT/SIGTERM/SIGHUP.
#include <string>
#include <vector>
#include <sys/types.h>
#include <vector>

namespace ciodesim {

// Call in a forked child, with the parent's pid taken before fork(): the child gets SIGTERM
// when the parent dies (Linux PR_SET_PDEATHSIG), or exits now if the parent is already gone.
void die_with_parent(pid_t parent);

// While a staging directory is registered, SIGINT, SIGTERM and SIGHUP in this process kill
// the registered child (if any), remove the directory's files and the directory, and then
// end the process with the same signal. One directory at a time; "" unregisters.
void set_cleanup_dir(const std::string& dir);

// Runs `program` (looked up in PATH when it has no '/') with `args`, without a shell (each
// argument reaches it as it is), in a child that dies with this process; waits for it.
// Returns its exit code, 1 when it was killed, 127 when it could not start. With `out`, the
// child's stdout is collected there.
int run_program(const std::string& program, const std::vector<std::string>& args, std::string* out = nullptr);
// The exit code of a waitpid status: killed by a signal counts as 1.
int exit_code(int status);
void set_cleanup_child(pid_t child);

// Blocks until one of `children` has exited (it is then ready for waitpid) or `timeout_ms`
// passed, so a parent can redraw progress without delaying the moment a child ends
// (Linux pidfds; without them, sleeps a short while).
void wait_for_exit(const std::vector<pid_t>& children, int timeout_ms);

} // namespace ciodesim
