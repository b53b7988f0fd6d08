"""Headlines: YAML meeting and paper data turned into classified MkDocs sites.

Modules, in the order data flows through them:
``labels`` (the Panel Information Policy), ``yamlsource`` (YAML with positions),
``schema`` (the one declared data model), ``loading`` (files to an ``Archive``),
``classify`` (effective labels, redaction per audience, leak needles),
``render`` (Jinja templates to Markdown), ``searchindex`` (Pagefind over the built pages),
``leakcheck`` (scanning the output), ``staging`` (atomic swap of a finished site),
``preview`` (the fast path of ``mkdocs serve``), ``plugin`` (the MkDocs events).
Beside them, for editors: ``cli`` (the ``headlines`` command), ``declassify`` (the guard
against lowered labels), ``changes`` (what a change publishes on each site).
"""

from __future__ import annotations

__version__ = "0.1.0"
