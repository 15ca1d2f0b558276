"""The pytest suite of the Python package (docs/python.md): run by ctest (`python_api`) against the package built in
BUILD/python, and the binary of the same build for the CLI comparisons."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("PARLEY_BUILD", ROOT / "build"))
sys.path.insert(0, str(BUILD / "python"))

EXAMPLES = ROOT / "examples"
GENEVA = EXAMPLES / "geneva.yaml"
CHICKEN = EXAMPLES / "chicken.yaml"


def cli(*args, check=True):
    """parley's command line of the same build: (exit code, stdout, stderr)."""
    p = subprocess.run([str(BUILD / "parley"), *map(str, args)], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"parley {' '.join(map(str, args))}: exit {p.returncode}\n{p.stderr}")
    return p.returncode, p.stdout, p.stderr


def cli_json(*args):
    return json.loads(cli(*args, "--format", "json")[1])


@pytest.fixture(scope="session")
def parley():
    import parley as module
    return module


@pytest.fixture(scope="session")
def geneva(parley):
    return parley.load(GENEVA)
