#!/usr/bin/env bash
# Set up (once) and run every test. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh requirements-test.txt
exec .venv/bin/python -m pytest "$@"
