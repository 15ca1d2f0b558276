// Strategies written in Python (python/parley/_strategy.py) for the engine.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>

#include "parley/strategy.hpp"

namespace parley::python {

namespace py = pybind11;

/// `instance` (a parley.Strategy) as a strategy the engine plays.
[[nodiscard]] std::shared_ptr<CustomStrategy> custom_strategy(py::object instance);

void bind_strategy(py::module_& m);

}  // namespace parley::python
