#pragma once
// The plane requesters move on and the edge servers that cover it: positions in metres,
// association to the nearest server in range, and the wireless rate a distance gives.
// Pure C++ (no SimGrid): the runtime applies the results to SimGrid links.
#include <string>
#include <vector>

namespace ciodesim::mobility {

struct Point {
  double x_m = 0, y_m = 0;
};
double distance_m(Point a, Point b);

// An edge server's access point: where it stands and how far it reaches.
struct ServerSite {
  std::string device; // platform device (its processors are the server)
  Point position;
  double radius_m = 0; // coverage: beyond it a requester has no access to this server
};

// The servers whose coverage holds `where` (distance <= radius), nearest first; ties by
// lower index. Indices into `servers`.
std::vector<int> servers_in_range(const std::vector<ServerSite>& servers, Point where);
// The server a requester at `where` is associated with: the nearest in range, -1 if none.
int associate(const std::vector<ServerSite>& servers, Point where);

// Wireless rate as discrete levels over the coverage disc, in the manner of SimGrid's Wi-Fi
// links (one rate per SNR level): level i of n covers distances in (i, i+1] x radius / n, so
// rates_Bps[0] holds near the server and the last level at its edge. 0 beyond the radius.
double access_rate_Bps(const std::vector<double>& rates_Bps, double radius_m, double distance);

} // namespace ciodesim::mobility
