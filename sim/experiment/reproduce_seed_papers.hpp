#pragma once
// The seed papers' suites of `ciodesim reproduce` (experiments/dads, experiments/loadpart):
// aggregation of their sweeps into the CSV files the issue names and the report sections
// that put each paper's claim beside the measured ratios (docs/results.md).
#include <string>
#include <vector>

namespace ciodesim::experiment {

// DIR/dads_latency.csv (model, network, policy, mean_latency_s, ci95, first_frame_s, runs):
// per run the mean latency of the frames after the first (the first also pays DADS's one
// bandwidth probe, reported apart), then mean and 95 % half-width over runs.
void write_dads_latency(const std::string& raw_dir, const std::string& out_dir);
// DIR/dads_throughput.csv (model, network, policy, throughput_qps, ci95, runs) from the
// requester rows of summary.csv; `modes_raw_dir`'s DADS pinned to DSL / DSH appear as
// policies dads-dsl / dads-dsh.
void write_dads_throughput(const std::string& raw_dir, const std::string& modes_raw_dir, const std::string& out_dir);
// The report's DADS section (reads the two CSV files above).
std::string dads_report_section(const std::string& out_dir);

// The LoADPart suite's load profiles (experiments/loadpart/<profile>.toml).
const std::vector<std::string>& loadpart_profiles();
// Variants of a load profile's experiment, run as <raw_root>/loadpart-<profile>-<suffix>:
// the same config with `sets` added, only the sweep points of `policies`; in loadpart.csv
// their rows read policy "<policy>-<suffix>" (LoADPart with int8 compression: loadpart-int8).
struct SuiteVariant {
  std::string suffix;
  std::vector<std::string> sets;     // --set overrides, "key=<TOML value>"
  std::vector<std::string> policies; // the sweep's policy values it keeps
};
const std::vector<SuiteVariant>& loadpart_variants();
// DIR/loadpart.csv (model, load, policy, mean_latency_s, ci95, runs) from
// <raw_root>/loadpart-<profile>/queries.csv and its variants': per run the mean latency of the requester's
// completed frames (background work left out), then mean and 95 % half-width over runs.
void write_loadpart(const std::string& raw_root, const std::string& out_dir);
std::string loadpart_report_section(const std::string& out_dir);

} // namespace ciodesim::experiment
