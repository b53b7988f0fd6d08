"""Hypothesis strategies: random archives whose every text field carries a unique marker.

A marker's expected visibility is recorded as it is placed, from the rules as the README
states them (not from the code under test): an item's effective label is the most
restrictive of its own and its ancestors'; draft minutes are published nowhere unless a
meeting approves them; a meeting's own fields show when any of its documents does; an
attachment's title belongs to its paper.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

LABELS = ["WHITE", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
RANK = {label: i for i, label in enumerate(LABELS)}
SPELLINGS = {"WHITE": ["WHITE", "white", "CLEAR", "Clear"], "GREEN": ["GREEN", "Green"], "AMBER": ["AMBER", "amber"],
             "AMBER+STRICT": ["AMBER+STRICT", "amber+strict"], "RED": ["RED", "Red"]}
CEILINGS = {"public": 0, "sec-parties": 1}
NOISE = st.text(alphabet="abcdefghij KLMNOP 0123 <>&*_#'\".,;:-|[]", max_size=12)
CONSTITUENCIES = ["Large Suppliers", "Small Suppliers", "DCC", "SECAS"]


@dataclass
class Marker:
    text: str
    rank: int  # effective label's rank
    draft_of: str | None = None  # meeting whose minutes hold it, when those minutes are a draft
    meeting_docs: list[tuple[int, str | None]] | None = None  # for meeting-level text


@dataclass
class Plan:
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    markers: list[Marker] = field(default_factory=list)
    approved: set[str] = field(default_factory=set)

    def visible(self, marker: Marker, audience: str) -> bool:
        ceiling = CEILINGS[audience]

        def shown(rank: int, draft_of: str | None) -> bool:
            return rank <= ceiling and (draft_of is None or draft_of in self.approved)

        if marker.meeting_docs is not None:
            return any(shown(rank, draft) for rank, draft in marker.meeting_docs)
        return shown(marker.rank, marker.draft_of)


class Builder:
    def __init__(self, draw: Any, plan: Plan, ids: list[str]) -> None:
        self.draw, self.plan, self.ids = draw, plan, ids
        self.draft_of: str | None = None

    def text(self, rank: int, ref: bool = True) -> str:
        marker = f"mk{LABELS[rank].lower().replace('+', '')}{len(self.plan.markers):04d}z"
        self.plan.markers.append(Marker(marker, rank, self.draft_of))
        parts = [self.draw(NOISE), marker, self.draw(NOISE)]
        if ref and self.ids and self.draw(st.booleans()):
            # A word after the ID: the leak check reads words on into the next block, so a
            # meeting's ID ending one text and noise starting the next with "01" would read as
            # paper _01's ID, a hit when that paper is withheld (test_leak_check shows it).
            parts.append("see " + self.draw(st.sampled_from(self.ids)) + " above")
        return " ".join(p for p in parts if p.strip()) or marker

    def label(self, parent: int, required: bool = False) -> tuple[int, dict[str, str]]:
        """A random label no less restrictive than the parent's, or none (inherit)."""
        if not required and self.draw(st.booleans()):
            return parent, {}
        rank = self.draw(st.integers(parent, len(LABELS) - 1))
        return rank, {"classification": self.draw(st.sampled_from(SPELLINGS[LABELS[rank]]))}

    def paragraphs(self, parent: int) -> list[Any]:
        out = []
        for _ in range(self.draw(st.integers(0, 2))):
            rank, lab = self.label(parent)
            out.append({"text": self.text(rank), **lab} if lab else self.text(rank))
        return out

    def item(self, parent: int, depth: int, prefix: str, actions: list[str]) -> dict[str, Any]:
        rank, lab = self.label(parent)
        item: dict[str, Any] = {"title": self.text(rank, ref=False), **lab}
        if self.draw(st.booleans()):
            item["presenter"] = self.text(rank, ref=False)
        item["paragraphs"] = self.paragraphs(rank)
        if self.draw(st.booleans()):
            arank, alab = self.label(rank)
            aid = f"{prefix}/{len(actions) + 1:02d}"
            actions.append(aid)
            item["actions"] = [{"id": aid, "owner": self.text(arank, ref=False), "text": self.text(arank), **alab}]
        if self.draw(st.booleans()):
            orank, olab = self.label(rank)
            item["outcomes"] = [{"decision": "NOTED", "text": self.text(orank), **olab}]
            if self.draw(st.booleans()):  # the item's text, shown only with an outcome to lead into
                item["outcomes_intro"] = self.text(orank, ref=False)
        if depth < 1 and self.draw(st.booleans()):
            item["items"] = [self.item(rank, depth + 1, prefix, actions)]
        self.last_rank = rank  # this item's effective rank, for what the caller adds to it
        return item

    def blocks(self, parent: int) -> list[Any]:
        out: list[Any] = self.paragraphs(parent)
        if self.draw(st.booleans()):
            rank, lab = self.label(parent)
            out.append({"title": self.text(rank, ref=False), "columns": [self.text(rank, ref=False), "Figure"],
                        "rows": [[self.text(rank), self.draw(st.integers(0, 10**7))]], **lab})
        if self.draw(st.booleans()):
            rank, lab = self.label(parent)
            out.append({"bullets": [self.text(rank)], **lab})
        return out


@st.composite
def archives(draw: Any) -> Plan:
    plan = Plan()
    n_meetings = draw(st.integers(1, 3))
    meetings = []
    for i in range(n_meetings):
        committee = draw(st.sampled_from(["OPSG", "SSC"]))
        date = dt.date(2022, 1 + i, 10 + i)
        meetings.append((committee, f"{60 + i}", date, f"{committee}_{60 + i}_{date:%d%m}"))
    papers = [(c, d, f"{mid}_{k + 1:02d}") for k, (c, _, d, mid) in enumerate(meetings[: draw(st.integers(0, 2))])]
    # Some documents were published under another ID before ('formerly'): text may cite them
    # by it, and an approval name a meeting by it.
    formerly = {mid: f"{committee}_{160 + i}_{date:%d%m}" for i, (committee, _, date, mid) in enumerate(meetings)
                if draw(st.booleans())}
    formerly |= {pid: f"{pid[:-3]}_{51 + k:02d}" for k, (_, _, pid) in enumerate(papers) if draw(st.booleans())}
    ids = [m[3] for m in meetings] + [p[2] for p in papers] + list(formerly.values())
    b = Builder(draw, plan, ids)
    raised: list[str] = []

    for committee, number, date, mid in meetings:
        actions: list[str] = []  # numbered across the meeting's headlines and minutes
        meeting: dict[str, Any] = {"id": mid, "committee": committee, "type": draw(st.sampled_from(
            ["main", "reporting", "extraordinary"])), "date": date.isoformat()}
        if mid in formerly:  # its old address in its year, or in the year before (its date corrected)
            meeting["formerly"] = [draw(st.sampled_from([formerly[mid], {"id": formerly[mid], "year": date.year - 1}]))]
        docs: list[tuple[int, str | None]] = []
        parts = draw(st.sampled_from([("headlines",), ("minutes",), ("headlines", "minutes")]))
        for part in parts:
            rank, lab = b.label(0, required=True)
            draft = part == "minutes" and draw(st.booleans())
            b.draft_of = mid if draft else None
            first = b.item(rank, 0, f"{committee} {number}", actions)
            first_rank = b.last_rank
            doc: dict[str, Any] = {**lab, "items": [first] + [b.item(rank, 0, f"{committee} {number}", actions)
                                                              for _ in range(draw(st.integers(0, 1)))]}
            if part == "minutes":
                doc["status"] = "draft" if draft else "approved"
                doc["attendance"] = {"secretary": b.text(rank, ref=False), "present": [
                    {"constituency": draw(st.sampled_from(CONSTITUENCIES)), "people": [b.text(rank, ref=False)]}]}
                # An approval names a meeting held before, whose minutes no other meeting approves.
                earlier = [m[3] for m in meetings if m[2] < date and m[3] not in plan.approved]
                if earlier and draw(st.booleans()):
                    approves = draw(st.sampled_from(earlier))
                    named = formerly[approves] if approves in formerly and draw(st.booleans()) else approves
                    doc["items"][0]["approves_minutes"] = [named]
                    plan.approved.add(approves)
                if raised and draw(st.booleans()):
                    rrank, rlab = b.label(first_rank)
                    review = {"action": draw(st.sampled_from(raised)), "text": b.text(rrank), "raised": "2021-12-01",
                              "status": "open", "update": [b.text(rrank)], **rlab}
                    doc["items"][0]["action_reviews"] = [review]
            if draw(st.booleans()):
                doc["next_meetings"] = [{"type": "main", "date": (date + dt.timedelta(days=28)).isoformat()}]
            meeting[part] = doc
            docs.append((rank, mid if draft else None))
            b.draft_of = None
        raised.extend(actions)
        note = f"mkmeeting{len(plan.markers):04d}z"
        plan.markers.append(Marker(note, 0, None, docs))
        meeting["date_note"] = f"Note {note}"
        plan.files[f"meetings/{committee.lower()}/{date.year}/{mid}.yml"] = meeting

    for committee, date, pid in papers:
        rank, lab = b.label(0, required=True)
        paper: dict[str, Any] = {"id": pid, "committee": committee, "title": b.text(rank, ref=False),
                                 "date": date.isoformat(), **lab,
                                 "sections": [{"title": b.text(rank, ref=False), "blocks": b.blocks(rank)}]}
        if pid in formerly:
            paper["formerly"] = [draw(st.sampled_from([formerly[pid], {"id": formerly[pid], "year": date.year - 1}]))]
        attachments = []
        for k in range(draw(st.integers(0, 2))):
            arank, alab = b.label(rank)
            attachments.append({"id": f"Appendix {'AB'[k]}", "title": b.text(rank, ref=False),
                                "blocks": [b.text(arank)], **alab})
        if attachments:
            paper["attachments"] = attachments
        if draw(st.booleans()):
            arank, alab = b.label(rank)
            paper["annexes"] = [{"id": "Annex 1", "blocks": [{"columns": ["Report"], "rows": [[b.text(arank)]]}],
                                 **alab}]
        reports = []
        for k in range(draw(st.integers(0, 2))):
            rrank, rlab = b.label(rank)
            actual, forecast = draw(st.integers(0, 10**9)), draw(st.integers(1, 10**9))
            common = {"id": f"r{k}", "title": b.text(rrank, ref=False), "sec_ref": b.text(rrank, ref=False),
                      "period": b.text(rrank, ref=False), "observations": [b.text(rrank)],
                      "delivery": {"deadline": b.text(rrank, ref=False), "status": "on time"}, **rlab}
            if draw(st.booleans()):
                reports.append({**common, "kind": "csr_variance", "unit": b.text(rrank, ref=False),
                                "actual": actual, "forecast": forecast, "variance": actual - forecast,
                                "without_forecast": draw(st.integers(0, 50)),
                                "without_forecast_who": b.text(rrank, ref=False)})
            else:
                reports.append({**common, "kind": "pmr", "month": f"2021-{k + 1:02d}",
                                "results": [{"measure": "CPM1", "value": "92.75%", "below_target": True,
                                             "note": b.text(rrank)}],
                                "statements": [{"measure": "CPM1", "month": f"2021-{k + 1:02d}", "instance": 1,
                                                "window": 1, "text": b.text(rrank)}]})
        if reports:
            paper["reports"] = reports
            paper["sections"][0]["report"] = "r0"
            paper.setdefault("annexes", []).append({"id": "Annex 2", "reports_summary": True})
        plan.files[f"papers/{committee.lower()}/{date.year}/{pid}.yml"] = paper

    terms = []
    for k in range(draw(st.integers(0, 2))):
        rank, lab = b.label(0)
        terms.append({"abbr": f"ZQ{k}", "meaning": b.text(rank, ref=False), **lab})
    if terms:
        plan.files["glossary.yml"] = {"classification": "WHITE", "terms": terms}
    plan.files["committees.yml"] = {"committees": [{"id": "OPSG", "name": "Operations Group"},
                                                   {"id": "SSC", "name": "Security Sub-Committee"}]}
    plan.files["constituencies.yml"] = {"constituencies": CONSTITUENCIES}
    return plan
