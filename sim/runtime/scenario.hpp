#pragma once
// Everything one simulation run needs, as plain data. experiment/ builds it from a TOML
// config; runtime/ only reads it (runtime never includes experiment/ or cli/).
#include "sim/cost/codec.hpp"
#include "sim/cost/predictor.hpp"
#include "sim/cost/probe.hpp"
#include "sim/cost/trace.hpp"
#include "sim/dnn/model.hpp"
#include "sim/mobility/geometry.hpp"
#include "sim/mobility/track.hpp"
#include "sim/policy/policy.hpp"
#include "sim/platform/topology.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ciodesim::runtime {

enum class Arrival { BackToBack, Period, Poisson };
const char* arrival_name(Arrival arrival);

struct ArrivalSpec {
  Arrival kind      = Arrival::BackToBack;
  double period_s   = 0;  // Period: one query every period_s (a late query starts at once)
  double rate_per_s = 0;  // Poisson: exponential gaps with this rate
  double start_s    = 0;  // first query not before this time
};

struct RequesterSpec {
  std::string device; // a device of the platform; its cpu runs the local part
  std::string model;  // model name (key of Scenario::models)
  int queries = 1;
  ArrivalSpec arrival;
  int max_in_flight = 1; // queries served at once (1: the paper's client; > 1: frames pipeline)
  int queue_limit   = 0; // arrivals waiting beyond this are rejected (0: no limit)
};

// A node's own inference load (the paper's D2 in Fig. 5): whole-model local queries on one
// processor, through that processor's waiting lock like every other client. Open arrivals
// (period, Poisson) queue there; back-to-back is one closed loop. It is load, not measured
// work: it stops when the last requester finishes.
struct BackgroundSpec {
  std::string processor; // host name, e.g. "D2.gpu"
  std::string model;
  int queries = 1;
  ArrivalSpec arrival;
  double utilization = 0; // Poisson arrivals: rate = utilization / predicted time (when > 0)
};

// A processor running at `factor` x its speed between from_s and to_s (host speed profile).
struct SlowdownSpec {
  std::string processor;
  double from_s = 0, to_s = 0, factor = 1;
};

// A processor (host) or a link down between from_s and to_s (infinity: a permanent fault).
struct FaultSpec {
  std::string processor; // or
  std::string link;
  double from_s = 0, to_s = 0;
};

// A model already installed on a processor at time 0 (every block resident).
struct PreloadSpec {
  std::string processor;
  std::string model;
};

// Moving requesters (docs/mobility.md): edge servers at positions with a coverage radius,
// each requester on its own track (random waypoint or a trace file). Its device's access
// link takes the rate of its distance to the associated server; out of every range it is
// off. Off (enabled = false): nothing moves and no output changes.
struct MobilitySpec {
  bool enabled = false;
  std::vector<mobility::ServerSite> servers; // one per node device
  std::vector<double> rates_Bps;             // access rate levels, near to far (geometry.hpp)
  double update_s = 0.5;                     // position, association and rate updates
  std::string model = "waypoint";            // waypoint | trace
  mobility::WaypointParams waypoint;
  std::string trace_path;
  std::map<int, mobility::Track> traces; // by requester index (model = trace)
};

struct PlannerTiming {
  std::string mode      = "counted"; // counted | measured
  double seconds_per_op = 4e-9;      // counted: per execution-graph edge, on a 140.8 GFLOPS CPU (D1)
  double reference_flops = 140.8e9;  // speed the seconds_per_op refers to
};

struct Scenario {
  std::string name;
  std::string platform_path;
  platform::BandwidthOverrides bandwidth;
  std::string network_model = "LV08"; // SimGrid network model
  bool crosstraffic         = true;
  double bandwidth_jitter   = 0.0;    // relative amplitude of access-link bandwidth variation
  double bandwidth_jitter_period_s = 1.0;
  double exec_jitter        = 1.0;    // multiplies the trace std of execution times

  std::vector<RequesterSpec> requesters;
  std::vector<BackgroundSpec> background;
  std::vector<SlowdownSpec> slowdowns;
  std::vector<PreloadSpec> preloads;
  std::vector<FaultSpec> faults;
  MobilitySpec mobility;
  double fault_timeout_s = 0.1; // a request without answer for this long (+ round trip): node suspected
  double suspect_s       = 1.0; // a suspected node is left out of plans for this long

  int candidates = 0; // nodes each requester considers, nearest first (the paper's trusted devices); 0 = all
  // Benchmarks only: every execution, transfer and timed wait, in each actor's order, is
  // appended to this file (sim/runtime/raw_replay.hpp replays it in plain s4u). Empty: off.
  std::string activity_log_path;
  std::string policy = "ciode"; // a name of the policy registry (sim/policy)
  policy::ParamValues params = policy::default_params(); // every group's parameters, "section.key"
  cost::ProbeConfig probe;
  cost::Compression compression = cost::Compression::None; // [transfer]: intermediate tensors sent as int8
  double probe_interval_s = 1.0; // a requester re-probes a node when its last probe is older
  PlannerTiming planner;

  std::uint64_t seed = 1;
  int run_index      = 0; // repetition number (Rng::run_seed(seed, run_index) drives this run)

  // Cost inputs, owned by the scenario.
  std::shared_ptr<cost::TraceTable> traces;
  std::map<std::string, std::shared_ptr<dnn::Model>> models;                   // by name
  std::map<std::string, std::shared_ptr<cost::CostPredictor>> predictors;      // by model name
  bool oracle_predictions = false; // planners see the trace means (perfect knowledge)
};

// What the planners believe a layer takes on a processor profile: the regression
// prediction, or the trace mean with oracle predictions.
double predicted_layer_s(const Scenario& scenario, const dnn::Model& model, const dnn::Layer& layer,
                         const std::string& profile);

} // namespace ciodesim::runtime
