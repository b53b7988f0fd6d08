# Sourced by build.sh and test.sh: a virtual environment in .venv with the pinned packages.
# Needs Python 3.11 (python3.11, or python3 when that is 3.11).
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "Python 3.11 is required; found $("$PYTHON" --version 2>&1) at $PYTHON" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat "$1" requirements.txt pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$1"
  # The editors' command, 'headlines', from hooks/headlines (editable: edits take effect at once).
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  touch "$stamp"
fi
