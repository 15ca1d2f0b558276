"""Long calls: progress, Ctrl-C, the GIL released, and no leak under repeated calls."""

import os
import resource
import signal
import threading
import time

import pytest

from conftest import GENEVA


def test_progress_is_reported_by_phase(parley, geneva):
    seen = []
    geneva.sweep(draws=3000, progress=lambda phase, done, total: seen.append((phase, done, total)))
    assert seen and all(phase == "draws" for phase, _, _ in seen)
    assert seen[-1][1] == seen[-1][2] == 3000
    with pytest.raises(TypeError):
        geneva.sweep(draws=10, progress=42)


def test_a_raising_progress_callback_stops_the_task(parley, geneva):
    def stop(phase, done, total):
        raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        geneva.stability(coalitions="all", progress=stop)


def test_ctrl_c_cancels_a_long_sweep_promptly(parley, geneva):
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        geneva.sweep(draws=250_000, analysis="forecast", issue="territory", threads=1)
    elapsed = time.monotonic() - started
    timer.join()
    # 250,000 draws take seconds; a stop takes effect within one batch of 1,000. A generous bound: this is about a hang,
    # not speed.
    assert elapsed < 30


def test_the_gil_is_released_during_a_task(parley, geneva):
    done = threading.Event()
    ticks = 0

    def work():
        geneva.sweep(draws=20000, threads=1)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    assert ticks > 10  # Python ran here while the sweep ran there


def test_two_threads_run_tasks_at_once(parley, geneva):
    results = {}

    def run(name, seed):
        results[name] = geneva.sweep(draws=3000, seed=seed, threads=1).to_dict()

    threads = [threading.Thread(target=run, args=(k, k + 1)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == geneva.sweep(draws=3000, seed=1, threads=1).to_dict()
    assert results[1]["parley"]["options"]["seed"] == 2


def test_repeated_calls_do_not_leak(parley):
    s = parley.load(GENEVA)
    for _ in range(30):
        s.analyze().to_dict()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(300):
        r = s.analyze()
        r.to_dict()
        r.issues[0].median
        parley.load(GENEVA)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert after - before < 50_000  # KiB: 300 calls keep nothing
