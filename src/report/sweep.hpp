// Rendering `parley sweep`: the summaries of a Monte Carlo run as canonical JSON or text, every draw's outputs
// as CSV, and one replayed draw.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "doc/node.hpp"
#include "parley/results.hpp"
#include "parley/scenario.hpp"
#include "scenario/draw.hpp"
#include "sweep/outputs.hpp"
#include "sweep/sensitivity.hpp"

namespace parley::report {

/// What sweep labels name in place of ids: actors and issues by name, constraints by id and their actor's name.
struct PathNames {
  std::map<std::string, std::string, std::less<>> actors, issues, constraints;
};
[[nodiscard]] PathNames path_names(const Scenario& s);
/// A path for people (docs/sweep.md, "Labels"): "Ukraine: reservation on Security guarantees",
/// "Status of the Donbas: weighted median", "packages: agreeable". Ids without a name stay ids; with no names
/// at all (a stored run), only the separators change. JSON keeps the path beside it.
[[nodiscard]] std::string path_label(const PathNames& names, std::string_view path);

/// One `--vary` axis: an input's path and the values it takes.
struct SweepAxis {
  std::string path;
  std::vector<double> values;
};

/// One point of a `--vary` grid: the axes' values there, and the summaries of its draws.
struct GridPoint {
  std::vector<double> values;
  std::vector<sweep::Summary> summaries;
};

struct SweepReport {
  std::string title, analysis, at;
  std::uint64_t seed = 0;
  std::size_t draws = 0;        // done: every summary covers these draws
  std::size_t draws_asked = 0;  // differs from `draws` only when the run was interrupted
  bool interrupted = false;
  std::vector<scenario::UncertainInput> inputs;
  bool model_draws = false;  // the analysis draws of its own (the randomized exchange model)
  // 0: exact quantiles (every draw kept); else they come from a sketch, each within this fraction of its
  // magnitude, and no draw was kept (sweep/stream.hpp).
  double quantile_error = 0;
  std::vector<sweep::Summary> summaries;
  std::optional<std::vector<sweep::OutputSensitivity>> sensitivity;
  std::vector<SweepAxis> axes;  // with --vary: the grid (then `summaries` is empty)
  std::vector<GridPoint> grid;
  PathNames names;  // for labels
};

/// The canonical JSON; an interrupted run's stamp adds `"interrupted": true` and `draws_asked`.
[[nodiscard]] doc::Node sweep_json(const SweepReport& r, const Stamp& stamp);
[[nodiscard]] std::string sweep_text(const SweepReport& r);
/// The headline block that leads the text (and `headline` in JSON): the answers that matter for the analysis,
/// each with its standard error and draw count.
[[nodiscard]] std::string sweep_headline_text(const SweepReport& r);
[[nodiscard]] doc::Node sweep_headline_json(const SweepReport& r);
/// One row per draw and output: draw,output,value; draws numbered from `first`. On a grid, each row starts
/// with the point's `values`, and `axes` (given for the first point only) names them in the header.
[[nodiscard]] std::string sweep_csv(const sweep::Collector& draws, std::size_t first = 0,
                                    const std::vector<double>& values = {},
                                    const std::vector<SweepAxis>* axes = nullptr);

/// The header line of sweep_csv without a grid, and one of its rows (draw k's output `o`).
inline constexpr const char* kSweepCsvHeader = "draw,output,value\n";
[[nodiscard]] std::string sweep_csv_row(std::size_t k, const sweep::Output& o);

/// The numeric and categorical tables of sweep_text.
[[nodiscard]] std::string summary_tables(const std::vector<sweep::Summary>& summaries, std::size_t draws,
                                         const PathNames& names = {});
/// What moves the headline results most, as sweep_text words it.
[[nodiscard]] std::string sensitivity_text(const std::vector<sweep::OutputSensitivity>& all,
                                           const PathNames& names = {});

/// A distribution as text: normal(80, 10).
[[nodiscard]] std::string distribution_text(const Uncertain& u);

}  // namespace parley::report
