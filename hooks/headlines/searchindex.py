"""The search index: Pagefind, run over the built pages before the leak check reads them.

Pagefind splits its index into chunks by word and keeps each page's text in a fragment of
its own, so a browser fetches only the chunks for the words searched and the fragments of
the results it shows: the download stays small however large the archive grows. Only the
element marked ``data-pagefind-body`` (the article, see ``theme/overrides/main.html``) is
indexed; the classification banners are marked ``data-pagefind-ignore``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"


def build_index(site_dir: Path) -> None:
    """Write the index into ``site_dir/pagefind``. Raises RuntimeError with Pagefind's output on failure."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
                             "--exclude-selectors", ".headerlink", "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed ({result.returncode}):\n{result.stdout}\n{result.stderr}".strip())
