"""The classification rules, applied to the data before any Markdown exists.

1. ``resolve_labels``: every item gets an effective label, its own or its parent's; an
   item less restrictive than its parent is an error.
2. ``redact``: for one audience, every item above the ceiling is removed (an attachment
   leaves a stub with its title and label); draft minutes are removed for everyone; a
   meeting left with nothing visible is removed whole.
3. What was removed becomes the leak check's needles; what was kept is the audience's
   published text, which no needle may be confused with.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .errors import DataError
from .labels import Audience, Label
from .loading import Archive
from .schema import Classified, Meeting, Paper


def _children(obj: BaseModel) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield (name, i), item
        else:
            yield (name,), value


def resolve_labels(archive: Archive) -> list[DataError]:
    """Give every item its effective label; report any item less restrictive than its parent."""
    errors: list[DataError] = []

    def walk(obj: Any, parent: Label | None, loc: tuple[Any, ...], doc_id: str) -> None:
        if not isinstance(obj, BaseModel):
            return
        label = parent
        if isinstance(obj, Classified):
            own = obj.classification
            if own is None:
                if parent is None:  # a document without its label never validates; belt and braces
                    errors.append(archive.sources[doc_id].error(loc, "has no classification; allowed: a label"))
                    own = Label.RED
                else:
                    own = parent
            elif parent is not None and own < parent:
                errors.append(archive.sources[doc_id].error(
                    (*loc, "classification"),
                    f"found {own.display}, less restrictive than its parent's {parent.display}; "
                    f"allowed: {parent.display} or more restrictive (or leave it out to inherit)",
                ))
                own = parent
            obj.classification = own
            label = own
        for sub, child in _children(obj):
            walk(child, label, (*loc, *sub), doc_id)

    for doc in archive.documents():
        walk(doc, None, (), doc.id)
    return errors


def strings(obj: Any) -> Iterator[str]:
    """Every piece of text an object holds, however deep (labels and enums excepted)."""
    if isinstance(obj, str) and not isinstance(obj, Label):
        if not hasattr(obj, "value"):  # str-valued enums are vocabulary, not content
            yield obj
    elif isinstance(obj, BaseModel):
        for _, child in _children(obj):
            yield from strings(child)
    elif isinstance(obj, (list, tuple)):
        for child in obj:
            yield from strings(child)
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool) and abs(obj) >= 10_000:
        yield f"{obj:,}"


@dataclass(frozen=True)
class Withheld:
    """Text of one removed item: what the leak check looks for in every output file."""

    where: str
    label: Label
    texts: tuple[str, ...]


@dataclass
class Redaction:
    """One audience's view of the archive, and what was taken out to make it."""

    audience: Audience
    archive: Archive
    withheld: list[Withheld] = field(default_factory=list)


def _redact(obj: Any, ceiling: Label, where: str, withheld: list[Withheld]) -> Any:
    if isinstance(obj, Classified) and obj.classification is not None and obj.classification > ceiling:
        stub = obj.withheld()
        kept = set(strings(stub)) if stub is not None else set()
        texts = tuple(t for t in strings(obj) if t not in kept)
        withheld.append(Withheld(where, obj.classification, texts))
        return stub
    if not isinstance(obj, BaseModel):
        return obj
    updates: dict[str, Any] = {}
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, list):
            new = []
            for i, item in enumerate(value):
                kept = _redact(item, ceiling, f"{where}.{name}[{i}]", withheld)
                if kept is not None:
                    new.append(kept)
            if new != value or any(a is not b for a, b in zip(new, value)):
                updates[name] = new
        elif isinstance(value, BaseModel):
            new_value = _redact(value, ceiling, f"{where}.{name}", withheld)
            if new_value is not value:
                updates[name] = new_value
    return obj.model_copy(update=updates) if updates else obj


def _minutes_published(meeting: Meeting, approvals: set[str]) -> bool:
    minutes = meeting.minutes
    return minutes is not None and (minutes.status == "approved" or meeting.id in approvals)


def approvals_of(archive: Archive) -> dict[str, str]:
    """Meeting ID whose minutes were approved, to the meeting that approved them."""
    out: dict[str, str] = {}
    for meeting in archive.meetings.values():
        for part in (meeting.headlines, meeting.minutes):
            if part is None:
                continue
            stack = list(part.items)
            while stack:
                item = stack.pop()
                stack.extend(item.items)
                for approved in item.approves_minutes:
                    out.setdefault(approved, meeting.id)
    return out


def redact(archive: Archive, audience: Audience) -> Redaction:
    """The archive as ``audience`` may see it; nothing above its ceiling survives."""
    ceiling = audience.ceiling
    withheld: list[Withheld] = []
    approvals = approvals_of(archive)
    meetings: dict[str, Meeting] = {}
    for mid, meeting in archive.meetings.items():
        if meeting.minutes is not None and not _minutes_published(meeting, set(approvals)):
            withheld.append(Withheld(f"{mid}.minutes (draft)", meeting.minutes.classification,
                                     tuple(strings(meeting.minutes))))
            meeting = meeting.model_copy(update={"minutes": None})
        kept = _redact(meeting, ceiling, mid, withheld)
        if kept.headlines is None and kept.minutes is None:
            parts = [d.classification for d in (meeting.headlines, meeting.minutes) if d is not None]
            withheld.append(Withheld(mid, min(parts, default=Label.RED), tuple(strings(kept))))
            continue
        meetings[mid] = kept
    papers: dict[str, Paper] = {}
    for pid, paper in archive.papers.items():
        kept = _redact(paper, ceiling, pid, withheld)
        if kept is not None:
            papers[pid] = kept
    view = Archive(committees=archive.committees, meetings=meetings, papers=papers, sources=archive.sources)
    return Redaction(audience, view, withheld)


def page_label(obj: Any, ceiling: Label) -> Label:
    """The most restrictive visible label in ``obj``: what a page showing it is classified as."""
    best = Label.WHITE
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, Classified) and item.classification is not None and item.classification <= ceiling:
            best = max(best, item.classification)
        if isinstance(item, BaseModel):
            stack.extend(child for _, child in _children(item))
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return best


