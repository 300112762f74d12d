#include "sim/coord/rules.hpp"

namespace ciodesim::coord {

int choose_replacement(const Candidate& current, const std::vector<Candidate>& others, double margin_s)
{
  int best         = -1;
  double best_cost = current.total() - margin_s;
  for (std::size_t i = 0; i < others.size(); ++i)
    if (others[i].total() < best_cost) {
      best_cost = others[i].total();
      best      = static_cast<int>(i);
    }
  return best;
}

} // namespace ciodesim::coord
