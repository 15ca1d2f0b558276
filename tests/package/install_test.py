#!/usr/bin/env python3
"""parley as an installed C++ package (docs/api.md): `cmake --install` to a scratch prefix, then examples/cpp built
out of tree against it twice, through find_package(parley) and through pkg-config, and run on the Geneva example.
Its numbers must be the CLI's: the library and the binary are one engine."""
import argparse
import json
import os
import shutil
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--build", required=True, help="the build directory to install from")
ap.add_argument("--root", required=True)
ap.add_argument("--cmake", default="cmake")
ap.add_argument("--cxx", default="c++")
args = ap.parse_args()

work = os.path.join(os.path.abspath(args.build), "install-test")
shutil.rmtree(work, ignore_errors=True)
prefix = os.path.join(work, "prefix")
example = os.path.join(args.root, "examples", "cpp")
geneva = os.path.join(args.root, "examples", "geneva.yaml")
failures = []


def run(command, **kw):
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600, **kw)
    if proc.returncode != 0:
        sys.exit("FAIL %s (exit %d)\n%s\n%s" % (" ".join(command), proc.returncode, proc.stdout[-3000:],
                                                  proc.stderr[-3000:]))
    return proc.stdout


def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append("%s: %s" % (what, detail))


run([args.cmake, "--install", args.build, "--prefix", prefix])
libdirs = [d for d in ("lib", os.path.join("lib", "x86_64-linux-gnu")) if os.path.exists(os.path.join(prefix, d, "libparley.a"))]
check("the prefix holds lib/libparley.a, the headers, the CMake package and parley.pc",
      bool(libdirs) and os.path.exists(os.path.join(prefix, "include", "parley", "services.hpp")), os.listdir(prefix))
if failures:
    sys.exit(1)
libdir = os.path.join(prefix, libdirs[0])
check("CMake package config installed", os.path.exists(os.path.join(libdir, "cmake", "parley", "parleyConfig.cmake")))
check("no header from the source tree's internals is installed",
      sorted(os.listdir(os.path.join(prefix, "include"))) == ["parley"], os.listdir(os.path.join(prefix, "include")))
for header in os.listdir(os.path.join(prefix, "include", "parley")):
    text = open(os.path.join(prefix, "include", "parley", header)).read()
    includes = [line for line in text.splitlines() if line.startswith("#include \"")]
    check("%s includes only parley's public headers" % header,
          all(line.startswith("#include \"parley/") for line in includes), includes)

# 1. find_package(parley), out of tree.
build = os.path.join(work, "cmake-build")
run([args.cmake, "-S", example, "-B", build, "-DCMAKE_PREFIX_PATH=" + prefix, "-DCMAKE_BUILD_TYPE=Release"])
run([args.cmake, "--build", build])
by_cmake = run([os.path.join(build, "parley_example"), geneva])

# 2. pkg-config, by hand.
env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(libdir, "pkgconfig"))
flags = run(["pkg-config", "--cflags", "--libs", "--static", "parley"], env=env).split()
binary = os.path.join(work, "parley_example_pc")
run([args.cxx, "-O1", os.path.join(example, "main.cpp"), "-o", binary] + flags)
by_pkg_config = run([binary, geneva])
check("the pkg-config build prints what the CMake build prints", by_cmake == by_pkg_config,
      (by_cmake, by_pkg_config))

# The example's numbers are the CLI's.
parley = os.path.join(prefix, "bin", "parley")
analyzed = json.loads(run([parley, "analyze", geneva, "--format", "json"]))
forecast = json.loads(run([parley, "forecast", geneva, "--format", "json"]))
packages = analyzed["packages"]
check("the example reads the CLI's package counts",
      "%.0f packages, %.0f agreeable" % (packages["total"], packages["agreeable"]) in by_cmake, by_cmake)
for issue in analyzed["issues"]:
    check("the example reads issue %s's ZOPA or gap as the CLI does" % issue["id"],
          ("  %s: ZOPA" % issue["id"] if issue["zopa"]["exists"] else "  %s: gap" % issue["id"]) in by_cmake, by_cmake)
for issue in forecast["issues"]:
    state = "settled" if issue["end"]["settled"] else "NOT settled"
    check("the example reads issue %s's forecast state (%s)" % (issue["issue"], state),
          any(line.startswith("  %s: " % issue["issue"]) and state in line and " round" in line
              for line in by_cmake.splitlines()), by_cmake)
print(by_cmake)
if failures:
    print("\n".join("FAIL " + f for f in failures))
    sys.exit(1)
print("installed package: every check passed")
