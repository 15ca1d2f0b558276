// parley.Strategy subclasses as CustomStrategy (parley/strategy.hpp): each call into Python takes the GIL, so a
// tournament's threads take turns in Python while the engine between calls runs on all of them.
#include "strategy.hpp"

#include <pybind11/stl.h>

namespace parley::python {

namespace {

// An engine thread calling into Python needs a Python thread state. Without one of its own, each GIL acquisition
// would create and destroy one (pybind11's gil_scoped_acquire), about 9 microseconds a call: most of a Python
// strategy's cost. Each engine thread makes one on its first call and keeps it until it ends.
class ThreadState {
 public:
  ThreadState() = default;
  ThreadState(const ThreadState&) = delete;
  ThreadState& operator=(const ThreadState&) = delete;
  ThreadState(ThreadState&&) = delete;
  ThreadState& operator=(ThreadState&&) = delete;
  ~ThreadState() {
    if (state_ == nullptr || Py_IsInitialized() == 0) return;
    PyEval_RestoreThread(state_);
    PyThreadState_Clear(state_);
    PyThreadState_DeleteCurrent();
  }
  void ensure() {
    // Registered as this thread's (PyGILState) by PyThreadState_New, which needs no GIL.
    if (state_ == nullptr && PyGILState_GetThisThreadState() == nullptr)
      state_ = PyThreadState_New(PyInterpreterState_Main());
  }

 private:
  PyThreadState* state_ = nullptr;
};

// The GIL, on a thread that keeps its thread state.
class Gil {
 private:
  static bool prepared() {
    thread_local ThreadState state;
    state.ensure();
    return true;
  }
  // Members are made in order: the thread state first, so that pybind11 finds it and only takes the lock.
  bool prepared_ = prepared();
  py::gil_scoped_acquire acquire_;
};

class PyStrategy final : public CustomStrategy {
 public:
  explicit PyStrategy(py::object instance)
      : instance_(std::move(instance)),
        begin_(instance_.attr("_parley_begin")),
        respond_(instance_.attr("_parley_respond")),
        propose_(instance_.attr("_parley_propose")) {
    name_ = instance_.attr("_parley_name")().cast<std::string>();
  }
  PyStrategy(const PyStrategy&) = delete;
  PyStrategy& operator=(const PyStrategy&) = delete;
  PyStrategy(PyStrategy&&) = delete;
  PyStrategy& operator=(PyStrategy&&) = delete;
  ~PyStrategy() override {
    // The last reference may go on an engine thread: Python's reference counts change under the GIL only.
    try {
      const Gil gil;
      begin_ = respond_ = propose_ = instance_ = py::object();
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw; the interpreter is going away
    }
  }

  [[nodiscard]] std::string name() const override { return name_; }

  void begin(const StrategyStart& start) override {
    const Gil gil;
    begin_(py::cast(start, py::return_value_policy::reference));
  }

  [[nodiscard]] bool accepts(const StrategyTurn& turn, std::size_t offer) override {
    const Gil gil;
    return respond_(turn_tuple(turn), offer).cast<bool>();
  }

  [[nodiscard]] std::optional<std::size_t> propose(const StrategyTurn& turn) override {
    const Gil gil;
    const py::object p = propose_(turn_tuple(turn));
    if (p.is_none()) return std::nullopt;
    return p.cast<std::size_t>();
  }

  [[nodiscard]] std::shared_ptr<CustomStrategy> fresh() const override {
    const Gil gil;
    return std::make_shared<PyStrategy>(instance_.attr("_parley_fresh")());
  }

 private:
  static py::tuple turn_tuple(const StrategyTurn& t) {
    const auto opt = [](const std::optional<std::size_t>& p) { return p ? py::object(py::int_(*p)) : py::none(); };
    return py::make_tuple(t.round, t.rounds, t.t, opt(t.standing), opt(t.last_other), opt(t.prev_other));
  }

  py::object instance_;
  py::object begin_, respond_, propose_;  // its methods, looked up once
  std::string name_;
};

}  // namespace

std::shared_ptr<CustomStrategy> custom_strategy(py::object instance) {
  return std::make_shared<PyStrategy>(std::move(instance));
}

void bind_strategy(py::module_& m) {
  py::class_<StrategyStart>(m, "StrategyStart")
      .def_readonly("party_id", &StrategyStart::party_id)
      .def_readonly("rounds", &StrategyStart::rounds)
      .def_readonly("reservation", &StrategyStart::reservation)
      .def_readonly("packages", &StrategyStart::packages)
      .def_readonly("issues", &StrategyStart::issues)
      .def_readonly("grids", &StrategyStart::grids)
      .def_readonly("utility", &StrategyStart::utility)
      .def_readonly("acceptable", &StrategyStart::acceptable)
      .def_readonly("ladder", &StrategyStart::ladder)
      .def_readonly("version", &StrategyStart::version);
}

}  // namespace parley::python
