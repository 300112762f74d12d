#include "sim/experiment/progress.hpp"

#include "sim/core/files.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <new>
#include <sys/mman.h>

namespace ciodesim::experiment {
namespace {

std::string format_seconds(double s)
{
  const long total = static_cast<long>(s + 0.5);
  if (total >= 3600)
    return fmt::format("{}h{:02d}m", total / 3600, total / 60 % 60);
  return total >= 60 ? fmt::format("{}m{:02d}s", total / 60, total % 60) : fmt::format("{}s", total);
}

} // namespace

long long experiment_work(const LoadedExperiment& experiment)
{
  long long per_run = 0;
  for (const auto& r : experiment.scenario.requesters)
    per_run += r.queries;
  for (const auto& b : experiment.scenario.background)
    per_run += b.queries;
  return per_run * experiment.repetitions;
}

SharedCounter::SharedCounter()
{
  void* p = ::mmap(nullptr, sizeof(std::atomic<long long>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p != MAP_FAILED)
    cell_ = new (p) std::atomic<long long>(0);
}

SharedCounter::~SharedCounter()
{
  if (cell_ != nullptr)
    ::munmap(cell_, sizeof(std::atomic<long long>));
}

void SharedCounter::store(long long value)
{
  if (cell_ != nullptr)
    static_cast<std::atomic<long long>*>(cell_)->store(value, std::memory_order_relaxed);
}

long long SharedCounter::load() const
{
  return cell_ != nullptr ? static_cast<std::atomic<long long>*>(cell_)->load(std::memory_order_relaxed) : 0;
}

void write_progress_file(const std::string& path, long long done, long long total)
{
  try {
    write_file_atomic(path, fmt::format("{} {}\n", done, total));
  } catch (const std::exception&) {
    // progress is a courtesy: a full disk must not fail the run here
  }
}

std::optional<std::pair<long long, long long>> read_progress_file(const std::string& path)
{
  std::ifstream in(path);
  long long done = 0, total = 0;
  if (!(in >> done >> total) || done < 0 || total <= 0)
    return std::nullopt;
  return std::make_pair(done, total);
}

ProgressLine::ProgressLine(bool enabled, std::string label)
    : enabled_(enabled), label_(std::move(label)), started_(std::chrono::steady_clock::now()), last_draw_(started_)
{
}

double ProgressLine::elapsed_s() const
{
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

void ProgressLine::draw(long long done, long long total, const std::string& detail, bool force)
{
  if (!enabled_)
    return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_draw_ < std::chrono::milliseconds(200))
    return;
  last_draw_          = now;
  drawn_              = true;
  const double frac   = total > 0 ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 1.0;
  const int width     = 30;
  const int fill      = static_cast<int>(frac * width);
  const double spent  = elapsed_s();
  const std::string eta = done > 0 ? format_seconds(spent / static_cast<double>(done) * static_cast<double>(total - done))
                                   : std::string("?");
  std::fprintf(stderr, "\r%s%s[%s%s] %3d%%  %lld/%lld queries%s%s  %s elapsed  ETA %s \x1b[K", label_.c_str(),
               label_.empty() ? "" : " ", std::string(static_cast<std::size_t>(fill), '#').c_str(),
               std::string(static_cast<std::size_t>(width - fill), '.').c_str(), static_cast<int>(frac * 100 + 1e-9),
               done, total, detail.empty() ? "" : "  ", detail.c_str(), format_seconds(spent).c_str(), eta.c_str());
  std::fflush(stderr);
}

void ProgressLine::finish()
{
  if (enabled_ && drawn_)
    std::fprintf(stderr, "\n");
  drawn_ = false;
}

} // namespace ciodesim::experiment
