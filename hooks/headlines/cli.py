"""``headlines``: the editors' commands. Each does one thing and says clearly how it went.

    headlines new meeting|minutes|paper ...   scaffold a data file in the right folder
    headlines rename OLD NEW                  give a meeting or paper a new ID; its old address leads on
    headlines validate [FILE ...] [--since REV] [--github]   check the data; exit 1 on any problem
    headlines changes [--since REV] [--audience A] [--full]   what a change publishes, page by page;
                                              exit 3 when REV gives nothing to compare with
    headlines preview                         serve both audiences on loopback, reloading
    headlines publish [--out DIR]             build both, leak-check, swap into place atomically
    headlines schemas [--check]               write (or check) the JSON Schemas in schemas/
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import html
import json
import logging
import os
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import jinja2
import yaml
from pydantic import ValidationError

from . import ids, staging
from .declassify import check_declassification
from .errors import SHOWN_ONLY, DataError, DataErrors, did_you_mean
from .classify import resolved
from .labels import Audience, Label
from .loading import (KINDS, PATTERNS_IN_WORDS, PLACEHOLDERS, Archive, date_hint, digit_hint, document_from,
                      figure_notes, load_archive)
from .yamlsource import YamlError, read_yaml
from .schema import (ISO_DATE, TIME_24H, YEARS, YEARS_ALLOWED, AgendaItem, Committees, Constituencies, Glossary,
                     Headlines, Measures, Meeting, Paper)

if TYPE_CHECKING:
    from .handwritten import Page

SCHEMAS = {"meeting": Meeting, "paper": Paper, "committees": Committees, "glossary": Glossary,
           "constituencies": Constituencies, "measures": Measures}
AUDIENCES = {"public": "mkdocs.yml", "parties": "mkdocs.parties.yml"}
SITE_NAMES = {"public": "public", "parties": "SEC Parties"}


def project_root(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml: this one or a parent."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    raise SystemExit("headlines: no mkdocs.yml with a data/ folder here or above; run it inside the project")


# -- schemas ----------------------------------------------------------------------------


_SHOWN_ONLY_MESSAGE = ("a character a reader cannot see (a soft hyphen, a zero-width space, a right-to-left mark, a "
                       "PDF's bullet): delete it")


def _patterns_for_editors(node: Any) -> None:
    """Every text in a schema that has no pattern of its own (an ID's, a label's) gets
    ``SHOWN_ONLY``, with a message an editor's checker shows (VS Code's YAML extension reads
    ``patternErrorMessage``), for the characters the build refuses. A pattern of its own gets
    the words the build answers with (``PATTERNS_IN_WORDS``), not the regular expression."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"pattern", "enum", "const"} & node.keys():
            node["pattern"], node["patternErrorMessage"] = SHOWN_ONLY, _SHOWN_ONLY_MESSAGE
        elif node.get("pattern") in PATTERNS_IN_WORDS:
            node["patternErrorMessage"] = f"allowed: {PATTERNS_IN_WORDS[node['pattern']]}"
        for value in node.values():
            _patterns_for_editors(value)
    elif isinstance(node, list):
        for value in node:
            _patterns_for_editors(value)


def schema_texts() -> dict[str, str]:
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        _patterns_for_editors(schema)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{name}.schema.json"
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def cmd_schemas(args: argparse.Namespace) -> int:
    folder = project_root() / "schemas"
    texts = schema_texts()
    if args.check:
        stale = [n for n, t in texts.items() if not (folder / n).is_file() or (folder / n).read_text() != t]
        if stale:
            print(f"headlines: stale JSON Schemas: {', '.join(stale)}; run 'headlines schemas'", file=sys.stderr)
            return 1
        print(f"JSON Schemas up to date ({len(texts)} files).")
        return 0
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text)
    print(f"Wrote {len(texts)} JSON Schemas to {folder}.")
    return 0


# -- new ----------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    """A string as a YAML scalar: as it is where YAML reads it back as that text, else in double
    quotes (JSON's quoting, which YAML reads alike), as a number, a colon or a '#' needs."""
    try:
        if "\n" not in text and yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _meeting_head(mid: str, committee: str, date: dt.date, kind: str, start: str | None, end: str | None) -> str:
    """The meeting's own fields. Its times where given; else a comment where they go, so that
    no time the editor did not give is published."""
    schema = "../../../../schemas/meeting.schema.json"
    times = "".join(f'{name}: "{value}"\n' for name, value in (("start", start), ("end", end)) if value)
    if not times:
        times = ('# start: "13:20"   # when it starts and ends, 24-hour, in quotes: take out the first "# "\n'
                 '# end: "15:35"\n')
    return (f"# yaml-language-server: $schema={schema}\nid: {mid}\ncommittee: {committee}\ntype: {kind}\n"
            f"date: {date.isoformat()}\n{times}")


def _headlines_block() -> str:
    return f"""
headlines:
  classification: WHITE
  intro: This month the committee discussed the following (referenced by agenda item number).
  items:
    - number: "1"
      title: {json.dumps(PLACEHOLDERS['item'])}
      presenter: SECAS
      paragraphs:
        - {json.dumps(PLACEHOLDERS['said'])}
  next_meetings: []
"""


_PREVIOUS_MINUTES = """    - number: "1"
      title: Previous Meeting Minutes
      paragraphs:
        - The Chair invited comments on the draft minutes of the previous meeting.
      outcomes:
        - decision: AGREED
          text: The meeting AGREED that the minutes would be published as final.
"""


def _agenda_yaml(items: list[AgendaItem], parent: Label, indent: str) -> str:
    """Headlines' agenda items as draft minutes' items: each one's number, title and presenter,
    a placeholder for what was minuted, and its label where it is above its parent's in the
    minutes (an AMBER headline stays AMBER; WHITE ones take the minutes' GREEN)."""
    out = ""
    for item in items:
        label = max(Label.or_red(item.classification), parent)
        fields = [f"number: {json.dumps(item.number)}"] if item.number else []
        fields.append(f"title: {_quoted(item.title)}")
        fields += [f"presenter: {_quoted(item.presenter)}"] if item.presenter else []
        fields += [f"classification: {label.display}"] if label > parent else []
        fields += ["paragraphs:", f"  - {json.dumps(PLACEHOLDERS['minuted'])}"]
        out += f"{indent}- {fields[0]}\n" + "".join(f"{indent}  {field}\n" for field in fields[1:])
        if item.items:
            out += f"{indent}  items:\n" + _agenda_yaml(item.items, label, indent + "    ")
    return out


def _minutes_block(headlines: Headlines | None) -> str:
    """Draft minutes, with the meeting's headlines' agenda and next meetings where it has
    headlines, and an item for the previous meeting's minutes where they do not number one."""
    items = _PREVIOUS_MINUTES
    next_meetings = " []"
    if headlines is not None:
        numbered_one = any(item.number == "1" for item in headlines.items)
        items = ("" if numbered_one else items) + _agenda_yaml(headlines.items, Label.GREEN, "    ")
        if headlines.next_meetings:
            next_meetings = "".join(
                f"\n    - {{type: {n.type.value}, date: {n.date.isoformat()}"
                + (f", classification: {Label.or_red(n.classification).display}}}"
                   if Label.or_red(n.classification) > Label.GREEN else "}")
                for n in headlines.next_meetings)
    ph = {key: json.dumps(text) for key, text in PLACEHOLDERS.items()}  # quoted, as text replacing them may need
    return f"""
minutes:
  classification: GREEN
  status: draft              # draft minutes are published nowhere until approved
  attendance:
    chair: {ph['chair']}
    secretary: {ph['secretary']}
    present:
      - constituency: SECAS
        people: [{ph['person']}]
    apologies: []
  items:
{items}  next_meetings:{next_meetings}
"""


def _add_part(path: Path, shown: Path, part: str) -> int:
    """A meeting's file that exists: its headlines or its minutes added at its end, the rest of
    the file kept byte for byte. Draft minutes take the headlines' agenda."""
    raw = path.read_bytes()
    meeting = document_from(raw, Meeting)
    if not isinstance(meeting, Meeting) or not resolved(meeting):
        print(f"headlines: {shown} exists already and does not read; run 'headlines validate {shown}' "
              f"and fix it first", file=sys.stderr)
        return 1
    if getattr(meeting, part) is not None:
        print(f"headlines: {shown} exists already, with its {part}; edit them there", file=sys.stderr)
        return 1
    block = _minutes_block(meeting.headlines) if part == "minutes" else _headlines_block()
    newline = b"\r\n" if b"\r\n" in raw else b"\n"
    ending = b"" if raw.endswith(b"\n") or not raw else newline
    path.write_bytes(raw + ending + block.replace("\n", newline.decode()).encode())
    taken = ", the agenda taken from its headlines" if part == "minutes" and meeting.headlines else ""
    what = "draft minutes" if part == "minutes" else "headlines"
    print(f"Added {what} to {shown}{taken}. Fill them in, then run 'headlines validate'.")
    return 0


def _paper_yaml(pid: str, committee: str, date: dt.date, title: str) -> str:
    return f"""# yaml-language-server: $schema=../../../../schemas/paper.schema.json
id: {pid}
committee: {committee}
title: {_quoted(title)}
date: {date.isoformat()}
purpose: For Information
classification: GREEN
authors:
  - name: {json.dumps(PLACEHOLDERS['author'])}
    team: SECAS Team
sections:
  - number: "1"
    title: Purpose
    blocks:
      - {json.dumps(PLACEHOLDERS['purpose'])}
attachments: []
# Each attachment: - {{id: Appendix A, title: "Its title", classification: AMBER, file: appendix-a.pdf}}
# (file: optional; the file goes in the folder {pid}/ beside this file, and to the sites its label allows).
"""


class Refused(Exception):
    """What a command cannot go on without, said to the editor: ``main`` prints it, exit 1."""


def _committees(root: Path) -> list[str]:
    """The IDs of the committees in ``data/committees.yml``, in its order; ``Refused`` where
    the file does not read, as new IDs are checked against them."""
    shown = Path("data") / "committees.yml"
    try:
        return [c.id for c in Committees.model_validate(read_yaml(root / shown, display=shown).value).committees]
    except (OSError, YamlError, ValidationError):
        raise Refused(f"{shown} does not read, and an ID is checked against its committees; run 'headlines validate "
                      f"{shown}' and fix it first") from None


def _given_date(text: str) -> dt.date | None:
    """``--date`` as the data's dates are written (``schema.ISO_DATE``); None, once the editor is
    told what is allowed, for anything else."""
    try:
        if ISO_DATE.fullmatch(text):
            date = dt.date.fromisoformat(text)
            if date.year in YEARS:
                return date
            print(f"headlines: --date {text!r}; allowed: a date in {YEARS_ALLOWED}", file=sys.stderr)
            return None
    except ValueError:
        pass
    print(f"headlines: --date {text!r}; allowed: a real date as YYYY-MM-DD{date_hint(text)}", file=sys.stderr)
    return None


def cmd_new(args: argparse.Namespace) -> int:
    root = project_root()
    committee = args.committee.upper()
    date = _given_date(args.date)
    if date is None:
        return 2
    if args.kind == "paper" and not (re.fullmatch("[0-9]{1,2}", args.number) and int(args.number) > 0):
        print(f"headlines: --number {args.number!r}; allowed: a paper's number, 1 to 99, like 3"
              f"{digit_hint(args.number)}", file=sys.stderr)
        return 2
    for name in ("start", "end"):
        given = getattr(args, name)
        if given is not None and not re.fullmatch(TIME_24H, given):
            print(f"headlines: --{name} {given!r}; allowed: a 24-hour time like 13:20{digit_hint(given)}",
                  file=sys.stderr)
            return 2
        setattr(args, name, given.zfill(5) if given else None)
    if args.start and args.end and args.end <= args.start:  # as validate would refuse the file
        print(f"headlines: --end {args.end!r}, not after --start {args.start!r}; allowed: a time after {args.start}",
              file=sys.stderr)
        return 2
    known = _committees(root)
    if committee not in known:
        print(f"headlines: unknown committee {committee!r}; allowed: {', '.join(known)}", file=sys.stderr)
        return 2
    unknown_meeting = ""
    if args.kind == "paper":
        try:
            meeting = ids.meeting_id(args.meeting)
        except ValueError as exc:
            print(f"headlines: --meeting: {exc}", file=sys.stderr)
            return 2
        if not meeting.startswith(committee + "_"):
            print(f"headlines: {meeting} is not a {committee} meeting", file=sys.stderr)
            return 2
        if ids.meeting_ddmm(meeting) is None:
            print(f"headlines: a paper's meeting ID needs its day and month, like {committee}_42_0202", file=sys.stderr)
            return 2
        doc_id = ids.paper_id(f"{meeting}_{int(args.number):02d}")
        path = root / "data" / "papers" / committee.lower() / str(date.year) / f"{doc_id}.yml"
        text = _paper_yaml(doc_id, committee, date, args.title or PLACEHOLDERS["paper"])
        # A paper may come before its meeting's file, so this is said, not refused: a mistyped
        # meeting would give the paper an ID naming no meeting, and its meeting's page no paper.
        meetings = [path.stem for path in _meeting_files(root, committee)]
        renamed = None if meeting in meetings else _former_holder(root, meeting)
        if renamed:
            unknown_meeting = (f"{meeting} is a former ID of {renamed[0]}, whose page will list this paper (its ID may "
                               f"name {renamed[0]} instead: --meeting {renamed[0]}).")
        elif meeting not in meetings:
            unknown_meeting = (f"There is no meeting {meeting} in data/meetings yet"
                               f"{did_you_mean(difflib.get_close_matches(meeting, meetings, 1))}: its page will list "
                               "this paper once its file is added.")
    else:
        # 1 or more, as written: '042' or '0' would make a second ID for meeting 42, or one for none.
        if not re.fullmatch("[1-9][0-9]*[xX]*", args.number):
            print(f"headlines: --number {args.number!r}; allowed: a meeting's number, like 42 or 35x, from 1 and "
                  f"without a leading 0{digit_hint(args.number)}", file=sys.stderr)
            return 2
        doc_id = ids.meeting_id(f"{committee}_{args.number}_{date:%d%m}" if args.number.isdigit()
                                else f"{committee}_{args.number}")
        path = root / "data" / "meetings" / committee.lower() / str(date.year) / f"{doc_id}.yml"
        part = "minutes" if args.kind == "minutes" else "headlines"
        if path.exists():
            return _add_part(path, path.relative_to(root), part)
        same = _numbered(root, doc_id)
        if same:  # as validate would refuse the file: a meeting's number is its own in its committee
            print(f"headlines: {committee}'s meeting {ids.meeting_number(doc_id)} is {same[0].stem} "
                  f"({same[0].relative_to(root)}), held on another day; allowed: its date, or a number of its own "
                  f"(its actions' IDs, {ids.action_prefix(committee, doc_id)}01, carry no day)", file=sys.stderr)
            return 1
        disorder = _order_problem(root, doc_id, date)
        if disorder:
            print(f"headlines: {disorder}", file=sys.stderr)
            return 1
        text = _meeting_head(doc_id, committee, date, args.type, args.start, args.end) + (
            _minutes_block(None) if part == "minutes" else _headlines_block())
    if path.exists():
        print(f"headlines: {path.relative_to(root)} exists already", file=sys.stderr)
        return 1
    holder = _former_holder(root, doc_id)
    if holder:  # its old address leads to that document's page: a file of this ID would not validate
        itself = f" (--number {ids.meeting_number(holder[0])} for {holder[0]} itself)" if args.kind != "paper" else ""
        print(f"headlines: {doc_id} is a former ID of {holder[0]} ({holder[1].relative_to(root)}); allowed: an ID "
              f"no document has had{itself}", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"Created {path.relative_to(root)}. Fill it in, then run 'headlines validate'.")
    if unknown_meeting:
        print(unknown_meeting)
    return 0


# -- rename -------------------------------------------------------------------------------

_ID_LINE = re.compile(r"^id:[ \t]*(?P<value>[^#\r\n]*?)(?P<rest>[ \t]*(?:#[^\r\n]*)?)(?=\r?$)", re.M)
_TOP_LEVEL = re.compile(r"[^\s#-]")  # where a top-level field, not a field's value, starts


def _without_field(text: str, name: str) -> str:
    """``text`` without its top-level field ``name`` (its line, and the lines of its value)."""
    out: list[str] = []
    inside = False
    for line in text.splitlines(keepends=True):
        if line.startswith(f"{name}:"):
            inside = True
            continue
        if inside and (_TOP_LEVEL.match(line) or line.startswith("#")):
            inside = False
        if not inside or not line.strip():
            out.append(line)
    return "".join(out)


def _any_id(text: str) -> str | None:
    """``text`` as a meeting's or a paper's ID, in its one spelling; None when it is neither."""
    for canonical in (ids.meeting_id, ids.paper_id):
        try:
            return canonical(text)
        except ValueError:
            continue
    return None


def _found_file(root: Path, doc_id: str) -> Path | None:
    """The data file of the meeting or paper ``doc_id`` (its name is its ID)."""
    found = [path for kind in KINDS for path in sorted((root / "data" / kind).glob(f"*/*/{doc_id}.yml"))]
    return found[0] if len(found) == 1 else None


def _rename_problem(root: Path, old: str, new: str, doc: Meeting | Paper, target: Path) -> str | None:
    """Why ``doc`` (``old``) cannot take the ID ``new``, whose file would be ``target``."""
    committee = new.split("_")[0]
    known = _committees(root)
    ddmm = ids.meeting_ddmm(new) if isinstance(doc, Meeting) else None
    taken = target if target.exists() else _found_file(root, new)
    if new == old:
        return f"the file's ID is {old} already"
    if committee not in known:
        return f"{new} is of {committee}, no committee in data/committees.yml ({', '.join(known)})"
    if ddmm and ddmm != f"{doc.date:%d%m}":
        return (f"{new} names day {ddmm[:2]} month {ddmm[2:]}, but the meeting's date is {doc.date}: change its "
                "date first, or give the ID of that date")
    if taken is not None:
        return f"{taken.relative_to(root)} has the ID {new} already"
    same = [path for path in _numbered(root, new) if path.stem != old] if isinstance(doc, Meeting) else []
    if same:
        return (f"{committee}'s meeting {ids.meeting_number(new)} is {same[0].stem} ({same[0].relative_to(root)}): "
                "give the meeting a number of its own (its actions' IDs carry no day)")
    disorder = _order_problem(root, new, doc.date, but=old) if isinstance(doc, Meeting) else None
    if disorder:
        return disorder
    holder = _former_holder(root, new)
    if holder is not None and holder[0] != old:
        return f"{new} is a former ID of {holder[0]} ({holder[1].relative_to(root)}), whose page its address leads to"
    if isinstance(doc, Paper) and target.with_suffix("").exists():
        return f"{target.with_suffix('').relative_to(root)}/ is there already, for the attachment files of {new}"
    return None


def _renamed(text: str, old: str, new: str, doc: Meeting | Paper, formerly: list[str]) -> str | None:
    """The file's text with its ``id`` line made ``new`` (any note on it kept), its
    ``formerly`` made ``formerly``, and its ``committee`` the one the new ID names: every other
    line, and the line ends, as written. None where the file has no one line ``id: <old>``."""
    canonical = ids.meeting_id if isinstance(doc, Meeting) else ids.paper_id

    def names_old(line: re.Match[str]) -> bool:
        try:
            return canonical(line["value"].strip("'\"")) == old
        except ValueError:
            return False

    text = _without_field(text, "formerly")
    lines = [line for line in _ID_LINE.finditer(text) if names_old(line)]
    if len(lines) != 1:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    line = lines[0]
    text = (f"{text[:line.start()]}id: {new}{line['rest']}{newline}formerly: [{', '.join(formerly)}]"
            f"{text[line.end():]}")
    committee = new.split("_")[0]
    if committee != doc.committee:  # the ID names the committee
        text = re.sub(rf"^(committee:[ \t]*)['\"]?{re.escape(doc.committee)}\b['\"]?", rf"\g<1>{committee}",
                      text, count=1, flags=re.M)
    return text


def _naming(doc_id: str) -> re.Pattern[str]:
    """``doc_id`` in full, however spaced (OPSG_41_2510, OPSG 41_2510, OPSG 41 2510)."""
    return re.compile(r"(?<![\w/])" + r"[_ ]".join(map(re.escape, doc_id.split("_"))) + r"(?![\w/])")


def _meeting_files(root: Path, committee: str) -> list[Path]:
    """The files of ``committee``'s meetings, in order of their paths (year, then ID)."""
    return sorted((root / "data" / "meetings" / committee.lower()).glob("*/*.yml"))


def _numbered(root: Path, meeting_id: str) -> list[Path]:
    """The files of the meetings of ``meeting_id``'s committee with its number (on any day)."""
    committee, number = meeting_id.split("_")[0], ids.meeting_number(meeting_id)
    return [path for path in _meeting_files(root, committee)
            if path.stem.startswith(f"{committee}_") and ids.meeting_number(path.stem) == number]


def _order_problem(root: Path, meeting_id: str, date: dt.date, but: str | None = None) -> str | None:
    """Why meeting ``meeting_id`` held on ``date`` is out of its committee's order, as validate
    would say (``loading._meeting_order_checks``), from its meeting files; ``but``: one not to count."""
    committee, number = meeting_id.split("_")[0], ids.meeting_place(meeting_id)
    before: list[tuple[int, dt.date, str, Path]] = []
    after: list[tuple[int, dt.date, str, Path]] = []
    for path in _meeting_files(root, committee):
        ddmm = ids.meeting_ddmm(path.stem)
        try:
            other = ids.meeting_id(path.stem)
            held = (dt.date(int(path.parent.name), int(ddmm[2:]), int(ddmm[:2])) if ddmm else
                    yaml.safe_load(path.read_bytes()).get("date"))
        except (ValueError, AttributeError, yaml.YAMLError):
            continue  # validate says what is wrong with that file
        if other != but and isinstance(held, dt.date) and held != date:
            (before if held < date else after).append((ids.meeting_place(other), held, other, path))
    low, high = max(before, default=None), min(after, default=None)  # the numbers either side
    if (low is None or low[0] <= number) and (high is None or high[0] >= number):
        return None
    _, held, other, path = low if low is not None and low[0] > number else high  # type: ignore[misc]
    allowed = (f"from {low[0]} to {high[0]}" if low and high else f"of {low[0]} or more" if low else
               f"of {high[0]} or less")
    return (f"{committee}'s meeting {ids.meeting_number(other)} is {other} ({path.relative_to(root)}), held on "
            f"{held}, {'before' if held < date else 'after'} {date}; allowed: a number {allowed} ({committee} numbers "
            "its meetings in the order they are held)")


def _former_holder(root: Path, doc_id: str) -> tuple[str, Path] | None:
    """The document that had the ID ``doc_id`` before ('formerly'), and its file, if one did."""
    name = _naming(doc_id)
    for kind, model in KINDS.items():
        for path in sorted((root / "data" / kind).glob("*/*/*.yml")):
            raw = path.read_bytes()
            if name.search(raw.decode("utf-8", errors="replace")):
                doc = document_from(raw, model)
                if isinstance(doc, model) and doc_id in doc.former_ids:
                    return doc.id, path
    return None


def _mentions(root: Path, doc_id: str, renamed: Path) -> list[str]:
    """Each line of the data and the hand-written pages that names ``doc_id`` in full, however
    spaced (OPSG_41_2510, OPSG 41_2510, OPSG 41 2510), but the ``formerly`` of the file
    ``renamed``: 'path:line: text'."""
    name = _naming(doc_id)
    found = []
    for folder, pattern in (("data", "*.yml"), ("content", "*.md")):
        for path in sorted((root / folder).rglob(pattern)):
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if name.search(line) and not (path == renamed and line.startswith("formerly:")):
                    text = line.strip()
                    found.append(f"{path.relative_to(root)}:{number}: {text if len(text) <= 90 else text[:87] + '...'}")
    return found


def cmd_rename(args: argparse.Namespace) -> int:
    """A meeting or paper given a new ID: its file moved and its ``id`` changed, the old ID
    added to its ``formerly`` (so the old address leads to its page), the rest of the file
    kept as written. A paper's folder of attachment files moves with it."""
    root = project_root()
    old = _any_id(args.old)
    if old is None:
        print(f"headlines: {args.old!r} is no meeting or paper ID; allowed: an ID like OPSG_41_2501 or "
              "OPSG_49_2405_03", file=sys.stderr)
        return 2
    source = _found_file(root, old)
    if source is None:
        print(f"headlines: no file in data/meetings/ or data/papers/ is named {old}.yml", file=sys.stderr)
        return 1
    kind = source.relative_to(root / "data").parts[0]
    model = KINDS[kind]
    shown = source.relative_to(root)
    try:
        new = ids.meeting_id(args.new) if model is Meeting else ids.paper_id(args.new)
    except ValueError as exc:
        print(f"headlines: {exc} ({old} is a {model.__name__.lower()})", file=sys.stderr)
        return 2
    raw = source.read_bytes()
    doc = document_from(raw, model)
    if not isinstance(doc, model):
        print(f"headlines: {shown} does not read; run 'headlines validate {shown}' and fix it first", file=sys.stderr)
        return 1
    target = root / "data" / kind / new.split("_")[0].lower() / str(doc.date.year) / f"{new}.yml"
    # Its former IDs and addresses, and the ID it leaves, as written in flow style.
    formerly = [old_id if isinstance(old_id, str) else f"{{id: {old_id.id}, year: {old_id.year}}}"
                for old_id in (*doc.formerly, old) if old_id != new]
    problem = _rename_problem(root, old, new, doc, target)
    text = None if problem else _renamed(raw.decode("utf-8"), old, new, doc, formerly)
    if problem is None and text is None:
        problem = f"{shown} has no line 'id: {old}' of its own to change: rename it by hand"
    if problem is not None or text is None:
        print(f"headlines: {problem}", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    source.unlink()
    moved = ""
    if model is Paper and source.with_suffix("").is_dir():
        source.with_suffix("").rename(target.with_suffix(""))
        moved = f", and its attachment files to {target.with_suffix('').relative_to(root)}/"
    print(f"Renamed {shown} to {target.relative_to(root)}{moved}. Its old address will lead to its page "
          f"(formerly: [{', '.join(formerly)}]). Run 'headlines validate'.")
    mentions = _mentions(root, old, target)
    if mentions:
        print(f"These lines still name {old}, which links to its page through 'formerly'. Change those that should "
              f"read {new} (a record of what was said may keep the ID it gave):")
        print("\n".join(f"  {mention}" for mention in mentions))
    papers = sorted(path.stem for path in (root / "data" / "papers").glob(f"*/*/{old}_*.yml") if model is Meeting)
    if papers:
        print(f"Its papers keep their IDs, which name {old}, and its page lists them all the same. Rename any whose "
              f"ID should name {new} too:")
        print("\n".join(f"  headlines rename {paper} {new}_{paper.rsplit('_', 1)[1]}" for paper in papers))
    return 0


# -- validate -----------------------------------------------------------------------------


_CONFIG_MARK = re.compile(r'\s*in "(?P<file>[^"]+)", line (?P<line>\d+), column (?P<column>\d+)')
"""Where MkDocs's message about a configuration file's YAML says the problem is."""


class _Logged(logging.Handler):
    """What MkDocs logs while it reads a configuration: a setting it refuses (an unknown theme)
    is logged, and the exception after it says only that it aborted."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _site_config(root: Path, config_file: str) -> tuple[Any, Audience]:
    """A site's MkDocs configuration and its audience, as the build reads them; where MkDocs
    cannot read the file (its YAML, an unknown setting) or the audience is not one, the
    problem, at its line where MkDocs names one (``DataErrors``)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from .labels import audience_named
    from .plugin import settings

    catch = _Logged()
    said = catch.messages
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(catch)
    try:
        config = load_config(str(root / config_file))
    except (ConfigurationError, Abort) as exc:
        text = str(exc)
        mark = _CONFIG_MARK.search(text)
        file = Path(mark["file"]) if mark else root / config_file
        shown = file.relative_to(root) if file.is_relative_to(root) else file
        line, column = (int(mark["line"]), int(mark["column"])) if mark else (None, None)
        raise DataErrors([DataError(shown, line, column, "", message if message.startswith("MkDocs") else
                                    f"MkDocs: {message}")
                          for message in (" ".join(m.split()) for m in [*said, _CONFIG_MARK.sub("", text)])]) from None
    finally:
        mkdocs_log.removeHandler(catch)
    for message in said:  # a warning, with the build's strict: false
        print(f"{config_file}: MkDocs: {message}", file=sys.stderr)
    try:
        audience = audience_named(settings(config).get("audience"))
    except ValueError as exc:
        raise DataErrors([DataError(Path(config_file), None, None, "extra.headlines.audience", str(exc))]) from None
    return config, audience


def _content_problems(root: Path, config: Any) -> list:
    """The problems a build would find in the hand-written pages and the files beside them, and
    in the theme's files, every one (the build names them too, and stops). ``config``: the
    public site's."""
    from . import handwritten
    from .plugin import theme_files, theme_problems

    docs_dir = Path(config.docs_dir)
    found = handwritten.entries(config, drafts=True)  # as the preview reads them, draft_docs too
    read = handwritten.read(found, docs_dir, lambda path: path.relative_to(root))
    pages = read.pages
    return (read.problems + _scripts_and_styles_in_text(pages, config, root) + _not_in_nav(pages, config, root)
            + theme_problems(theme_files(config), config, lambda path: path.relative_to(root)))


def _nav_paths(entries: Any) -> Iterator[str]:
    """Every path the configuration's ``nav`` lists, however deep its sections."""
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, dict):
            for value in entry.values():
                yield from _nav_paths(value)


def _not_in_nav(pages: list[Page], config: Any, root: Path) -> list[DataError]:
    """A hand-written page that neither the ``nav`` nor ``not_in_nav`` lists: MkDocs warns of
    it ("not included in the nav configuration"), which fails the build."""
    from .handwritten import meant_for_the_nav

    if config.nav is None or config.validation.nav.omitted_files < logging.WARNING:  # no warning, then
        return []
    unlisted = meant_for_the_nav(config) - set(_nav_paths(config.nav))
    return [DataError(page.path.relative_to(root), None, None, "", (
        "a page the menu does not list; allowed: an entry under 'nav:' in mkdocs.yml, which both sites read (like "
        f"'- {page.title}: {page.src}'), or its path under 'not_in_nav:' there, for a page reached by links only"))
        for page in pages if page.src in unlisted]


def _page_html(pages: list[Page], config: Any) -> dict[str, str]:
    """Each hand-written page's Markdown as the build converts it, with the site's extensions,
    and without its HTML comments, as the build takes them out, by its source path."""
    import markdown

    from .render import without_comments

    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    return {page.src: without_comments(converter.reset().convert(page.body)) for page in pages}


def _site_problems(root: Path, archive: Archive, sites: list[tuple[Any, Audience]]) -> list[DataError]:
    """What either site's build finds in the hand-written pages and files from the pages it
    generates, each of ``sites`` (configuration, audience): a page or file at an address the
    build writes itself (``plugin.in_the_way_of_the_build``), a link to a page the site does
    not have (``_links_mkdocs_warns_of``), and text above the site's ceiling in a page it carries
    (``_withheld_text_in_pages``)."""
    from mkdocs.structure.files import File

    from . import handwritten, plugin
    from .classify import Withheld, redact
    from .register import default_as_of
    from .render import Renderer, paper_src

    try:
        today = plugin.today()
    except ValueError:  # HEADLINES_TODAY, which the build names
        today = dt.date.today()
    found: set[tuple[Path, str]] = set()
    hidden: dict[str, list[handwritten.Page]] = {}  # the hand-written pages above each site's ceiling
    pages: dict[str, set[str]] = {}  # each site's pages and files, as MkDocs has them, by the site's name
    shown: dict[str, list[handwritten.Page]] = {}  # the hand-written pages each site carries
    planned: dict[str, dict[str, Any]] = {}  # each site's generated pages, by their sources
    for config, audience in sites:
        redaction = redact(archive, audience, today)
        renderer = Renderer(redaction, plugin.templates_of(config),
                            plugin.site_settings(config, default_as_of(redaction.archive), {}))
        planned[audience.name] = {page.src_uri: page for page in renderer.plan()}
        generated = set(planned[audience.name])
        written = plugin.data_files_of(renderer, config.site_url or "", public=audience.ceiling == Label.WHITE)
        docs_dir = Path(config.docs_dir)
        entries = handwritten.entries(config, drafts=True)
        hand = [(src, File(src, str(docs_dir), config.site_dir, config.use_directory_urls).dest_uri)
                for src, _ in entries]
        found |= {((docs_dir / src).relative_to(root), problem)
                  for src, problem in plugin.in_the_way_of_the_build(hand, generated, written, config)}
        read = handwritten.read(entries, docs_dir)
        shown[audience.name] = [page for page in read.pages
                                if page.label is not None and page.label <= audience.ceiling]
        hidden[audience.name] = [page for page in read.pages
                                 if page.label is not None and page.label > audience.ceiling]
        view = redaction.archive  # the papers' attachments this site is shown, beside their pages
        attached = {file.site_path(paper_src(view.papers[pid])) for (pid, _), file in view.files.items()}
        pages[audience.name] = (generated | {page.src for page in shown[audience.name]}
                                | {file.src for file in read.files if file.label <= audience.ceiling}
                                | set(written) | attached | {file.src_uri for file in plugin.theme_files(config)})
    problems = [DataError(path, None, None, "", problem) for path, problem in sorted(found)]
    carried = {page.src: page for there in shown.values() for page in there}  # by either site
    converted = _page_html(list(carried.values()), sites[0][0])
    linked = _links_mkdocs_warns_of(root, sites[0][0], shown, pages, planned, converted)
    problems += [problem for problem, _ in linked]
    # GREEN text quoted in a WHITE page: the public site's alone, which holds what leaks most
    # (the SEC Parties site's withheld text is AMBER and RED, seldom text). Its split of the
    # archive's text is most of validate's time for it.
    # The text of a GREEN hand-written page is withheld as the data's is, as the build withholds it.
    for config, audience in sites:
        if audience.ceiling == Label.WHITE:
            withheld, allowed = plugin.text_split(archive, audience, today)
            withheld += [Withheld(f"hand-written page {page.src}", page.label, (page.text,))
                         for page in hidden[audience.name] if page.label is not None]
            problems += _withheld_text_in_pages(root, (withheld, allowed), audience, shown[audience.name], converted,
                                                linked)
    return problems


_LINK_TARGET = re.compile(r"\]\([^)]*\)")
"""A Markdown link's target, after its words."""


def _without_addresses(page_html: str, addresses: Iterable[str]) -> str:
    """A page's HTML without the addresses of the links named (``_links_mkdocs_warns_of``): a GREEN
    paper's ID in such an address is that link's problem, not a quote of its own."""
    for address in addresses:
        page_html = re.sub(rf'\b(href|src)="{re.escape(html.escape(address))}(?=[#?"])[^"]*"', r'\1=""', page_html)
    return page_html


def _withheld_text_in_pages(root: Path, split: tuple[list[Any], list[str]], audience: Audience, pages: list[Any],
                            page_html: dict[str, str],
                            linked: Iterable[tuple[DataError, str]] = ()) -> list[DataError]:
    """Text above ``audience``'s ceiling in a hand-written page it carries (a GREEN passage
    quoted in a WHITE page): its build's leak check fails on it. ``split``: the text the
    audience may not read and the text it may (``plugin.text_split``), as the check takes it;
    ``page_html``: each page's converted Markdown (``_page_html``); ``linked``: the links to
    pages the site lacks, already named (``_links_mkdocs_warns_of``), whose addresses are not read."""
    from .leakcheck import LeakCheck, words

    named: dict[Path | str, set[str]] = {}  # by page: the addresses of its links already named
    for problem, address in linked:
        named.setdefault(problem.file, set()).add(address)

    # Each page as the build writes it, its title and its head's description with it.
    converted = {page.src: f'<meta content="{html.escape(page.front)}">\n<h1>{html.escape(page.title)}</h1>\n'
                           f"{_without_addresses(page_html[page.src], named.get(page.path.relative_to(root), ()))}"
                           .encode() for page in pages}
    # Found at all, and only then looked for in the text the site may show, which excuses it
    # (as the build does): the second costs as much again, and is seldom needed.
    if not LeakCheck(split[0], []).scan_files([(f"{src}.html", raw) for src, raw in converted.items()]):
        return []
    check = LeakCheck(*split)
    shows = " and ".join(label.display for label in Label if audience.may_see(label))
    problems = []
    for page in pages:
        raw = page.path.read_text(encoding="utf-8-sig").splitlines()
        lines = [words(line) for line in raw]
        shown = [words(_LINK_TARGET.sub("]", line)) for line in raw]  # the words a reader sees, first
        first: dict[str, Any] = {}  # for each item quoted, the first passage found
        for leak in check.scan_files([(f"{page.src}.html", converted[page.src])]):
            first.setdefault(leak.where, leak)
        found = []
        for leak in first.values():
            start = " ".join(leak.text.split()[:3])
            line = _line_holding(shown, start)
            found.append((line if line is not None else _line_holding(lines, start), leak))
        for line, leak in sorted(found, key=lambda hit: hit[0] or 0):
            problems.append(DataError(page.path.relative_to(root), line, None, "", (
                f"found {leak.label} text of {leak.where} ('{leak.text[:80]}') in a page the {audience.name} site "
                f"carries; allowed: text that site may show ({shows}): raise the page's label, or take the passage "
                "out (the site's leak check fails on it)")))
    return problems


def _line_holding(lines: list[str], what: str | re.Pattern[str]) -> int | None:
    """The number of the first of a page's ``lines`` that holds ``what`` (text, or a pattern
    found in it), counted from 1: where validate points an editor; None where none does."""
    return next((n for n, line in enumerate(lines, 1)
                 if (what.search(line) if isinstance(what, re.Pattern) else what in line)), None)


def _front_matter_lines(lines: list[str]) -> int:
    """How many of a page's ``lines`` its front matter takes, its two '---' lines with it."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    return next((n for n, line in enumerate(lines[1:], 2) if line.rstrip() == "---"), 0)


_HREF = re.compile(r'\b(?:href|src)="([^"]*)"')
"""A link's address in a page's HTML, or an image's: MkDocs checks both."""


def _links_mkdocs_warns_of(root: Path, config: Any, shown: dict[str, list[Any]], pages: dict[str, set[str]],
                           planned: dict[str, dict[str, Any]],
                           page_html: dict[str, str]) -> list[tuple[DataError, str]]:
    """Each link (or image) in a hand-written page that MkDocs warns of, which fails the strict
    build: to a page or file (``_link_problem``), then to a section of a page the link reaches
    (``_section_problem``). A page of the SEC Parties site only (a WHITE page's link to a GREEN
    paper) fails the public build's leak check too, its address naming the document.
    ``pages``: each site's pages and files, as MkDocs has them (the theme's, the build's own,
    the papers' attachments); ``planned``: each site's generated pages, by their sources, of
    which one linked to a section is rendered for its sections; ``page_html``: each page's
    converted Markdown (``_page_html``). Each problem comes with the link's address."""
    links = config.validation.links
    sections_of = _sections(config, planned, page_html)
    problems = []
    carried = {page.src: page for there in shown.values() for page in there}
    for src, page in sorted(carried.items()):
        sites = [name for name, there in shown.items() if page in there]  # that carry the page
        text = page.path.read_text(encoding="utf-8-sig").splitlines()
        checked: dict[str, str | None] = {"": None}  # each address's problem, whatever its '#' part
        for href in dict.fromkeys(html.unescape(h) for h in _HREF.findall(page_html[src])):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # (another site's address)
            path = unquote(parts.path)
            if parts.path not in checked:
                checked[parts.path] = problem = _link_problem(path, src, sites, pages, links)
                if problem is not None:
                    # The link's line, after the front matter, whose 'files:' names a file the page links.
                    after = _front_matter_lines(text)
                    line = _line_holding(text[after:], parts.path)
                    line = line + after if line is not None else _line_holding(text, parts.path)
                    problems.append((DataError(page.path.relative_to(root), line, None, "",
                                               f"found a link to {parts.path}, {problem}"), parts.path))
            if checked[parts.path] is not None or not parts.fragment or links.anchors < logging.WARNING:
                continue
            if path and not path.endswith(".md"):
                continue  # (a file's: MkDocs checks the sections of pages only)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src
            problem = _section_problem(unquote(parts.fragment), target, sites, sections_of)
            if problem is not None:
                problems.append((DataError(page.path.relative_to(root), _line_holding(text, f"#{parts.fragment}"),
                                           None, "", f"found a link to {href}, a section "
                                           f"{'the page' if path else 'this page'} {problem}"), href))
    return problems


def _link_problem(path: str, src: str, sites: list[str], pages: dict[str, set[str]], links: Any) -> str | None:
    """What MkDocs warns of in a link to ``path`` from the hand-written page ``src``, carried by
    ``sites`` (``mkdocs.structure.pages``), as validate says it, where MkDocs's setting
    (``validation: links:`` in mkdocs.yml) makes it a warning; else None."""
    if "@" in path and "." in path and "/" not in path:  # an address for mail, as MkDocs guesses it
        return (f"an e-mail address, which MkDocs reads as a file's; allowed: 'mailto:{path}'"
                if links.not_found >= logging.WARNING else None)
    meant = "allowed: a link to the page's file, from this page's folder"
    if path.startswith(("/", "\\")):
        if links.absolute_links < logging.WARNING:  # (RELATIVE_TO_DOCS is below it too)
            return None
        guess = _page_meant(posixpath.normpath(path.lstrip("/\\") or "."), src, pages, sites)
        return ("an absolute address, which MkDocs leaves as it is, so it leads elsewhere where the site is not at "
                f"the root of its host; {meant}" + (f" ({guess!r})" if guess else ""))
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
    lacking = [name for name in sites if target not in pages[name]]
    if not lacking:
        return None
    if not posixpath.splitext(path)[1]:
        if links.unrecognized_links < logging.WARNING:
            return None
        guess = _page_meant(target, src, pages, sites)
        return (f"the address of a page, which MkDocs leaves as it is; {meant}" + (f" ({guess!r})" if guess else ""))
    kind = "page" if path.endswith(".md") else "file"
    having = [name for name in pages if target in pages[name]]
    if not having and links.not_found < logging.WARNING:
        return None  # (a link to no page at all fails only where MkDocs warns of it)
    found = f"a {kind} the {lacking[0]} site does not have"
    if having:
        found += f": only the {having[0]} site has it, above the {lacking[0]} site's ceiling"
    elif len(lacking) > 1:
        found = f"a {kind} neither site has"
    return f"{found}; allowed: a link to a page or file of each site that carries this one"


_ANCHOR = re.compile(r'(?<![\w-])id="([^"]*)"|<a\b[^>]*?(?<![\w-])name="([^"]*)"')
"""A section's anchor in a page's HTML, as MkDocs finds them: any element's id, a link's name."""


def _sections(config: Any, planned: dict[str, dict[str, Any]],
              page_html: dict[str, str]) -> Callable[[str, str], set[str] | None]:
    """The sections (anchors) of a page on a site, by the site's name and the page's source, as
    MkDocs finds them: a hand-written page's in its HTML (``page_html``), a generated page's
    (``planned``) once it is rendered and converted as the build converts it, each once; None
    for no page."""
    import markdown

    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    found: dict[tuple[str, str], set[str]] = {}

    def sections_of(site: str, target: str) -> set[str] | None:
        if (site, target) not in found:
            if target in page_html:
                text = page_html[target]
            elif target in planned[site]:
                text = converter.reset().convert(planned[site][target].make().body)
            else:
                return None
            found[site, target] = {anchor or name for anchor, name in _ANCHOR.findall(text)}
        return found[site, target]

    return sections_of


def _section_problem(fragment: str, target: str, sites: list[str],
                     sections_of: Callable[[str, str], set[str] | None]) -> str | None:
    """What MkDocs warns of in a link to the section ``fragment`` of the page ``target``
    (``validation: anchors``), on the first of ``sites`` whose page lacks it: a heading renamed,
    or a GREEN section left out of the public page; else None."""
    for site in sites:
        there = sections_of(site, target)
        if there is None or fragment in there:
            continue
        close = difflib.get_close_matches(fragment, sorted(there), n=1, cutoff=0.8)
        return (f"does not have on the {site} site; allowed: a section of it, by its heading's link"
                + (f" (did you mean '#{close[0]}'?)" if close else ""))
    return None


def _page_meant(target: str, src: str, pages: dict[str, set[str]], sites: list[str]) -> str | None:
    """The page file a link to a page's address (``search/``, ``/about/``) names, as MkDocs
    guesses it, from the folder of the page ``src`` linking it: 'search.md'."""
    stem = target.removesuffix("/index.html").removesuffix(".html").rstrip("/")
    for guess in (f"{stem}.md", f"{stem}/index.md", f"{stem}/README.md"):
        if all(guess in pages[name] for name in sites):
            return posixpath.relpath(guess, posixpath.dirname(src) or ".")
    return None


_STYLE_IN_MARKDOWN = re.compile(r"<style\b|\bstyle\s*=", re.I)
"""A style as a hand-written page's Markdown may write one where its HTML does not show it:
attr_list's ``{ style="..." }``."""


def _scripts_and_styles_in_text(pages: list[Page], config: Any, root: Path) -> list[DataError]:
    """A script or a style in a hand-written page's text, as the build finds them: in the
    page's HTML, its Markdown converted with the site's extensions (a ``<script>`` in backticks
    is code; a style attribute may come from attr_list's ``{ style="..." }``)."""
    from .render import SCRIPT_IN_TEXT, STYLE_IN_TEXT, script_in_text, style_in_text

    problems = []
    converted = _page_html(pages, config)
    for page in pages:
        html = converted[page.src]
        checks = (("script", script_in_text(html), SCRIPT_IN_TEXT, None),
                  ("style", style_in_text(html), STYLE_IN_TEXT, _STYLE_IN_MARKDOWN))
        found = [check for check in checks if check[1] is not None]
        if not found:
            continue
        text = [re.sub(r"`[^`]*`", "", line).lower()  # not shown as code, in backticks
                for line in page.path.read_text(encoding="utf-8-sig").splitlines()]
        for kind, written, allowed, written_otherwise in found:
            line = _line_holding(text, written.lower())
            if line is None and written_otherwise is not None:
                line = _line_holding(text, written_otherwise)
            problems.append(DataError(page.path.relative_to(root), line, None, "",
                                      f"found a {kind} in the page's text ({written!r}); {allowed}"))
    return problems


def cmd_validate(args: argparse.Namespace) -> int:
    root = project_root()
    try:
        archive = load_archive(root / "data")
        problems = []
    except DataErrors as exc:
        archive = None
        problems = exc.errors
    if archive is not None:
        problems.extend(n.error for n in figure_notes(archive) if n.acknowledged is None)
    try:
        public = _site_config(root, AUDIENCES["public"])  # read once, for both checks
        problems.extend(_content_problems(root, public[0]))
        if archive is not None:
            problems.extend(_site_problems(root, archive, [public, _site_config(root, AUDIENCES["parties"])]))
    except DataErrors as exc:  # a site's configuration
        problems.extend(exc.errors)
    if args.files:
        missing = [f for f in args.files if not Path(f).is_file()]
        if missing:  # a name mistyped would otherwise be reported valid
            print(f"headlines: no such file: {', '.join(missing)}", file=sys.stderr)
            return 2
        outside = [f for f in args.files if not Path(f).resolve().is_relative_to(root.resolve())]
        if outside:  # no problem is ever found there: it would be reported valid
            print(f"headlines: not a file of this project ({root}): {', '.join(outside)}", file=sys.stderr)
            return 2
        named = {Path(f).resolve() for f in args.files}
        problems = [p for p in problems if (root / p.file).resolve() in named]
    if archive is not None and args.since:
        problems.extend(check_declassification(root, args.since, archive))
    if problems:
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        if args.github:
            print("\n".join(problem.github_annotation() for problem in problems), flush=True)
        return 1
    print("The data and the hand-written pages are valid." if archive is not None else "The named files are valid.")
    return 0


# -- changes ------------------------------------------------------------------------------


NOTHING_TO_COMPARE = 3
"""``changes``' exit status when the revision gives nothing to compare with: git does not know
it, it has no data, or its data does not load with today's code (a change that tightens a rule
and fixes the data the rule catches). CI notes it in the run's summary and goes on; any other
failure (today's data, a report that would leak) fails the run."""


def _branch_base(root: Path) -> tuple[str, str]:
    """What a change on this branch is compared with when no revision is named: the commit
    where the branch left main (``origin/main``, else ``main``), so that the report holds the
    branch's commits and what is not committed yet; HEAD where git knows neither. (The
    revision, and how the report names it.)"""
    for branch in ("origin/main", "main"):
        base = subprocess.run(["git", "merge-base", "HEAD", branch], cwd=root, capture_output=True, text=True)
        if base.returncode == 0 and base.stdout.strip():
            head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout
            sha = base.stdout.strip()
            return (sha, "HEAD") if sha == head.strip() else (sha, f"{branch} where this branch left it ({sha[:12]})")
    return "HEAD", "HEAD"


def cmd_changes(args: argparse.Namespace) -> int:
    """Each site's pages as the data stood at ``--since`` and as it stands, compared."""
    from . import changes, plugin

    root = project_root()
    try:
        today = plugin.today()
    except ValueError as exc:
        print(f"headlines: HEADLINES_TODAY: {exc}", file=sys.stderr)
        return 1
    try:
        archive = load_archive(root / "data")
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    archive.forget_positions()
    sites = []
    for config_file in AUDIENCES.values():
        try:
            config, audience = _site_config(root, config_file)
        except DataErrors as exc:
            print("\n".join(f"headlines: {error}" for error in exc.errors), file=sys.stderr)
            return 1
        opts = plugin.settings(config)
        if args.audience in (None, audience.key):
            sites.append(changes.Site(audience, plugin.site_settings(config, opts.get("as_of"), {}),
                                      plugin.templates_of(config), Path(config.docs_dir).relative_to(root).as_posix(),
                                      config))
    since, named = (args.since, args.since) if args.since else _branch_base(root)
    try:
        results = changes.changes_since(root, since, archive, sites, today, None if args.full else changes.DIFF_LINES)
    except ValueError as exc:
        print(f"headlines: cannot compare with {named}: {exc}", file=sys.stderr)
        return NOTHING_TO_COMPARE
    except jinja2.TemplateError as exc:  # as the build names it, which fails too
        at = ""
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
            file = Path(exc.filename)
            at = f" ({file.relative_to(root) if file.is_relative_to(root) else file}:{exc.lineno})"
        print(f"headlines: a page's template does not render{at}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if results is None:
        print(f"headlines: {named} has no data/ folder to compare with", file=sys.stderr)
        return NOTHING_TO_COMPARE
    leaks = [leak for _, found in results.parts for leak in found]
    if leaks:  # as a build with a leak fails, whatever else it did
        print(f"headlines: the report would show {len(leaks)} passage(s) above a site's ceiling; no report:",
              file=sys.stderr)
        for leak in leaks:
            print(f"  {leak}", file=sys.stderr)
        return 1
    sys.stdout.write(changes.report(named, [text for text, _ in results.parts], results.notes))
    return 0


# -- preview and publish -------------------------------------------------------------------


def _taken(port: int) -> bool:
    """Whether another program holds ``port`` on loopback."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def cmd_preview(args: argparse.Namespace) -> int:
    root = project_root()
    ports = (args.port, args.port + 1)
    taken = [port for port in ports if _taken(port)]
    if taken:  # else one preview would stop at once, and the address printed would be another program's
        print(f"headlines: port {' and '.join(map(str, taken))} on 127.0.0.1 is in use (another preview?); "
              f"allowed: --port N, with N and N+1 free", file=sys.stderr)
        return 2
    # The SEC Parties preview links its documents' public pages on the public preview.
    env = {**os.environ, "HEADLINES_PREVIEW": "1", "HEADLINES_PUBLIC_URL": f"http://127.0.0.1:{args.port}/"}
    servers = []
    for (audience, config), port in zip(AUDIENCES.items(), ports):
        servers.append(subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", config, "-a", f"127.0.0.1:{port}", "--livereload"],
            cwd=root, env=env))
        print(f"Previewing the {SITE_NAMES[audience]} site at http://127.0.0.1:{port}/")
    try:
        while True:  # both, or neither: when one stops, so does the other
            for server in servers:
                if server.poll() is not None:
                    return server.returncode
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait()


def cmd_publish(args: argparse.Namespace) -> int:
    """Both audiences into fresh folders; only when both pass, each swapped into place."""
    root = project_root()
    out = Path(args.out).resolve() if args.out else root / "site"
    try:
        out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".publishing-", dir=out))
    except OSError as exc:  # a file of that name, a folder it may not write in
        why = "it is a file" if out.is_file() else exc.strerror
        print(f"headlines: cannot publish into {out}: {why}; allowed: a folder this user may write in", file=sys.stderr)
        return 2
    try:
        built = {}
        for audience, config in AUDIENCES.items():
            target = work / audience
            result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config,
                                     "-d", str(target)], cwd=root, capture_output=True, text=True)
            if result.returncode != 0:
                sys.stderr.write(result.stderr)
                print(f"headlines: the {SITE_NAMES[audience]} site did not build; nothing was published, "
                      f"{out} is as it was", file=sys.stderr)
                return 1
            built[audience] = target
        for audience, target in built.items():
            staging.swap_into_place(target, out / audience)
            print(f"Published the {SITE_NAMES[audience]} site to {out / audience}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="headlines", description="Editors' commands for the Headlines sites.")
    sub = parser.add_subparsers(dest="command", required=True)

    new = sub.add_parser("new", help="scaffold a meeting, minutes or paper file")
    new.add_argument("kind", choices=["meeting", "minutes", "paper"])
    new.add_argument("--committee", required=True, help="committee ID, such as OPSG")
    new.add_argument("--date", required=True, help="YYYY-MM-DD: the meeting's date, or the paper's")
    new.add_argument("--number", required=True, help="meeting number (42, 35x), or the paper's number (3)")
    new.add_argument("--type", default="main", choices=["main", "reporting", "extraordinary"])
    new.add_argument("--start", help="for a meeting: when it starts, 24-hour, such as 13:20")
    new.add_argument("--end", help="for a meeting: when it ends, such as 15:35")
    new.add_argument("--meeting", help="for a paper: the meeting it is for, such as OPSG_42_0202")
    new.add_argument("--title", help="for a paper: its title")
    new.set_defaults(func=cmd_new)

    ren = sub.add_parser("rename", help="give a meeting or paper a new ID; its old address leads to its page",
                         description="Moves the document's file to its new ID, changes its 'id' and adds the old ID "
                                     "to its 'formerly', keeping the rest of the file as written.")
    ren.add_argument("old", help="its ID now, such as OPSG_41_2510")
    ren.add_argument("new", help="its new ID, such as OPSG_41_2501")
    ren.set_defaults(func=cmd_rename)

    val = sub.add_parser("validate", help="check all data, or the files named")
    val.add_argument("files", nargs="*")
    val.add_argument("--since", metavar="REV", help="refuse lowered labels without a declassification record")
    val.add_argument("--github", action="store_true", help="also write each problem as a GitHub Actions annotation, "
                     "which the run shows on its line of the pull request's files")
    val.set_defaults(func=cmd_validate)

    chg = sub.add_parser("changes", help="what a change publishes on each site, page by page, as Markdown",
                         epilog="Exit status: 0 with the report; 1 when today's data does not validate or the "
                                "report would show text above a site's ceiling (nothing printed); "
                                f"{NOTHING_TO_COMPARE} when REV gives nothing to compare with (unknown, no data/, "
                                "or data that does not validate with today's code).")
    chg.add_argument("--since", metavar="REV", help="the git revision to compare with (default: where this branch "
                     "left origin/main, or main; HEAD on main itself)")
    chg.add_argument("--full", action="store_true", help="every line of each page's diff (else 40 at most)")
    chg.add_argument("--audience", choices=["public", "sec-parties"], help="one site only (the SEC Parties part holds "
                     "GREEN text: --audience public for a report to share beyond SEC Parties)")
    chg.set_defaults(func=cmd_changes)

    pre = sub.add_parser("preview", help="serve both audiences on loopback, reloading on change")
    pre.add_argument("--port", type=int, default=8000)
    pre.set_defaults(func=cmd_preview)

    pub = sub.add_parser("publish", help="build both audiences, leak-check, swap into place")
    pub.add_argument("--out", help="folder that holds public/ and parties/ (default: site/)")
    pub.set_defaults(func=cmd_publish)

    sch = sub.add_parser("schemas", help="write the JSON Schemas for editors to schemas/")
    sch.add_argument("--check", action="store_true", help="fail if the committed schemas are stale")
    sch.set_defaults(func=cmd_schemas)

    args = parser.parse_args(argv)
    if args.command == "new" and args.kind == "paper" and not args.meeting:
        parser.error("new paper needs --meeting")
    try:
        return args.func(args)
    except Refused as exc:
        print(f"headlines: {exc}", file=sys.stderr)
        return 1
