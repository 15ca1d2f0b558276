// parley's Python binding (docs/python.md): the services layer and its typed results, for the `parley` package
// (python/parley), which adds the keyword options, tables and HTML. Every task runs on a worker thread with the GIL
// released; the calling thread waits, relays progress to Python, and turns Ctrl-C into the task's cancel flag.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <fstream>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "options_from.hpp"
#include "parley/error.hpp"
#include "parley/options.hpp"
#include "parley/services.hpp"
#include "strategy.hpp"

namespace py = pybind11;

namespace parley::python {

namespace {

using services::Control;
using services::Loaded;
using services::Progress;

// How often the waiting thread looks for Ctrl-C and relays progress.
constexpr auto kPoll = std::chrono::milliseconds(50);

// Runs `task(control)` on a worker thread with the GIL released. Ctrl-C (a pending KeyboardInterrupt) sets the
// cancel flag: the task stops within one step and the KeyboardInterrupt is raised once it has. `progress`, when not
// None, is called on this thread with (phase, done, total) as the task moves on, at most once per poll.
template <class Task>
auto run_long(Task&& task, const py::object& progress) {
  using Result = decltype(task(std::declval<const Control&>()));
  struct Shared {
    std::mutex m;
    std::condition_variable cv;
    bool finished = false;
    bool fresh = false;
    std::string phase;
    std::size_t done = 0, total = 0;
  } shared;
  std::atomic<bool> stop{false};
  Control control;
  control.cancel = &stop;
  if (!progress.is_none()) {
    control.progress = [&shared](const Progress& p) {
      const std::lock_guard lock(shared.m);
      shared.phase.assign(p.phase);
      shared.done = p.done;
      shared.total = p.total;
      shared.fresh = true;
    };
  }
  std::optional<Result> result;
  std::exception_ptr failure;
  std::optional<py::error_already_set> interrupt;
  std::thread worker;
  {
    const py::gil_scoped_release release;
    worker = std::thread([&] {
      try {
        result.emplace(task(control));
      } catch (...) {
        failure = std::current_exception();
      }
      const std::lock_guard lock(shared.m);
      shared.finished = true;
      shared.cv.notify_all();
    });
  }
  const auto relay = [&] {
    std::string phase;
    std::size_t done = 0, total = 0;
    {
      const std::lock_guard lock(shared.m);
      if (!shared.fresh) return;
      shared.fresh = false;
      phase = shared.phase;
      done = shared.done;
      total = shared.total;
    }
    progress(phase, done, total);
  };
  for (;;) {
    bool finished = false;
    {
      const py::gil_scoped_release release;
      std::unique_lock lock(shared.m);
      finished = shared.cv.wait_for(lock, kPoll, [&] { return shared.finished; });
    }
    try {
      if (!progress.is_none()) relay();
      if (finished) break;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    } catch (py::error_already_set& e) {
      // Ctrl-C, or the progress callback raised: stop the task, wait for it, and raise that.
      stop = true;
      interrupt.emplace(std::move(e));
      break;
    }
  }
  {
    const py::gil_scoped_release release;
    worker.join();
  }
  if (interrupt) throw std::move(*interrupt);
  if (failure) std::rethrow_exception(failure);
  return std::move(*result);
}

// A scenario as Python holds it: what was loaded, and every diagnostic.
struct PyScenario {
  std::shared_ptr<const Loaded> loaded;
  std::string name;  // the file, or the name given to text
};

// The scenario of a task, by reference: the worker thread that reads it ends before the call returns, and the
// caller holds the scenario until then (a large scenario is not copied per call).
const Loaded& checked(const PyScenario& s) {
  if (!s.loaded->scenario) throw UsageError(s.name + ": the scenario holds errors; see its diagnostics");
  return *s.loaded;
}

py::list diagnostics_of(const Diagnostics& diagnostics) {
  py::list out;
  for (const Diagnostic& d : diagnostics.sorted()) {
    py::dict item;
    item["file"] = std::string(d.where.file_name());
    item["line"] = d.where.line;
    item["column"] = d.where.column;
    item["severity"] = d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "note";
    item["message"] = d.message;
    item["text"] = format_diagnostic(d);
    out.append(item);
  }
  return out;
}

InputOptions input_of(const py::dict& o) {
  InputOptions in;
  if (o.contains("input_format")) in.format = o["input_format"].cast<std::string>();
  if (o.contains("csv_scale")) in.csv_scale = o["csv_scale"].cast<std::pair<double, double>>();
  if (o.contains("csv_salience_max")) in.csv_salience_max = o["csv_salience_max"].cast<double>();
  return in;
}

py::dict option_dict(const OptionInfo& o) {
  py::dict d;
  d["name"] = std::string(o.name);
  d["tasks"] = std::string(o.tasks);
  d["type"] = std::string(option_type_name(o.type));
  d["default"] = o.default_text.empty() ? py::object(py::none()) : py::object(py::str(std::string(o.default_text)));
  py::list choices;
  for (const auto c : o.choice_list()) choices.append(std::string(c));
  d["choices"] = choices;
  d["min"] = o.ranged() ? py::object(py::float_(o.min)) : py::object(py::none());
  d["max"] = o.ranged() ? py::object(py::float_(o.max)) : py::object(py::none());
  d["unit"] = std::string(o.unit);
  d["metavar"] = std::string(o.metavar);
  d["help"] = std::string(o.help);
  return d;
}

}  // namespace

void bind_results(py::module_& m);

}  // namespace parley::python

PYBIND11_MODULE(_parley, m) {
  using namespace parley;
  using namespace parley::python;
  m.doc() = "parley's engine: the services layer and its typed results (use the `parley` package)";

  // Errors: the package re-exports these; an OptionError becomes a ValueError naming the keyword argument.
  static py::exception<Error> error(m, "Error", PyExc_RuntimeError);
  static py::exception<DataError> data_error(m, "DataError", PyExc_ValueError);
  static py::exception<LimitError> limit_error(m, "LimitError", data_error.ptr());
  static py::exception<InputError> input_error(m, "InputError", PyExc_OSError);
  static py::exception<OutputError> output_error(m, "OutputError", PyExc_OSError);
  static py::exception<Cancelled> cancelled(m, "Cancelled", error.ptr());
  py::register_exception_translator(
      [](std::exception_ptr p) {  // NOLINT(performance-unnecessary-value-param): the type pybind11 takes
        try {
          if (p) std::rethrow_exception(p);
        } catch (const OptionError& e) {
          PyErr_SetString(PyExc_ValueError, e.spelled("", true).c_str());
        } catch (const UsageError& e) {
          PyErr_SetString(PyExc_ValueError, e.what());
        } catch (const LimitError& e) {
          PyErr_SetString(limit_error.ptr(), e.what());
        } catch (const DataError& e) {
          PyErr_SetString(data_error.ptr(), e.what());
        } catch (const InputError& e) {
          PyErr_SetString(input_error.ptr(), e.what());
        } catch (const OutputError& e) {
          PyErr_SetString(output_error.ptr(), e.what());
        } catch (const Cancelled& e) {
          PyErr_SetString(cancelled.ptr(), e.what());
        } catch (const Error& e) {
          PyErr_SetString(error.ptr(), e.what());
        }
      });

  m.def("version", [] { return std::string(version()); });
  m.def(
      "registry",
      [] {
        py::list out;
        for (const OptionInfo& o : option_registry()) out.append(option_dict(o));
        return out;
      },
      "Every option of every task, as `parley help options --format json` lists them.");
  m.def(
      "option_problem",
      [](const std::string& task, const std::string& name, const std::string& value) {
        return option_problem(option_info(task, name), value);
      },
      "Why VALUE (as text) is not valid for option NAME of TASK; empty when it is.");

  py::class_<PyScenario>(m, "_Scenario")
      .def_property_readonly("ok", [](const PyScenario& s) { return s.loaded->scenario.has_value(); })
      .def_property_readonly("name", [](const PyScenario& s) { return s.name; })
      .def_property_readonly("diagnostics", [](const PyScenario& s) { return diagnostics_of(s.loaded->diagnostics); })
      .def_property_readonly("sha256", [](const PyScenario& s) { return s.loaded->stamp.scenario_sha256; })
      .def("convert",
           [](const PyScenario& s, const std::string& to) {
             return services::convert(*checked(s).scenario, to == "yaml" ? OutputFormat::yaml : OutputFormat::json);
           })
      .def("show",
           [](const PyScenario& s, const std::string& at) {
             services::ShowOptions o;
             o.at = at;
             o.format = OutputFormat::json;
             return services::show(checked(s), o);
           })
      .def("show_text",
           [](const PyScenario& s, const std::string& at) {
             services::ShowOptions o;
             o.at = at;
             return services::show(checked(s), o);
           })
      .def("analyze",
           [](const PyScenario& s, const py::dict& o, const py::object& progress) {
             const Loaded& l = checked(s);
             const auto options = analyze_options(o);
             return run_long([&](const Control& c) { return services::analyze_result(l, options, c); }, progress);
           })
      .def("timeline",
           [](const PyScenario& s, const py::dict& o, const py::object& progress) {
             const Loaded& l = checked(s);
             const auto options = analyze_options(o);
             return run_long([&](const Control& c) { return services::timeline_result(l, options, c); }, progress);
           })
      .def("forecast",
           [](const PyScenario& s, const py::dict& o, const py::object& progress) {
             const Loaded& l = checked(s);
             const auto options = forecast_options(o);
             return run_long([&](const Control& c) { return services::forecast_result(l, options, c); }, progress);
           })
      .def("stability",
           [](const PyScenario& s, const py::dict& o, const py::object& progress) {
             const Loaded& l = checked(s);
             const auto options = stability_options(o);
             return run_long([&](const Control& c) { return services::stability_result(l, options, c); }, progress);
           })
      .def("stability_to",
           // The whole listing, streamed to `path` as the command line prints it (no cap on the states listed):
           // the package writes a temporary file and renames it.
           [](const PyScenario& s, const std::string& path, const std::string& format, const py::dict& o,
              const py::object& progress) {
             const Loaded& l = checked(s);
             auto options = stability_options(o);
             options.format = format_of(format);
             return run_long(
                 [&](const Control& c) {
                   std::ofstream out(path, std::ios::binary | std::ios::trunc);
                   if (!out) throw OutputError("cannot open " + path + " to write the stability output");
                   std::size_t written = 0;
                   services::stability_to(l, options, c, [&](std::string_view piece) {
                     out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
                     if (!out) throw OutputError("cannot write the stability output to " + path);
                     written += piece.size();
                   });
                   out.close();
                   if (!out) throw OutputError("cannot write the stability output to " + path);
                   return written;
                 },
                 progress);
           })
      .def("sweep",
           [](const PyScenario& s, const py::dict& o, const py::object& progress) {
             const Loaded& l = checked(s);
             const auto options = sweep_options(o);
             return run_long([&](const Control& c) { return services::sweep(l, options, c); }, progress);
           })
      .def("simulate",
           [](const PyScenario& s, const py::dict& o, const std::vector<std::pair<std::string, py::object>>& custom) {
             const Loaded& l = checked(s);
             auto options = simulate_options(o);
             for (const auto& [party, instance] : custom) options.custom.emplace_back(party, custom_strategy(instance));
             return run_long([&](const Control&) { return services::simulate_result(l, options); }, py::none());
           })
      .def("page", [](const PyScenario& s,
                      const AnalyzeResult& r) { return services::render(services::report_of(checked(s), r), "html"); })
      .def("page", [](const PyScenario& s,
                      const ForecastResult& r) { return services::render(services::report_of(checked(s), r), "html"); })
      .def("page",
           [](const PyScenario& s, const StabilityResult& r) {
             return services::render(services::report_of(checked(s), r), "html");
           })
      .def("page", [](const PyScenario& s,
                      const SweepResult& r) { return services::render(services::report_of(checked(s), r), "html"); })
      .def("report", [](const PyScenario& s, const py::dict& o, const py::object& progress) {
        const Loaded& l = checked(s);
        const auto options = report_options(o);
        return run_long([&](const Control& c) { return services::report_result(l, options, c); }, progress);
      });

  // A GENIUS (ANAC) domain: a directory, or a domain file and its profiles; analyze and simulate take it.
  py::class_<services::GeniusInput>(m, "_Genius")
      .def_readonly("domain", &services::GeniusInput::domain)
      .def_readonly("profiles", &services::GeniusInput::profiles)
      .def_readonly("game", &services::GeniusInput::game)
      .def("party_ids", [](const services::GeniusInput& g) { return services::party_ids(g); })
      .def("convert",
           [](const services::GeniusInput& g, const std::string& to) {
             auto r = services::convert_genius(g, to == "json" ? OutputFormat::json : OutputFormat::yaml);
             const bool ok = r.diagnostics.error_count() == 0;
             return py::make_tuple(diagnostics_of(r.diagnostics), ok ? py::cast(r.output) : py::none());
           })
      .def("analyze",
           [](const services::GeniusInput& g, const py::dict& o) {
             const auto options = analyze_options(o);
             auto r = run_long([&](const Control&) { return services::analyze_genius_result(g, options); }, py::none());
             return py::make_tuple(diagnostics_of(r.diagnostics),
                                   r.result ? py::cast(std::move(*r.result)) : py::none());
           })
      .def("simulate", [](const services::GeniusInput& g, const py::dict& o,
                          const std::vector<std::pair<std::string, py::object>>& custom) {
        auto options = simulate_options(o);
        for (const auto& [party, instance] : custom) options.custom.emplace_back(party, custom_strategy(instance));
        auto r = run_long([&](const Control&) { return services::simulate_genius_result(g, options); }, py::none());
        return py::make_tuple(diagnostics_of(r.diagnostics), r.result ? py::cast(std::move(*r.result)) : py::none());
      });
  m.def("genius", [](const std::vector<std::string>& files) -> py::object {
    auto g = services::genius_input(files);
    if (!g) return py::none();
    return py::cast(std::move(*g));
  });

  m.def("load", [](const std::string& path, const py::dict& input) {
    return PyScenario{std::make_shared<const services::Loaded>(services::load(path, input_of(input))), path};
  });
  m.def("load_text",
        [](const std::string& text, const std::string& name, const std::string& format, const py::dict& input) {
          return PyScenario{
              std::make_shared<const services::Loaded>(services::load_text(text, name, format, input_of(input))), name};
        });
  m.def("tournament", [](const std::vector<std::string>& inputs, const py::dict& input, const py::dict& o,
                         const py::object& progress, const std::vector<py::object>& custom) {
    const InputOptions in = input_of(input);
    auto options = tournament_options(o);
    for (const auto& instance : custom) options.custom.push_back(custom_strategy(instance));
    services::Tournament t =
        run_long([&](const Control& c) { return services::tournament_result(inputs, in, options, c); }, progress);
    return py::make_tuple(diagnostics_of(t.diagnostics), t.result ? py::cast(std::move(*t.result)) : py::none());
  });

  bind_results(m);
  bind_strategy(m);
}
