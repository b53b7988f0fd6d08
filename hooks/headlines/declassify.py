"""The declassification guard: a change that lowers a label must carry a record of why.

Compared with a base git revision, an item is lowered when its effective label at the same
place in the same document is less restrictive now (GREEN to WHITE, AMBER to anything), or
when a passage of text that stood only at a higher label now stands at a lower one (GREEN
wording moved into a WHITE paragraph). A document with a lowering must add a new entry to
its ``declassified`` list (date, decision, by). Raising a label needs no record. A document
given a new ID is compared with itself under the IDs it had (``formerly``).
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .classify import _own_text
from .errors import DataError, DataErrors
from .labels import Label
from .loading import Archive, load_archive
from .schema import Classified, Document

MIN_PASSAGE = 20


def _documents(archive: Archive) -> Iterator[tuple[str, tuple[Any, ...], Document]]:
    """(source key, location of the document in its file, document) for every labelled document."""
    for meeting in archive.meetings.values():
        for part, doc in meeting.parts():
            yield meeting.id, (part,), doc
    for paper in archive.papers.values():
        yield paper.id, (), paper
    if archive.glossary is not None:
        yield "glossary", (), archive.glossary


def _nodes(obj: BaseModel, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], BaseModel]]:
    yield loc, obj
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, BaseModel):
                yield from _nodes(item, (*loc, name, i) if isinstance(value, list) else (*loc, name))


def _labels(archive: Archive) -> tuple[dict[tuple[Any, ...], Label], dict[str, tuple[Label, str, tuple[Any, ...]]]]:
    """Effective label by (key, location); and each passage's least restrictive label and place."""
    by_place: dict[tuple[Any, ...], Label] = {}
    by_text: dict[str, tuple[Label, str, tuple[Any, ...]]] = {}
    for key, doc_loc, doc in _documents(archive):
        for loc, node in _nodes(doc, doc_loc):
            if not isinstance(node, Classified) or node.classification is None:
                continue
            by_place[(key, *loc)] = node.classification
            for text in _own_text(node):
                if len(text) >= MIN_PASSAGE:
                    known = by_text.get(text)
                    if known is None or node.classification < known[0]:
                        by_text[text] = (node.classification, key, loc)
    return by_place, by_text


def _records(archive: Archive) -> dict[tuple[str, tuple[Any, ...]], list[Any]]:
    return {(key, loc): [r.model_dump() for r in doc.declassified] for key, loc, doc in _documents(archive)}


def extract(root: Path, rev: str, folder: str, into: Path) -> bool:
    """Write ``folder`` as it was at git revision ``rev`` under ``into``; False when the
    revision had no such folder. Raises ``ValueError`` when git cannot read the revision."""
    try:
        tar = subprocess.run(["git", "archive", "--format=tar", rev, folder], cwd=root, capture_output=True,
                             check=True, timeout=120).stdout
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode(errors="replace").strip()
        if "did not match any files" in message:
            return False
        raise ValueError(f"git cannot read {rev!r}: {message}") from None
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive_file:
        archive_file.extractall(into, filter="data")
    return True


def base_archive(root: Path, rev: str) -> Archive | None:
    """The data as it was at ``rev``, read as far as its labels need (a rule tightened since,
    on dates or actions, say, does not stop the comparison); None when the revision had no
    data folder."""
    with tempfile.TemporaryDirectory() as tmp:
        if not extract(root, rev, "data", Path(tmp)):
            return None
        return load_archive(Path(tmp) / "data", labels_only=True)


def check_declassification(root: Path, rev: str, archive: Archive) -> list[DataError]:
    try:
        base = base_archive(root, rev)
    except ValueError as exc:
        return [DataError("data", None, None, "", f"cannot compare with {rev}: {exc}")]
    except DataErrors as exc:
        count = len(exc.errors)
        return [DataError("data", None, None, "", f"the data at {rev} does not validate ({count} "
                                                  f"problem{'s' if count != 1 else ''}), so lowered labels cannot "
                                                  "be checked; compare with another revision")]
    if base is None:
        return []
    base_places, base_texts = _labels(base)
    new_places, new_texts = _labels(archive)
    base_records, new_records = _records(base), _records(archive)

    # A document given a new ID is compared with itself under the IDs it had ('formerly').
    keys_at_base = {doc.id: (doc.id, *doc.former_ids) for doc in archive.documents()}

    def document_of(key: str, loc: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
        return key, loc[:1] if loc and loc[0] in ("headlines", "minutes") else ()

    lowered: dict[tuple[str, tuple[Any, ...]], list[tuple[tuple[Any, ...], str]]] = {}
    for (key, *loc), label in new_places.items():
        before = next((base_places[(old, *loc)] for old in keys_at_base.get(key, (key,))
                       if (old, *loc) in base_places), None)
        if before is not None and label < before:
            lowered.setdefault(document_of(key, tuple(loc)), []).append(
                (tuple(loc), f"lowered from {before.display} to {label.display} since {rev}"))
    for text, (label, key, loc) in new_texts.items():
        before = base_texts.get(text)
        if before is not None and label < before[0]:
            lowered.setdefault(document_of(key, loc), []).append(
                (loc, f"holds text that was {before[0].display} at {rev} (in {before[1]}), now {label.display}"))

    errors = []
    for (key, doc_loc), findings in sorted(lowered.items(), key=lambda kv: str(kv[0])):
        had = [r for old in keys_at_base.get(key, (key,)) for r in base_records.get((old, doc_loc), [])]
        added = [r for r in new_records.get((key, doc_loc), []) if r not in had]
        if added:
            continue
        source = archive.sources[key]
        seen = set()
        for loc, message in findings:
            if loc in seen:
                continue
            seen.add(loc)
            errors.append(source.error((*loc, "classification"), f"{message}; allowed: only with a new "
                                       f"declassification record in this document "
                                       f"({'.'.join(map(str, doc_loc)) + '.' if doc_loc else ''}declassified: "
                                       "date, decision, by)"))
    return errors
