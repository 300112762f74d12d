#pragma once
// The actors of a simulation. Each decision is delegated to plan/ and coord/; these only
// move bytes and time in SimGrid.
#include "sim/core/rng.hpp"
#include "sim/runtime/world.hpp"

namespace ciodesim::runtime {

// A requester running the CIODE offloading algorithm for a stream of queries; it starts
// its own uploader. `client` is its lock client id.
void start_requester(World& world, const RequesterSpec& spec, int requester_index, coord::ClientId client);

// A node's own inference load on one processor, through that processor's waiting lock.
void start_background(World& world, const BackgroundSpec& spec, int background_index, coord::ClientId client);

// Time of the next arrival after `previous_s` (the first one when index == 0).
double next_arrival_s(const ArrivalSpec& arrival, int index, double previous_s, Rng& rng);

} // namespace ciodesim::runtime
