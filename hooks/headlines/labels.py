"""The Panel Information Policy: labels, their order, their words and the audiences.

Labels follow the Traffic Light Protocol: WHITE < GREEN < AMBER < AMBER+STRICT < RED.
TLP 2.0's CLEAR reads as WHITE. AMBER, AMBER+STRICT and RED are never published.
"""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass

from .errors import did_you_mean


class Label(enum.IntEnum):
    """A classification, ordered from least to most restrictive."""

    WHITE = 0
    GREEN = 1
    AMBER = 2
    AMBER_STRICT = 3
    RED = 4

    def __bool__(self) -> bool:
        """Every label is a label: WHITE is 0, and as an int it would read as none at all, so
        that ``label or Label.RED`` made WHITE material RED."""
        return True

    @classmethod
    def or_red(cls, label: Label | None) -> Label:
        """An item's label, or RED where it has none: what is not labelled is not published."""
        return cls.RED if label is None else label

    @property
    def display(self) -> str:
        return "AMBER+STRICT" if self is Label.AMBER_STRICT else self.name

    @property
    def css(self) -> str:
        return self.name.lower().replace("_", "-")

    @property
    def title(self) -> str:
        return {"AMBER_STRICT": "Amber+Strict"}.get(self.name, self.name.capitalize())

    @property
    def statement(self) -> str:
        """The sentence the Panel's own documents carry at top and bottom of each page."""
        return (
            f"This document is classified as {self.title} in accordance with the "
            f"Panel Information Policy. {POLICY_WORDS[self]}"
        )


POLICY_WORDS = {
    Label.WHITE: (
        "Information can be shared with the public, and any members may publish the "
        "information, subject to copyright."
    ),
    Label.GREEN: (
        "Information can be shared with other SEC Parties and SMIP stakeholders at large, "
        "but not made publicly available."
    ),
    Label.AMBER: "Information is limited to the named recipients' organisations, on a need-to-know basis.",
    Label.AMBER_STRICT: "Information is limited to the named recipients' organisation only.",
    Label.RED: "Information is limited to the named individuals only.",
}

# Spellings an editor may use, compared case-insensitively.
_SPELLINGS = {
    "WHITE": Label.WHITE,
    "CLEAR": Label.WHITE,
    "GREEN": Label.GREEN,
    "AMBER": Label.AMBER,
    "AMBER+STRICT": Label.AMBER_STRICT,
    "RED": Label.RED,
}

ALLOWED_SPELLINGS = "WHITE (or CLEAR), GREEN, AMBER, AMBER+STRICT, RED"


def _not_a_word(value: object) -> str:
    """A value that is no text, as the editor wrote it and YAML read it."""
    if value is None:
        return "nothing (the field is empty)"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a mapping"
    if isinstance(value, bool):
        return f"{str(value).lower()}, which YAML reads as a yes-or-no value"
    return f"{value!r}, which YAML reads as {'a number' if isinstance(value, (int, float)) else 'no text'}"


def parse_label(value: object) -> Label:
    """Read a label as an editor writes it; anything else is an error, never a guess."""
    if isinstance(value, Label):
        return value
    if not isinstance(value, str):
        raise ValueError(f"found {_not_a_word(value)}; allowed: {ALLOWED_SPELLINGS}")
    label = _SPELLINGS.get(value.strip().upper())
    if label is None:
        # The documents' banners read "TLP:GREEN"; the data gives the label alone.
        banner = _SPELLINGS.get(value.strip().upper().removeprefix("TLP:").strip())
        hint = f" (the label alone, without 'TLP:': {banner.display})" if banner is not None else ""
        # A slip of the keys ('AMBR', 'GREEEN') is named, never read as what it is closest to.
        close = [] if hint else difflib.get_close_matches(value.strip().upper(), _SPELLINGS, n=1, cutoff=0.75)
        raise ValueError(f"found {value!r}{did_you_mean(close)}; allowed: {ALLOWED_SPELLINGS}{hint}")
    return label


@dataclass(frozen=True)
class Audience:
    """Who a site is built for, and the most restrictive label they may read."""

    key: str
    name: str
    ceiling: Label

    def may_see(self, label: Label) -> bool:
        return label <= self.ceiling


PUBLIC = Audience("public", "Public", Label.WHITE)
SEC_PARTIES = Audience("sec-parties", "SEC Parties", Label.GREEN)
AUDIENCES = {a.key: a for a in (PUBLIC, SEC_PARTIES)}


def audience_named(key: object) -> Audience:
    """The audience a config names; none named means public, the safe default."""
    if key is None:
        return PUBLIC
    audience = AUDIENCES.get(str(key).strip().lower())
    if audience is None:
        raise ValueError(f"unknown audience {key!r}; allowed: {', '.join(AUDIENCES)}")
    return audience
