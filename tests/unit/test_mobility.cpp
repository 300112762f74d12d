// Mobility: association, Wi-Fi rate levels, tracks, random waypoint, trace files and
// PerDNN's next-server predictor, all against closed-form answers.
#include "sim/core/error.hpp"
#include "sim/mobility/geometry.hpp"
#include "sim/mobility/predictor.hpp"
#include "sim/mobility/track.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace ciodesim;
using namespace ciodesim::mobility;

namespace {
// Two servers 100 m apart on the x axis, each covering 60 m: the discs overlap on 40..60.
std::vector<ServerSite> two_servers()
{
  return {{"S1", {0, 0}, 60}, {"S2", {100, 0}, 60}};
}
} // namespace

TEST_CASE("association: the nearest server in range, none beyond every radius")
{
  const auto servers = two_servers();
  CHECK(associate(servers, {10, 0}) == 0);
  CHECK(associate(servers, {45, 0}) == 0);  // both in range, S1 at 45 m, S2 at 55 m
  CHECK(associate(servers, {55, 0}) == 1);  // S2 nearer
  CHECK(associate(servers, {50, 0}) == 0);  // equidistant: lower index
  CHECK(associate(servers, {160, 0}) == 1); // exactly on S2's edge: in range
  CHECK(associate(servers, {161, 0}) == -1);
  CHECK(associate(servers, {50, 50}) == -1); // 70.7 m from both
  CHECK(servers_in_range(servers, {55, 0}) == std::vector<int>{1, 0});
  CHECK(servers_in_range(servers, {-30, 0}) == std::vector<int>{0});
  CHECK(servers_in_range(servers, {50, 50}).empty());
}

TEST_CASE("access rate: one level per ring of the radius, nothing beyond it")
{
  const std::vector<double> rates{1e7, 5e6, 2.5e6}; // 80, 40, 20 Mbps over rings of 20 m
  CHECK(access_rate_Bps(rates, 60, 0) == 1e7);
  CHECK(access_rate_Bps(rates, 60, 20) == 1e7);
  CHECK(access_rate_Bps(rates, 60, 20.001) == 5e6);
  CHECK(access_rate_Bps(rates, 60, 40) == 5e6);
  CHECK(access_rate_Bps(rates, 60, 59.9) == 2.5e6);
  CHECK(access_rate_Bps(rates, 60, 60) == 2.5e6);
  CHECK(access_rate_Bps(rates, 60, 60.1) == 0.0);
  CHECK(access_rate_Bps({}, 60, 1) == 0.0);
}

TEST_CASE("track: straight lines between samples, held before the first and after the last")
{
  const Track track({{1.0, {0, 0}}, {3.0, {10, 20}}, {4.0, {10, 20}}});
  CHECK(track.at(0).x_m == 0);
  CHECK(track.at(2.0).x_m == doctest::Approx(5));
  CHECK(track.at(2.0).y_m == doctest::Approx(10));
  CHECK(track.at(3.5).x_m == doctest::Approx(10)); // a pause
  CHECK(track.at(99).y_m == doctest::Approx(20));
}

TEST_CASE("a handoff along a track: the association changes where the nearer server takes over")
{
  // 10 m/s along the axis from S1 to S2: 50 m (t = 5 s) is the equidistant point, S1 keeps
  // it (lower index); from t just above 5 s S2 is nearer.
  const auto servers = two_servers();
  const Track walk({{0, {0, 0}}, {10, {100, 0}}});
  CHECK(associate(servers, walk.at(4.9)) == 0);
  CHECK(associate(servers, walk.at(5.0)) == 0);
  CHECK(associate(servers, walk.at(5.01)) == 1);
  // the rate on the way: S1's first ring up to 20 m (t = 2 s), S2's first ring from 80 m (t = 8 s)
  const std::vector<double> rates{1e7, 5e6, 2.5e6};
  auto rate_at = [&](double t) {
    const Point p = walk.at(t);
    const int s   = associate(servers, p);
    return access_rate_Bps(rates, servers[static_cast<std::size_t>(s)].radius_m,
                           distance_m(p, servers[static_cast<std::size_t>(s)].position));
  };
  CHECK(rate_at(1.0) == 1e7);
  CHECK(rate_at(3.0) == 5e6);
  CHECK(rate_at(4.5) == 2.5e6);
  CHECK(rate_at(5.5) == 2.5e6);
  CHECK(rate_at(9.0) == 1e7);
}

TEST_CASE("random waypoint: inside the area, speeds and pauses in range, same seed same track")
{
  WaypointParams params;
  params.width_m = 200;
  params.height_m = 100;
  params.speed_min_mps = 1;
  params.speed_max_mps = 3;
  params.pause_min_s = 2;
  params.pause_max_s = 4;
  RandomWaypoint a(params, 42), b(params, 42), c(params, 43);
  const Point pa = a.at(500), pb = b.at(500), pc = c.at(500);
  CHECK(pa.x_m == pb.x_m);
  CHECK(pa.y_m == pb.y_m);
  CHECK((pa.x_m != pc.x_m || pa.y_m != pc.y_m));
  const auto& s = a.track().samples();
  REQUIRE(s.size() > 10);
  // legs alternate walk, pause (pauses > 0 here)
  for (std::size_t i = 1; i < s.size(); ++i) {
    CHECK(s[i].position.x_m >= 0);
    CHECK(s[i].position.x_m <= 200);
    CHECK(s[i].position.y_m <= 100);
    const double dt = s[i].time_s - s[i - 1].time_s;
    const double d  = distance_m(s[i].position, s[i - 1].position);
    if (i % 2 == 1) { // a walk
      CHECK(d / dt >= 1 - 1e-9);
      CHECK(d / dt <= 3 + 1e-9);
    } else { // a pause
      CHECK(d == 0);
      CHECK(dt >= 2);
      CHECK(dt <= 4);
    }
  }
  // asking for an earlier time afterwards gives the same point as asking first
  RandomWaypoint d(params, 42);
  const Point early = d.at(50);
  CHECK(a.at(50).x_m == early.x_m);
}

TEST_CASE("trace file: rows by requester index, bad rows are one-line errors naming line and field")
{
  const auto tracks = parse_trace("time_s,requester,x_m,y_m\n0,0,0,0\n10,0,100,0\n0,1,5,5\n", "t.csv", 2);
  REQUIRE(tracks.size() == 2);
  CHECK(tracks.at(0).at(5).x_m == doctest::Approx(50));
  CHECK(tracks.at(1).at(5).y_m == doctest::Approx(5));
  auto error_of = [](const std::string& text) {
    try {
      parse_trace(text, "t.csv", 2);
    } catch (const InputError& e) {
      return std::string(e.where()) + ": " + e.what_text();
    }
    return std::string("no error");
  };
  CHECK(error_of("time,requester,x,y\n") == "line 1: expected the header time_s,requester,x_m,y_m");
  CHECK(error_of("time_s,requester,x_m,y_m\n0,2,0,0\n") == "line 2: requester: no requester 2");
  CHECK(error_of("time_s,requester,x_m,y_m\n0,0,zero,0\n") == "line 2: x_m: not a number: 'zero'");
  CHECK(error_of("time_s,requester,x_m,y_m\n5,0,0,0\n4,0,0,0\n") ==
        "line 3: time_s: earlier than this requester's previous row");
  CHECK(error_of("time_s,requester,x_m,y_m\n0,0,0\n") == "line 2: 3 fields");
}

TEST_CASE("next-server predictor: dead reckoning from the last two observed positions")
{
  const auto servers = two_servers();
  // at x = 30 moving +10 m/s: in 2 s at 50 (S1 still nearest, tie), in 3 s at 60 (S2)
  const Observed then{0.0, {20, 0}}, now{1.0, {30, 0}};
  CHECK(extrapolate(then, now, 3.0).x_m == doctest::Approx(60));
  CHECK(predict_next_server(servers, 0, then, now, 2.0) == -1);
  CHECK(predict_next_server(servers, 0, then, now, 3.0) == 1);
  // standing still: no handoff expected
  CHECK(predict_next_server(servers, 0, now, now, 100.0) == -1);
  // heading away from every server: nothing to predict
  CHECK(predict_next_server(servers, 0, {0, {0, 50}}, {1, {0, 55}}, 10.0) == -1);
}
