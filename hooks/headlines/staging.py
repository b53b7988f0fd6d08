"""Build into a fresh sibling folder; swap it into place only when the build succeeded.

A failed build (bad data, a leak, a warning under ``--strict``) leaves the last good site
exactly as it was, and no build ever leaves stale files from an earlier one. Where Linux
can (``_exchange``), the new site and the old change places in one step: a server reading
the folder meanwhile finds one whole site or the other, never no folder at all.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
"""From Linux's ``<fcntl.h>`` and ``<linux/fs.h>``: paths from the working folder; swap the two."""


def _exchange(a: Path, b: Path) -> bool:
    """``a`` and ``b`` swapped in one step (``renameat2`` with ``RENAME_EXCHANGE``): True when
    done, False where the system or the filesystem cannot (not Linux, a C library or kernel
    without it, a filesystem that refuses it)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def make_staging(site_dir: Path) -> Path:
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging``: in one step where ``_exchange`` can, else with two
    renames on one filesystem (between them, for a moment, there is no ``site_dir``)."""
    site_dir = Path(site_dir).resolve()
    os.chmod(staging, 0o755)
    if not site_dir.exists():
        os.rename(staging, site_dir)
    elif _exchange(staging, site_dir):
        shutil.rmtree(staging, ignore_errors=True)  # the old site, now where the new one was built
    else:
        retired = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.retired-", dir=site_dir.parent))
        os.rename(site_dir, retired / "site")
        os.rename(staging, site_dir)
        shutil.rmtree(retired, ignore_errors=True)


def discard(staging: Path | None) -> None:
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
