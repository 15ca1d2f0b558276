#!/usr/bin/env bash
# Installs the Python package `parley` built in BUILD/python (cmake --build BUILD) for every python3 of this machine
# whose extension modules it can load: Debian's /usr/bin/python3 (with whose pybind11 it was built, and whose
# python3-pandas to_pandas() uses) and the python3 first on PATH when it is another CPython of the same version.
# Each gets a copy under its own site-packages (sysconfig's platlib), so that `import parley` works in a fresh
# interpreter with no PYTHONPATH. Run again after a rebuild; `--uninstall` removes the copies.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[ "${1:-}" = --uninstall ] && build=$root/build
package=$build/python/parley
if [ "${1:-}" != --uninstall ] && ! ls "$package"/_parley*.so >/dev/null 2>&1; then
  echo "install-python: $package has no extension module: build first (cmake --build $build)" >&2
  exit 1
fi
suffix=$(cd "$package" 2>/dev/null && ls _parley*.so 2>/dev/null | sed 's/^_parley//' | head -n 1 || true)
declare -A done_dirs=()
for py in /usr/bin/python3 "$(command -v python3 || true)"; do
  [ -n "$py" ] && [ -x "$py" ] || continue
  read -r site ext < <("$py" -c "import sysconfig; print(sysconfig.get_path('platlib'), sysconfig.get_config_var('EXT_SUFFIX'))")
  [ -n "${done_dirs[$site]:-}" ] && continue
  done_dirs[$site]=1
  if [ "${1:-}" = --uninstall ]; then
    rm -rf "$site/parley" && echo "install-python: removed $site/parley"
    continue
  fi
  if [ "$ext" != "$suffix" ]; then
    echo "install-python: skipping $py: it loads $ext modules, the build made $suffix"
    continue
  fi
  mkdir -p "$site"
  rm -rf "$site/parley.new"
  cp -r "$package" "$site/parley.new"
  rm -rf "$site/parley"
  mv "$site/parley.new" "$site/parley"
  (cd / && env -u PYTHONPATH "$py" -c "import parley; print('install-python: parley', parley.__version__, 'for', '$py', 'in', '$site')")
done
