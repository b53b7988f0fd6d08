"""``python -m headlines``: the same as the ``headlines`` command."""

from .cli import main

raise SystemExit(main())
