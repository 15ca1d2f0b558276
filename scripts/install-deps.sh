#!/usr/bin/env bash
# Installs everything parley needs to build, test and benchmark: Debian's packages (PostgreSQL's server among
# them, for the tests of `parley serve` on PostgreSQL), then the npm packages of the front-ends
# (web/package-lock.json). Safe to run again: what is already there is kept.
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache pkg-config git dpkg-dev
  clang clang-format clang-tidy libclang-rt-14-dev
  libyaml-dev libcli11-dev libpugixml-dev libsqlite3-dev
  libcpp-httplib-dev libpq-dev postgresql
  libopenmpi-dev openmpi-bin
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-dev pybind11-dev python3-pybind11 python3-pandas python3-pytest
  jupyter-nbconvert python3-nbclient python3-ipykernel
  chromium fonts-dejavu-core
)
# Node.js and npm build the report page (web/); a machine that has them from elsewhere keeps its own.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present"
fi

# The report page's chart library, its bundler and the browser driver of its tests, as the lock file pins them.
web=$(cd "$(dirname "$0")/../web" && pwd)
if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci in web/"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "install-deps: web/node_modules up to date"
fi
