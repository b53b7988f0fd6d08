#!/usr/bin/env bash
# Set up (once) and build both sites from data/: site/public and site/parties.
# Usage: bash scripts/build.sh            build both sites
#        bash scripts/build.sh serve      serve the public site on 127.0.0.1:8000
#        bash scripts/build.sh serve-parties   serve the SEC Parties site on 127.0.0.1:8001
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh requirements.txt
case "${1:-build}" in
  build)
    .venv/bin/mkdocs build --strict
    .venv/bin/mkdocs build --strict -f mkdocs.parties.yml
    echo "Built site/public (WHITE only) and site/parties (WHITE and GREEN)."
    ;;
  serve) exec .venv/bin/mkdocs serve -a 127.0.0.1:8000 ;;
  # Its documents' public pages are linked on the public preview (serve, above).
  serve-parties) HEADLINES_PUBLIC_URL=http://127.0.0.1:8000/ exec .venv/bin/mkdocs serve -f mkdocs.parties.yml \
    -a 127.0.0.1:8001 ;;
  *) echo "usage: $0 [build|serve|serve-parties]" >&2; exit 2 ;;
esac
