"""YAML read into plain Python values, with the position of every value and key.

Built on libyaml's event stream rather than PyYAML's constructor, so that:
- every mapping key and value keeps its line and column for error messages;
- duplicate keys are an error at any depth (YAML would let the last one win);
- anchors and aliases are refused outright (no alias bombs, no shared structure);
- nesting deeper than ``MAX_DEPTH`` is refused before it can exhaust anything;
- scalars resolve as in YAML 1.2's core schema: ``13:20`` stays a string, ``no`` stays
  a string, and a date that does not exist (``2021-02-30``) is an error;
- a figure written with thousands separators in brackets (``counts: [1,208, 63]``), which
  YAML reads as two items (1 and 208), is an error, not two figures.
Those last two errors need not stop the read (``problems``), so that the file's other
problems are found with them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, hidden_in_file

MAX_DEPTH = 40
MAX_BYTES = 2_000_000

Path_ = tuple[Any, ...]

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_THOUSANDS = re.compile(r"[0-9]{3}\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
"""A date unquoted. YAML 1.1 reads ``2021-1-25`` as one too; here it is text, as YAML 1.2 and the
editors' schema checkers read it, and a date field refuses it (``schema._date``)."""
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

try:  # libyaml when the wheel carries it; the pure-Python parser otherwise
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass
class Source:
    """One YAML file read: its value, and where each part of it stands in the file."""

    path: Path
    value: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    unplaced: bytes | None = field(default=None, repr=False)
    """The file's bytes, where only its value was kept from its read (``loading._parsed``): its
    positions are found from these the first time one is asked for."""

    def where(self, loc: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column (1-based) of a value, or of its key, or of its nearest parent."""
        if self.unplaced is not None:
            raw, self.unplaced = self.unplaced, None
            again = read_yaml(self.path, raw=raw, problems=[])
            self.positions, self.key_positions = again.positions, again.key_positions
        loc = tuple(loc)
        table = self.key_positions if key else self.positions
        if loc in table:
            return table[loc]
        while loc:
            loc = loc[:-1]
            if loc in self.positions:
                return self.positions[loc]
        return self.positions.get((), (1, 1))

    def error(self, loc: Path_, message: str, *, key: bool = False) -> DataError:
        line, column = self.where(loc, key=key)
        return DataError(self.path, line, column, dotted(loc), message)

    def forget(self) -> None:
        """Let go of the value and the positions (``Archive.forget_positions``)."""
        self.value, self.positions, self.key_positions, self.unplaced = None, {}, {}, None


def dotted(loc: Path_) -> str:
    """A field path as an editor reads it: ``minutes.agenda[3].title``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class YamlError(Exception):
    def __init__(self, error: DataError) -> None:
        self.error = error
        super().__init__(str(error))


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class WrittenFloat(float):
    """A number with a decimal point that reads otherwise than Python writes it ('3.10', '.5'),
    with the text it was written as (``written``): a table's cell shows that text, and a
    percentage keeps its decimal places (``schema.Cell``, ``schema.Percent``)."""

    written: str


class WrittenInt(int):
    """A whole number that reads otherwise than Python writes it ('0042', '+5'), with the text
    it was written as (``written``): a table's cell shows that text (a reference, '0042')."""

    written: str


def as_typed(number: int | float) -> str:
    """The text a number was written as: its own where Python writes it otherwise ('3.10'), else
    as Python writes it."""
    return number.written if isinstance(number, (WrittenFloat, WrittenInt)) else repr(number)


def too_long(digits: str, called: str) -> str | None:
    """Where Python reads no whole number of ``digits`` from text (more than 4,300: a key held
    down, or a pasted column), what the editor is told of the ``called`` ('a number', 'a count')."""
    limit = sys.get_int_max_str_digits()
    if len(digits) <= limit:
        return None
    return f"found {called} of {len(digits):,} digits; allowed: {called} of {limit:,} digits or fewer"


def _as_number(text: str, kind: type[int] | type[float],
               written: type[WrittenInt] | type[WrittenFloat]) -> int | float:
    """The number ``text`` is, as ``written`` where Python would write it otherwise."""
    number = kind(text)
    if (repr(number) if kind is float else str(number)) == text:
        return number
    as_written = written(text)
    as_written.written = text
    return as_written


def _scalar(event: yaml.ScalarEvent, path: Path, loc: Path_, problems: list[DataError] | None) -> Any:
    """The scalar's value. A date that does not exist is raised, or, where ``problems`` is
    a list, put there and left as the text written."""
    value = event.value
    tag = event.tag
    if tag not in (None, "!", "tag:yaml.org,2002:str"):
        raise YamlError(
            DataError(path, *_mark(event.start_mark), dotted(loc),
                      f"found the YAML tag {tag!r}; tags are not allowed here, write a plain value")
        )
    plain = event.implicit[0] and not event.style and tag is None
    if not plain:
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.match(value):
        long = too_long(value.lstrip("+-"), "a number")
        if long is None:
            return _as_number(value, int, WrittenInt)
        problem = DataError(path, *_mark(event.start_mark), dotted(loc), long)
        if problems is None:
            raise YamlError(problem)
        problems.append(problem)
    if _FLOAT.match(value):
        return _as_number(value, float, WrittenFloat)
    match = _DATE.match(value)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError as exc:
            problem = DataError(path, *_mark(event.start_mark), dotted(loc),
                                f"found {value!r}, which is not a real date ({exc}); "
                                "allowed: a real date as YYYY-MM-DD "
                                "(text that only looks like a date goes in quotes)")
            if problems is None:
                raise YamlError(problem) from None
            problems.append(problem)
    return value


def _decode(path: Path, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise YamlError(DataError(path, None, None, "",
                                  f"the file is {len(raw):,} bytes; allowed: at most {MAX_BYTES:,}"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlError(DataError(path, line, column, "",
                                  f"found the byte 0x{raw[exc.start]:02x}, which is not UTF-8; "
                                  "allowed: UTF-8 text (save the file as UTF-8)")) from None


def _syntax_error(path: Path, text: str, exc: yaml.MarkedYAMLError) -> DataError:
    problem = exc.problem or str(exc)
    mark = exc.problem_mark or exc.context_mark
    if "could not find expected ':'" in problem and exc.context_mark:
        mark = exc.context_mark  # where the field's name began: libyaml finds it missing a line later
    line, column = (_mark(mark) if mark else (None, None))
    context = f" ({exc.context})" if exc.context else ""
    if line is not None:
        lines = text.splitlines()
        current = lines[line - 1] if 0 < line <= len(lines) else ""
        if "\t" in current[: len(current) - len(current.lstrip())] or "'\\t'" in problem:
            return DataError(path, line, column, "",
                             "found a tab in the indentation; allowed: spaces only (YAML forbids tabs)")
        missing = _colon_missing_above(lines, line) if "mapping values are not allowed" in problem else None
        if missing is not None:  # "  classification WHITE" then "  intro: …": the first line's key lacks its ':'
            (line, column), problem, context = missing, "could not find expected ':'", ""
        opened = _open_quote(lines, line)
        if opened is not None:  # 'title: "DCC Update' and the next '"' some lines on
            at, quote, value = opened
            return DataError(path, *at, "", f"found a quote ({quote}) not closed on its line, so YAML reads on to "
                                            f"line {line} and fails there ({problem}); allowed: text in quotes "
                                            f"closed on the line it starts ({value}{quote})")
        if "expected key" in problem and _closed_early(current):  # 'DCC's Update'
            return DataError(path, line, column, "", f"the YAML does not parse: {problem}{context}; allowed: a "
                                                     "quote mark inside text in single quotes written twice "
                                                     "('DCC''s …'), or the text in double quotes")
    return DataError(path, line, column, "", f"the YAML does not parse: {problem}{context}"
                                             f"{_syntax_hint(problem, text, line, column)}")


_VALUE_START = re.compile(r"\s*(?:-\s+)*(?:[\w-]+:\s+)?")
"""Where a line's value starts: past its list dashes and its field's name."""


def _value_of(line: str) -> str:
    """A line's value as written: what follows its list dashes and its field's name."""
    return line[_VALUE_START.match(line).end():].strip()  # type: ignore[union-attr]


def _quote_at(line: str) -> int | None:
    """Where a line's value (a list's item, a field's value, not a line of a block of text)
    opens with a quote: the quote's index; else None."""
    start = _VALUE_START.match(line).end()  # type: ignore[union-attr]
    return start if line[start:start + 1] in ("'", '"') and line[:start].strip() else None


def _unclosed(rest: str, quote: str) -> bool:
    """Whether text in quotes, from just after its opening ``quote``, runs past the line's end."""
    if quote == '"':
        return re.search(r'(?<!\\)"', rest.replace("\\\\", "")) is None
    return "'" not in rest.replace("''", "")


def _open_quote(lines: list[str], line: int) -> tuple[tuple[int, int], str, str] | None:
    """Where YAML fails at ``line`` (1-based) because a quote opened on a line above is not
    closed there: that quote's line and column, the quote and the text it opens; else None.
    (Text in quotes may run over lines in YAML; the data never does, so a parse that fails
    after one that does most likely met a quote left open.)"""
    for above in range(line - 1, max(0, line - 400), -1):
        text = lines[above - 1]
        at = _quote_at(text)
        if at is not None and _unclosed(text[at + 1:], text[at]):
            value = text[at:].rstrip()
            return (above, at + 1), text[at], value if len(value) <= 40 else value[:37] + "..."
    return None


def _closed_early(line: str) -> bool:
    """Whether the line's value is text in single quotes with a lone quote mark inside it, which
    ends the text early: 'DCC's Update'."""
    at = _quote_at(line)
    return at is not None and line[at] == "'" and line[at + 1:].rstrip().replace("''", "").count("'") > 1


_EATEN = re.compile(r"[ \t]+#\S| #")
"""What follows a plain value where YAML takes text for a comment: a '#' one space after the
value, or with a word straight after it (a comment goes two spaces after, '# like this')."""


def _line_above(lines: list[str], line: int) -> int:
    """The number of the line above ``line`` (both 1-based), blank lines aside; 0 where none is."""
    above = line - 1
    while above > 0 and not lines[above - 1].strip():
        above -= 1
    return above


def _colon_missing_above(lines: list[str], line: int) -> tuple[int, int] | None:
    """The line and column of a field without its ':', where libyaml reports the field after it
    (``line``, 1-based) as a mapping value where none may be: the line above it, blank lines
    aside, at the same indentation, holds words with no ':' and no list dash. Else None."""
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = len(current) - len(current.lstrip(" "))
    above = _line_above(lines, line)
    if above < 1:
        return None
    text = lines[above - 1]
    words = text.strip()
    if len(text) - len(text.lstrip(" ")) != indent or ":" in words or words.startswith(("-", "#")):
        return None
    return above, indent + 1


def _leading_indicator(line: str) -> tuple[str, str] | None:
    """(the character, the text) where a line's text, after its list dashes and its field's
    name, starts with a character YAML reads as syntax (``*Urgent*`` an alias, ``[Draft] …`` a
    list in brackets, ``- …`` a list's item, ``> …`` a block of text, `` `x` `` nothing at
    all); None where it does not, or is a list in brackets that ends the line."""
    value = _value_of(line)
    if not value or value[0] not in "*&!@`%|>[{-?":
        return None
    if value[0] in "[{" and not re.match(r"[\[{][^\]}]*[\]}]\s*[^\s#,\]}]", value):
        return None  # a list (or mapping) in brackets, as the data writes figures and former IDs
    if value[0] in "-?" and not re.match(r"[-?]\s", value):
        return None  # '-5', '?x': plain text to YAML
    return value[0], value


def _text_goes_on(lines: list[str], line: int) -> str | None:
    """The hint where ``line`` (1-based), words with no ':', is most likely more of the text on
    the line above, not indented past where that line's item or field begins: the next line
    of a paragraph written on a list's '- ' line, or the first line of a block of text ('>-')."""
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    above = _line_above(lines, line)
    if above < 1 or ": " in current or current.strip().startswith(("-", "#")):
        return None
    indent = len(current) - len(current.lstrip(" "))
    before = lines[above - 1]
    starts = len(before) - len(before.lstrip(" "))
    if indent > starts:
        return None
    if re.search(r":?\s[>|][+-]?\s*$", before) or re.fullmatch(r"\s*- [>|][+-]?\s*", before):
        return (f"; allowed: the lines of a block of text indented further than the line that opens it "
                f"(line {above}, '{before.strip()}')")
    if re.match(r"\s*- (?![\w-]+:(\s|$))\S", before):
        return (f"; allowed: a paragraph's next lines indented further than its '- ' (line {above}), or each "
                "paragraph on a line of its own starting with '- '")
    return None


def _syntax_hint(problem: str, text: str, line: int | None, column: int | None) -> str:
    """What the editor most likely did, for the ways YAML most often fails to parse."""
    if line is None or column is None:
        return ""
    lines = text.splitlines()
    leading = _leading_indicator(lines[line - 1]) if 0 < line <= len(lines) else None
    if leading is not None and leading[1].startswith("* "):
        # "* The DCC reported …": a Markdown bullet where YAML's list takes a dash.
        return "; allowed: each item of a list starting with '- ' (a dash), not '* '"
    follows = _text_goes_on(lines, line) if "could not find expected ':'" in problem else None
    if follows is not None:
        return follows
    if leading is not None:
        # "- *Urgent*: the DCC …", "title: [Draft] Update": the first character is YAML's.
        char, value = leading
        shown = value if len(value) <= 40 else value[:37] + "..."
        quoted = f'"{shown}"' if '"' not in value else f"'{shown}'"
        return f"; allowed: text starting with '{char}' in quotes ({quoted})"
    before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
    field_at_start = re.fullmatch(r"\s*(- )?[\w-]+", before) is not None
    if "mapping values are not allowed" in problem and not field_at_start:
        # "title: DCC Update: Q1": the second ': ' starts a field where one cannot be.
        value = _value_of(lines[line - 1])
        shown = value if 0 < len(value) <= 40 and '"' not in value else "DCC Update: Q1"
        return f"; allowed: text with ': ' in it, in quotes (\"{shown}\")"
    if "could not find expected ':'" in problem:
        # "title SEC Panel Reports": a field without its colon.
        return "; allowed: a field written as 'name: value', a colon and a space after its name"
    if "expected '-' indicator" in problem:
        # A list's item without its dash, or a field of an item indented less than the others.
        return ("; allowed: each item of a list starting with '- ', and an item's fields lined up under each "
                "other (look at this line's indentation and the one above)")
    if any(m in problem for m in ("mapping values are not allowed", "expected key", "expected <block end>")):
        # A field indented further, or less far, than the fields it belongs with.
        return ("; allowed: a mapping's fields lined up under each other "
                "(look at this line's indentation and the one above)")
    return ""


def read_yaml(path: Path, raw: bytes | None = None, display: Path | None = None,
              problems: list[DataError] | None = None) -> Source:
    """Read one YAML file, or raise ``YamlError`` naming file, line and column.

    ``display`` is the name errors give the file (a path relative to the project). Where
    ``problems`` is a list, a value that is wrong but leaves the file readable (a date that
    does not exist) is put there, its text kept as the value, and the read goes on."""
    if raw is None:
        raw = Path(path).read_bytes()
    path = Path(display or path)
    text = _decode(path, raw)
    source = Source(path, None)
    # Each open container: [value, path, pending key or None, key mark, written in brackets,
    # the figure that ended at the last plain scalar in it (its events) or None].
    stack: list[list[Any]] = []
    documents = 0
    root_set = False

    def attach(value: Any, event: Any) -> Path_:
        nonlocal root_set
        if not stack:
            source.value = value
            root_set = True
            source.positions[()] = _mark(event.start_mark)
            return ()
        top = stack[-1]
        container, loc = top[0], top[1]
        if isinstance(container, list):
            child = (*loc, len(container))
            container.append(value)
            source.positions[child] = _mark(event.start_mark)
            return child
        key = top[2]
        child = (*loc, key)
        container[key] = value
        source.positions[child] = _mark(event.start_mark)
        source.key_positions[child] = top[3]
        top[2] = None
        return child

    def take_key(event: yaml.ScalarEvent) -> bool:
        """When a mapping waits for a key, the scalar is that key."""
        top = stack[-1] if stack else None
        if top is None or not isinstance(top[0], dict) or top[2] is not None:
            return False
        key = _scalar(event, path, top[1], problems)
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            raise YamlError(DataError(path, *_mark(event.start_mark), dotted(top[1]),
                                      f"found the key {event.value!r}; allowed: a plain word as a key"))
        if key in top[0]:
            first = source.key_positions.get((*top[1], key))
            at = f" (first at line {first[0]})" if first else ""
            # In a list's item, the second is most likely the next item's, its '- ' left out.
            item = " or, where it begins the next item of a list, '- ' before it" if top[1] and isinstance(
                top[1][-1], int) else ""
            raise YamlError(DataError(path, *_mark(event.start_mark), dotted((*top[1], key)),
                                      f"found the key {key!r} twice in one mapping{at}; "
                                      f"allowed: each key once (YAML would silently keep the last){item}"))
        top[2] = key
        top[3] = _mark(event.start_mark)
        return True

    def thousands(event: yaml.ScalarEvent) -> None:
        """In brackets, ``1,208`` is two items, 1 and 208: a figure's comma read as the comma
        that ends an item. Three digits straight after a comma that straight follows digits
        are taken for that, and refused (a space after an item's comma says it is one)."""
        top = stack[-1] if stack else None
        if top is None or not top[4]:
            return
        plain = event.implicit[0] and not event.style and event.tag is None
        run, start = top[5], event.start_mark.index
        if (run and plain and _THOUSANDS.match(event.value) and start >= 1 and text[start - 1] == ","
                and run[-1].end_mark.index == start - 1):
            run.append(event)
            return
        finish(top)
        if plain and _INT.match(event.value):
            top[5] = [event]

    def eaten(event: yaml.ScalarEvent, loc: Path_) -> None:
        """Text after a plain value that YAML takes for a comment and drops: ``Update #1`` and
        ``Item # 3`` are read as 'Update' and 'Item'. A comment is written two spaces after the
        value, '# like this' (as the shipped files and what 'headlines new' writes have them);
        a '#' one space after it, or with a word straight after it, is taken for the text's own,
        and refused."""
        if event.style or not isinstance(event.end_mark.index, int):
            return
        if not _EATEN.match(text, event.end_mark.index):  # every plain value: the cheap test first
            return
        end = text.find("\n", event.end_mark.index)
        comment = text[event.end_mark.index: end if end >= 0 else len(text)].strip()
        meant = f"{event.value} {comment}"
        meant = json.dumps(meant if len(meant) <= 60 else "…" + meant[-50:], ensure_ascii=False)
        found = event.value if len(event.value) <= 60 else "…" + event.value[-50:]
        problem = DataError(path, *_mark(event.end_mark), dotted(loc),
                            f"found {found!r} and then {comment!r}, which YAML reads as a comment and leaves "
                            f"out; allowed: text with ' #' in it, in quotes ({meant}), or a comment two spaces "
                            "after the value ('  # like this')")
        if problems is None:
            raise YamlError(problem)
        problems.append(problem)

    def finish(top: list[Any]) -> None:
        """The figure just read in brackets, if commas split it, as a problem."""
        run, top[5] = top[5], None
        if not run or len(run) < 2:
            return
        figure = ",".join(e.value for e in run)
        parts = ", ".join(e.value for e in run)
        problem = DataError(path, *_mark(run[0].start_mark), dotted(top[1]),
                            f"found {figure}, which YAML reads in brackets as {len(run)} items ({parts}): "
                            "a comma there ends an item; allowed: the figure without its commas "
                            f"({figure.replace(',', '')}), and a space after each comma that ends an item")
        if problems is None:
            raise YamlError(problem)
        problems.append(problem)

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError(DataError(path, *_mark(event.start_mark), "",
                                              "found a second YAML document ('---'); allowed: one document per file"))
            elif isinstance(event, yaml.AliasEvent):
                raise YamlError(DataError(path, *_mark(event.start_mark), dotted(stack[-1][1] if stack else ()),
                                          f"found the alias '*{event.anchor}'; anchors and aliases are not "
                                          "allowed in data files: write the value out"))
            elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if getattr(event, "anchor", None):
                    raise YamlError(DataError(path, *_mark(event.start_mark), "",
                                              f"found the anchor '&{event.anchor}'; anchors and aliases are not "
                                              "allowed in data files: write the value out"))
                if isinstance(event, yaml.ScalarEvent):
                    thousands(event)
                    if take_key(event):
                        continue
                    loc = (*stack[-1][1], stack[-1][2]) if stack and isinstance(stack[-1][0], dict) else ()
                    eaten(event, attach(_scalar(event, path, loc, problems), event))
                    continue
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    raise YamlError(DataError(path, *_mark(event.start_mark), dotted(stack[-1][1]),
                                              "found a list or mapping used as a key; allowed: a plain word as a key"))
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(DataError(path, *_mark(event.start_mark), "",
                                              f"found nesting deeper than {MAX_DEPTH} levels; allowed: at most {MAX_DEPTH}"))
                if getattr(event, "tag", None) not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                    raise YamlError(DataError(path, *_mark(event.start_mark), "",
                                              f"found the YAML tag {event.tag!r}; tags are not allowed in data files"))
                if stack and stack[-1][4]:
                    finish(stack[-1])
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                loc = attach(container, event)
                stack.append([container, loc, None, None, bool(event.flow_style), None])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                finish(stack.pop())
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_syntax_error(path, text, exc)) from None
    except yaml.reader.ReaderError as exc:  # a control character, written as it is (Word's line break, U+000B)
        raise YamlError(hidden_in_file(path, text, exc.position)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports unmarked errors rarely
        raise YamlError(DataError(path, None, None, "", f"the YAML does not parse: {exc}")) from None
    if not root_set or source.value is None:
        raise YamlError(DataError(path, 1, 1, "", "the file is empty; allowed: a YAML mapping of the document's fields"))
    return source
