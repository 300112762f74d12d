// SimGrid ends run() on a deadlock as if the simulation were over; ciodesim must turn that
// into an error (exit 1 with one line) instead of a run with missing rows.
#include "sim_helpers.hpp"

#include <doctest/doctest.h>
#include <simgrid/s4u.hpp>

#include <stdexcept>
#include <string>

using namespace ciodesim;

TEST_CASE("a deadlock is an error, not a run with missing rows")
{
  const testing::TempConfig file(testing::pinned_config(
      "solo.xml", "[[requester]]\ndevice = \"D1\"\nmodel = \"" + testing::kData + "/tiny.json\"\nqueries = 1\n"));
  auto loaded = experiment::load_experiment(file.path);
  // waits for a message nobody sends: once the query is done only this actor is left
  simgrid::s4u::Actor::create("stuck", simgrid::s4u::Host::by_name("D1.cpu"),
                              [] { simgrid::s4u::Mailbox::by_name("nobody")->get<int>(); });
  std::string message;
  try {
    (void)runtime::run_simulation(loaded.scenario, loaded.topology);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(message.find("simulation deadlocked at t=") != std::string::npos);
}
