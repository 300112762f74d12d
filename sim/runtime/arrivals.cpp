// Query arrivals and query records, shared by requesters and background load.
#include "sim/runtime/agents.hpp"

namespace ciodesim::runtime {

QueryRecord start_query(const std::string& requester, const std::string& device, const std::string& model,
                        const std::string& policy, int index)
{
  QueryRecord rec;
  rec.requester = requester;
  rec.device    = device;
  rec.model     = model;
  rec.policy    = policy;
  rec.index     = index;
  rec.start_s   = sg::Engine::get_clock();
  rec.arrival_s = rec.start_s;
  return rec;
}

long long query_id(coord::ClientId client, int index)
{
  return static_cast<long long>(client) * 100000000LL + index;
}

double next_arrival_s(const ArrivalSpec& arrival, int index, double previous_s, Rng& rng)
{
  if (index == 0) // a Poisson process's first event also comes after an exponential gap
    return arrival.kind == Arrival::Poisson ? arrival.start_s + rng.exponential(arrival.rate_per_s) : arrival.start_s;
  switch (arrival.kind) {
    case Arrival::BackToBack: return 0.0; // as soon as the previous query ends
    case Arrival::Period: return arrival.start_s + index * arrival.period_s;
    case Arrival::Poisson: return previous_s + rng.exponential(arrival.rate_per_s);
  }
  return 0.0;
}

} // namespace ciodesim::runtime
