// Waiting lock, invalid lock and replacement rule: pure semantics.
#include "sim/coord/rules.hpp"
#include "sim/coord/waiting_lock.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace ciodesim::coord;

TEST_CASE("waiting lock: free lock grants at once, busy lock queues FIFO and announces W")
{
  WaitingLock lock;
  CHECK(lock.request(1, 10, 0.5, 0.0).granted);
  const LockAnswer second = lock.request(2, 20, 0.3, 0.1);
  CHECK_FALSE(second.granted);
  CHECK(second.wait_s == doctest::Approx(0.4)); // holder has 0.5 - 0.1 left
  CHECK(second.ahead == 1);
  const LockAnswer third = lock.request(3, 30, 0.2, 0.2);
  CHECK(third.wait_s == doctest::Approx(0.3 + 0.3)); // 0.3 left of the holder + 0.3 queued
  CHECK(third.ahead == 2);
  CHECK(lock.wait_ahead_s(3, 0.2) == doctest::Approx(0.6));
  CHECK(lock.estimated_wait_s(0.2) == doctest::Approx(0.8));

  auto next = lock.release(1, 0.5);
  REQUIRE(next);
  CHECK(next->client == 2); // FIFO
  CHECK(next->granted_at_s == 0.5);
  CHECK(lock.holds(2));
  next = lock.release(2, 0.8);
  REQUIRE(next);
  CHECK(next->client == 3);
  CHECK_FALSE(lock.release(3, 1.0));
  CHECK_FALSE(lock.holder());
}

TEST_CASE("waiting lock: W never negative when the holder overruns its prediction")
{
  WaitingLock lock;
  lock.request(1, 1, 0.1, 0.0);
  CHECK(lock.estimated_wait_s(5.0) == 0.0);
  CHECK(lock.request(2, 2, 0.2, 5.0).wait_s == 0.0);
}

TEST_CASE("waiting lock: one entry per client, withdraw leaves the queue, misuse is caught")
{
  WaitingLock lock;
  lock.request(1, 1, 0.1, 0.0);
  lock.request(2, 2, 0.1, 0.0);
  lock.request(3, 3, 0.1, 0.0);
  CHECK_THROWS_AS(lock.request(2, 4, 0.1, 0.0), std::logic_error);
  lock.withdraw(2);
  CHECK_FALSE(lock.queued(2));
  CHECK(lock.release(1, 0.1)->client == 3);
  CHECK_THROWS_AS(lock.withdraw(3), std::logic_error);  // the holder must release
  CHECK_THROWS_AS(lock.release(1, 0.2), std::logic_error); // not the holder
  CHECK_THROWS_AS(lock.withdraw(9), std::logic_error);
}

TEST_CASE("invalid lock: deadline at twice the prediction, reports the doubled prediction")
{
  InvalidLockPolicy policy;
  CHECK(policy.deadline_s(1.0, 0.25) == doctest::Approx(1.5));
  CHECK_FALSE(policy.expired(1.5, 1.0, 0.25));
  CHECK(policy.expired(1.5001, 1.0, 0.25));
  CHECK(policy.reported_s(0.25) == doctest::Approx(0.5));
  InvalidLockPolicy strict{1.5};
  CHECK(strict.deadline_s(0.0, 1.0) == doctest::Approx(1.5));
}

TEST_CASE("replacement rule (eq. 10): switch only to a strictly better candidate")
{
  const Candidate current{2, 0.5, 0.0, 0.01, 0.02};
  CHECK(choose_replacement(current, {{4, 0.1, 0.2, 0.01, 0.03}}) == 0);  // 0.34 < 0.53
  CHECK(choose_replacement(current, {{4, 0.4, 0.2, 0.01, 0.03}}) == -1); // 0.64 > 0.53
  CHECK(choose_replacement(current, {{4, 0.4, 0.2, 0.01, 0.03}, {0, 0, 0, 0.3, 0}}) == 1); // local 0.3
  CHECK(choose_replacement(current, {{0, 0, 0, 0.52, 0}}, 0.05) == -1); // within the margin
}
