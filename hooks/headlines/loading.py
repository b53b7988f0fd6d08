"""Data files to an ``Archive``: read, validated against the schema, cross-checked.

Where a file stands says what it is:
    data/committees.yml       the committees (required)
    data/constituencies.yml   the groups attendance is recorded by (optional)
    data/glossary.yml         abbreviations and their meanings (optional)
    data/measures.yml         Performance Measures: names, targets (optional)
    data/meetings/<committee>/<year>/<MEETING_ID>.yml
    data/papers/<committee>/<year>/<PAPER_ID>.yml
    data/papers/<committee>/<year>/<PAPER_ID>/<file>   a file an attachment of the paper names
Every problem in every file is collected and raised at once as ``DataErrors``.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import difflib
import functools
import gc
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import ids
from .errors import (
    HIDDEN,
    HIDDEN_IN_BMP,
    HIDDEN_PAST_BMP,
    DataError,
    DataErrors,
    did_you_mean,
    hidden_character,
)
from .schema import (
    AS_READ,
    ATTACHMENT_FILE,
    ATTACHMENT_TYPES,
    BLOCK_FIELDS,
    BLOCK_KIND_ERROR,
    BLOCK_TAGS,
    COMMITTEE_NAME,
    FIGURE_TEXT,
    FORMER_TAGS,
    REPORT_TAGS,
    UNPADDED_DATE,
    ActionReview,
    Committee,
    Committees,
    Constituencies,
    Decision,
    Glossary,
    Measure,
    Measures,
    Meeting,
    Paper,
    Pmr,
    _block_kind,
    measure_name,
    month_named,
    read_as,
)
from .workers import Worker, by_size, from_both_ends
from .yamlsource import Source, YamlError, as_typed, dotted, read_yaml

KINDS: dict[str, type[BaseModel]] = {"meetings": Meeting, "papers": Paper}
GLOSSARY = "glossary"
"""The glossary's key among the archive's sources, as a document's ID is its: its file's stem."""
SINGLETONS: dict[str, type[BaseModel]] = {
    "committees.yml": Committees,
    "constituencies.yml": Constituencies,
    "glossary.yml": Glossary,
    "measures.yml": Measures,
}
PLACES = ("data/committees.yml, data/constituencies.yml, data/glossary.yml, data/measures.yml, "
          "data/meetings/<committee>/<year>/<ID>.yml, data/papers/<committee>/<year>/<ID>.yml")
YAML_SUFFIXES = {".yml", ".yaml"}


@dataclass(frozen=True)
class AttachedFile:
    """A file an attachment names, in the data."""

    path: Path
    size: int

    @property
    def kind(self) -> str:
        """What the paper's page calls it: 'PDF', 'Excel'…"""
        return ATTACHMENT_TYPES[self.path.suffix[1:]]

    def site_path(self, paper_src: str) -> str:
        """Where it goes in a site: beside the page of its paper (``paper_src``, the page's
        source path), in the folder of that page's URL."""
        return f"{paper_src.removesuffix('.md')}/{self.path.name}"


@dataclass
class Archive:
    """Everything the data holds, checked. Redaction gives one of these per audience."""

    committees: dict[str, Committee] = field(default_factory=dict)
    constituencies: list[str] = field(default_factory=list)
    glossary: Glossary | None = None
    measures: dict[tuple[str, str | None], Measure] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    papers: dict[str, Paper] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    """Where each meeting and paper came from, by ID."""
    files: dict[tuple[str, str], AttachedFile] = field(default_factory=dict)
    """The attachments' files, by paper ID and file name (an attachment's ``file``). In an
    audience's view, only those of the attachments it is shown."""

    def documents(self) -> list[Meeting | Paper]:
        return [*self.meetings.values(), *self.papers.values()]

    def meetings_by_id(self) -> dict[str, Meeting]:
        """Each meeting under its ID and under each ID it had before ('formerly'): a paper
        whose ID names its meeting, an approval or a link naming a meeting by an old ID, names
        it still. A meeting's ID now comes first (no document's former ID is another's now,
        nor two meetings': ``_formerly_checks``)."""
        return {**{old: meeting for meeting in self.meetings.values() for old in meeting.former_ids},
                **self.meetings}

    def forget_positions(self) -> None:
        """Let go of each file's YAML values and positions: they serve the data's error
        messages, and once the data has passed its checks nothing reads them."""
        for source in self.sources.values():
            source.forget()

    def labelled(self) -> list[tuple[str, BaseModel]]:
        """Everything that carries labels, by the key of its source: documents and the glossary."""
        out: list[tuple[str, BaseModel]] = [(doc.id, doc) for doc in self.documents()]
        if self.glossary is not None:
            out.append((GLOSSARY, self.glossary))
        return out


# -- Pydantic errors, positioned ---------------------------------------------------------


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete classes an annotation may hold."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [c for arg in typing.get_args(annotation) for c in _unwrap(arg)]
    return [annotation]


def _pick(candidates: list[Any], value: Any) -> type[BaseModel] | None:
    """Which of a union's model classes ``value`` is written as: a block by its fields, a
    report by its 'kind', a former address as the one mapping there is."""
    from .schema import BulletList, Paragraph, Table

    models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
    if len(models) == 1:
        return models[0]
    if Paragraph in models:
        return {"table": Table, "bullets": BulletList}.get(_block_kind(value), Paragraph)
    if not isinstance(value, dict):
        return None
    kinds = {m: typing.get_args(m.model_fields["kind"].annotation) for m in models if "kind" in m.model_fields}
    return next((m for m, allowed in kinds.items() if value.get("kind") in allowed), None)


def _model_at(model: type[BaseModel], loc: tuple[Any, ...], value: Any) -> type[BaseModel] | None:
    """Which model class sits at ``loc`` in ``value`` (for listing allowed fields)."""
    current: Any = model  # a class, or a list item's candidates until its index is read
    for part in loc:
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) and part < len(value) else None
            if isinstance(current, list):
                current = _pick(current, value)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        value = value.get(part) if isinstance(value, dict) else None
        nxt: Any = None
        for cand in _unwrap(info.annotation):
            if typing.get_origin(cand) is list:
                nxt = _unwrap(typing.get_args(cand)[0])
                break
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                nxt = cand
                break
        current = nxt
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Pydantic's place without the union tags it puts after a list index: a list's
    ``('blocks', 1, 'bullets', 'bullets', 0)`` is the editor's ``blocks[1].bullets[0]``."""
    out: list[Any] = []
    for i, part in enumerate(loc):
        tag = (part in BLOCK_TAGS or part in REPORT_TAGS or part in FORMER_TAGS or part.startswith("function-")
               if isinstance(part, str) else False)
        if tag and i and isinstance(loc[i - 1], int):
            continue
        out.append(part)
    return tuple(out)


def _as_written(loc: tuple[Any, ...], value: Any) -> tuple[Any, ...]:
    """The place as the file writes it: a paragraph written as a plain string is read as
    ``{'text': ...}``, so Pydantic names its ``text``; the editor wrote ``paragraphs[3]``."""
    if not loc or loc[-1] != "text":
        return loc
    for part in loc[:-1]:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return loc
    return loc[:-1] if isinstance(value, str) else loc


def _colon_slip(value: Any) -> str | None:
    """The text an editor meant, where YAML read it as a one-field mapping because of a ': '
    in it: ``- Note: this paper covers April.`` gives ``Note: this paper covers April.``."""
    if not (isinstance(value, dict) and len(value) == 1):
        return None
    (key, rest), = value.items()
    if not isinstance(key, str) or isinstance(rest, (dict, list)) or rest is None:
        return None
    if re.fullmatch(r"[a-z_]+", key):
        return None  # written as a field ('txt: ...' for 'text: ...'): the field's own message says so
    return f"{key}: {rest if isinstance(rest, str) else _yaml_reading(rest)}"


def _slip_message(text: str) -> str:
    return (f"found {_found(text)}, which YAML reads as the field '{text.split(': ', 1)[0]}' because of "
            "the ': ' in it; allowed: text with ': ' in it, in quotes")


def _found(value: Any) -> str:
    """A value found, as the editor wrote it (a date as 2021-03-01, a yes-or-no value as true),
    never as Python writes it."""
    if value is None:
        return "nothing (the field is empty)"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = _yaml_reading(value) if isinstance(value, (int, float, dt.date)) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_DATE_FORMS = ("%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%A %d %B %Y", "%B %d, %Y")
"""Dates as people write them in documents (days first, as in the UK), for the hint."""


def date_hint(value: Any) -> str:
    """' (did you mean 2021-01-25?)' for '25/01/2021', '25 January 2021', '2021-1-25',
    '2021-01-25T10:00' or 20210125; '' for anything else."""
    text = str(value).strip()
    written = read_as(text, _DATE_FORMS, "%Y-%m-%d")
    if written:
        return f" (did you mean {written}?)"
    # The forms of ISO 8601 (with a time, or without dashes), and dates without their zeros.
    loose = UNPADDED_DATE.fullmatch(text)
    try:
        day = dt.date(*(int(g) for g in loose.groups())) if loose else dt.datetime.fromisoformat(text).date()
    except ValueError:
        return ""
    return f" (did you mean {day.isoformat()}?)"


_ALLOWED_BY_KIND = {
    "string_type": "text", "list_type": "a list",
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false",
    "dict_type": "a mapping of fields", "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields", "date_type": "a date as YYYY-MM-DD",
}
"""What a field of each kind takes, said as an editor writes it, for Pydantic's error types."""

PATTERNS_IN_WORDS = {
    r"^\S.*\S$|^\S$": "text, not empty, with no space at either end",
    r"^[0-9]+(\.[0-9]+)*\.?$": "an item number in quotes, like '3' or '3.1'",
    r"^[A-Z][A-Z0-9]*$": "a committee ID in capitals, like OPSG",
    r"^[a-z0-9-]+$": "small letters, digits and dashes, like 'pmr' or 'ch-returns'",
    r"^https?://": "a web address starting https:// or http://",
    FIGURE_TEXT: "a count as the paper prints it, like 2,112,776 or 2112776",
    COMMITTEE_NAME: "a name in words, with no space at either end and none of * _ ` [ ] \\, which would "
                    "read as Markdown on its pages and show as typed in calendars and feeds",
    ATTACHMENT_FILE: "a file name of letters, digits, '.', '-' and '_' (no folder), ending "
                     + ", ".join(f".{t}" for t in list(ATTACHMENT_TYPES)[:-1]) + f" or .{list(ATTACHMENT_TYPES)[-1]}",
}
"""The schema's patterns (``Field(pattern=...)``), said in words."""

_BOUNDS = {"greater_than_equal": ("ge", "a number of {} or more"), "greater_than": ("gt", "a number above {}"),
           "less_than_equal": ("le", "a number of {} or less"), "less_than": ("lt", "a number below {}")}
"""A number's bounds (``Field(ge=...)``), said in words: Pydantic's error type, its bound, the words."""

_STATUS_WORDS = {"complete": "closed", "completed": "closed", "done": "closed", "action complete": "closed",
                 "ongoing": "open", "in progress": "open", "outstanding": "open", "replaced": "superseded"}
"""An action's status as minutes often word it, for the hint where it is no near spelling of one."""

_YAML_KINDS = {bool: "a yes-or-no value", int: "a number", float: "a number", dt.date: "a date"}  # bool first


def _yaml_reading(value: bool | int | float | dt.date) -> str:
    """A scalar as the editor wrote it, near enough: ``true``, ``42``, ``2021-12-01``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, dt.date) else as_typed(value)


def positioned(source: Source, model: type[BaseModel], exc: ValidationError) -> list[DataError]:
    """Turn Pydantic's errors into editor-facing ones with file, line and column."""
    out = []
    errors = exc.errors(include_url=False)
    # A paragraph written "- Note: the DCC ..." is a mapping with one unknown field and no
    # 'text': one problem, said as what it is, in place of those two.
    slips = {tuple(e["loc"][:-1]): slip for e in errors if e["type"] == "missing" and e["loc"][-1] == "text"
             and (slip := _colon_slip(e.get("input"))) and "text" not in e["input"]}
    for err in errors:
        kind = err["type"]
        loc = tuple(err["loc"])
        if loc[:-1] in slips:
            if kind == "missing":
                out.append(source.error(_clean_loc(loc[:-1]), _slip_message(slips[loc[:-1]])))
            if kind in ("missing", "extra_forbidden"):
                continue
        # The last part of an unknown or missing field's place is the field's own name, even
        # where it reads like a block's tag (an item's 'paragraph' for 'paragraphs').
        loc = (*_clean_loc(loc[:-1]), loc[-1]) if kind in ("extra_forbidden", "missing") and loc else _clean_loc(loc)
        loc = _as_written(loc, source.value)
        slip = _colon_slip(err.get("input")) if kind in (BLOCK_KIND_ERROR, "string_type") else None
        if slip:
            out.append(source.error(loc, _slip_message(slip)))
        elif kind == "extra_forbidden":
            name = loc[-1]
            owner = _model_at(model, loc[:-1], source.value)
            allowed = list(owner.model_fields) if owner else []
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = did_you_mean(close)
            message = f"found the unknown field '{name}'{hint}; allowed: {', '.join(allowed)}"
            out.append(source.error(loc, message, key=True))
        elif kind == BLOCK_KIND_ERROR:
            value = err.get("input")
            keys = [str(k) for k in value] if isinstance(value, dict) else []
            close = [m for k in keys if k not in BLOCK_FIELDS
                     for m in difflib.get_close_matches(k, BLOCK_FIELDS, n=1, cutoff=0.75)]
            hint = did_you_mean(close)
            fields = ", ".join(f"'{k}'" for k in keys) or "none"
            out.append(source.error(loc, f"found a block with the fields {fields}{hint}; allowed: a paragraph "
                                         "(a string, or 'text:'), a table ('columns:' and 'rows:') or a list "
                                         "('bullets:')"))
        elif kind == "missing":
            out.append(source.error(loc, f"the required field '{loc[-1]}' is missing"))
        elif kind == "union_tag_not_found":
            name = str((err.get("ctx") or {}).get("discriminator", "")).strip("'")
            out.append(source.error(loc, f"the required field '{name}' is missing; it says which kind this is"))
        elif kind == "union_tag_invalid":
            # A report of a kind there is none of: said at its 'kind', with the kinds there are.
            ctx = err.get("ctx") or {}
            tag, name = str(ctx.get("tag")), str(ctx.get("discriminator", "")).strip("'")
            tags = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
            close = [t for t in tags if tag and t.startswith(tag)] or difflib.get_close_matches(tag, tags, n=1)
            hint = did_you_mean(close)
            out.append(source.error((*loc, name), f"found {tag!r}{hint}; allowed: {', '.join(tags)}"))
        else:
            msg = err["msg"].removeprefix("Value error, ")
            value = err.get("input")
            if msg.startswith("found ") or kind == "value_error":
                message = msg
            elif (kind == "int_parsing" and isinstance(value, str)
                  and re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", value.strip())):
                message = (f"found {_found(value)}; allowed: a whole number without separators "
                           f"({value.replace(',', '')})")
            elif kind in ("enum", "literal_error"):
                # One of a fixed set (a meeting's type, a decision): the set, and the closest.
                choices = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
                folded = {c.casefold(): c for c in choices}
                close = difflib.get_close_matches(str(value).casefold(), list(folded), n=1, cutoff=0.6)
                meant = _STATUS_WORDS.get(str(value).strip().casefold().rstrip("."))
                hint = did_you_mean([folded[c] for c in close] or ([meant] if meant in choices else []))
                message = f"found {_found(value)}{hint}; allowed: {', '.join(choices)}"
            elif kind.startswith("date_from_datetime") or kind in ("date_parsing", "date_type"):
                read_as = next((f", which YAML reads as {name}" for t, name in _YAML_KINDS.items()
                                if isinstance(value, t)), "")
                hint = date_hint(value)
                if not hint and isinstance(value, str) and UNPADDED_DATE.fullmatch(value):
                    message = f"found {_found(value)}, which is not a real date; allowed: a real date as YYYY-MM-DD"
                else:
                    message = f"found {_found(value)}{read_as}; allowed: a date as YYYY-MM-DD{hint}"
            elif kind == "list_type" and isinstance(value, (str, *_YAML_KINDS)):
                single = "text" if isinstance(value, str) else next(
                    name for t, name in _YAML_KINDS.items() if isinstance(value, t)).removeprefix("a ")
                message = (f"found {_found(value)}, a single {single}; allowed: a list, each entry on a line "
                           "of its own starting with '- '")
            elif kind == "string_type" and isinstance(value, (bool, int, float, dt.date)):
                kind_read = next(name for t, name in _YAML_KINDS.items() if isinstance(value, t))
                message = (f"found {_yaml_reading(value)}, which YAML reads as {kind_read}; "
                           "allowed: text (put it in quotes)")
            elif kind in _ALLOWED_BY_KIND:
                message = f"found {_found(value)}; allowed: {_ALLOWED_BY_KIND[kind]}"
            elif kind == "string_pattern_mismatch" and (err.get("ctx") or {}).get("pattern") in PATTERNS_IN_WORDS:
                message = f"found {_found(value)}; allowed: {PATTERNS_IN_WORDS[err['ctx']['pattern']]}"
            elif kind in _BOUNDS:
                bound = (err.get("ctx") or {}).get(_BOUNDS[kind][0])
                message = f"found {_found(value)}; allowed: {_BOUNDS[kind][1].format(bound)}"
            elif kind == "too_short" and isinstance(value, list):
                least = (err.get("ctx") or {}).get("min_length", 1)
                message = f"found {'an empty list' if not value else _found(value)}; allowed: a list of {least} or more"
            else:
                message = f"found {_found(value)}; {msg[0].lower()}{msg[1:]}"
            out.append(source.error(loc, message + digit_hint(value)))
    return out


def digit_hint(value: Any) -> str:
    """' (its '４', FULLWIDTH DIGIT FOUR, is not the digit 4)' for text refused that holds a
    digit of another script, which looks like one of 0 to 9 and is not (IDs, times, item
    numbers and counts take 0 to 9: an ID of '４２' would name no page anyone types); ''
    otherwise."""
    for char in value if isinstance(value, str) else "":
        if char.isdecimal() and not char.isascii():
            return f" (its {char!r}, {unicodedata.name(char, 'a digit')}, is not the digit {unicodedata.decimal(char)})"
    return ""


# -- Files to models ----------------------------------------------------------------------


def _expected(path: Path, data_dir: Path) -> tuple[str, str, str] | None:
    """(kind, committee folder, year folder) for a document file in its right place."""
    parts = path.relative_to(data_dir).parts
    if len(parts) == 4 and parts[0] in KINDS and path.suffix in YAML_SUFFIXES:
        return parts[0], parts[1], parts[2]
    return None


@dataclass(frozen=True)
class _Place:
    """The fields of a meeting or paper that ``_check_place`` reads."""

    meeting: bool
    id: str
    committee: str
    date: dt.date


_PLACE_FIELDS = ("id", "committee", "date")


@functools.cache
def _place_fields(model: type[BaseModel]) -> list[tuple[str, TypeAdapter[Any]]]:
    """Each of ``_PLACE_FIELDS`` with its type in ``model``, to be validated on its own."""
    fields = [(name, model.model_fields[name]) for name in _PLACE_FIELDS]
    return [(name, TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation))
            for name, info in fields]


def _place_of(source: Source, model: type[BaseModel]) -> _Place | None:
    """The ID, committee and date of a file its schema refused, where each is valid on its own:
    so a file in the wrong folder, or dated other than its ID, is told at once, with the
    problems that refused it, not after they are mended."""
    if not isinstance(source.value, dict):
        return None
    values = {}
    for name, adapter in _place_fields(model):
        try:
            values[name] = adapter.validate_python(source.value.get(name))
        except ValidationError:
            return None
    return _Place(model is Meeting, **values)


class _Accepted(Source):
    """A file's ``Source`` for what of it its schema accepted (``_accepted``): the value with the
    refused parts taken out, placed and named as the file writes it. ``cuts``: the parts taken
    out, in order, each a place in the value as it was then."""

    def __init__(self, source: Source, value: Any, cuts: list[tuple[Any, ...]]) -> None:
        super().__init__(source.path, value)
        self._source, self._cuts = source, cuts

    def _as_in_file(self, loc: tuple[Any, ...]) -> tuple[Any, ...]:
        """``loc`` in the file: each list entry after one taken out moves back to its own index."""
        out = list(loc)
        for cut in reversed(self._cuts):
            n = len(cut) - 1
            if (isinstance(cut[-1], int) and len(out) > n and tuple(out[:n]) == cut[:-1]
                    and isinstance(out[n], int) and out[n] >= cut[-1]):
                out[n] += 1
        return tuple(out)

    def where(self, loc: Any, *, key: bool = False) -> tuple[int | None, int | None]:
        return self._source.where(self._as_in_file(tuple(loc)), key=key)

    def error(self, loc: Any, message: str, *, key: bool = False) -> DataError:
        return self._source.error(self._as_in_file(tuple(loc)), message, key=key)


_CUT_ROUNDS = 8
"""Validations ``_accepted`` tries at most: a required field taken out is missed in the next,
and its entry or part goes then."""


def _accepted(source: Source, model: type[BaseModel], refused: ValidationError, *, as_read: bool
              ) -> tuple[_Accepted, Any] | None:
    """What of a file its schema ``refused`` accepts, as a document: each list entry holding a
    refused value taken out (a paragraph, an agenda item with a misspelt field), or the
    top-level field holding it (a time, the minutes). So the document's own checks
    (``document_checks``) are made in the same run as its schema's, on all the rest: a repeated
    item number is told with a misspelt field. An entry goes whole, not the field alone, as
    taking out a field may change what the rest means (an item without its number is a
    sub-heading, its title then its anchor) where taking out an entry leaves the rest as it
    is. None where what is refused is the document itself (its ID, its date)."""
    def at(value: Any, loc: tuple[Any, ...]) -> tuple[Any, Any] | None:
        """The container holding ``loc``'s last part, and that part; None where there is none."""
        for part in loc[:-1]:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        last = loc[-1] if loc else None
        if isinstance(value, list) and isinstance(last, int) and 0 <= last < len(value):
            return value, last
        return (value, last) if isinstance(value, dict) and last in value else None

    def order(loc: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
        return tuple((0, part) if isinstance(part, int) else (1, str(part)) for part in loc)

    value, cuts = copy.deepcopy(source.value), []
    for _ in range(_CUT_ROUNDS):
        places = set()
        for err in refused.errors(include_url=False):
            loc = _as_written(_clean_loc(tuple(err["loc"])), value)
            entries = [i for i, part in enumerate(loc) if isinstance(part, int) and at(value, loc[:i + 1])]
            loc = loc[:entries[-1] + 1] if entries else loc[:1]
            if not loc or at(value, loc) is None:
                return None  # the document itself
            places.add(loc)
        outermost = [loc for loc in places if not any(loc[:n] in places for n in range(1, len(loc)))]
        for loc in sorted(outermost, key=order, reverse=True):  # a list's later entries first: the rest stay put
            container, last = at(value, loc)  # type: ignore[misc]
            del container[last]
            cuts.append(loc)
        try:
            return _Accepted(source, value, cuts), _validated(model, value, as_read=as_read)
        except ValidationError as exc:
            refused = exc
    return None


def _check_place(doc: _Place, source: Source, folder_committee: str, folder_year: str) -> list[DataError]:
    """The file's name is its ID, its folders its committee and year, and a meeting's date the
    day and month its ID names."""
    errors = []
    stem = source.path.stem
    if stem != doc.id:
        errors.append(source.error(("id",), f"found the ID {doc.id!r} in a file named {source.path.name!r}; "
                                            f"allowed: the file name {doc.id}.yml"))
    committee = doc.id.split("_")[0]
    if doc.committee != committee:
        errors.append(source.error(("committee",), f"found {doc.committee!r}, but the ID {doc.id!r} is of {committee}; "
                                                   "allowed: the committee the ID names"))
    if folder_committee != committee.lower():  # the ID's committee: where a misspelt field is, the ID is right
        errors.append(source.error(("committee",), f"found {doc.committee!r} in the folder {folder_committee!r}; "
                                                   f"allowed: a file under {committee.lower()}/"))
    if folder_year != str(doc.date.year):
        errors.append(source.error(("date",), f"found the date {doc.date} in the folder {folder_year!r}; "
                                              f"allowed: a file under {doc.date.year}/"))
    if doc.meeting:
        ddmm = ids.meeting_ddmm(doc.id)
        if ddmm and ddmm != doc.date.strftime("%d%m"):
            errors.append(source.error(("date",), f"found {doc.date}, but the ID {doc.id} says day {ddmm[:2]} "
                                                  f"month {ddmm[2:]}; allowed: the date the ID names"))
    return errors


def document_checks(doc: Meeting | Paper, source: Source, folder_committee: str, folder_year: str) -> list[DataError]:
    """What one meeting or paper file shows on its own, past its schema: its place, no
    placeholder left in it, a heading's anchor its own, its dates in order and its decisions
    as its text records them. The full build and the preview's fast path both run these."""
    place = _Place(isinstance(doc, Meeting), doc.id, doc.committee, doc.date)
    return [*_check_place(place, source, folder_committee, folder_year), *_placeholders(doc, source),
            *_anchor_checks(doc, source), *_next_meeting_checks(doc, source), *_outcome_checks(doc, source),
            *_action_date_checks(doc, source), *_attendance_checks(doc, source), *_report_month_checks(doc, source)]


def _report_month_checks(doc: Meeting | Paper, source: Source) -> list[DataError]:
    """A Performance Measurement Report's period, where it names a month ('March 2021'), is its
    ``month``: the paper's page says the period, while the measure pages file the figures under
    the month, so one typed apart from the other put March's figures under April unseen."""
    from .figures import month_name

    errors = []
    for i, report in enumerate(doc.reports if isinstance(doc, Paper) else ()):
        named = month_named(report.period) if isinstance(report, Pmr) else None
        if named and named != report.month:
            errors.append(source.error(("reports", i, "period"), f"found the period {report.period!r} beside month: "
                                                                 f"{report.month}; allowed: the month's own period "
                                                                 f"({month_name(report.month)}), or the month {named}"))
    return errors


def _attendance_checks(doc: Meeting | Paper, source: Source) -> list[DataError]:
    """Each person is named once in a meeting's attendance: present, or sending apologies, in
    one constituency. A name copied into a second list, or twice into one, was printed twice,
    and one present and sending apologies both. Names compare as written but for case and
    spacing; the chair and the secretary are named apart, and may be among those present."""
    attendance = doc.minutes.attendance if isinstance(doc, Meeting) and doc.minutes else None
    if attendance is None:
        return []
    first: dict[str, tuple[Any, ...]] = {}
    errors = []
    for part in ("present", "apologies"):
        for i, group in enumerate(getattr(attendance, part)):
            for j, person in enumerate(group.people):
                loc = ("minutes", "attendance", part, i, "people", j)
                seen = first.setdefault(" ".join(person.casefold().split()), loc)
                if seen != loc:
                    was = "present" if seen[2] == "present" else "sending apologies"
                    errors.append(source.error(loc, f"found {person!r} again (also {was}, line "
                                                    f"{source.where(seen)[0]}); allowed: each person once, "
                                                    "present or sending apologies"))
    return errors


def _next_meeting_checks(doc: Meeting | Paper, source: Source) -> list[DataError]:
    """A meeting's next meetings come after it, each day once: the home page and the calendar
    announce them (``ical.calendar_entries``), and a second line of one day was printed twice on
    the meeting's page and left out of the calendar, which has one event a kind of meeting a day."""
    errors: list[DataError] = []
    for part, meeting_doc in doc.parts() if isinstance(doc, Meeting) else ():
        first: dict[dt.date, int] = {}
        for i, upcoming in enumerate(meeting_doc.next_meetings):
            if upcoming.date <= doc.date:
                errors.append(source.error((part, "next_meetings", i, "date"),
                                           f"found {upcoming.date}, not after this meeting's date ({doc.date}); "
                                           "allowed: a date after it"))
            if first.setdefault(upcoming.date, i) != i:
                line = source.where((part, "next_meetings", first[upcoming.date], "date"))[0]
                errors.append(source.error((part, "next_meetings", i, "date"),
                                           f"found {upcoming.date} again (also on line {line}); allowed: each "
                                           "next meeting's day once"))
    return errors


_DECISIONS_WRITTEN = re.compile(
    r"\b(" + "|".join(re.escape(d.value) for d in sorted(Decision, key=lambda d: -len(d.value))) + r")\b")
"""A decision as minutes write it, in capitals: 'NOT APPROVED' read whole, before 'APPROVED'."""


def _outcome_checks(doc: Meeting | Paper, source: Source) -> list[DataError]:
    """An outcome's decision is the one its text records: 'decision: AGREED' beside 'The OPSG
    NOTED the update.' is a slip (a copied outcome), and the data (``data.json``) would carry
    a decision the minutes do not. A text that writes no decision in capitals is left as written."""
    errors: list[DataError] = []
    for item, loc in doc.agenda_items() if isinstance(doc, Meeting) else ():
        for j, outcome in enumerate(item.outcomes):
            written = list(dict.fromkeys(_DECISIONS_WRITTEN.findall(outcome.text)))
            if written and outcome.decision.value not in written:
                records = " and ".join(written)
                errors.append(source.error((*loc, "outcomes", j, "decision"),
                                           f"found {outcome.decision.value}, but the text records {records}; "
                                           f"allowed: the decision the text records ({' or '.join(written)})"))
    return errors


def _action_date_checks(doc: Meeting | Paper, source: Source) -> list[DataError]:
    """An action's dates in the order they happen: raised no later than the meeting that
    reviews it, its target dates not before it was raised (the register sorts and marks
    overdue by them), and not superseded by itself."""
    errors: list[DataError] = []
    for item, loc in doc.agenda_items() if isinstance(doc, Meeting) else ():
        for j, action in enumerate(item.actions):
            if action.target_date and action.target_date < doc.date:
                errors.append(source.error((*loc, "actions", j, "target_date"),
                                           f"found {action.target_date}, before this meeting ({doc.date}), "
                                           f"which raises the action; allowed: a date on or after {doc.date}"))
        for j, review in enumerate(item.action_reviews):
            rloc = (*loc, "action_reviews", j)
            if review.superseded_by == review.action:
                errors.append(source.error((*rloc, "superseded_by"),
                                           f"found {review.action!r}, the action itself; allowed: the ID of "
                                           "the action that replaces it"))
            if review.raised and review.raised > doc.date:
                errors.append(source.error((*rloc, "raised"),
                                           f"found {review.raised}, after this meeting ({doc.date}), which "
                                           f"reviews the action; allowed: a date on or before {doc.date}"))
                continue  # the one slip: the target dates are not measured against it
            for name in ("target_date", "revised_target_date"):
                value = getattr(review, name)
                if review.raised and value and value < review.raised:
                    errors.append(source.error((*rloc, name),
                                               f"found {value}, before the action was raised ({review.raised}); "
                                               f"allowed: a date on or after {review.raised}"))
    return errors


def _formerly_checks(archive: Archive) -> list[DataError]:
    """A former ID is no document's ID now (that document's page stands at the address), and is
    one document's only (an ID names one meeting or paper, whatever its year): each old
    address leads to one page. The document's own ID is a former address only in a year other
    than its date's."""
    errors: list[DataError] = []
    claimed: dict[str, str] = {}  # former ID: the document that names it
    for doc in archive.documents():
        source = archive.sources[doc.id]
        named: set[tuple[str, int]] = set()  # the document's former addresses, each once
        for at, (place, entry) in enumerate(zip(doc.former_places, doc.formerly)):
            old, year = place
            in_year = "" if isinstance(entry, str) else f" in {year}"
            allowed = "an ID this document was published under before, and no document has now"
            if place == (doc.id, doc.date.year) and isinstance(entry, str):
                found = "the document's own ID"
                allowed += (f"; or, where its date moved from another year, its own ID with that year, like "
                            f"{{id: {doc.id}, year: {year - 1}}}")
            elif place == (doc.id, doc.date.year):
                found = "the document's own address now"
                allowed = f"the year its date was in before, not {year}"
            elif old != doc.id and old in archive.sources:
                found = f"the ID of {archive.sources[old].path}, whose page is at that address"
            elif place in named:
                found = "a second time"
            elif claimed.get(old, doc.id) != doc.id:
                found = f"a former ID of {claimed[old]} too"
            else:
                named.add(place)
                if old != doc.id:
                    claimed[old] = doc.id
                continue
            errors.append(source.error(("formerly", at), f"found {old!r}{in_year}, {found}; allowed: {allowed}"))
    return errors


def _paper_date_checks(archive: Archive) -> list[DataError]:
    """A paper is issued for its meeting (its ID names it, as the meeting's ID is now or was),
    so on or before that meeting's date: the meeting's page lists it among the papers presented
    there. Checked where the archive has the meeting; the ID alone gives a day and month, but
    no year."""
    errors = []
    by_id = archive.meetings_by_id()
    for paper in archive.papers.values():
        meeting = by_id.get(ids.meeting_of_paper(paper.id))
        if meeting is not None and paper.date > meeting.date:
            errors.append(archive.sources[paper.id].error(
                ("date",), f"found {paper.date}, after the meeting it is for ({meeting.id}, on {meeting.date}, in "
                           f"{archive.sources[meeting.id].path}); allowed: a date on or before {meeting.date}"))
    return errors


def _action_checks(archive: Archive, unread: set[str]) -> list[DataError]:
    """Actions: one ID each, raised at their own meeting; reviews and successors known, and
    no review at a meeting before the one raising the action.

    An action that a meeting file that could not be read may raise is not reported unknown:
    that file's own problem is, and the one fix ends both."""
    errors: list[DataError] = []
    maybe_raised = tuple(ids.action_prefix(stem.split("_")[0], stem) for stem in unread if "_" in stem)
    raised: dict[str, tuple[str, Meeting]] = {}  # where each action is raised: 'OPSG_35x.minutes', the meeting
    reviews: list[tuple[ActionReview, Source, tuple[Any, ...], Meeting]] = []
    reviewed: dict[tuple[str, str], tuple[Any, ...]] = {}  # (where, action): the first review's place
    for meeting in archive.meetings.values():
        source = archive.sources[meeting.id]
        # An action keeps the ID it was raised with when its meeting's ID changes ('formerly').
        prefixes = tuple(dict.fromkeys(ids.action_prefix(meeting.committee, mid)
                                       for mid in (meeting.id, *meeting.former_ids)))
        for item, loc in meeting.agenda_items():
            where = f"{meeting.id}.{loc[0]}"  # 'OPSG_35x.minutes'
            for j, action in enumerate(item.actions):
                aloc = (*loc, "actions", j, "id")
                if not action.id.startswith(prefixes):
                    errors.append(source.error(aloc, f"found {action.id!r} raised at {meeting.id}; allowed: an ID "
                                                     f"starting {' or '.join(map(repr, prefixes))}"))
                if action.id in raised and raised[action.id][0] != where:
                    errors.append(source.error(aloc, f"found the action ID {action.id!r} twice (also raised in "
                                                     f"{raised[action.id][0]}); allowed: each action ID once"))
                elif action.id in raised:
                    errors.append(source.error(aloc, f"found the action ID {action.id!r} twice in this document; "
                                                     "allowed: each action ID once"))
                raised[action.id] = (where, meeting)
            for j, review in enumerate(item.action_reviews):
                rloc = (*loc, "action_reviews", j)
                reviews.append((review, source, rloc, meeting))
                first = reviewed.setdefault((where, review.action), rloc)
                if first != rloc:  # the register showed both, the action's status as the later gave it
                    errors.append(source.error((*rloc, "action"), f"found a second update to {review.action!r} in "
                                                                  f"the {loc[0]} (also on line "
                                                                  f"{source.where((*first, 'action'))[0]}); allowed: "
                                                                  "each action reviewed once in a part, its updates "
                                                                  "together"))
    described = {r.action for r, _, _, _ in reviews if r.text}

    def unknown(action_id: str) -> bool:
        return action_id not in raised and not action_id.startswith(maybe_raised)

    for review, source, loc, meeting in reviews:
        raising = raised[review.action][1] if review.action in raised else None
        if raising and raising.date > meeting.date:
            errors.append(source.error((*loc, "action"), f"found an update to {review.action!r}, raised at "
                                                         f"{raising.id} on {raising.date}, after this meeting "
                                                         f"({meeting.date}); allowed: an action raised at or before "
                                                         "this meeting"))
        if unknown(review.action) and review.action not in described:
            errors.append(source.error((*loc, "action"), f"found an update to {review.action!r}, an action no data "
                                                         "raises; allowed: a known action ID, or give the action's "
                                                         "'text' and 'raised' date here"))
        if review.superseded_by and review.superseded_by != review.action and unknown(review.superseded_by):
            errors.append(source.error((*loc, "superseded_by"), f"found {review.superseded_by!r}, an action no data "
                                                                "raises; allowed: the ID of an action raised in the data"))
    return errors


def _by_number(archive: Archive) -> dict[tuple[str, str], Meeting]:
    """Each committee's meetings by their number ('41', '35x'), the earliest where two share one
    (``_meeting_number_checks`` refuses the later)."""
    out: dict[tuple[str, str], Meeting] = {}
    for meeting in sorted(archive.meetings.values(), key=lambda m: (m.date, m.id)):
        out.setdefault((meeting.committee, ids.meeting_number(meeting.id)), meeting)
    return out


def _meeting_number_checks(archive: Archive, first: dict[tuple[str, str], Meeting]) -> list[DataError]:
    """A meeting's number is its own in its committee: 'meeting 41' names one meeting, and its
    actions' IDs (OPSG 41/01), which carry no day, would name either of two. ``first``: the
    meetings by number (``_by_number``)."""
    errors = []
    for meeting in archive.meetings.values():
        number = ids.meeting_number(meeting.id)
        other = first[(meeting.committee, number)]
        if other is not meeting:
            errors.append(archive.sources[meeting.id].error(("id",), (
                f"found the meeting number {number} of {meeting.committee} again ({other.id} has it, in "
                f"{archive.sources[other.id].path}); allowed: a number of its own: 'meeting {number}' and its "
                f"actions' IDs ({ids.action_prefix(meeting.committee, meeting.id)}01) would name either")))
    return errors


def _in_order(numbers: list[int]) -> set[int]:
    """Of meetings' ``numbers`` in the order held, the positions of the longest run that never
    goes down; of two such runs, the one that steps most evenly (40, 42 rather than 14, 42 of
    40, 14, 42). A meeting outside it has a number out of its place."""
    best: list[tuple[int, int, int | None]] = []  # per meeting: run length, -unevenness, previous
    for i, number in enumerate(numbers):
        here: tuple[int, int, int | None] = (1, 0, None)
        for j in range(i):
            if numbers[j] <= number:
                step = (best[j][0] + 1, best[j][1] - abs(number - numbers[j] - 1), j)
                here = max(here, step, key=lambda b: b[:2])
        best.append(here)
    at: int | None = max(range(len(numbers)), key=lambda i: best[i][:2])
    kept = set()
    while at is not None:
        kept.add(at)
        at = best[at][2]
    return kept


def _meeting_order_checks(archive: Archive, numbered: dict[tuple[str, str], Meeting]) -> list[DataError]:
    """A committee numbers its meetings in the order they are held: a 'meeting 14' held between
    meetings 40 and 42 is a slip (for 41), and its actions' IDs (OPSG 14/01) an old meeting's.
    Extra meetings take their number from the one before (35, 35x): only the number counts.
    ``numbered``: the meetings by number (``_by_number``)."""
    def number(meeting: Meeting) -> int:
        return ids.meeting_place(meeting.id)

    by_committee: dict[str, list[Meeting]] = {}  # a number's second meeting: _meeting_number_checks
    for meeting in sorted(numbered.values(), key=lambda m: (m.date, number(m))):
        by_committee.setdefault(meeting.committee, []).append(meeting)
    errors = []
    for committee, meetings in by_committee.items():
        numbers = [number(m) for m in meetings]
        if all(a <= b for a, b in zip(numbers, numbers[1:])):
            continue
        kept = _in_order(numbers)
        in_order = sorted(kept)
        for i, meeting in enumerate(meetings):
            if i in kept:
                continue
            before = [meetings[k] for k in in_order if k < i][-1:]
            after = [meetings[k] for k in in_order if k > i][:1]
            around = " and ".join(f"{side} meeting {ids.meeting_number(m.id)} ({m.id}, held on {m.date}, "
                                  f"{archive.sources[m.id].path})"
                                  for side, m in [("after", m) for m in before] + [("before", m) for m in after])
            allowed = (f"from {number(before[0])} to {number(after[0])}" if before and after else
                       f"of {number(before[0])} or more" if before else f"of {number(after[0])} or less")
            errors.append(archive.sources[meeting.id].error(("id",), (
                f"found the meeting number {ids.meeting_number(meeting.id)} for a meeting held on {meeting.date}, "
                f"{around}; allowed: a number {allowed} ({committee} numbers its meetings in the order they are held: "
                f"'meeting {ids.meeting_number(meeting.id)}' and its actions' IDs, "
                f"{ids.action_prefix(committee, meeting.id)}01, would be taken for another meeting's)")))
    return errors


def _line_of(archive: Archive, doc_id: str, loc: tuple[Any, ...], here: str) -> str:
    """Where an entry of ``doc_id`` stands, for a message about a file (``here``'s): 'line 18'
    in that file, else 'data/meetings/…/OPSG_41_2501.yml:18'."""
    source = archive.sources[doc_id]
    line = source.where(loc)[0]
    return f"line {line}" if doc_id == here else f"{source.path}:{line}"


def _approval_checks(archive: Archive, numbered: dict[tuple[str, str], Meeting]) -> list[DataError]:
    """A meeting approves the minutes of one held before it, and minutes are approved at a
    meeting held after theirs. An approval publishes draft minutes: one naming a later meeting
    in the data, or itself (a slip in a number, 42 for 40), published that meeting's draft. A
    meeting the data does not hold is left as named (the archive may start after it), unless
    the data holds its committee's meeting of that number: then its day is a slip (2510 for
    2501), which left that meeting's draft minutes unpublished, and the page's link to none.
    ``numbered``: the meetings by number (``_by_number``)."""
    held = archive.meetings_by_id()  # each ID a meeting has, or had ('formerly'), to the meeting
    errors: list[DataError] = []

    def when(named: Meeting, meeting: Meeting) -> str:
        return "this meeting itself" if named is meeting else f"held on {named.date}"

    def slip(source: Source, loc: tuple[Any, ...], mid: str) -> None:
        """``mid``, no meeting in the data, another day for the data's meeting of its number."""
        same = numbered.get((mid.split("_")[0], ids.meeting_number(mid)))
        if mid not in held and same is not None:
            errors.append(source.error(loc, (
                f"found {mid!r} (did you mean {same.id!r}?), no meeting in the data: {same.committee}'s meeting "
                f"{ids.meeting_number(mid)} is {same.id}, held on {same.date} ({archive.sources[same.id].path}); "
                "allowed: the ID of the meeting meant, as its file is named")))

    # Minutes are approved once: a second approval (a copied item) or an approved_at naming
    # another meeting left the page to name whichever was read first.
    approver: dict[str, tuple[Meeting, tuple[Any, ...]]] = {}
    in_order = sorted(archive.meetings.values(), key=lambda m: (m.date, m.id))
    for meeting in in_order:
        source = archive.sources[meeting.id]
        for item, loc in meeting.agenda_items():
            for j, approved in enumerate(item.approves_minutes):
                slip(source, (*loc, "approves_minutes", j), approved)
                named = held.get(approved)
                if named is not None and named.date >= meeting.date:
                    errors.append(source.error((*loc, "approves_minutes", j), (
                        f"found {approved!r}, {when(named, meeting)}; allowed: a meeting held before this one "
                        f"({meeting.date}), whose minutes it approves (an approval publishes draft minutes)")))
                elif named is not None and named.id in approver:
                    first, at = approver[named.id]
                    errors.append(source.error((*loc, "approves_minutes", j), (
                        f"found {approved!r}, whose minutes {'this meeting' if first is meeting else first.id} "
                        f"approves too ({_line_of(archive, first.id, at, meeting.id)}); allowed: one approval of a "
                        "meeting's minutes")))
                elif named is not None:
                    approver[named.id] = (meeting, (*loc, "approves_minutes", j))
    for meeting in in_order:
        approved_at = meeting.minutes.approved_at if meeting.minutes else None
        named = held.get(approved_at) if approved_at else None
        source = archive.sources[meeting.id]
        if approved_at:
            slip(source, ("minutes", "approved_at"), approved_at)
        if named is not None and named.date <= meeting.date:
            errors.append(source.error(("minutes", "approved_at"), (
                f"found {approved_at!r}, {when(named, meeting)}; allowed: a meeting held after this one "
                f"({meeting.date}), which approved these minutes")))
        elif approved_at and meeting.id in approver and named is not approver[meeting.id][0]:
            first, at = approver[meeting.id]
            errors.append(source.error(("minutes", "approved_at"), (
                f"found {approved_at!r}, but {first.id} approves these minutes "
                f"({_line_of(archive, first.id, at, meeting.id)}); "
                f"allowed: {first.id!r}, or approved_at left out")))
    return errors


def _constituency_checks(archive: Archive) -> list[DataError]:
    if not archive.constituencies:
        return []
    errors = []
    for meeting in archive.meetings.values():
        attendance = meeting.minutes.attendance if meeting.minutes else None
        if attendance is None:
            continue
        for part in ("present", "apologies"):
            for i, group in enumerate(getattr(attendance, part)):
                if group.constituency not in archive.constituencies:
                    close = difflib.get_close_matches(group.constituency, archive.constituencies, n=1)
                    hint = did_you_mean(close)
                    errors.append(archive.sources[meeting.id].error(
                        ("minutes", "attendance", part, i, "constituency"),
                        f"found {group.constituency!r}{hint}; allowed: a constituency in constituencies.yml "
                        f"({', '.join(archive.constituencies)})"))
    return errors


def _measure_checks(archive: Archive) -> list[DataError]:
    """Each measure a report gives a figure for, or a statement speaks of, is one measures.yml
    lists, with its provider where it has one: a slip ('PM 2', 'CSPN') was charted as a
    measure of its own, on a page of its own, and the month left out of the measure meant."""
    if not archive.measures:
        return []
    named = {measure_name(mid, provider): (mid, provider) for mid, provider in archive.measures}
    measure_ids = {mid for mid, _ in archive.measures}
    errors = []
    for paper in archive.papers.values():
        for i, report in enumerate(paper.reports):
            for part in ("results", "statements") if isinstance(report, Pmr) else ():
                for j, given in enumerate(getattr(report, part)):
                    if (given.measure, given.provider) in archive.measures:
                        continue
                    name = measure_name(given.measure, given.provider)
                    meant = did_you_mean(difflib.get_close_matches(name, named, n=1, cutoff=0.6))
                    field_name = "provider" if given.measure in measure_ids and given.provider else "measure"
                    errors.append(archive.sources[paper.id].error(
                        ("reports", i, part, j, field_name),
                        f"found {name!r}{meant}; allowed: a measure in measures.yml, with its provider where "
                        f"it has one ({', '.join(named)})"))
    return errors


def _period_checks(archive: Archive) -> list[DataError]:
    """One report for one period gives one set of figures, whichever papers summarise it. A
    paper copied from last month's, a period not yet moved on, put its figures on a measure's
    page in place of the other paper's (one figure a month), and beside them on a trend's."""
    from .figures import headline_figures, month_name, series_key

    first: dict[tuple[Any, ...], tuple[Paper, int, tuple[Any, ...], float, str]] = {}
    errors = []
    for paper in sorted(archive.papers.values(), key=lambda p: (p.date, p.id)):
        source = archive.sources[paper.id]
        for i, report in enumerate(paper.reports):
            given: list[tuple[tuple[Any, ...], str, tuple[Any, ...], float, str]]
            if isinstance(report, Pmr):  # a measure's result twice in one report is _report_checks'
                given = [(("pmr", result.measure, result.provider, report.month),
                          f"for {measure_name(result.measure, result.provider)} in {month_name(report.month)}",
                          ("reports", i, "results", j, "value"), result.value.value, str(result.value))
                         for j, result in enumerate(report.results)]
                period, one = "month", "a measure's month"
            else:
                given = [((report.kind, series_key(name), series_key(report.period)),  # type: ignore[attr-defined]
                          f"for {name}{' (actual ÷ forecast)' if field == 'actual' else ''} in {report.period}",
                          ("reports", i, field), value,
                          f"{int(value):,}{unit}" if value.is_integer() else f"{value:,}{unit}")
                         for name, value, unit, field in headline_figures(report)]
                period, one = "period", "a report's period"
            for key, what, loc, value, shown in given:
                its_paper, its_report, its_loc, its_value, its_shown = first.setdefault(
                    key, (paper, i, loc, value, shown))
                if its_paper is paper and its_report == i or its_value == value:
                    continue
                there = f"{'this paper' if its_paper is paper else its_paper.id} gives as {its_shown}"
                errors.append(source.error(loc, f"found {shown} {what}, which {there} "
                                                f"({_line_of(archive, its_paper.id, its_loc, paper.id)}); allowed: one "
                                                f"figure for {one}, whichever paper gives it: {its_shown}, or this "
                                                f"report's own {period}"))
    return errors


def _read_model(read: tuple[Source | None, list[DataError]], model: type[BaseModel],
                errors: list[DataError], *, as_read: bool = False, place: tuple[str, str] | None = None
                ) -> tuple[Source, Any] | None:
    """One file's YAML (``_parsed``) validated as ``model``; its problems appended to ``errors``.

    A value found wrong while reading (a date that does not exist) does not hide the file's
    other problems: the rest is validated, and both are reported, the field's own problem once.
    With ``place`` (a meeting's or paper's committee and year folders), the document's own
    checks are made too (``document_checks``). Where its schema refused it, they are made on
    what it accepts (``_accepted``); where it refused a field the document needs, those of its
    place alone, from its ID, committee and date where each is valid (``_place_of``). Either
    way a file dated other than its ID is told in the same run as a field misspelt in it."""
    source, problems = read
    if as_read and source is not None:
        # Another revision's data (``load_archive``'s ``as_read``): its values as YAML read
        # them, which is what that revision published; a problem of reading that a rule added
        # since finds (a ' #' YAML took for a comment) does not stop the comparison.
        problems = []
    if source is None:  # the YAML did not read
        errors.extend(problems)
        return None
    checked: list[DataError] = []
    try:
        if not isinstance(source.value, dict):
            raise YamlError(source.error((), f"found {_found(source.value)}; allowed: a mapping of fields"))
        doc = _validated(model, source.value, as_read=as_read)
        checked = document_checks(doc, source, *place) if place else []
        if not problems:
            errors.extend(checked)
            return source, doc
    except YamlError as exc:
        problems.append(exc.error)
    except ValidationError as exc:
        reported = {(p.line, p.column) for p in problems}
        problems.extend(e for e in positioned(source, model, exc) if (e.line, e.column) not in reported)
        accepted = _accepted(source, model, exc, as_read=as_read) if place else None
        fields = _place_of(source, model) if place and not accepted else None
        checked = (document_checks(accepted[1], accepted[0], *place) if accepted
                   else _check_place(fields, source, *place) if fields and place else [])
    problems.extend(e for e in checked if e not in problems)
    errors.extend(sorted(problems, key=lambda e: (e.line or 0, e.column or 0)))  # as the editor reads the file
    return None


def _validated(model: type[BaseModel], value: Any, *, as_read: bool) -> Any:
    """``value`` validated as ``model``; ``as_read``: another revision's, as it was read then
    (``schema.AS_READ``)."""
    return model.model_validate(value, context=AS_READ if as_read else None)


def _may_hide(raw: bytes) -> bool:
    """Whether a file's text may hold a character ``HIDDEN`` finds; false for most, found
    cheaply (``HIDDEN`` alone reads a file at a tenth of the speed: the characters past the
    first 65,536 slow it). An escape in quotes may write one (``"\\u00ad"``); YAML itself
    refuses control characters written as they are."""
    if b"\\" in raw:
        return True
    if raw.isascii():
        return False
    text = raw.decode("utf-8-sig")
    return bool(HIDDEN_IN_BMP.search(text) or (re.search(rb"[\xf0-\xf4]", raw) and HIDDEN_PAST_BMP.search(text)))


def _hidden(source: Source, value: Any, loc: tuple[Any, ...] = ()) -> Iterator[DataError]:
    """Each text in ``value`` holding a character ``HIDDEN`` finds, as a problem at its field."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _hidden(source, item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _hidden(source, item, (*loc, i))
    elif isinstance(value, str) and (match := HIDDEN.search(value)):
        yield source.error(loc, hidden_character(value, match.start()))


def _parse(display: Path, raw: bytes) -> tuple[Any, list[DataError]] | DataError:
    """One file's YAML (``_parsed``): its value and the problems that leave it readable, or
    the problem that does not. A text holding a character ``HIDDEN`` finds is such a problem
    (looked for where the file holds one, or a backslash: an escape in quotes may write one)."""
    problems: list[DataError] = []
    try:
        source = read_yaml(display, raw=raw, problems=problems)
    except YamlError as exc:
        return exc.error
    if _may_hide(raw):
        problems.extend(_hidden(source, source.value))
    return source.value, problems


def _as_read(display: Path, raw: bytes, parsed: tuple[Any, list[DataError]] | DataError
             ) -> tuple[Source | None, list[DataError]]:
    """``_parse``'s answer as (``Source``, problems), or (``None``, [the problem]) where the YAML
    does not read."""
    if isinstance(parsed, DataError):
        return None, [parsed]
    value, problems = parsed
    return Source(display, value, unplaced=raw), problems


def read_file(path: Path, display: Path) -> tuple[Source | None, list[DataError]]:
    """One file's YAML, read in this process, as ``_parsed`` gives each (for ``_read_model``)."""
    raw = path.read_bytes()
    return _as_read(display, raw, _parse(display, raw))


def document_from(raw: bytes, model: type[Meeting] | type[Paper] | type[Glossary], *, as_read: bool = False
                  ) -> Meeting | Paper | Glossary | None:
    """One version of a document's (or the glossary's) file, an earlier commit's, read and
    validated as ``load_archive`` reads the file; None where it does not read or validate.
    Its problems are not reported: only the file as it stands now must pass. ``as_read``: as
    that version was read when it was published, as the declassification guard reads another
    revision (``_read_model``): a rule added since (a date's zeros) does not refuse it."""
    problems: list[DataError] = []
    try:
        value = read_yaml(Path("earlier version"), raw=raw, problems=problems).value
        if not isinstance(value, dict) or (problems and not as_read):
            return None
        return _validated(model, value, as_read=as_read)
    except (YamlError, ValidationError):
        return None


class _Parsing:
    """``_parse`` for each file in turn, in a worker: the answers go back about ``_BATCH_BYTES``
    of YAML at a time (each answer sent costs the worker's sending thread a turn)."""

    def __init__(self, files: list[tuple[Path, bytes]]) -> None:
        self.files = files

    def handle(self, message: None) -> Iterator[list[tuple[Any, list[DataError]] | DataError]]:
        for files in by_size(self.files, _BATCH_BYTES, lambda file: len(file[1])):
            yield [_parse(display, raw) for display, raw in files]


_FORK_AT_BYTES = 1 << 20
"""Less YAML than this is read in this process alone: a fork costs more than it saves."""
_BATCH_BYTES = 1 << 16


@contextlib.contextmanager
def _parsed(files: list[tuple[Path, Path]]) -> Iterator[Iterator[tuple[Source | None, list[DataError]]]]:
    """Each file's YAML, in order, as ``_as_read`` gives it. ``files``: (path, the name messages
    give it).

    The YAML is read on two cores (``workers.from_both_ends``): a worker forked from this
    process reads the files from the first on, starting as it is forked and answering a batch
    of files at a time, while this process validates and checks what the worker has read,
    and, whenever the worker's next file is not read yet, reads one itself from the last
    backwards; where the two meet, the worker is stopped. Reading YAML is about two fifths of the time the
    data takes. Only the values come back from the worker, not every value's line and column,
    which would take as long to hand over as to find again: a ``Source`` keeps its file's
    bytes and finds them from those the first time a message needs one."""
    raws = [(display, path.read_bytes()) for path, display in files]
    forked = None if sum(len(raw) for _, raw in raws) >= _FORK_AT_BYTES else False  # None: where one can fork
    worker = Worker(lambda: _Parsing(raws), fork=forked, first=None)
    try:
        parsed = from_both_ends(raws, worker, lambda file: _parse(*file))
        yield (_as_read(display, raw, answer) for (display, raw), answer in zip(raws, parsed))
    finally:
        worker.close()


def load_archive(data_dir: Path, *, labels_only: bool = False, as_read: bool = False) -> Archive:
    """Read and check every data file; raise ``DataErrors`` listing every problem found.

    ``as_read``: another revision's data, each file read as it was when that revision was
    published (``_read_model``, ``schema.AS_READ``), so that a rule about how a value is written,
    tightened since, does not refuse it (``changes``' base); the checks are all made.

    ``labels_only``: read as far as the labels need, to compare them with another revision's
    (``declassify``). Every file must still read and every label resolve, or nothing is
    compared; the checks that do not bear on labels (dates across documents, actions,
    constituencies, figures, attachments' files, placeholders, IDs against file names) are not
    made. So a revision refused only by a rule tightened since still has its labels read."""
    data_dir = Path(data_dir)
    archive = Archive()

    def shown(path: Path) -> Path:
        """Paths in messages start at the project: data/meetings/…"""
        return path.relative_to(data_dir.parent)

    errors: list[DataError] = []
    committees_file = data_dir / "committees.yml"
    if not committees_file.is_file():
        errors.append(DataError(shown(committees_file), None, None, "", "the committees file is missing; "
                                                                 "allowed: data/committees.yml listing each committee"))
    with collector_paused():
        unread = _read_all(data_dir, archive, errors, shown, checks=not labels_only,
                           as_read=as_read or labels_only)
        if not labels_only:
            errors.extend(_cross_checks(archive, unread))
        elif not errors:  # a file that did not read would leave its labels out of the comparison
            from .classify import resolve_labels

            errors.extend(resolve_labels(archive))
    if errors:
        raise DataErrors(errors)
    return archive


PLACEHOLDERS = {key: f"{text} (to replace)" for key, text in {
    "chair": "Name of the Chair",
    "secretary": "Name of the Meeting Secretary",
    "person": "Name of a person present",
    "item": "Agenda item title",
    "said": "What was discussed and decided, for the public",
    "minuted": "What was discussed, decided and actioned",
    "author": "Author's name",
    "purpose": "What this paper is for",
    "paper": "Paper title",
}.items()}
"""What ``headlines new`` writes for the editor to replace. Left in a document that is
published, it would be published as it stands; only draft minutes may keep it. Each says
"(to replace)", so that no document's own text is taken for one."""
_PLACEHOLDER_TEXTS = frozenset(PLACEHOLDERS.values())


def _anchor_checks(doc: Meeting | Paper, source: Source) -> list[DataError]:
    """Each agenda item's and paper section's heading has an anchor of its own (``ids.heading_anchor``),
    which the page's contents and every link to the heading use: two items of one number in a
    part, or two unnumbered ones of one title under one parent, would share it, and a link
    to the second would land on the first."""
    errors: list[DataError] = []
    if isinstance(doc, Meeting):  # (headings, their place, the part's anchor prefix); sub-headings in the same field
        noun, children = "agenda item", "items"
        parts = [(part_doc.items, (part, children), part[0]) for part, part_doc in doc.parts()]
    else:
        noun, children = "section", "sections"
        parts = [(doc.sections, (children,), "s")]
    for top, top_loc, prefix in parts:
        seen: dict[str, tuple[Any, ...]] = {}
        queue = [(node, (*top_loc, i), prefix) for i, node in enumerate(top)]  # breadth first, in the file's order
        while queue:
            node, loc, within = queue.pop(0)
            anchor = ids.heading_anchor(within, node.number, node.title)
            first = seen.setdefault(anchor, loc)
            if first != loc:
                at = source.where((*first, "number" if node.number else "title"))[0]
                if node.number:
                    message = (f"found the number {node.number!r} a second time in {dotted(top_loc[:1])} "
                               f"(first at line {at}); allowed: each {noun} its own number")
                else:
                    message = (f"found a second heading titled {node.title!r} with no number under one parent "
                               f"(first at line {at}); allowed: a number, or a title of its own")
                errors.append(source.error((*loc, "number" if node.number else "title"), message))
            queue.extend((child, (*loc, children, j), anchor) for j, child in enumerate(getattr(node, children)))
    return errors


def _placeholders(doc: Meeting | Paper, source: Source) -> list[DataError]:
    """Every placeholder left by ``headlines new`` in what may be published: all but draft minutes."""
    errors: list[DataError] = []

    def walk(value: Any, loc: tuple[Any, ...]) -> None:
        if isinstance(value, str):
            if value.strip() in _PLACEHOLDER_TEXTS:
                errors.append(source.error(loc, f"found {value.strip()!r}, the placeholder 'headlines new' wrote; "
                                                "allowed: the document's own text (only draft minutes may keep it)"))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*loc, i))

    raw = source.value
    if isinstance(doc, Meeting) and doc.minutes is not None and doc.minutes.status == "draft":
        raw = {key: value for key, value in raw.items() if key != "minutes"}
    walk(raw, ())
    return errors


def _cross_checks(archive: Archive, unread: set[str]) -> list[DataError]:
    """What no file shows on its own: committees, actions, labels and reports across documents.
    ``unread``: the meeting files (by name) that could not be read, whose problems are reported."""
    errors = []
    for doc in archive.documents():
        if archive.committees and doc.committee not in archive.committees:
            meant = did_you_mean(difflib.get_close_matches(doc.committee.upper(), archive.committees, n=1))
            errors.append(archive.sources[doc.id].error(("committee",), f"found {doc.committee!r}{meant}; allowed: a "
                                                                        f"committee in committees.yml "
                                                                        f"({', '.join(archive.committees)})"))
    errors.extend(_formerly_checks(archive))
    errors.extend(_paper_date_checks(archive))
    numbered = _by_number(archive)
    errors.extend(_meeting_number_checks(archive, numbered))
    errors.extend(_meeting_order_checks(archive, numbered))
    errors.extend(_action_checks(archive, unread))
    errors.extend(_approval_checks(archive, numbered))
    errors.extend(_constituency_checks(archive))
    errors.extend(_measure_checks(archive))
    errors.extend(_period_checks(archive))
    from .classify import resolve_labels

    errors.extend(resolve_labels(archive))
    errors.extend(_report_checks(archive))
    return errors


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the files are read: everything read is kept, so each
    collection would walk all that was read before for nothing (a third of the reading time at
    ten years of eight committees). What little garbage reading makes is collected once the
    collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_all(data_dir: Path, archive: Archive, errors: list[DataError], shown: Callable[[Path], Path],
              checks: bool = True, as_read: bool = False) -> set[str]:
    """Every data file read and checked on its own, into ``archive``; problems into ``errors``.
    Returns the names (without suffix) of the meeting files that could not be read. Without
    ``checks``, each file is only read and validated against its schema (``load_archive``'s
    ``labels_only``); ``as_read``, as ``load_archive``'s."""
    unread: set[str] = set()
    attached: set[Path] = set()
    planned: list[tuple[Path, type[BaseModel], tuple[str, str, str] | None]] = []  # the YAML files, in order
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        if path.parent == data_dir and path.name in SINGLETONS:
            planned.append((path, SINGLETONS[path.name], None))
        elif _attachment_place(path, data_dir):
            attached.add(path)
        elif (place := _expected(path, data_dir)) is not None:
            planned.append((path, KINDS[place[0]], place))
        else:
            errors.append(DataError(shown(path), None, None, "",
                                    f"found a file where no document kind expects one; allowed: {PLACES}"))
    with _parsed([(path, shown(path)) for path, _, _ in planned]) as parsed:
        for (path, model, place), yaml_read in zip(planned, parsed):
            read = _read_model(yaml_read, model, errors, as_read=as_read, place=place[1:] if checks and place else None)
            if place is None:
                if read is not None:
                    errors.extend(_each_once(*read) if checks else [])
                    _add_singleton(archive, *read)
                continue
            if read is None:
                if place[0] == "meetings":
                    unread.add(path.stem)
                continue
            source, doc = read
            if doc.id in archive.sources:
                errors.append(source.error(("id",), f"found the ID {doc.id!r} again (also in "
                                                    f"{archive.sources[doc.id].path}); allowed: each ID once"))
                continue
            archive.sources[doc.id] = source
            (archive.meetings if isinstance(doc, Meeting) else archive.papers)[doc.id] = doc
    if checks:
        errors.extend(_attachment_files(archive, attached, data_dir, shown))
    return unread


def _add_singleton(archive: Archive, source: Source, value: Any) -> None:
    """One of ``SINGLETONS``, read, into ``archive``."""
    if isinstance(value, Committees):
        archive.committees = {c.id: c for c in value.committees}
    elif isinstance(value, Constituencies):
        archive.constituencies = value.constituencies
    elif isinstance(value, Measures):
        archive.measures = {(m.id, m.provider): m for m in value.measures}
    elif isinstance(value, Glossary):
        archive.glossary = value
        archive.sources[GLOSSARY] = source


_ONCE: dict[type[BaseModel], tuple[str, str | None, str, Callable[[Any], str], str | None]] = {
    Committees: ("committees", "id", "committee ID", lambda c: c.id, None),
    Constituencies: ("constituencies", None, "constituency", lambda c: c, None),
    Measures: ("measures", "id", "measure", lambda m: measure_name(m.id, m.provider),
               "on one page, /measures/{}/"),
    Glossary: ("terms", "abbr", "abbreviation", lambda t: t.abbr, None),
}
"""For each list of ``SINGLETONS``: its field, the field of an entry that names it, what it is
called, its name, and where a page is made of its name's slug (``_repeats``' ``at``)."""


def _repeats(source: Source, parts: list[tuple[str, list[Any], str]], key: str | None,
             name_of: Callable[[Any], str], at: str | None = None, within: tuple[Any, ...] = ()) -> list[DataError]:
    """Each entry of the lists ``parts`` (a field's name, its entries, what one is called) named
    (``name_of``) as one before it is, at its ``key`` field, with the line of the first. ``at``:
    where a name's slug is made a page or a heading's anchor ('under one heading, #{}'), so
    that a name written otherwise only in case or punctuation ('PM2 (CSP-N)' after 'PM2 (CSP N)')
    is one named before: the two would claim one page, which would show only one of them.
    ``within``: where the lists are in the file (a paper's report: ``("reports", 0)``)."""
    def where(field_name: str, i: int) -> tuple[Any, ...]:
        return (*within, field_name, i, key) if key else (*within, field_name, i)

    first: dict[str, tuple[tuple[Any, ...], str, str]] = {}  # by name, or its slug: (where, name, called)
    errors = []
    for field_name, entries, called in parts:
        for i, entry in enumerate(entries):
            name = name_of(entry)
            loc = where(field_name, i)
            seen_at, seen, seen_called = first.setdefault(ids.slug(name) if at else name, (loc, name, called))
            if seen_at == loc:
                continue
            line = source.where(seen_at)[0]
            if (seen, seen_called) == (name, called):
                message = f"found the {called} {name!r} again (also on line {line}); allowed: each once"
            else:  # another list's entry of the name, or one alike as a slug
                how = (f"which is the {seen_called}'s ID on line {line}" if seen == name
                       else f"the {seen_called} {seen!r} of line {line} written another way")
                shared = f" (the two would be {at.format(ids.slug(name))})" if at else ""
                message = f"found the {called} {name!r}, {how}; allowed: each once{shared}"
            errors.append(source.error(loc, message))
    return errors


def _each_once(source: Source, value: Any) -> list[DataError]:
    """Each committee, constituency, measure and abbreviation listed once: a second entry of a
    committee or a measure silently took the first one's place (its name, its target)."""
    if type(value) not in _ONCE:
        return []
    field_name, key, called, name_of, at = _ONCE[type(value)]
    return _repeats(source, [(field_name, getattr(value, field_name), called)], key, name_of, at)


def _attachment_place(path: Path, data_dir: Path) -> bool:
    """Whether ``path`` stands where a paper's attachment files go: papers/<committee>/<year>/<ID>/."""
    parts = path.relative_to(data_dir).parts
    return len(parts) == 5 and parts[0] == "papers"


def _attachment_files(archive: Archive, found: set[Path], data_dir: Path,
                      shown: Callable[[Path], Path]) -> list[DataError]:
    """Each attachment's file is in its paper's folder, named by that attachment alone, not
    empty, and not reached through a symbolic link (the build would copy whatever that leads
    to); each file in a paper's folder is named by one of its attachments. Those named go in
    ``archive.files``."""
    errors: list[DataError] = []
    named: set[Path] = set()
    for paper in archive.papers.values():
        source = archive.sources[paper.id]
        folder = data_dir.parent / source.path.parent / paper.id
        for i, attachment in enumerate(paper.attachments):
            if attachment.file is None:
                continue
            loc = ("attachments", i, "file")
            path = folder / attachment.file
            if folder.is_symlink():  # never walked: whatever it leads to is no part of the data
                errors.append(source.error(loc, f"found {attachment.file!r} in {shown(folder)}/, a symbolic link to "
                                                f"a folder (it leads to {folder.resolve()}); allowed: a folder of its "
                                                "own, holding the files themselves"))
            elif path in named:
                errors.append(source.error(loc, f"found {attachment.file!r} a second time: another attachment of "
                                                "this paper names it; allowed: each file named by one attachment"))
            elif path not in found:
                there = sorted(p.name for p in found if p.parent == folder)
                errors.append(source.error(loc, f"found {attachment.file!r}, which is not in {shown(folder)}/"
                                                + (f" (it holds {', '.join(there)})" if there else "")
                                                + "; allowed: the name of a file there, the attachment itself"
                                                + did_you_mean(difflib.get_close_matches(attachment.file, there, 1))))
            elif path.resolve() != data_dir.resolve() / path.relative_to(data_dir):
                named.add(path)
                errors.append(source.error(loc, f"found {attachment.file!r}, reached by a symbolic link (it leads "
                                                f"to {path.resolve()}); allowed: the file itself, copied into "
                                                f"{shown(folder)}/"))
            elif (size := path.stat().st_size) == 0:
                named.add(path)
                errors.append(source.error(loc, f"found {attachment.file!r}, an empty file; allowed: the "
                                                "attachment's content"))
            else:
                named.add(path)
                archive.files[(paper.id, attachment.file)] = AttachedFile(path, size)
    for path in sorted(found - named):
        owner = path.parent.name
        if owner in archive.papers and data_dir.parent / archive.sources[owner].path.parent == path.parent.parent:
            message = (f"found a file that no attachment of {owner} names; allowed: its name as an attachment's "
                       f"'file' in {archive.sources[owner].path}, or the file taken out")
        elif any(path.parent.with_suffix(suffix).is_file() for suffix in YAML_SUFFIXES):
            continue  # its paper's file has problems of its own, reported
        else:
            message = ("found a file in a folder named after no paper beside it; allowed: a paper's attachments, "
                       "in data/papers/<committee>/<year>/<paper ID>/ beside "
                       "data/papers/<committee>/<year>/<paper ID>.yml")
        errors.append(DataError(shown(path), None, None, "", message))
    return errors


@dataclass(frozen=True)
class FigureNote:
    """A derived figure that differs from the typed one: a warning, or (acknowledged) a note."""

    error: DataError
    acknowledged: str | None


def _report_checks(archive: Archive) -> list[DataError]:
    """Each paper's reports, attachments and annexes: each ID once (a second 'Appendix A' is a
    copied entry not yet renamed); sections naming real reports, their figures placed among
    the section's blocks."""
    errors = []
    for paper in archive.papers.values():
        source = archive.sources[paper.id]
        errors.extend(_repeats(source, [("reports", paper.reports, "report ID")], "id", lambda entry: entry.id))
        for i, report in enumerate(paper.reports):  # a month's figure for a measure: the second took its place
            if isinstance(report, Pmr):
                errors.extend(_repeats(source, [("results", report.results, "result for")], "measure",
                                       lambda result: measure_name(result.measure, result.provider),
                                       within=("reports", i)))
        # An attachment's text and an annex are headed on the paper's page at their ID's slug.
        errors.extend(_repeats(source, [("attachments", paper.attachments, "attachment"),
                                        ("annexes", paper.annexes, "annex")], "id", lambda entry: entry.id,
                               "under one heading, #{}"))
        known = {report.id for report in paper.reports}
        stack = [(s, ("sections", i)) for i, s in enumerate(paper.sections)]
        while stack:
            section, loc = stack.pop()
            if section.report is not None and section.report not in known:
                errors.append(source.error((*loc, "report"), f"found {section.report!r}; allowed: the ID of a report "
                                                             f"in this paper ({', '.join(sorted(known)) or 'none'})"))
            if section.report_after is not None and section.report is None:
                errors.append(source.error((*loc, "report_after"), f"found report_after: {section.report_after} in a "
                                                                   "section naming no report; allowed: report_after "
                                                                   "only beside report: and a report's ID"))
            elif section.report_after is not None and section.report_after > len(section.blocks):
                errors.append(source.error((*loc, "report_after"), f"found {section.report_after}; allowed: 0 to "
                                                                   f"{len(section.blocks)}, the section's blocks"))
            stack.extend((sub, (*loc, "sections", j)) for j, sub in enumerate(section.sections))
    return errors


def figure_notes(archive: Archive) -> list[FigureNote]:
    """Every derived figure that differs from the typed one, and every acknowledgment that no
    longer matches a difference (so that notes cannot outlive the error they explain)."""
    from .figures import check_report, check_statement, series_of

    notes: list[FigureNote] = []
    pmrs = [r for p in archive.papers.values() for r in p.reports if isinstance(r, Pmr)]
    series = series_of(pmrs, archive.measures)
    for paper in archive.papers.values():
        source = archive.sources[paper.id]
        for i, report in enumerate(paper.reports):
            findings = [(f.loc, f) for f in check_report(report)]
            if isinstance(report, Pmr):
                for j, statement in enumerate(report.statements):
                    months = series.get((statement.measure, statement.provider), {})
                    finding = check_statement(statement, {m: v[1] for m, v in months.items() if v[1] is not None})
                    if finding is not None:
                        findings.append((("statements", j, *finding.loc), finding))
            acknowledged = {a.figure: a.note for a in report.acknowledged}
            for loc, finding in findings:
                notes.append(FigureNote(source.error(("reports", i, *loc), finding.message()),
                                        acknowledged.pop(finding.figure, None)))
            for figure in acknowledged:
                k = next(n for n, a in enumerate(report.acknowledged) if a.figure == figure)
                notes.append(FigureNote(source.error(("reports", i, "acknowledged", k, "figure"),
                                                     f"acknowledges {figure!r}, but the figures agree (or no check "
                                                     "has that name); allowed: only a discrepancy the build reports"),
                                        None))
    return notes

