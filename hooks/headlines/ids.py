"""Identifiers of meetings, papers and actions, in every spelling people use.

Meetings: ``OPSG_41_2501`` (committee, number, day and month), ``OPSG_35x`` (extra
meetings get letters). Papers add a number: ``OPSG_49_2405_03``. Actions: ``OPSG 35x/01``.
People write them with and without the underscore; the canonical forms are those above.
"""

from __future__ import annotations

import re

_SEP = r"[ _]\s*"
MEETING_RE = re.compile(rf"(?P<committee>[A-Za-z]+){_SEP}(?P<number>[0-9]+[xX]*)(?:_(?P<ddmm>[0-9]{{4}}))?")
PAPER_RE = re.compile(rf"(?P<meeting>[A-Za-z]+{_SEP}[0-9]+[xX]*_[0-9]{{4}})_(?P<paper>[0-9]{{2}})")
ACTION_RE = re.compile(rf"(?P<committee>[A-Za-z]+){_SEP}(?P<number>[0-9]+[xX]*)(?:_[0-9]{{4}})?/(?P<seq>[0-9]{{1,3}})")


def _full(regex: re.Pattern[str], value: str, what: str, example: str) -> re.Match[str]:
    match = regex.fullmatch(value.strip())
    if not match:
        article = "an" if what[:1] in "aeiou" else "a"
        raise ValueError(f"found {value!r}, which is not {article} {what}; allowed: an ID like {example}")
    return match


def meeting_id(value: str) -> str:
    m = _full(MEETING_RE, value, "meeting ID", "OPSG_41_2501 or OPSG_35x")
    out = f"{m['committee'].upper()}_{m['number'].lower()}"
    return f"{out}_{m['ddmm']}" if m["ddmm"] else out


def paper_id(value: str) -> str:
    m = _full(PAPER_RE, value, "paper ID", "OPSG_49_2405_03")
    return f"{meeting_id(m['meeting'])}_{m['paper']}"


def action_id(value: str) -> str:
    m = _full(ACTION_RE, value, "action ID", "OPSG 35x/01")
    return f"{m['committee'].upper()} {m['number'].lower()}/{m['seq']}"


def slug(identifier: str) -> str:
    """URL and anchor form: ``OPSG 35x/01`` gives ``opsg-35x-01``."""
    return re.sub(r"[^a-z0-9]+", "-", identifier.lower()).strip("-")


def heading_anchor(within: str, number: str | None, title: str) -> str:
    """A numbered agenda item's or paper section's anchor is its number in its part: ``m-4-1``
    for item 4.1 of the minutes. An unnumbered one's is its title under its parent's anchor
    (``within``): ``s-2-3-april-2021-report-summary``, so that two sections of one title under
    two parents get two anchors. Checked unique within each page part when the data is read."""
    if number:
        return f"{within.split('-', 1)[0]}-{slug(number)}"
    return f"{within}-{slug(title)}"


def meeting_number(mid: str) -> str:
    """``OPSG_41_2501`` gives ``41``; ``OPSG_35x`` gives ``35x``."""
    return mid.split("_")[1]


def meeting_place(mid: str) -> int:
    """Where meeting ``mid`` stands in its committee's order: its number without the letters an
    extra meeting takes (``OPSG_35x`` gives 35, as ``OPSG_35_2408`` does)."""
    return int(meeting_number(mid).rstrip("x"))


def action_prefix(committee: str, mid: str) -> str:
    """How the IDs of the actions raised at meeting ``mid`` start: ``OPSG 22/`` for ``OPSG_22_2011``."""
    return f"{committee} {meeting_number(mid)}/"


def meeting_ddmm(mid: str) -> str | None:
    parts = mid.split("_")
    return parts[2] if len(parts) > 2 else None


def meeting_of_paper(pid: str) -> str:
    return pid.rsplit("_", 1)[0]
