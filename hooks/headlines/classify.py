"""The classification rules, applied to the data before any Markdown exists.

1. ``resolve_labels``: every item gets an effective label, its own or its parent's; an
   item less restrictive than its parent is an error.
2. ``redact``: for one audience, every item above the ceiling is removed (an attachment
   leaves a stub with its title and label; a lead-in to outcomes goes when they all go; a
   report's place among blocks is counted again); draft minutes are removed for everyone; a
   meeting left with nothing visible is removed whole. ``shown`` does it for one document,
   an earlier version of a file's too (``resolved`` gives that its labels), so that a page
   is dated by the last change its audience can see.
3. ``split_text``: by a walk of its own, the text an audience may not read (the leak
   check's needles) and the text it may (which no needle may be confused with).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .errors import DataError
from .labels import Audience, Label
from .loading import Archive, AttachedFile
from .schema import AgendaItem, Attachment, Classified, Glossary, Meeting, Paper, Section, is_vocabulary


def _children(obj: BaseModel) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield (name, i), item
        else:
            yield (name,), value


def _resolve(doc: BaseModel, problem: Callable[[tuple[Any, ...], str], None]) -> None:
    """Give every item of ``doc`` its effective label; ``problem(where, message)`` for an item
    less restrictive than its parent, or a document without its label."""

    def walk(obj: Any, parent: Label | None, loc: tuple[Any, ...]) -> None:
        if not isinstance(obj, BaseModel):
            return
        label = parent
        if isinstance(obj, Classified):
            own = obj.classification
            if own is None:
                if parent is None:  # a document without its label never validates; belt and braces
                    problem(loc, "has no classification; allowed: a label")
                    own = Label.RED
                else:
                    own = parent
            elif parent is not None and own < parent:
                problem((*loc, "classification"),
                        f"found {own.display}, less restrictive than its parent's {parent.display}; "
                        f"allowed: {parent.display} or more restrictive (or leave it out to inherit)")
                own = parent
            obj.classification = own
            label = own
        for sub, child in _children(obj):
            walk(child, label, (*loc, *sub))

    walk(doc, None, ())


def resolve_labels(archive: Archive) -> list[DataError]:
    """Give every item its effective label; report any item less restrictive than its parent."""
    errors: list[DataError] = []
    for key, doc in archive.labelled():
        _resolve(doc, lambda loc, message, key=key: errors.append(archive.sources[key].error(loc, message)))
    return errors


def resolved(doc: Meeting | Paper | Glossary) -> bool:
    """``doc``'s labels resolved as ``resolve_labels`` does; False where one is a problem."""
    problems: list[str] = []
    _resolve(doc, lambda loc, message: problems.append(message))
    return not problems


def strings(obj: Any) -> Iterator[str]:
    """Every piece of text an object holds, however deep (labels and enums excepted)."""
    if isinstance(obj, str) and not isinstance(obj, Label):
        if not hasattr(obj, "value"):  # str-valued enums are vocabulary, not content
            yield obj
    elif isinstance(obj, BaseModel):
        # Only what the editor wrote: a default ("Meeting Headlines") is the schema's text, not the document's.
        for name in type(obj).model_fields:
            if name in obj.model_fields_set and not is_vocabulary(type(obj), name):
                yield from strings(getattr(obj, name))
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
    """One audience's view of the archive."""

    audience: Audience
    archive: Archive


def _redact(obj: Any, ceiling: Label) -> Any:
    if isinstance(obj, Classified) and obj.classification is not None and obj.classification > ceiling:
        return obj.withheld()
    if not isinstance(obj, BaseModel):
        return obj
    updates: dict[str, Any] = {}
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, list):
            new = [kept for kept in (_redact(item, ceiling) for item in value) if kept is not None]
            if len(new) != len(value) or any(a is not b for a, b in zip(new, value)):
                updates[name] = new
        elif isinstance(value, BaseModel):
            new_value = _redact(value, ceiling)
            if new_value is not value:
                updates[name] = new_value
    if isinstance(obj, AgendaItem) and obj.outcomes_intro is not None and not updates.get("outcomes", obj.outcomes):
        updates["outcomes_intro"] = None  # a lead-in to no outcomes: it goes with them
    if isinstance(obj, Section) and obj.report_after is not None and "blocks" in updates:
        # The figures keep their place after the same blocks, counting only those kept.
        updates["report_after"] = sum(_redact(b, ceiling) is not None for b in obj.blocks[:obj.report_after])
    return obj.model_copy(update=updates) if updates else obj


def _minutes_published(meeting: Meeting, approved: Collection[str]) -> bool:
    minutes = meeting.minutes
    return minutes is not None and (minutes.status == "approved" or meeting.id in approved)


def released(doc: Any, today: dt.date) -> bool:
    """Past its embargo date (or without one)."""
    after = getattr(doc, "publish_after", None)
    return after is None or after <= today


def approvals_of(archive: Archive) -> dict[str, str]:
    """Meeting ID whose minutes were approved, to the meeting that approved them. An approval
    may name a meeting by an ID it had before ('formerly')."""
    out: dict[str, str] = {}
    for meeting in archive.meetings.values():
        for item, _ in meeting.agenda_items():
            for approved in item.approves_minutes:
                out.setdefault(approved, meeting.id)
    for meeting in archive.meetings.values():
        for old in meeting.former_ids:
            if old in out:
                out.setdefault(meeting.id, out[old])
    return out


def shown(doc: Meeting | Paper | Glossary, audience: Audience, today: dt.date,
          approved: Collection[str]) -> Meeting | Paper | Glossary | None:
    """What ``audience`` sees of one document (or the glossary), its labels resolved; None
    where it sees nothing. ``approved``: the meetings whose minutes another meeting approved
    (``approvals_of``).

    Draft minutes and embargoed documents are removed for everyone; a meeting left with
    nothing visible goes whole."""
    if isinstance(doc, Glossary):
        return _redact(doc, audience.ceiling)
    if isinstance(doc, Paper):
        return _redact(doc, audience.ceiling) if released(doc, today) else None
    meeting = doc
    if meeting.minutes is not None and not _minutes_published(meeting, approved):
        meeting = meeting.model_copy(update={"minutes": None})
    for part in ("headlines", "minutes"):
        part_doc = getattr(meeting, part)
        if part_doc is not None and not released(part_doc, today):
            meeting = meeting.model_copy(update={part: None})
    kept = _redact(meeting, audience.ceiling)
    return kept if kept.headlines is not None or kept.minutes is not None else None


def redact(archive: Archive, audience: Audience, today: dt.date) -> Redaction:
    """The archive as ``audience`` may see it (``shown``); nothing above its ceiling survives."""
    approved = set(approvals_of(archive))
    meetings = {mid: kept for mid, meeting in archive.meetings.items()
                if (kept := shown(meeting, audience, today, approved)) is not None}
    papers = {pid: kept for pid, paper in archive.papers.items()
              if (kept := shown(paper, audience, today, approved)) is not None}
    glossary = shown(archive.glossary, audience, today, approved) if archive.glossary is not None else None
    # The files of the attachments shown, and no other: a withheld attachment names none.
    files = {(pid, a.file): archive.files[(pid, a.file)]
             for pid, paper in papers.items() for a in paper.attachments if (pid, a.file) in archive.files}
    view = Archive(committees=archive.committees, constituencies=archive.constituencies, glossary=glossary,
                   measures=archive.measures,
                   meetings=meetings, papers=papers, sources=archive.sources, files=files)
    return Redaction(audience, view)


def split_files(archive: Archive, audience: Audience,
                today: dt.date) -> tuple[list[tuple[AttachedFile, Withheld]], list[AttachedFile]]:
    """The files of the attachments ``audience`` may not see, each with what it is, and those it
    may: by a walk of its own, as ``split_text``'s, so that the output check that looks for
    their bytes does not take its idea of what is withheld from ``redact``."""
    withheld, shown = [], []
    for paper in archive.papers.values():
        for attachment in paper.attachments:
            if attachment.file is None or (paper.id, attachment.file) not in archive.files:
                continue
            label = Label.or_red(attachment.classification)
            label = max(label, paper.classification)
            attached = archive.files[(paper.id, attachment.file)]
            if label > audience.ceiling or not released(paper, today):
                withheld.append((attached, Withheld(f"{paper.id} {attachment.id} (the file {attachment.file})", label,
                                                    ())))
            else:
                shown.append(attached)
    return withheld, shown


def _own_text(obj: BaseModel, skip: frozenset[str] = frozenset()) -> list[str]:
    """Text held directly by an object, not by the classified items inside it."""
    out: list[str] = []
    for name in type(obj).model_fields:
        if name in skip or name not in obj.model_fields_set or is_vocabulary(type(obj), name):
            continue
        value = getattr(obj, name)
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, Classified):
                out.extend(strings(item))
    return out


def split_text(archive: Archive, audience: Audience, today: dt.date,
               only: set[str] | None = None) -> tuple[list[Withheld], list[str]]:
    """What ``audience`` may not read and what it may, by a walk of its own over the full archive
    (or, with ``only``, over those documents alone: the preview's fast path).

    Deliberately independent of ``redact``: the leak check built on it still catches a
    redaction bug, because its idea of what is withheld never came from the redaction."""
    ceiling = audience.ceiling
    approved = set(approvals_of(archive))
    withheld: list[Withheld] = []
    allowed: list[str] = []

    def walk(obj: BaseModel, where: str, hidden: Label | None, skip: frozenset[str] = frozenset()) -> None:
        if isinstance(obj, Classified) and obj.classification is not None and obj.classification > ceiling:
            hidden = hidden or obj.classification
        if isinstance(obj, Attachment):  # an attachment's name belongs to its paper, as its stub shows
            skip = skip | {"id", "title"}
        own = _own_text(obj, skip)
        if hidden is None:
            allowed.extend(own)
        elif own:
            withheld.append(Withheld(where, hidden, tuple(own)))
        for name in type(obj).model_fields:
            if name in skip:
                continue
            value = getattr(obj, name)
            listed = isinstance(value, list)
            for i, item in enumerate(value if listed else [value]):
                if isinstance(item, BaseModel):
                    walk(item, f"{where}.{name}" + (f"[{i}]" if listed else ""), hidden)

    for meeting in archive.meetings.values():
        if only is not None and meeting.id not in only:
            continue
        visible = False
        for name, doc in meeting.parts():
            draft = name == "minutes" and not _minutes_published(meeting, approved)
            embargoed = not released(doc, today)
            hidden = doc.classification if (draft or embargoed or doc.classification > ceiling) else None
            visible = visible or hidden is None
            walk(doc, f"{meeting.id}.{name}" + (" (draft)" if draft else " (embargoed)" if embargoed else ""), hidden)
        # The meeting's own fields (ID, date note) show when any of its documents does.
        least = min(d.classification for _, d in meeting.parts())
        walk(meeting, meeting.id, None if visible else max(least, Label.GREEN), frozenset({"headlines", "minutes"}))
    for paper in archive.papers.values():
        if only is not None and paper.id not in only:
            continue
        walk(paper, paper.id, None if released(paper, today) else paper.classification)
    if only is not None:
        return withheld, allowed
    if archive.glossary is not None:
        walk(archive.glossary, "glossary", None)
    for committee in archive.committees.values():
        allowed.extend(strings(committee))
    allowed.extend(archive.constituencies)
    for measure in archive.measures.values():
        allowed.extend(strings(measure))
    return withheld, allowed


def named_label(doc: Meeting | Paper) -> Label:
    """The label under which a document's name and date are known on a site: a meeting's is its
    least restrictive part's (public headlines make the meeting public), a paper's its own.
    What a link to the document, or a calendar's entry for the meeting, is marked with."""
    labels = [doc.classification] if isinstance(doc, Paper) else [part.classification for _, part in doc.parts()]
    return min(map(Label.or_red, labels), default=Label.RED)  # fail closed


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


