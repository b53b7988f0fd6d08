"""The one declared data model: a Pydantic class per kind of data, a docstring per field.

Every item that can carry a label derives from ``Classified``. Documents (headlines,
minutes, papers) must state theirs; items may leave it out and take their parent's.
JSON Schemas for editors are generated from these classes (``headlines schemas``).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import typing
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import ids
from .labels import ALLOWED_SPELLINGS, Label, parse_label
from .yamlsource import WrittenFloat, WrittenInt, as_typed, too_long


def _any_case(words: list[str]) -> str:
    """A JSON Schema pattern matching any of ``words`` in any case, with spaces around, as
    ``parse_label`` reads them. Written without inline flags, which JavaScript's regular
    expressions (the editors' schema checkers) do not all read."""
    def letters(word: str) -> str:
        return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)
    return rf"^\s*({'|'.join(letters(word) for word in words)})\s*$"


_LABEL_JSON_SCHEMA = {
    "type": "string",
    "pattern": _any_case(["white", "clear", "green", "amber", "amber+strict", "red"]),
    "patternErrorMessage": f"allowed: a Panel Information Policy label, any case: {ALLOWED_SPELLINGS}",
    "description": f"Panel Information Policy label, any case: {ALLOWED_SPELLINGS}.",
}

LabelField = Annotated[
    Label,
    BeforeValidator(parse_label),
    PlainSerializer(lambda label: label.display, return_type=str),
    WithJsonSchema(_LABEL_JSON_SCHEMA),
]


_LINK_TARGET = re.compile(r"\]\(\s*(?:<([^>]*)>|([^)\s]*))|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE)
"""A link's address (inline, or in angle brackets), and a line that would define one ('[1]: …')."""
_WEB_TARGET = re.compile(r"https?://|mailto:", re.IGNORECASE)
_NO_SCHEME = re.compile(r"[^:]*$")


def _safe_markdown(value: str) -> str:
    """Text is rendered as Markdown: refuse what would load or run something, and a link to
    anything but another site's address. An address within the site leads nowhere certain:
    a meeting's or an action's text shows on more pages than one (an action's in the register
    too), from each of which a relative address leads elsewhere, and the public site lacks
    the page of a GREEN paper, which its link would name. A document of the archive is linked
    by its ID, which links to its page where the site has one. An HTML comment, which an editor
    writes to hide a note, is shown as typed, as all raw HTML in the data is: it is refused."""
    if "<!--" in value:
        note = value[value.index("<!--"):][:40]
        raise ValueError(f"found an HTML comment ({note!r}), which the page would show as typed; allowed: a note "
                         "for the editors as a YAML comment, on a line of its own starting with '#'")
    if "](" not in value and "]:" not in value:  # no link, no image: nothing to look at (most text)
        return value
    if "![" in value and re.search(r"!\[[^\]]*\]\(", value):
        raise ValueError("found an image in text; allowed: text and links only (images would load from elsewhere)")
    for match in _LINK_TARGET.finditer(value):
        inline = match.group(1) if match.group(1) is not None else match.group(2)
        target = inline if inline is not None else match.group(3)
        # A line '[1]: …' is shown as typed, never read as a definition (autolink.inline_only):
        # only an address that would run something is refused in it.
        relative = _NO_SCHEME.match(target) is not None
        if _WEB_TARGET.match(target) or (inline is None and relative):
            continue
        found = f"a link to {target[:60]!r}" if target else "a link with no address"
        within = "" if not relative else (
            " (a meeting, paper or action of the archive is linked by writing its ID in the text, "
            "OPSG_49_2405_03: it links to its page on each site that has one)")
        raise ValueError(f"found {found}; allowed: links to http, https or mailto addresses{within}")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("found empty text; allowed: some words")
    return value


Text = Annotated[str, AfterValidator(_text)]
"""Prose. Inline Markdown (emphasis, links) is allowed; raw HTML is shown as text, never run."""


def _not_yes_or_no(value: Any, allowed: str) -> Any:
    """Refuses ``true`` and ``false`` where a number goes: Pydantic reads them as 1 and 0, so a
    count written ``true`` would be 1 and a table's cell would show 1."""
    if isinstance(value, bool):
        raise ValueError(f"found {str(value).lower()}, which YAML reads as a yes-or-no value; allowed: {allowed}")
    return value


def _no_yes_or_no(allowed: str) -> BeforeValidator:
    """``_not_yes_or_no`` as a type's check, with what the type allows in words."""
    return BeforeValidator(lambda value: _not_yes_or_no(value, allowed))


Whole = Annotated[int, _no_yes_or_no("a whole number")]
"""A whole number in the data: a count, a year, a place in a list."""


def _number(value: Any) -> Any:
    """An item's number as typed: YAML reads ``04`` unquoted as the number 4."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return as_typed(value)
    if isinstance(value, float):
        raise ValueError(f"found the number {value!r} (unquoted, 3.10 is read as the number 3.1); "
                         "allowed: an item number in quotes, like '3' or '3.10'")
    return value


_ITEM_NUMBER = r"^[0-9]+(\.[0-9]+)*\.?$"
ItemNumber = Annotated[str, BeforeValidator(_number, json_schema_input_type=Union[
    Annotated[str, Field(pattern=_ITEM_NUMBER)], Annotated[int, Field(ge=0)]]), Field(pattern=_ITEM_NUMBER)]


TIME_24H = r"([01]?[0-9]|2[0-3]):[0-5][0-9]"
"""A 24-hour time as editors write it: '13:20', '9:30'."""
_TIME = "a 24-hour time like '13:20' or '9:30'"
"""What a time takes, as the build and the editors' checkers say it."""


def read_as(text: str, forms: tuple[str, ...], shown: str) -> str | None:
    """``text`` read in the first of ``forms`` (``strptime``'s) that reads it, written as
    ``shown``; None where none does. For the hints: '25/01/2021' as 2021-01-25."""
    for form in forms:
        try:
            return dt.datetime.strptime(text, form).strftime(shown)
        except ValueError:
            continue
    return None


_TIME_FORMS = ("%I:%M%p", "%I%p", "%I.%M%p", "%H.%M", "%H:%M:%S", "%H%M")
"""Times as people write them ('1:20pm', '13.20', '1320'), spaces left out, for the hint."""


def _time_hint(written: str) -> str:
    """`` (did you mean '13:20'?)`` for a time written another way; '' otherwise (and for '13.5',
    which could be half past)."""
    text = written.strip().replace(" ", "").upper()
    time = None if re.fullmatch(r"[0-9]{1,2}[.:][0-9](?![0-9]).*", text) else read_as(text, _TIME_FORMS, "%H:%M")
    return f" (did you mean '{time}'?)" if time else ""


def _time_not_a_number(value: Any) -> Any:
    """A time YAML read as a number (``13.20``, ``1320``) is refused as a time, with the time:
    the general advice for text that YAML reads as a number (put it in quotes) would not do."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        written = as_typed(value)
        raise ValueError(f"found {written}, a number; allowed: a 24-hour time in quotes, like '13:20'"
                         f"{_time_hint(written)}")
    return value


def _time(value: Any) -> Any:
    """A 24-hour time, kept as ``HH:MM``: ``9:30`` is read as ``09:30``."""
    if isinstance(value, str):
        if not re.fullmatch(TIME_24H, value):
            raise ValueError(f"found {value!r}; allowed: {_TIME}{_time_hint(value)}")
        return value.zfill(5)
    return value


Time = Annotated[str, BeforeValidator(_time_not_a_number), AfterValidator(_time),
                 WithJsonSchema({"type": "string", "pattern": f"^{TIME_24H}$",
                                 "patternErrorMessage": f"allowed: {_TIME}"})]


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A date as the data writes it, and as 'headlines new --date' takes it: 2021-01-25."""
UNPADDED_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
"""A date perhaps without its zeros, 2021-1-25, as YAML 1.1 reads one (its year, month, day)."""


AS_READ = {"as_read": True}
"""The validation context of another revision's data, read as it was read then (``_date``)."""


def _date(value: Any, info: ValidationInfo) -> Any:
    """A date as ``YYYY-MM-DD``: as YAML reads it unquoted, or as text in quotes, and nothing
    else. Pydantic alone would take a number as seconds since 1970 (``publish_after: 0`` an
    embargo ended in 1970) and a date and time at midnight; ``2021-1-25`` the editors' schema
    checkers underline (``format: date``). Another revision's data, read with the context
    ``AS_READ`` (the declassification guard's, the history walk's), is read as it was before this rule:
    ``2021-1-25`` as a date, anything else as Pydantic reads it."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return value  # Pydantic reads it, and refuses a day that does not exist
    if info.context == AS_READ:
        loose = UNPADDED_DATE.fullmatch(value) if isinstance(value, str) else None
        return dt.date(*(int(g) for g in loose.groups())) if loose else value
    raise PydanticCustomError("date_parsing", "not a date as YYYY-MM-DD")


YEARS = range(2000, 2100)
"""The years a date or a month may fall in. One outside them is a slip (2201 for 2021): as the
latest meeting it would set the date overdue actions are judged against, and 9999-12-31
leaves no day after it for a calendar's event to end on."""
YEARS_ALLOWED = f"the years {YEARS[0]} to {YEARS[-1]}"
YEAR_PATTERN = "20[0-9]{2}"
"""``YEARS`` as the JSON Schemas say it to editors' checkers, at the start of a date's or a month's pattern."""


def _in_years(value: dt.date, info: ValidationInfo) -> dt.date:
    """``_date``'s date, refused outside ``YEARS`` (another revision's data is read as it was)."""
    if value.year not in YEARS and info.context != AS_READ:
        raise ValueError(f"found {value.isoformat()}; allowed: a date in {YEARS_ALLOWED}")
    return value


_DATE_JSON_SCHEMA = {"type": "string", "format": "date", "pattern": f"^{YEAR_PATTERN}-",
                     "patternErrorMessage": f"allowed: a date as YYYY-MM-DD, in {YEARS_ALLOWED}"}

Date = Annotated[dt.date, BeforeValidator(_date), AfterValidator(_in_years), WithJsonSchema(_DATE_JSON_SCHEMA)]
"""Every date field's type (``_date``, ``_in_years``)."""


def _not_left_empty(value: Any, info: ValidationInfo, allowed: str) -> Any:
    """An optional field whose line is written with nothing after it, where leaving the line out
    publishes more (an item's label, an embargo): the value was meant and not given, so it is an
    error, never read as the line left out. Another revision's data is read as it was published,
    when such a line was read as left out."""
    if value is None and info.context != AS_READ:
        raise ValueError(f"found nothing (the field is empty); allowed: {allowed}")
    return value


def _no_empty_default(schema: dict[str, Any]) -> None:
    """The editors' schema of such a field: no default for a completion to write in."""
    schema.pop("default", None)


def _given_or_left_out(kind: Any, json_schema: dict[str, Any], allowed: str) -> Any:
    """An optional field of ``kind`` that may be left out, never left empty (``_not_left_empty``);
    its editors' schema ``kind``'s alone, so a line left empty is underlined as the build
    refuses it. A subclass that requires the field declares it anew, without this rule."""
    return Annotated[kind | None, BeforeValidator(lambda value, info: _not_left_empty(value, info, allowed)),
                     WithJsonSchema(json_schema), Field(validate_default=False, json_schema_extra=_no_empty_default)]


ItemLabel = _given_or_left_out(LabelField, _LABEL_JSON_SCHEMA, f"{ALLOWED_SPELLINGS}, or no 'classification' "
                               "line, to take the label of what it is in")
"""An item's label: its parent's where the line is left out (a GREEN paragraph left empty in
WHITE headlines would be published)."""

Embargo = _given_or_left_out(Date, _DATE_JSON_SCHEMA, "a date as YYYY-MM-DD, or no 'publish_after' line, to "
                             "publish the document now")
"""A document's embargo: none where the line is left out (one left empty would publish it on
the next build)."""


class _Vocabulary:
    """Marks a string field as the schema's vocabulary (a kind, a check's name), not document content."""


VOCABULARY = _Vocabulary()


MeetingId = Annotated[str, AfterValidator(ids.meeting_id), Field(examples=["OPSG_41_2501", "OPSG_35x"])]
PaperId = Annotated[str, AfterValidator(ids.paper_id), Field(examples=["OPSG_49_2405_03"])]
# An action's ID is vocabulary for the leak check: "OPSG 90/04" reads as the words "opsg 90 04",
# which figures ("OPSG | 90.04%") produce by chance; the action's own text stays a needle.
ActionId = Annotated[str, AfterValidator(ids.action_id), Field(examples=["OPSG 35x/01"]), VOCABULARY]
CommitteeId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*$", examples=["OPSG"])]


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


def _marked(annotation: Any) -> bool:
    if typing.get_origin(annotation) is Literal:
        return True
    if typing.get_origin(annotation) is typing.Annotated and any(m is VOCABULARY for m in typing.get_args(annotation)[1:]):
        return True
    return any(_marked(arg) for arg in typing.get_args(annotation) if arg is not type(None))


@functools.cache
def is_vocabulary(model: type[BaseModel], name: str) -> bool:
    """Literal-typed fields and fields marked VOCABULARY hold no text of the document's own."""
    info = model.model_fields[name]
    return _marked(info.annotation) or any(m is VOCABULARY for m in info.metadata)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, use_attribute_docstrings=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_unsafe_markdown(cls, value: Any, info: ValidationInfo) -> Any:
        """Every string of every model (titles, cells, prose) is checked, so none can slip past.
        Another revision's data, read for its labels and never published from, is read as it was:
        a text refused since (an HTML comment, a link within the site) is compared as it stood."""
        if info.context == AS_READ:
            return value
        for text in _strings_in(value):
            _safe_markdown(text)
        return value


class Classified(Model):
    """Something that may carry its own label. Without one it takes its parent's."""

    classification: ItemLabel = None
    """Panel Information Policy label. Leave out to take the parent's; never less restrictive."""

    def withheld(self) -> Classified | None:
        """What an audience below this item's label still sees of it: nothing by default."""
        return None


class Declassification(Model):
    """The record that lets a change lower a label: who decided, when, and where it is recorded."""

    date: Date
    """The day the label was lowered."""
    decision: str
    """The decision's reference: 'OPSG_45_0803 item 4', 'Panel 2021-03-12 decision 7'."""
    by: str
    """Who decided: 'SEC Panel', 'OPSG Chair'."""
    note: Text | None = None
    """Why, or what the decision says."""


class Document(Classified):
    classification: LabelField  # type: ignore[assignment]
    """Panel Information Policy label of the whole document: WHITE, GREEN, AMBER or RED."""
    declassified: list[Declassification] = []
    """Declassification records. A change that lowers any label here must add one."""


class Publishable(Document):
    """A document readers see as such: it may be embargoed."""

    publish_after: Embargo = None
    """Embargo: not published on either site before this date."""


class MeetingType(str, enum.Enum):
    main = "main"
    reporting = "reporting"
    extraordinary = "extraordinary"


class Decision(str, enum.Enum):
    """Outcomes as the minutes write them, in capitals."""

    NOTED = "NOTED"
    AGREED = "AGREED"
    ENDORSED = "ENDORSED"
    APPROVED = "APPROVED"
    NOT_APPROVED = "NOT APPROVED"
    RECOMMENDED = "RECOMMENDED"
    DEFERRED = "DEFERRED"
    REJECTED = "REJECTED"


class ActionStatus(str, enum.Enum):
    open = "open"
    closed = "closed"
    superseded = "superseded"


def _paragraph(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Paragraph(Classified):
    """A paragraph of prose. A plain string in a list is a paragraph too."""

    text: Text
    """The paragraph, as the document words it (inline Markdown allowed)."""


ParagraphIn = Annotated[Paragraph, BeforeValidator(_paragraph, json_schema_input_type=Union[Text, Paragraph])]


class BulletList(Classified):
    """A bulleted list, with an optional lead-in line."""

    intro: Text | None = None
    """The line before the bullets: 'The DCC noted that:'."""
    bullets: list[Text] = Field(min_length=1)
    """Each bullet, a line of its own starting with '- '."""


def _cell(value: Any) -> Any:
    """A cell as the document writes it: a number that reads otherwise than Python would write
    it ('3.10', '.5', '0042') is kept as its text, so the table shows what was typed, not 3.1."""
    return value.written if isinstance(value, (WrittenFloat, WrittenInt)) else value


Cell = Annotated[Union[str, int, float, None], BeforeValidator(_cell),
                 _no_yes_or_no("text (in quotes: 'true'), a number or nothing")]
"""A table's cell: text, a figure, or empty."""


class Table(Classified):
    """A table of figures or text, cells as the document writes them."""

    title: str | None = None
    """The table's caption, such as 'Resolved RDP Incidents'."""
    columns: list[str] = Field(min_length=1)
    """The column headings, left to right."""
    rows: list[list[Cell]] = Field(min_length=1)
    """Each row a list of cells, one per column: `[CSP N, 12, 3]`."""
    note: Text | None = None
    """A line printed under the table."""

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> Table:
        """Every row that does not fit, in one message: 'found 2 cells in row 2, 4 in row 5'."""
        wrong = [(i + 1, row) for i, row in enumerate(self.rows) if len(row) != len(self.columns)]
        if wrong:
            found = ", ".join(f"{len(row)}{(' cell' if len(row) == 1 else ' cells') if j == 0 else ''} in row {i}"
                              for j, (i, row) in enumerate(wrong))
            raise ValueError(f"found {found}; allowed: {len(self.columns)}, one per column")
        return self


def _block_kind(value: Any) -> str | None:
    """Which kind of block a value is; None for a mapping of none of the kinds (``BLOCK_KIND_ERROR``)."""
    if isinstance(value, dict):
        if "rows" in value or "columns" in value:
            return "table"
        if "bullets" in value:
            return "bullets"
        return "paragraph" if "text" in value else None
    if isinstance(value, BaseModel):
        return {Table: "table", BulletList: "bullets"}.get(type(value), "paragraph")
    return "paragraph"


Block = Annotated[
    Union[
        Annotated[ParagraphIn, Tag("paragraph")],
        Annotated[Table, Tag("table")],
        Annotated[BulletList, Tag("bullets")],
    ],
    Discriminator(_block_kind, custom_error_type="block_kind",
                  custom_error_message="found a mapping of no kind of block"),
]
BLOCK_TAGS = {"paragraph", "table", "bullets"}
BLOCK_KIND_ERROR = "block_kind"
BLOCK_FIELDS = ("text", "columns", "rows", "bullets", "intro", "title", "note", "classification")


class Outcome(Classified):
    """A decision the committee recorded: 'The OPSG NOTED the update.'"""

    decision: Decision
    """The word the minutes write in capitals: NOTED, AGREED, ENDORSED …"""
    text: Text
    """The outcome as minuted, its decision word in it: 'The OPSG NOTED the update.'"""


class Action(Classified):
    """An action raised at this meeting: 'ACTION OPSG 35x/03: The DCC to …'."""

    id: ActionId
    """The action's ID: the meeting, a slash, its number: 'OPSG 35x/03'."""
    owner: str
    """Who must do it: DCC, SECAS, the OPSG, a party."""
    text: Text
    """What is to be done, as minuted: 'The DCC to review …'."""
    target_date: Date | None = None
    """When it is due."""


class ActionReview(Classified):
    """An earlier action reviewed at this meeting: a row of the actions-outstanding table."""

    action: ActionId
    """The ID of the action reviewed: 'OPSG 33xx/04'."""
    text: Text | None = None
    """The action as worded when raised (needed when its meeting is not in the data)."""
    raised: Date | None = None
    """The day it was raised (needed when its meeting is not in the data)."""
    target_date: Date | None = None
    """When it was due, as the table gives it."""
    revised_target_date: Date | None = None
    """The new date it is due, where the table gives one."""
    owner: str | None = None
    """Who must do it, as the table gives it."""
    update: list[ParagraphIn] = []
    """What the meeting heard of it, a paragraph each."""
    status: ActionStatus
    """open, closed, or superseded (by another action)."""
    superseded_by: ActionId | None = None
    """The action that replaces it: 'OPSG 35x/05'."""

    @model_validator(mode="after")
    def _superseded_names_its_successor(self) -> ActionReview:
        if self.superseded_by and self.status is ActionStatus.open:
            raise ValueError("an open action cannot be superseded; set status to closed or superseded")
        return self


class AgendaItem(Classified):
    """A numbered agenda item (or an unnumbered sub-heading) with what was said and decided."""

    number: ItemNumber | None = None
    """The item's number, in quotes: '2', '3.1'. Leave out for an unnumbered sub-heading."""
    title: str
    """The item's heading: 'DCC Pandemic Update'."""
    presenter: str | None = None
    """The presenting body, as written in brackets: DCC, SECAS."""
    paragraphs: list[ParagraphIn] = []
    """What was said, a paragraph each."""
    approves_minutes: list[MeetingId] = []
    """Meetings whose draft minutes this item approves as final."""
    action_reviews: list[ActionReview] = []
    """The actions outstanding reviewed under this item."""
    items: list[AgendaItem] = []
    """Sub-items (3.1, 3.2 …), each an agenda item of its own."""
    actions: list[Action] = []
    """The actions raised under this item."""
    outcomes: list[Outcome] = []
    """What the committee decided under this item."""
    outcomes_intro: Text | None = None
    """A lead-in the outcomes follow as a list, as minutes write it: 'The OPSG:', then
    'NOTED the governance of TMMD; and', 'ENDORSED the proposed process.'"""


def walk_items(items: list[AgendaItem], loc: tuple[Any, ...] = ()) -> Iterator[tuple[AgendaItem, tuple[Any, ...]]]:
    """Every agenda item and sub-item, depth first, with its field path."""
    for i, item in enumerate(items):
        yield item, (*loc, i)
        yield from walk_items(item.items, (*loc, i, "items"))


class NextMeeting(Classified):
    type: MeetingType
    """main, reporting or extraordinary."""
    date: Date
    """The day of the meeting."""


class PersonGroup(Classified):
    """People of one constituency: Large Suppliers, DCC, SECAS, TAG, BEIS …"""

    constituency: str
    """One of data/constituencies.yml: 'Large Suppliers', 'DCC' …"""
    people: list[str] = []
    """Names, as the record gives them."""


class Attendance(Classified):
    chair: str | None = None
    """Who chaired the meeting."""
    secretary: str | None = None
    """Who took the minutes."""
    present: list[PersonGroup] = []
    """Those present, by constituency."""
    apologies: list[PersonGroup] = []
    """Those who sent apologies, by constituency."""
    note: Text | None = None
    """What is known to be missing from the record."""


class Headlines(Publishable):
    """The public summary of a meeting."""

    title: str = "Meeting Headlines"
    """The document's title, as its first page gives it."""
    intro: Text | None = None
    """The paragraph before the items."""
    items: list[AgendaItem] = Field(min_length=1)
    """The agenda items, in order."""
    next_meetings: list[NextMeeting] = []
    """The meetings announced next."""


class Minutes(Publishable):
    """The formal record of a meeting. Draft minutes are never published."""

    status: Literal["draft", "approved"]
    """draft (published nowhere) or approved."""
    approved_at: MeetingId | None = None
    """The later meeting that approved these minutes, when known."""
    note: Text | None = None
    """What the reader should know of the record itself."""
    attendance: Attendance | None = None
    """Who was there, and who sent apologies."""
    items: list[AgendaItem] = Field(min_length=1)
    """The agenda items, in order."""
    next_meetings: list[NextMeeting] = []
    """The meetings announced next."""


class FormerAddress(Model):
    """An address the page had in another year: the ID it had then (its own, or an earlier
    one) and the year its date was in, before the date was corrected."""

    id: str
    """The ID it had then: its own, or one it had before."""
    year: Whole = Field(ge=1900, le=2999)
    """The year its date was in then: its page stood in that year's folder."""


class FormerMeetingAddress(FormerAddress):
    id: MeetingId
    """The ID it had then: its own, or one it had before."""


class FormerPaperAddress(FormerAddress):
    id: PaperId
    """The ID it had then: its own, or one it had before."""


def _former_kind(value: Any) -> str:
    """A former ID alone, or an address of another year (a mapping with 'id' and 'year')."""
    return FORMER_ADDRESS if isinstance(value, (dict, FormerAddress)) else FORMER_ID


FORMER_ID, FORMER_ADDRESS = "former-id", "former-address"
FORMER_TAGS = {FORMER_ID, FORMER_ADDRESS}
FormerMeeting = Annotated[
    Union[Annotated[MeetingId, Tag(FORMER_ID)], Annotated[FormerMeetingAddress, Tag(FORMER_ADDRESS)]],
    Discriminator(_former_kind)]
FormerPaper = Annotated[
    Union[Annotated[PaperId, Tag(FORMER_ID)], Annotated[FormerPaperAddress, Tag(FORMER_ADDRESS)]],
    Discriminator(_former_kind)]


class Renamed:
    """A meeting's or paper's addresses before ('formerly'). (Its fields are the model's own:
    declared here, they would come first among them.)"""

    @property
    def former_places(self) -> list[tuple[str, int]]:
        """Each address the page had before, as (the ID it had, its year then): a former ID
        alone was in the year the document's date is in now."""
        year = self.date.year  # type: ignore[attr-defined]
        return [(old, year) if isinstance(old, str) else (old.id, old.year)
                for old in self.formerly]  # type: ignore[attr-defined]

    @property
    def former_ids(self) -> list[str]:
        """The IDs it was published under before, other than its own, each once, the first first."""
        return list(dict.fromkeys(old for old, _ in self.former_places if old != self.id))  # type: ignore[attr-defined]


class Meeting(Renamed, Model):
    """One meeting of a committee: its headlines and its minutes, each with its own label."""

    id: MeetingId
    """The meeting's ID, its file's name: committee, number, day and month (OPSG_41_2501), or
    letters for an extra meeting (OPSG_35x)."""
    committee: CommitteeId
    """The committee's ID, as in data/committees.yml: OPSG."""
    type: MeetingType
    """main, reporting or extraordinary."""
    date: Date
    """The day of the meeting, YYYY-MM-DD. Its day and month are in the ID; its year names the folder."""
    start: Time | None = None
    """When it started, 24-hour, in quotes: '13:20'."""
    end: Time | None = None
    """When it ended, 24-hour, in quotes: '15:35'."""
    date_note: Text | None = None
    """Where the date came from, when the record itself lost it."""
    formerly: list[FormerMeeting] = []
    """IDs the meeting was published under before (a slip since corrected), the first first:
    each old address leads to its page, and the old ID still links and finds it. Its actions
    may keep the IDs they were raised with; its feed entry and calendar event keep the first.
    Where its date moved to another year, its address did too: give the ID it had, its own
    if unchanged, with the year it was in: ``{id: OPSG_41_0401, year: 2020}``."""
    headlines: Headlines | None = None
    """The public summary, with its own label."""
    minutes: Minutes | None = None
    """The formal record, with its own label."""

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, end: str | None, info: ValidationInfo) -> str | None:
        start = info.data.get("start")
        if end and start and end <= start:
            raise ValueError(f"found {end!r}, before the start ({start}); allowed: a time after {start}")
        return end

    @model_validator(mode="after")
    def _has_a_document(self) -> Meeting:
        if self.headlines is None and self.minutes is None:
            raise ValueError("found neither headlines nor minutes; "
                             "allowed: a meeting with headlines, minutes or both")
        return self

    def parts(self) -> Iterator[tuple[str, Headlines | Minutes]]:
        """(field name, document) for each of the meeting's headlines and minutes it has."""
        for name in ("headlines", "minutes"):
            if (doc := getattr(self, name)) is not None:
                yield name, doc

    def agenda_items(self) -> Iterator[tuple[AgendaItem, tuple[Any, ...]]]:
        """Every agenda item and sub-item of its headlines and minutes, depth first, with its
        field path from the meeting: ('minutes', 'items', 1, 'items', 0)."""
        for name, doc in self.parts():
            yield from walk_items(doc.items, (name, "items"))


class Author(Model):
    name: str
    """The author's name."""
    team: str | None = None
    """Their team or organisation: 'SECAS'."""


# -- Reports: figures as data -------------------------------------------------------------


_FIGURE = r"-?[0-9]{1,3}(,[0-9]{3})+|-?[0-9]+"
FIGURE_TEXT = rf"^\s*({_FIGURE})\s*$"
"""A count written as text, as the editors' checkers are told it."""


def _figure(value: Any) -> Any:
    """A count as the paper prints it: 2,112,776 or 2112776 (or -26,171,309,862)."""
    _not_yes_or_no(value, "a count, like 2,112,776 or 2112776")
    if isinstance(value, str) and re.fullmatch(_FIGURE, value.strip()):
        long = too_long(value.strip().lstrip("-").replace(",", ""), "a count")
        if long:
            raise ValueError(long)
        return int(value.replace(",", ""))
    return value


Figure = Annotated[int, BeforeValidator(_figure, json_schema_input_type=Union[
    int, Annotated[str, Field(pattern=FIGURE_TEXT)]])]


_PERCENT = "a percentage like '122.2%'"
"""What a percentage takes, as the build and the editors' checkers say it."""


_PLAIN_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")


class Percent(Model):
    """A percentage as typed, with its precision: '122.2%' is 122.2 to one decimal place."""

    value: float
    decimals: int

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # As typed where that is a plain decimal ('99.50': two places); '1.' or '.5' as read
            typed = value.written if isinstance(value, WrittenFloat) else ""
            value = (typed if _PLAIN_DECIMAL.fullmatch(typed) else str(value)) + "%"
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(-?[0-9]+(?:\.([0-9]+))?)\s*%\s*", value)
            if not match:
                raise ValueError(f"found {value!r}; allowed: {_PERCENT}")
            return {"value": float(match[1]), "decimals": len(match[2] or "")}
        return value

    def __str__(self) -> str:
        return f"{self.value:.{self.decimals}f}%"


PercentIn = Annotated[Percent, WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": r"^\s*-?[0-9]+(\.[0-9]+)?\s*%\s*$", "examples": ["122.2%"],
     "patternErrorMessage": f"allowed: {_PERCENT}"}, {"type": "number"}]})]


ServiceLevelIn = Annotated[Percent, WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": r"^\s*(100(\.0+)?|[0-9]{1,2}(\.[0-9]+)?)\s*%\s*$", "examples": ["96%"],
     "patternErrorMessage": "allowed: a percentage from 0% to 100%, like '96%'"},
    {"type": "number", "minimum": 0, "maximum": 100}]})]
"""A service level, 0% to 100%: the editors' checker underlines another (``Measure`` refuses it)."""


_MONTH_FORMS = ("%B %Y", "%b %Y", "%Y-%m", "%m/%Y", "%Y/%m", "%m-%Y", "%m.%Y")
"""Months as people write them ('March 2021', 'Mar 2021', '2021-3', '03/2021'), for the hint."""


def month_named(text: str) -> str | None:
    """The month ``text`` names, as YYYY-MM ('March 2021', '2021-3', '03/2021'); None for none."""
    return read_as(text.strip(), _MONTH_FORMS, "%Y-%m")


def _month_hint(value: Any) -> str:
    """' (did you mean 2021-03?)' for a month written another way, or a date in it; '' otherwise."""
    if isinstance(value, dt.date):
        return f" (did you mean {value:%Y-%m}?)"
    month = month_named(value) if isinstance(value, str) else None
    return f" (did you mean {month}?)" if month else ""


def _a_month_not_a_date(value: Any) -> Any:
    """A date where a month goes (``month: 2021-03-01``) is refused as a month, with the month:
    the general advice for text that YAML reads as a date (put it in quotes) would not do."""
    if isinstance(value, dt.date):
        raise ValueError(f"found {value}, a date; allowed: a month as YYYY-MM{_month_hint(value)}")
    return value


def _year_month(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
        raise ValueError(f"found {value!r}; allowed: a month as YYYY-MM{_month_hint(value)}")
    if isinstance(value, str) and int(value[:4]) not in YEARS:
        raise ValueError(f"found {value!r}; allowed: a month in {YEARS_ALLOWED}")
    return value


YearMonth = Annotated[str, BeforeValidator(_a_month_not_a_date), AfterValidator(_year_month),
                      WithJsonSchema({"type": "string", "pattern": f"^{YEAR_PATTERN}-(0[1-9]|1[0-2])$",
                                      "patternErrorMessage": f"allowed: a month as YYYY-MM, in {YEARS_ALLOWED}"})]


class Delivery(Model):
    deadline: str
    """When the SEC wants it: 'SEC L8.9 – 10th Working Day following month end.'"""
    status: Literal["on time", "late"]
    """on time, or late."""
    per: str | None = None
    """What the SEC says it must contain: 'Per SEC L8.9(a)' (Annex 1's Content column)."""


class Acknowledged(Model):
    """A discrepancy in the paper's own figures, known and explained: reported, not fatal."""

    figure: Annotated[str, VOCABULARY]
    """The check's name, exactly as the build reports it."""
    note: Text
    """Why the paper's figure stands: 'As published: …'."""


class Count(Model):
    name: str
    """What is counted: a severity, a status, a category."""
    count: Whole
    """How many, as a whole number."""


class ReportBase(Classified):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    """Short name within the paper, used by sections ('report: csr') and in anchors."""
    title: str
    """As Annex 1 names it: 'Certificate Signing Request (CSR) Variance Report'."""
    sec_ref: str
    """The SEC clause it is due under: 'SEC L8.9', 'SEC Appendix AG 2.5.10'."""
    period: str
    """What it covers: 'April 2021', 'Q1 2021'."""
    delivery: Delivery
    """When it was due and whether it came on time."""
    appendix: str | None = None
    """The attachment holding the report itself: 'Appendix B'."""
    observations: list[Text] = []
    """What Annex 1 says beyond the figures it generates."""
    acknowledged: list[Acknowledged] = []
    """The report's figures that disagree, kept as published and explained."""


class RdpIncidents(ReportBase):
    kind: Literal["rdp_incidents"]
    """rdp_incidents: the Registration Data Provider Incident Report."""
    opened: Whole
    """Incidents opened in the period."""
    resolved: Whole
    """Incidents resolved in the period."""
    still_open: Whole
    """Incidents open at the period's end."""
    resolved_by_severity: list[Count] = []
    """The severity table, as 'name: Severity 3, count: 3'."""


class Variance(ReportBase):
    """CSR or SR variance: actual against forecast, with the adjusted Grand Total."""

    kind: Literal["csr_variance", "sr_variance"]
    """csr_variance or sr_variance."""
    unit: str
    """What was counted, as Annex 1 words it: 'requests', 'SRs'."""
    actual: Figure
    """The actual count, as the paper prints it: 2,112,776."""
    forecast: Figure
    """The forecast count, as the paper prints it."""
    variance: Figure | None = None
    """As typed in the paper; the build computes actual − forecast and compares."""
    percent_of_forecast: PercentIn | None = None
    """As typed; the build computes actual ÷ forecast at the same precision and compares."""
    without_forecast: Whole
    """How many consumed services without submitting a forecast."""
    without_forecast_who: str
    """'Authorised Subscribers', 'SEC Parties', 'Users'."""


class ProblemReport(ReportBase):
    kind: Literal["problem_report"]
    """problem_report: the Quarterly Problem Report."""
    open_by_status: list[Count]
    """Open Problems by status, as the report tables them."""
    open_total: Whole | None = None
    """As typed; the build sums the statuses and compares."""
    new_this_quarter: Whole
    """Problem Records created this quarter."""
    new_last_quarter: Whole
    """Problem Records created the quarter before."""
    rca_breaches_by_category: list[Count] = []
    """Problems past the DCC's target for Root Cause Analysis, by category: critical, high …"""
    rca_breaches_total: Whole | None = None
    """As typed; the build sums the categories and compares."""
    significant: Whole | None = None
    """Open Problems the DCC considers 'Significant and/or Impactful'."""


class FaultRow(Model):
    attribute: str
    """The fault: 'LED Fault', 'SM WAN Fault'."""
    counts: list[Whole]
    """One count a month, in the table's months' order."""
    total: Whole | None = None
    """As typed; the build sums the months and compares."""


class FaultTable(Model):
    region: str
    """The region the table covers, as headed: 'North Region', 'South and Central Region'."""
    months: list[str] = Field(min_length=1)
    """The table's months, as headed: January, February, March."""
    rows: list[FaultRow] = Field(min_length=1)
    """A row a fault."""
    totals: list[Whole] | None = None
    """The typed Total row, one per month and the grand total last."""

    @model_validator(mode="after")
    def _counts_fit_months(self) -> FaultTable:
        months = len(self.months)
        wrong = [(i + 1, row) for i, row in enumerate(self.rows) if len(row.counts) != months]
        if wrong:  # every row that does not fit, in one message
            found = ", ".join(f"{len(row.counts)}{' counts' if j == 0 else ''} in row {i} ({row.attribute})"
                              for j, (i, row) in enumerate(wrong))
            raise ValueError(f"found {found}; allowed: {months}, one per month ({', '.join(self.months)})")
        if self.totals is not None and len(self.totals) != months + 1:
            raise ValueError(f"found {len(self.totals)} totals; allowed: {months + 1}, one per month "
                             f"({', '.join(self.months)}) and the grand total last")
        return self


class RegionShare(Model):
    region: str
    """As the paper words it: 'Communication Service Provider Central & South (CSP C&S)'."""
    table: str | None = None
    """The fault table of that region, when the share is to be checked against it."""
    percent: PercentIn
    """The region's share of the returns, as typed: '38%'."""


class ChReturns(ReportBase):
    kind: Literal["ch_returns"]
    """ch_returns: the DCC Responsible Communications Hub Returns Report."""
    records_closed: Figure
    """Records closed in the period."""
    no_fault_found: Figure
    """Of those, how many with no fault found."""
    fault_found: Figure
    """Of those, how many with a fault found."""
    share_by_region: list[RegionShare] = []
    """Each region's share of the returns."""
    fault_tables: list[FaultTable] = []
    """The faults found, a table per region."""


class MeasureResult(Model):
    measure: str
    """'CPM1', 'PM2', 'PM2.1'."""
    provider: str | None = None
    """For a service provider measure: 'CSP N', 'CSP C&S', 'DSP', 'S1SP'."""
    value: PercentIn
    """The month's figure, as typed: '92.75%'."""
    below_target: bool | None = None
    """As the report says; computed from the target when the measure has one."""
    note: Text | None = None
    """What the report says of it."""


MONTHS_HELD = 1200
"""The most months a statement may count: the century of months the data's dates may fall in."""
Months = Annotated[int, Field(ge=1, le=MONTHS_HELD), _no_yes_or_no("a whole number")]
"""A count of months in a statement: the 27th instance, in 28 months, for the last 17 months."""


class StreakStatement(Model):
    """'CPM1 … the 27th instance this CPM has been below target in 28 months.'"""

    measure: str
    """The measure it speaks of: 'CPM1'."""
    provider: str | None = None
    """The service provider, for a provider's measure."""
    month: YearMonth
    """The month it speaks of, YYYY-MM."""
    instance: Months | None = None
    """'the 27th instance …': 27; the build counts and compares."""
    window: Months | None = None
    """'… in 28 months': 28."""
    run: Months | None = None
    """'below Target Service Level for the last N months'."""
    text: Text
    """The sentence, as the paper words it."""

    @field_validator("window")
    @classmethod
    def _window_holds_instance(cls, window: int | None, info: ValidationInfo) -> int | None:
        instance = info.data.get("instance")
        if window is not None and instance is not None and instance > window:
            raise ValueError(f"found {window}, fewer months than the instance ({instance}) counts; allowed: "
                             f"{instance} months or more")
        return window


class Pmr(ReportBase):
    """Performance Measurement Report: the month's Code and service provider Performance Measures."""

    kind: Literal["pmr"]
    """pmr: the Performance Measurement Report."""
    month: YearMonth
    """The month it reports, YYYY-MM."""
    results: list[MeasureResult] = []
    """The measures' figures for the month."""
    statements: list[StreakStatement] = []
    """What the paper says of runs below target; the build checks them against the series."""


Report = Annotated[Union[RdpIncidents, Variance, ProblemReport, ChReturns, Pmr], Field(discriminator="kind")]
REPORT_TAGS = {kind for model in (RdpIncidents, Variance, ProblemReport, ChReturns, Pmr)
               for kind in typing.get_args(model.model_fields["kind"].annotation)}


def measure_name(measure: str, provider: str | None) -> str:
    """A measure as readers and messages name it: 'CPM1', 'PM2 (CSP N)'."""
    return f"{measure} ({provider})" if provider else measure


class Measure(Model):
    """A Code Performance Measure, or a service provider's Performance Measure."""

    id: str
    """'CPM1', 'PM2.1'."""
    provider: str | None = None
    """For a service provider's measure: 'CSP N', 'DSP', 'S1SP'."""
    name: str
    """What it measures: 'On Demand Service Responses within TRT'."""
    target: ServiceLevelIn | None = None
    """Target Service Level: '96%'."""
    minimum: ServiceLevelIn | None = None
    """Minimum Service Level."""

    @field_validator("target", "minimum")
    @classmethod
    def _a_service_level(cls, level: Percent | None, info: ValidationInfo) -> Percent | None:
        if level is not None and not 0 <= level.value <= 100:
            raise ValueError(f"found {level}; allowed: a service level from 0% to 100%")
        target = info.data.get("target")
        if info.field_name == "minimum" and level is not None and target is not None and level.value > target.value:
            raise ValueError(f"found {level}, above the target ({target}); allowed: a minimum up to the target")
        return level


class Measures(Model):
    """``data/measures.yml``: the Performance Measures that reports give monthly figures for."""

    measures: list[Measure] = Field(min_length=1)
    """Each measure: its ID, provider, name and service levels."""


class Section(Classified):
    number: ItemNumber | None = None
    """The section's number, in quotes: '2', '2.1'. Leave out for an unnumbered heading."""
    title: str
    """The section's heading."""
    blocks: list[Block] = []
    """The section's paragraphs, tables and lists, in order."""
    report: str | None = None
    """The ID of a report in this paper, whose figures are shown at the end of this section."""
    report_after: Annotated[int, Field(ge=0), _no_yes_or_no("a whole number")] | None = None
    """Where the report's figures go instead: after this many of the section's blocks (0 is
    before the first), as the paper places its table: 'the table below shows…'."""
    sections: list[Section] = []
    """Sub-sections, each a section of its own."""


class Recommendations(Classified):
    intro: Text
    """The line before them: 'The OPSG is invited to:'."""
    items: list[Text] = Field(min_length=1)
    """Each recommendation, a line of its own starting with '- '."""


ATTACHMENT_TYPES = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "pptx": "PowerPoint",
                    "odt": "OpenDocument text", "ods": "OpenDocument spreadsheet",
                    "odp": "OpenDocument presentation", "csv": "CSV"}
"""The kinds of file a paper's attachment may be, by the file name's ending, and what the
paper's page calls each."""
ATTACHMENT_FILE = rf"^[A-Za-z0-9][A-Za-z0-9._-]*\.({'|'.join(ATTACHMENT_TYPES)})$"
SEALED_ATTACHMENTS = frozenset(ATTACHMENT_TYPES) - {"csv"}
"""The kinds whose bytes are no text to read (compressed: PDF streams, Office and OpenDocument
zips). The output check does not scan a published attachment of these for text: it checks that
its bytes are those of an attachment the site shows, and of none it withholds."""


class Attachment(Classified):
    """An appendix sent with a paper. Its name and label belong to the paper; its content is its own."""

    id: str
    """As the paper names it: 'Appendix A'."""
    title: str
    """As the paper names it: 'DCC Reporting Responsible Communications Hub Returns Report'."""
    blocks: list[Block] = []
    """The attachment's content, when the data holds it."""
    file: str | None = Field(None, pattern=ATTACHMENT_FILE, examples=["appendix-f.pdf"])
    """The attachment as a file, kept in a folder named after the paper beside the paper's
    file (data/papers/opsg/2021/OPSG_49_2405_03/appendix-f.pdf): copied into each site whose
    ceiling its label is within, and linked from the paper's page there; on no other site."""

    def withheld(self) -> Attachment:
        return Attachment(id=self.id, title=self.title,
                          **({} if self.classification is None else {"classification": self.classification}))


class Annex(Classified):
    id: str
    """As the paper names it: 'Annex 1'."""
    title: str | None = None
    """As the paper names it."""
    blocks: list[Block] = []
    """The annex's content, when the data holds it."""
    reports_summary: bool = False
    """Generate the table of this paper's reports (Report, Delivery per SEC, Content, Observations)."""


class Paper(Renamed, Publishable):
    """A paper presented to a committee."""

    id: PaperId
    """The paper's ID, its file's name: its meeting's ID and a number, OPSG_49_2405_03."""
    committee: CommitteeId
    """The committee's ID, as in data/committees.yml: OPSG."""
    title: str
    """The paper's title: 'DCC SEC Panel Reports Summary'."""
    date: Date
    """The day it was issued: on or before the meeting its ID names."""
    formerly: list[FormerPaper] = []
    """IDs the paper was published under before, the first first: each old address leads to
    its page, and the old ID still links and finds it; its feed entry keeps the first. Where
    its date moved to another year: ``{id: OPSG_49_2405_03, year: 2020}``, as a meeting's."""
    purpose: str | None = None
    """What the committee is asked to do: 'For Decision', 'For Information'."""
    authors: list[Author] = []
    """Who wrote it."""
    sections: list[Section] = Field(min_length=1)
    """The paper's sections, in order."""
    recommendations: Recommendations | None = None
    """What the committee is asked to do, as a list."""
    reports: list[Report] = []
    """The reports this paper summarises, as typed figures."""
    attachments: list[Attachment] = []
    """The appendices sent with it, each with its own label."""
    annexes: list[Annex] = []
    """The annexes at its end."""


def first_id(doc: Meeting | Paper) -> str:
    """The ID a meeting or paper was first published under: the first in its ``formerly``, else
    its own. Its feed entry and calendar event keep it, so that they follow it to a new ID."""
    return doc.former_places[0][0] if doc.formerly else doc.id


COMMITTEE_NAME = r"^[^*_`\[\]\\\s](?:[^*_`\[\]\\]*[^*_`\[\]\\\s])?$"
"""A committee's name: words as typed, with no emphasis mark, backtick, square bracket or
backslash, which Markdown reads on its pages (the rest, '<', '|', '{', is shown there as
typed). The name is written into plain text (a page's title and description, a calendar's
events, a feed's titles) as often as into pages, and a mark would show in the one and not
the other."""


class Committee(Model):
    id: CommitteeId
    """The ID its meetings and papers begin with, in capitals: OPSG."""
    name: str = Field(pattern=COMMITTEE_NAME)
    """In full: 'Operations Group'."""
    description: Text | None = None
    """What it does, a paragraph for its page."""
    terms_of_reference: str | None = Field(None, pattern=r"^https?://")
    """The web address of its terms of reference."""
    meeting_pattern: str | None = None
    """When it meets: 'Twice a month, a main meeting and a reporting meeting'."""


class Committees(Model):
    """``data/committees.yml``: the committees whose meetings and papers are published."""

    committees: list[Committee] = Field(min_length=1)
    """Each committee: its ID, name and what its page says of it."""


class Constituencies(Model):
    """``data/constituencies.yml``: the groups attendance is recorded by."""

    constituencies: list[str] = Field(min_length=1)
    """Large Suppliers, Small Suppliers, Network Parties, Other SEC Parties, DCC, SECAS …"""


class Term(Classified):
    abbr: str = Field(pattern=r"^\S.*\S$|^\S$")
    """As written in the documents: 'CSR', 'CSP N'."""
    meaning: Text
    """In full: 'Certificate Signing Request'."""

    @field_validator("meaning")
    @classmethod
    def _on_one_line(cls, meaning: str) -> str:
        """A meaning is shown on hover, from a definition of one line: a line break in it (a
        block written with '|') ended the definition, and left its last words on every page
        that uses the term, as a paragraph of their own."""
        return " ".join(meaning.split())


class Glossary(Document):
    """``data/glossary.yml``: abbreviations, defined on hover on every page where they appear."""

    terms: list[Term] = Field(min_length=1)
    """Each abbreviation and its meaning, each abbreviation once."""


for _model in (AgendaItem, Section):
    _model.model_rebuild()
