#!/usr/bin/env bash
# Builds the Debian package from a configured build (cmake/packaging.cmake), unpacks it with dpkg -x into a
# scratch root (no installation on this machine), and runs the packaged parley on the packaged Geneva example
# and its man page.
#   scripts/check-package.sh BUILD
set -euo pipefail
build=${1:?usage: check-package.sh BUILD}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build="$root/$build" ;; esac
cd "$build"
rm -f parley_*.deb
cpack -G DEB >/dev/null
deb=$(ls parley_*_*.deb)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\):/package: \1:/p'
dpkg -x "$deb" "$scratch"
bin="$scratch/usr/bin/parley"
doc="$scratch/usr/share/doc/parley"
for f in "$doc/examples/geneva.yaml" "$doc/LICENSE" "$doc/THIRD_PARTY.md" "$doc/docs/scenario-format.md" \
         "$scratch/usr/share/man/man1/parley.1" "$scratch/usr/share/man/man1/parley-analyze.1"; do
  [ -s "$f" ] || { echo "package: $deb lacks ${f#"$scratch"}"; exit 1; }
done
"$bin" --version
"$bin" analyze "$doc/examples/geneva.yaml" >"$scratch/analyze.txt"
grep -q "territory" "$scratch/analyze.txt" || { echo "package: the packaged parley's analysis names no issue"; exit 1; }
grep -qF -- '\-\-max\-pareto' "$scratch/usr/share/man/man1/parley-analyze.1" ||
  { echo "package: parley-analyze(1) does not list --max-pareto"; exit 1; }
echo "package: $deb ($(du -k "$deb" | cut -f1) KiB) unpacks and runs: $("$bin" --version)"
