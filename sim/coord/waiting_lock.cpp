#include "sim/coord/waiting_lock.hpp"

#include <algorithm>
#include <stdexcept>

namespace ciodesim::coord {
namespace {
void ensure(bool condition, const char* what)
{
  if (!condition)
    throw std::logic_error(std::string("waiting lock invariant violated: ") + what);
}
} // namespace

double WaitingLock::estimated_wait_s(double now_s) const
{
  double w = 0;
  if (holder_)
    w += std::max(0.0, holder_->predicted_s - (now_s - holder_->granted_at_s));
  for (const auto& e : queue_)
    w += e.predicted_s;
  ensure(w >= 0, "W < 0");
  return w;
}

double WaitingLock::wait_ahead_s(ClientId client, double now_s) const
{
  double w = 0;
  if (holder_) {
    if (holder_->client == client)
      return 0;
    w += std::max(0.0, holder_->predicted_s - (now_s - holder_->granted_at_s));
  }
  for (const auto& e : queue_) {
    if (e.client == client)
      return w;
    w += e.predicted_s;
  }
  ensure(false, "wait_ahead_s for a client not in the lock");
  return w;
}

bool WaitingLock::queued(ClientId client) const
{
  return std::any_of(queue_.begin(), queue_.end(), [&](const LockEntry& e) { return e.client == client; });
}

LockAnswer WaitingLock::request(ClientId client, std::uint64_t query, double predicted_s, double now_s)
{
  ensure(!holds(client) && !queued(client), "one entry per client and lock");
  ensure(predicted_s >= 0, "negative predicted time");
  LockAnswer answer;
  if (!holder_) {
    holder_ = LockEntry{client, query, predicted_s, now_s, now_s};
    ++grants_;
    answer.granted = true;
    return answer;
  }
  answer.wait_s = estimated_wait_s(now_s);
  answer.ahead  = 1 + queue_.size();
  queue_.push_back(LockEntry{client, query, predicted_s, now_s, -1});
  return answer;
}

std::optional<LockEntry> WaitingLock::release(ClientId client, double now_s)
{
  ensure(holds(client), "release by a client that does not hold the lock");
  holder_.reset();
  if (queue_.empty())
    return std::nullopt;
  // FIFO: the oldest request is next.
  LockEntry next = queue_.front();
  queue_.pop_front();
  ensure(next.enqueued_at_s <= now_s, "grant before request");
  next.granted_at_s = now_s;
  holder_           = next;
  ++grants_;
  return holder_;
}

void WaitingLock::withdraw(ClientId client)
{
  ensure(!holds(client), "the holder cannot withdraw; it must release");
  auto it = std::find_if(queue_.begin(), queue_.end(), [&](const LockEntry& e) { return e.client == client; });
  ensure(it != queue_.end(), "withdraw by a client not queued");
  queue_.erase(it);
}

} // namespace ciodesim::coord
