#pragma once
// What every planner sees: a model cut into blocks (dominator chain), the predicted time of
// each block on each processor, the probed network, the waiting time W announced by each
// processor's waiting lock, and which blocks are resident where. Plain data: no SimGrid,
// no traces (planners never see ground truth).
#include <string>
#include <vector>

namespace ciodesim::plan {

// The requester's power as a planner may know it (its own device's figures; empty: unknown):
// what it draws while a plan's step lasts, for energy objectives (plan/energy.hpp).
struct RequesterPower {
  double idle_w = 0;                    // always drawn: its processors idle + its radio idle
  std::vector<double> exec_extra_w;     // [processor] busy - idle while it computes (0 off the device)
  double radio_extra_w = 0;             // radio busy - idle while a transfer crosses its access link
  // [processor] device it belongs to: a transfer between two devices crosses the requester's
  // access link (star data flow: directly, or relayed through the requester); inside one does not.
  std::vector<int> device;
  bool known() const { return !exec_extra_w.empty(); }
  double transfer_extra_w(int from, int to) const
  {
    return device[static_cast<std::size_t>(from)] == device[static_cast<std::size_t>(to)] ? 0.0 : radio_extra_w;
  }
};

// Int8 compression of intermediate tensors ([transfer] compression = "int8"; cost/codec.hpp):
// a tensor marked compressed crosses between two devices at in_bytes / 4 (float32 -> int8,
// one byte per element) and costs its sender quantize_s_per_element and its receiver
// dequantize_s_per_element per element. Inside one device (cpu -> gpu) it moves as it is.
// Empty: nothing is compressed (the default).
struct TensorCodec {
  std::vector<char> compressed;                 // [block] the tensor entering the block
  std::vector<double> quantize_s_per_element;   // [processor]
  std::vector<double> dequantize_s_per_element; // [processor]
  std::vector<int> device;                      // [processor] the device it belongs to
  bool active() const { return !compressed.empty(); }
};

struct PlanInput {
  std::vector<std::string> processors; // index = processor id
  int requester = 0;                   // holds the input, must receive the output

  // Per block; block 0 is the network input (already on the requester, costs nothing).
  std::vector<std::vector<double>> exec_s; // [block][processor] predicted execution time
  std::vector<double> in_bytes;            // [block] tensor entering the block
  std::vector<double> out_bytes;           // [block] tensor leaving the block
  std::vector<double> param_bytes;         // [block] what an upload moves

  // Probed network between processors (star through the requester already folded in by
  // whoever builds the input): transfer(bytes) = latency_s + bytes x s_per_byte; 0 on the
  // same processor.
  std::vector<std::vector<double>> s_per_byte; // [from][to]
  std::vector<std::vector<double>> latency_s;  // [from][to]

  std::vector<double> wait_s;              // [processor] W from the waiting lock
  std::vector<std::vector<char>> resident; // [block][processor]; requester-device processors hold all
  std::vector<char> local;                 // [processor] on the requester's device (empty: only `requester`)
  std::vector<double> utilization;         // [processor] recent busy fraction by other clients (empty: unknown, 0)
  std::vector<double> load_factor;         // [processor] the node's measured / predicted (empty: unknown, 1)
  // [processor] reachable now (mobility: a server in wireless range, for single-server
  // policies the associated one); empty: every processor. Unreachable processors also get
  // infinite exec_s; single-server planners pick a new server when theirs leaves reach.
  std::vector<char> reachable;
  // Arrivals per second the requester has observed so far (0: not yet known): what it can
  // know of its future queries.
  double observed_rate_per_s = 0;
  // Queries the requester serves at once (its max_in_flight): more than one lets frames
  // pipeline through device, link and server.
  int slots = 1;
  // ORACLE: the queries the requester still has in the configured run. A real device does
  // not know it; only CIODE's explicit upload_weight = "remaining" reads it.
  double remaining_queries = 0;
  RequesterPower power; // empty unless the platform gives power figures
  TensorCodec codec;    // empty unless [transfer] compression is set

  std::size_t blocks() const { return exec_s.size(); }
  std::size_t size() const { return processors.size(); }
  double transfer_s(int from, int to, double bytes) const;
  // The tensor entering `block` (blocks(): the network's output, back to the requester) as
  // it moves from `from` to `to`, under the codec: its bytes on the wire, its (de)quantisation
  // time, and the two together with the transfer (the one cost rule every planner uses).
  bool compressed(int from, int to, std::size_t block) const;
  double tensor_bytes(int from, int to, std::size_t block) const;
  double codec_s(int from, int to, std::size_t block) const;
  double tensor_s(int from, int to, std::size_t block) const;
  bool is_local(int processor) const
  {
    return local.empty() ? processor == requester : local[static_cast<std::size_t>(processor)] != 0;
  }
  bool is_reachable(int processor) const
  {
    return reachable.empty() || reachable[static_cast<std::size_t>(processor)] != 0;
  }
  // Upload of a block's parameters from the requester to `processor`.
  double upload_s(int processor, int block) const;
};

struct UploadItem {
  int block     = 0;
  int processor = 0;
  int partition = 0;              // index of the partition (run of the target on one processor)
  double delay_improvement_s = 0; // D of the block's partition = T_local - T_off (paper eq. 9)
};

struct Plan {
  std::vector<int> assignment;      // [block] processor, using resident blocks only: run this query so
  double predicted_latency_s = 0;
  std::vector<int> target;          // [block] processor once every useful block is uploaded
  double target_latency_s   = 0;
  std::vector<UploadItem> upload_order; // blocks of `target` not yet resident, decreasing D
};

// Predicted latency of a fixed assignment under the planners' shared cost rule:
//   sum of exec times + at every segment start (a change of processor between consecutive
//   blocks, and the first block) the transfer of the block's input tensor (tensor_s: with
//   its (de)quantisation when compressed) plus the W of the
//   processor entered + the return of the output to the requester. A non-resident block costs upload_weight x T_up extra
//   (infinite if upload_weight < 0).
double assignment_latency_s(const PlanInput& input, const std::vector<int>& assignment, double upload_weight = -1);

} // namespace ciodesim::plan
