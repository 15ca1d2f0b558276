// One-at-a-time swings and variance shares.
#include "sweep/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace parley::sweep {

namespace {

std::unordered_map<std::string, double> numbers(const std::vector<Output>& outputs) {
  std::unordered_map<std::string, double> out;
  for (const auto& o : outputs) {
    if (const double* x = std::get_if<double>(&o.value)) out.emplace(o.path, *x);
  }
  return out;
}

}  // namespace

std::vector<OutputSensitivity> tornado(const std::vector<Output>& base, const std::vector<std::string>& inputs,
                                       const std::vector<std::vector<Output>>& low,
                                       const std::vector<std::vector<Output>>& high) {
  std::vector<std::unordered_map<std::string, double>> lows, highs;
  for (const auto& l : low) lows.push_back(numbers(l));
  for (const auto& h : high) highs.push_back(numbers(h));
  std::vector<OutputSensitivity> out;
  for (const auto& o : base) {
    const double* b = std::get_if<double>(&o.value);
    if (b == nullptr) continue;
    OutputSensitivity s;
    s.output = o.path;
    s.base = *b;
    bool complete = true;
    for (std::size_t i = 0; i < inputs.size() && complete; ++i) {
      const auto l = lows[i].find(o.path), h = highs[i].find(o.path);
      complete = l != lows[i].end() && h != highs[i].end();
      if (complete) s.tornado.push_back({inputs[i], l->second, h->second});
    }
    if (!complete) continue;
    std::stable_sort(s.tornado.begin(), s.tornado.end(),
                     [](const Swing& a, const Swing& c) { return a.width() > c.width(); });
    out.push_back(std::move(s));
  }
  return out;
}

void add_variance_shares(std::vector<OutputSensitivity>& sensitivity, const Collector& draws,
                         const std::vector<std::string>& inputs, const std::vector<std::vector<double>>& x) {
  const std::size_t n = draws.draws();
  if (n < kMinDrawsForShares) return;
  // Each input's draws in increasing order of its value (ties by draw), cut into kBins equal-count bins.
  std::vector<std::vector<std::uint32_t>> bin_of(inputs.size(), std::vector<std::uint32_t>(n));
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[i][a] < x[i][b]; });
    for (std::size_t r = 0; r < n; ++r) bin_of[i][order[r]] = static_cast<std::uint32_t>(r * kBins / n);
  }
  std::vector<std::string> paths;
  paths.reserve(sensitivity.size());
  for (const auto& s : sensitivity) paths.push_back(s.output);
  const auto ys = draws.columns(paths);
  for (std::size_t j = 0; j < sensitivity.size(); ++j) {
    auto& s = sensitivity[j];
    const auto& y = ys[j];
    if (std::any_of(y.begin(), y.end(), [](double v) { return std::isnan(v); })) continue;
    double mean = 0;
    for (const double v : y) mean += v;
    mean /= static_cast<double>(n);
    double total = 0;
    for (const double v : y) total += (v - mean) * (v - mean);
    if (total <= 0) continue;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      std::vector<double> sum(kBins, 0.0);
      std::vector<std::size_t> count(kBins, 0);
      for (std::size_t k = 0; k < n; ++k) {
        sum[bin_of[i][k]] += y[k];
        ++count[bin_of[i][k]];
      }
      double between = 0;
      for (std::size_t b = 0; b < kBins; ++b) {
        if (count[b] == 0) continue;
        const double m = sum[b] / static_cast<double>(count[b]);
        between += static_cast<double>(count[b]) * (m - mean) * (m - mean);
      }
      s.shares.emplace_back(inputs[i], between / total);
    }
    std::stable_sort(s.shares.begin(), s.shares.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
  }
}

}  // namespace parley::sweep
