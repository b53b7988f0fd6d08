"""User-facing data errors: each names file, line, column, field, found and allowed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


def did_you_mean(close: list[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of what is allowed, or nothing when none is close."""
    return f" (did you mean '{close[0]}'?)" if close else ""


_HIDDEN_BMP = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters, but for tab and line breaks
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"  # format
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\u2028\u2029"  # line and paragraph separators
    "\ue000-\uf8ff")  # private use
_HIDDEN_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"  # format
    "\U000e0001\U000e0020-\U000e007f"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd")  # private use
HIDDEN = re.compile(f"[{_HIDDEN_BMP}{_HIDDEN_ASTRAL}]")
"""Characters a reader cannot see, or sees as a box: Unicode's control, format (but for the
joiners, U+200C and U+200D, which some scripts and emoji need), separator and private-use
characters. Text pasted from a PDF or a word processor brings them: a soft hyphen in
'instal\u00adlation' keeps the word from being found; a right-to-left override shows the
text after it reversed; a PDF's bullet is often U+F0B7, a font's own symbol."""
HIDDEN_IN_BMP = re.compile(f"[{_HIDDEN_BMP}]")
SHOWN_ONLY = "^[^" + "".join(c if c == "-" else f"\\u{ord(c):04x}" for c in _HIDDEN_BMP) + "]*$"
"""A JSON Schema pattern for text holding none of ``HIDDEN``'s characters of the Basic
Multilingual Plane, which an editor's checker underlines as the build refuses them (a soft
hyphen, a right-to-left override, a PDF's bullet). The rest need a flag that JSON Schema's
patterns do not set; the build finds them all."""
HIDDEN_PAST_BMP = re.compile(f"[{_HIDDEN_ASTRAL}]")


_HIDDEN_KINDS = {"Cc": "a control character", "Cf": "an invisible formatting character",
                 "Zl": "a line separator", "Zp": "a paragraph separator",
                 "Co": "a private-use character (a font's own symbol, shown as a box or not at all)"}


def hidden_character(text: str, at: int) -> str:
    """The problem of the character a reader cannot see at ``text[at]``: what it is, and the
    text just before it, by which an editor finds it."""
    char = text[at]
    name = unicodedata.name(char, "")
    kind = _HIDDEN_KINDS.get(unicodedata.category(char), "a character a reader cannot see")
    before = text[max(0, at - 20):at].rpartition("\n")[2].lstrip()
    where = f"after {before!r}" if before else "at the start of a line" if "\n" in text[:at] else "at the start"
    return (f"found {kind}, U+{ord(char):04X}{' ' + name if name else ''}, {where} (text pasted from a PDF or a "
            "word processor often brings one); allowed: characters a reader sees: delete it")


@dataclass(frozen=True)
class DataError:
    """One problem in one data file, positioned for an editor."""

    file: Path | str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    def github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command: the run shows it on its file's
        line, in the pull request's changed files too. Escaped as the runner reads it, so no
        text of the data can end the command or start another."""
        def escape(text: str, *, prop: bool = False) -> str:
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return text.replace(":", "%3A").replace(",", "%2C") if prop else text

        props = [f"file={escape(Path(self.file).as_posix(), prop=True)}"]
        if self.line is not None:
            props.append(f"line={self.line}")
            if self.column is not None:
                props.append(f"col={self.column}")
        if self.field:
            props.append(f"title={escape(self.field, prop=True)}")
        return f"::error {','.join(props)}::{escape(self.message)}"


def hidden_in_file(file: Path | str, text: str, at: int) -> DataError:
    """``hidden_character`` for a file's whole ``text``: at the character's own line and column."""
    return DataError(file, text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at), "", hidden_character(text, at))


class DataErrors(Exception):
    """Every problem found in one pass over the data, raised together."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = sorted(errors, key=lambda e: (str(e.file), e.line or 0, e.column or 0))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} in the data:"
        return "\n".join([head, *(f"  {e}" for e in self.errors)])
