"""The action register, computed from every meeting one audience may see.

An action is raised at a meeting (``ACTION OPSG 35x/03: The DCC to …``) or is known from
a review row that describes it (its meeting is not in the archive). Later meetings review
it: a revised target date, an update, a status. The register is built from the redacted
archive, so an action or an update the audience may not see is simply not there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import ids
from .labels import Label
from .loading import Archive
from .schema import Action, ActionReview, ActionStatus, Meeting, Paragraph


@dataclass
class Event:
    """One step of an action's history, at one meeting."""

    meeting: Meeting
    kind: str  # "raised" or "reviewed"
    label: Label
    status: ActionStatus = ActionStatus.open
    revised_target_date: dt.date | None = None
    superseded_by: str | None = None
    update: list[Paragraph] = field(default_factory=list)


@dataclass
class Entry:
    id: str
    text: str
    owner: str
    label: Label
    raised: dt.date | None
    target_date: dt.date | None
    events: list[Event] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return ids.slug(self.id)

    @property
    def status(self) -> ActionStatus:
        reviewed = [e for e in self.events if e.kind == "reviewed"]
        return reviewed[-1].status if reviewed else ActionStatus.open

    @property
    def current_target(self) -> dt.date | None:
        revised = [e.revised_target_date for e in self.events if e.revised_target_date]
        return revised[-1] if revised else self.target_date

    @property
    def superseded_by(self) -> str | None:
        later = [e.superseded_by for e in self.events if e.superseded_by]
        return later[-1] if later else None

    @property
    def closed_at(self) -> Meeting | None:
        if self.status is ActionStatus.open:
            return None
        return next(e.meeting for e in reversed(self.events) if e.kind == "reviewed")

    @property
    def raised_at(self) -> Meeting | None:
        return next((e.meeting for e in self.events if e.kind == "raised"), None)

    @property
    def label_shown(self) -> Label:
        """The most restrictive label of all the register shows of the action: the action, each
        step of its history, each update (a WHITE action's status from GREEN minutes is GREEN)."""
        return max([self.label, *(e.label for e in self.events),
                    *(Label.or_red(p.classification) for e in self.events for p in e.update)])

    def overdue(self, as_of: dt.date) -> bool:
        target = self.current_target
        return self.status is ActionStatus.open and target is not None and target < as_of


@dataclass
class Register:
    entries: list[Entry]
    as_of: dt.date

    def by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}

    def owners(self) -> list[str]:
        return sorted({e.owner for e in self.entries})

    def sorted(self) -> list[Entry]:
        """Open actions first, overdue ones first among them, each by target date; then the
        closed and superseded, most recently closed first."""
        far = dt.date.max

        def key(entry: Entry) -> tuple:
            if entry.status is ActionStatus.open:
                return (0, not entry.overdue(self.as_of), entry.current_target or far, entry.id)
            closed = entry.closed_at.date if entry.closed_at else dt.date.min
            return (1, -closed.toordinal(), entry.id)

        return sorted(self.entries, key=key)


def build_register(archive: Archive, as_of: dt.date) -> Register:
    raised: dict[str, tuple[Action, Meeting]] = {}
    reviews: list[tuple[ActionReview, Meeting]] = []
    for meeting in sorted(archive.meetings.values(), key=lambda m: (m.date, m.id)):
        for item, _ in meeting.agenda_items():
            for action in item.actions:
                raised[action.id] = (action, meeting)
            reviews.extend((review, meeting) for review in item.action_reviews)
    entries: dict[str, Entry] = {}
    for action, meeting in raised.values():
        entry = Entry(action.id, action.text, action.owner, Label.or_red(action.classification),
                      meeting.date, action.target_date)
        entry.events.append(Event(meeting, "raised", entry.label))
        entries[action.id] = entry
    for review, meeting in reviews:
        entry = entries.get(review.action)
        if entry is None:
            if not review.text:
                continue  # the action's own record is not visible to this audience
            entry = entries[review.action] = Entry(
                review.action, review.text, review.owner or "not recorded", Label.or_red(review.classification),
                review.raised, review.target_date)
        entry.events.append(Event(meeting, "reviewed", Label.or_red(review.classification), review.status,
                                  review.revised_target_date, review.superseded_by, list(review.update)))
    return Register(list(entries.values()), as_of)


def default_as_of(archive: Archive) -> dt.date:
    """The date overdue is judged against when configuration names none: the latest meeting."""
    return max((m.date for m in archive.meetings.values()), default=dt.date(2000, 1, 1))
