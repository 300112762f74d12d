#include "sim/plan/dads.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>

#include <limits>
#include <queue>

namespace ciodesim::plan {
namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Graph  = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS,
    boost::property<boost::vertex_index_t, long,
                    boost::property<boost::vertex_color_t, boost::default_color_type,
                                    boost::property<boost::vertex_distance_t, long,
                                                    boost::property<boost::vertex_predecessor_t, Traits::edge_descriptor>>>>,
    boost::property<boost::edge_capacity_t, double,
                    boost::property<boost::edge_residual_capacity_t, double,
                                    boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;

constexpr double kInfinite = 1e30; // larger than any latency, finite for the flow arithmetic

class FlowGraph {
public:
  explicit FlowGraph(std::size_t vertices) : g_(vertices) {}
  void add(std::size_t from, std::size_t to, double capacity)
  {
    auto cap = boost::get(boost::edge_capacity, g_);
    auto rev = boost::get(boost::edge_reverse, g_);
    auto e   = boost::add_edge(from, to, g_).first;
    auto r   = boost::add_edge(to, from, g_).first;
    cap[e] = capacity;
    cap[r] = 0;
    rev[e] = r;
    rev[r] = e;
  }
  double max_flow(std::size_t source, std::size_t sink)
  {
    return boost::boykov_kolmogorov_max_flow(g_, boost::vertex(source, g_), boost::vertex(sink, g_));
  }
  // Vertices reachable from the source in the residual graph: the source side of a min cut.
  std::vector<char> source_side(std::size_t source) const
  {
    std::vector<char> seen(boost::num_vertices(g_), 0);
    auto res = boost::get(boost::edge_residual_capacity, g_);
    std::queue<std::size_t> todo;
    todo.push(source);
    seen[source] = 1;
    while (!todo.empty()) {
      const std::size_t v = todo.front();
      todo.pop();
      for (auto [it, end] = boost::out_edges(v, g_); it != end; ++it) {
        const std::size_t w = boost::target(*it, g_);
        if (!seen[w] && res[*it] > 1e-15) {
          seen[w] = 1;
          todo.push(w);
        }
      }
    }
    return seen;
  }

private:
  Graph g_;
};

double upload_s(const DadsInput& in, std::size_t layer)
{
  return in.up_latency_s + in.out_bytes[layer] * in.up_s_per_byte;
}

} // namespace

DadsCut dads_min_cut(const DadsInput& in)
{
  const std::size_t n = in.edge_s.size();
  std::size_t aux     = 0;
  for (const auto& c : in.consumers)
    aux += c.size() > 1 ? 1 : 0;
  const std::size_t source = n + aux, sink = n + aux + 1;
  FlowGraph g(n + aux + 2);
  std::size_t next_aux = n;
  for (std::size_t v = 0; v < n; ++v) {
    double to_v = v == 0 ? kInfinite : in.server_s[v];
    if (v == n - 1)
      to_v += in.down_latency_s + in.out_bytes[v] * in.down_s_per_byte;
    g.add(source, v, to_v);
    g.add(v, sink, in.edge_s[v]);
    const auto& consumers = in.consumers[v];
    if (consumers.size() == 1) {
      g.add(v, static_cast<std::size_t>(consumers[0]), upload_s(in, v));
    } else if (consumers.size() > 1) {
      const std::size_t a = next_aux++;
      g.add(v, a, upload_s(in, v));
      for (int w : consumers)
        g.add(a, static_cast<std::size_t>(w), kInfinite);
    }
    for (int w : consumers) // nothing comes back from the server
      g.add(static_cast<std::size_t>(w), v, kInfinite);
  }
  DadsCut cut;
  g.max_flow(source, sink);
  const auto side = g.source_side(source);
  cut.on_server.assign(n, 0);
  for (std::size_t v = 0; v < n; ++v)
    cut.on_server[v] = side[v] ? 0 : 1;
  cut.latency_s = dads_partition_cost(in, cut.on_server);
  return cut;
}

double dads_partition_cost(const DadsInput& in, const std::vector<char>& on_server)
{
  const std::size_t n = in.edge_s.size();
  if (on_server[0])
    return std::numeric_limits<double>::infinity();
  double cost = 0;
  for (std::size_t v = 0; v < n; ++v) {
    cost += on_server[v] ? in.server_s[v] : in.edge_s[v];
    bool uploads = false;
    for (int w : in.consumers[v]) {
      if (on_server[v] && !on_server[static_cast<std::size_t>(w)])
        return std::numeric_limits<double>::infinity(); // back to the edge: not a DADS partition
      uploads = uploads || (!on_server[v] && on_server[static_cast<std::size_t>(w)]);
    }
    if (uploads)
      cost += upload_s(in, v);
  }
  if (on_server[n - 1])
    cost += in.down_latency_s + in.out_bytes[n - 1] * in.down_s_per_byte;
  return cost;
}

} // namespace ciodesim::plan
