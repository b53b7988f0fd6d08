#!/usr/bin/env bash
# Set up (once) and run every test. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh requirements-test.txt

# System packages the tests use: nginx and openssl (the access-control test, over HTTPS with a
# certificate of its own), git (history, the guard), ssh and rsync (the deploy step: how its
# options are read, and its copy to a folder standing in for the host) and chromium (the
# browser tests; Playwright drives it, and never downloads a browser of its own).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v git >/dev/null 2>&1 || need+=(git)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v rsync >/dev/null 2>&1 || need+=(rsync)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "The tests need: ${need[*]}. Install them: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  # Keep the package from starting nginx's default server on port 80: the tests start their own.
  policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  if [ -n "$policy_added" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
exec .venv/bin/python -m pytest "$@"
