"""An iCalendar feed per audience: the meetings in the data and the 'next meeting' dates.

Built with the icalendar library so that folding, escaping and time zones follow RFC 5545.
Everything it is built from is the audience's redacted archive. Stamps are derived from
the data, so the same input gives the same feed. Each event carries the label it is known
under (``CATEGORIES``, as the Atom feed's entries carry theirs; on the SEC Parties site at the
end of its summary too), and an event the public may not know of is ``CLASS:CONFIDENTIAL``:
calendar programs keep its details out of a calendar shared onwards.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

from . import ids
from .classify import named_label
from .labels import Label
from .loading import Archive
from .schema import Meeting, MeetingType, NextMeeting, first_id

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    committee: str
    type: MeetingType
    date: dt.date
    start: str | None
    end: str | None
    meeting_id: str | None
    summary: str
    label: Label
    """What the entry is known under: a held meeting's ``named_label``, an announced one's
    least restrictive announcement."""


def calendar_entries(archive: Archive) -> list[CalendarEntry]:
    """Meetings held (with their pages) and meetings announced by visible 'next meeting' lines,
    but for those a later meeting's lines have since moved or dropped."""
    # Each meeting held is an event of its own (two of a committee on one day, an extraordinary
    # meeting beside the main one, are two); a kind of meeting announced for a day is one event
    # per committee, its label the least restrictive line announcing that kind: an extraordinary
    # meeting told only in GREEN stays GREEN beside a main one told in WHITE.
    entries: dict[str, CalendarEntry] = {}  # by meeting ID held, by UID announced
    for meeting in archive.meetings.values():
        name = archive.committees[meeting.committee].name
        # An event keeps the UID it was first published under: a calendar program that has it
        # moves it, not shows it twice.
        uid = ids.slug(first_id(meeting))
        entries[meeting.id] = CalendarEntry(
            uid, meeting.committee, meeting.type, meeting.date, meeting.start, meeting.end,
            meeting.id, f"{name} {meeting.type.value} meeting {meeting.id.split('_', 1)[1]}", named_label(meeting))
    held = {(entry.committee, entry.date) for entry in entries.values()}
    # A later meeting's word on a kind of meeting replaces an earlier one's: a day that an
    # earlier meeting announced and a later one, held before that day, no longer lists among
    # the meetings of that kind it announces, was moved or dropped (22 February announced in
    # January, 23 February in February: one reporting meeting, not two).
    schedules: dict[tuple[str, MeetingType], dict[dt.date, set[dt.date]]] = {}
    for meeting in archive.meetings.values():
        for _, doc in meeting.parts():
            for upcoming in doc.next_meetings:
                schedules.setdefault((meeting.committee, upcoming.type), {}).setdefault(meeting.date, set()).add(
                    upcoming.date)

    announcers = {key: sorted(by_date) for key, by_date in schedules.items()}  # the days they were held

    def superseded(meeting: Meeting, upcoming: NextMeeting) -> bool:
        key = (meeting.committee, upcoming.type)
        days = announcers[key]  # those held after the announcing meeting and before the day announced:
        between = days[bisect.bisect_right(days, meeting.date):bisect.bisect_left(days, upcoming.date)]
        return any(upcoming.date not in schedules[key][when] for when in between)

    for meeting in archive.meetings.values():
        for _, doc in meeting.parts():
            for upcoming in doc.next_meetings:
                if (meeting.committee, upcoming.date) in held or superseded(meeting, upcoming):
                    continue
                uid = f"{meeting.committee.lower()}-{upcoming.date.isoformat()}-{upcoming.type.value}"
                label = Label.or_red(upcoming.classification)  # fail closed
                if uid in entries:  # announced more than once: its least restrictive announcement
                    if label < entries[uid].label:
                        entries[uid] = dataclasses.replace(entries[uid], label=label)
                    continue
                name = archive.committees[meeting.committee].name
                entries[uid] = CalendarEntry(
                    uid, meeting.committee, upcoming.type, upcoming.date, None, None, None,
                    f"{name} {upcoming.type.value} meeting", label)
    return sorted(entries.values(), key=lambda e: (e.date, e.committee, e.start or "", e.uid))


def _time(date: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=LONDON)


def to_ical(entries: list[CalendarEntry], name: str, site_url: str, page_url: dict[str, str],
            marked: bool = False) -> bytes:
    """The calendar. ``marked``: each event's summary ends with its label, "(GREEN)", as a
    calendar program shows the summary and seldom the categories (the SEC Parties site's)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//SECAS//Headlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    host = site_url.split("//", 1)[-1].split("/", 1)[0] or "headlines"
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", dt.datetime(entry.date.year, entry.date.month, entry.date.day, tzinfo=dt.timezone.utc))
        event.add("summary", f"{entry.summary} ({entry.label.display})" if marked else entry.summary)
        event.add("categories", [entry.label.display])
        event.add("class", "PUBLIC" if entry.label == Label.WHITE else "CONFIDENTIAL")
        if entry.start:
            event.add("dtstart", _time(entry.date, entry.start))
            event.add("dtend", _time(entry.date, entry.end) if entry.end else _time(entry.date, entry.start))
        else:
            event.add("dtstart", entry.date)
            event.add("dtend", entry.date + dt.timedelta(days=1))
        if entry.meeting_id and entry.meeting_id in page_url:
            event.add("url", site_url.rstrip("/") + "/" + page_url[entry.meeting_id])
        cal.add_component(event)
    if entries:
        # Only the years the events fall in: the library's default span (1970 to 2037) lists every
        # change of the clocks in it, and none after it.
        years = [entry.date.year for entry in entries]
        cal.add_missing_timezones(first_date=dt.date(min(years), 1, 1), last_date=dt.date(max(years) + 1, 1, 1))
    return cal.to_ical()
