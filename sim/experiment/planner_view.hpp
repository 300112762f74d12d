#pragma once
// Builds what a planner sees (plan::PlanInput) from a model, the platform, the predictors,
// probe estimates, lock waiting times and resident sets. Data flow is star-shaped as in the
// paper: a tensor between processors of two different non-requester devices goes through
// the requester (both hops are paid); inside one device it goes directly (e.g. over PCIe).
#include "sim/cost/predictor.hpp"
#include "sim/cost/probe.hpp"
#include "sim/dnn/model.hpp"
#include "sim/plan/plan_input.hpp"
#include "sim/platform/topology.hpp"
#include "sim/runtime/network_view.hpp"

#include <map>
#include <string>
#include <vector>

namespace ciodesim::experiment {

// Probe estimates between every pair of processors ([from][to]).
using ProbeMatrix = runtime::ProbeMatrix;

// What ideal probes would measure on the idle platform (CM02: latency + bytes / bandwidth),
// with star routing between devices.
ProbeMatrix ideal_probes(const platform::Topology& topo, const cost::ProbeConfig& probe);

// Is processor p on the requester's device (and so holds every layer)?
bool on_requester_device(const platform::Topology& topo, int processor);

// Predicted time of every layer on every processor ([layer][processor]).
std::vector<std::vector<double>> predict_layers(const dnn::Model& model, const platform::Topology& topo,
                                                const cost::CostPredictor& predictor);

// Resident sets: "all", "none" (only the requester device), or a JSON file
// {"D2.gpu": ["conv1", "relu1", ...] or [block ids], ...}.
std::vector<std::vector<char>> resident_blocks(const dnn::Model& model, const platform::Topology& topo,
                                               const std::string& spec);

plan::PlanInput make_plan_input(const dnn::Model& model, const platform::Topology& topo,
                                const std::vector<std::vector<double>>& layer_pred_s, const ProbeMatrix& probes,
                                const std::vector<double>& wait_s, const std::vector<std::vector<char>>& resident);

} // namespace ciodesim::experiment
