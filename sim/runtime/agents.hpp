#pragma once
// The actors of a simulation. Each decision is delegated to plan/ and coord/; these only
// move bytes and time in SimGrid.
#include "sim/core/rng.hpp"
#include "sim/runtime/world.hpp"

namespace ciodesim::runtime {

// A requester running its policy for a stream of queries: max_in_flight slots (one lock
// client each), its arrival process for open streams, and its uploader.
void start_requester(World& world, const RequesterSpec& spec, int requester_index);

// A node's own inference load on one processor: an open arrival process whose queries each
// queue at that processor's waiting lock (back-to-back: one closed loop).
void start_background(World& world, const BackgroundSpec& spec, int background_index);

// The record of a query that starts now, and its id in lock requests (unique in the run:
// client ids times 10^8 queries). Requesters and background loads number queries alike.
QueryRecord start_query(const std::string& requester, const std::string& device, const std::string& model,
                        const std::string& policy, int index);
long long query_id(coord::ClientId client, int index);

// Time of the next arrival after `previous_s` (the first one when index == 0).
double next_arrival_s(const ArrivalSpec& arrival, int index, double previous_s, Rng& rng);

} // namespace ciodesim::runtime
