"""The hand-written pages in ``content/`` and the files beside them, read once by one set of rules
for the build, ``headlines validate`` and ``headlines changes``.

A page states its label in front matter (``classification: WHITE``). Any other file (an image,
a PDF) takes the label of the pages that list it under ``files:``, the most restrictive if
several do; a file no page lists has no label. A symbolic link is refused, whether it is the
file or a folder on the way to it: MkDocs would follow it and copy whatever it leads to. A
page reached by a link is read by its text, whose label is its own.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import InclusionLevel, get_files
from mkdocs.utils import is_markdown_file
from mkdocs.utils import meta as md_meta

from .errors import HIDDEN, DataError, hidden_in_file
from .labels import ALLOWED_SPELLINGS, Label, parse_label
from .yamlsource import YamlError, read_yaml

SOURCE_SUFFIXES = {".yml", ".yaml", ".j2", ".py", ".json"}
UNLABELLED = "Every hand-written page states its label in front matter, like 'classification: WHITE'"
UNLISTED = ("a file beside the hand-written pages that no page lists, so it has no label; allowed: its path under "
            "'files:' in the front matter of the page that links it (the file takes that page's label), or, for a "
            "paper's appendix, an attachment's 'file' in data/papers/")
SOURCE_FILE = "source files do not belong in docs_dir; data goes in data/, templates in theme/"


def _front_matter_problem(text: str, shown: Path) -> DataError | None:
    """Why a page's front matter (between its two '---' lines) does not read as YAML fields,
    with the line and column in the page; None where it reads, or the page has none."""
    match = md_meta.YAML_RE.match(text)
    if match is None:
        return None
    try:
        value = read_yaml(shown, raw=match.group(1).encode("utf-8")).value
    except YamlError as exc:
        error = exc.error
        line = error.line + 1 if error.line is not None else 1  # after the opening '---'
        return DataError(shown, line, error.column or 1, error.field,
                         f"the front matter: {error.message}. {UNLABELLED}")
    if not isinstance(value, dict):
        found = "a list" if isinstance(value, list) else repr(value)
        return DataError(shown, 2, 1, "", f"the front matter: found {found}; allowed: fields written as "
                                          f"'name: value'. {UNLABELLED}")
    return None


@dataclass(frozen=True)
class Page:
    """A hand-written page: ``label`` None when its front matter gives none that reads (a
    problem says why)."""

    src: str
    path: Path
    label: Label | None
    title: str
    body: str
    front: str = ""
    """The text of its front matter that the theme writes into the page, one a line: the title
    it gives, its ``description`` and ``author`` (``<meta name="description">``, in the head)."""

    @property
    def text(self) -> str:
        """All the page shows of its own: what its front matter gives the theme, and its body."""
        return f"{self.front}\n\n{self.body}" if self.front else self.body


@dataclass(frozen=True)
class Listed:
    """A file beside the pages, with the label the pages listing it give it."""

    src: str
    path: Path
    label: Label
    page: str  # the first page listing it (by source path)


@dataclass
class HandWritten:
    pages: list[Page] = field(default_factory=list)
    files: list[Listed] = field(default_factory=list)
    problems: list[DataError] = field(default_factory=list)  # every one, in the order of the files


WRITTEN: dict[bool, Callable[[InclusionLevel], bool]] = {
    False: InclusionLevel.is_included,  # mkdocs build
    True: InclusionLevel.is_in_serve,   # mkdocs serve: draft_docs too
}
"""Whether MkDocs writes a file of that inclusion level, building (False) or serving (True)."""


def _walked(config: Mapping[str, Any], docs_dir: Path | None) -> list[Any]:
    """The files of the docs folder as MkDocs walks it, each with its inclusion level."""
    docs = str(docs_dir if docs_dir is not None else config["docs_dir"])
    if not os.path.isdir(docs):
        return []
    # get_files reads these keys alone; the site folder only names where files would go.
    walk = {"docs_dir": docs, "site_dir": os.path.join(docs, os.pardir, ".site"),
            "use_directory_urls": config.get("use_directory_urls", True),
            **{k: config.get(k) for k in ("exclude_docs", "draft_docs", "not_in_nav")}}
    return list(get_files(walk))  # type: ignore[arg-type]


def entries(config: Mapping[str, Any], docs_dir: Path | None = None, *, drafts: bool = False) -> list[tuple[str, Path]]:
    """The files MkDocs takes from the docs folder (``docs_dir``, else the configuration's), as it
    takes them: its walk, its exclusions (dot-files, ``templates/``, ``exclude_docs``), and with
    ``drafts`` the pages and files of ``draft_docs``, which the preview writes."""
    return [(f.src_uri, Path(f.abs_src_path)) for f in _walked(config, docs_dir)
            if WRITTEN[drafts](f.inclusion) and f.abs_src_path]


def meant_for_the_nav(config: Mapping[str, Any]) -> set[str]:
    """The pages MkDocs expects the ``nav`` to list: those it builds, but for ``not_in_nav``'s."""
    return {f.src_uri for f in _walked(config, None) if is_markdown_file(f.src_uri) and f.inclusion.is_in_nav()}


def link_on_the_way(path: Path, docs_dir: Path) -> Path | None:
    """The symbolic link, if any, that ``path`` is reached through below ``docs_dir``: the file
    itself or a folder on the way."""
    try:
        parts = path.relative_to(docs_dir).parts
    except ValueError:
        return None
    here = docs_dir
    for part in parts:
        here = here / part
        if here.is_symlink():
            return here
    return None


def linked(link: Path, path: Path) -> str:
    """What is wrong with a file (``path``) reached through a symbolic link (``link``)."""
    if link == path:
        return (f"a symbolic link (to {link.readlink()}), which the build would follow to copy whatever it points "
                "at; allowed: the file itself")
    return (f"in {link.name}/, a symbolic link to a folder (it leads to {link.readlink()}), which the build would "
            "follow to copy whatever it holds; allowed: a folder of its own, holding the files themselves")


def listed_files(page_src: str, listed: Any, docs_dir: Path) -> list[str]:
    """The source paths of the files a hand-written page (``page_src``) lists under ``files:``
    (each as the page links it: relative to the page's folder). Each must be there, else
    ``ValueError`` says what was found and what is allowed."""
    if not isinstance(listed, list) or not all(isinstance(name, str) and name for name in listed):
        raise ValueError(f"found {listed!r}; allowed: a list of the files beside the page that it links, like "
                         "[guide.pdf, images/chart.png]")
    out = []
    for name in listed:
        src = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), name))
        path = docs_dir / src
        outside = src.startswith("../") or posixpath.isabs(src)
        link = None if outside else link_on_the_way(path, docs_dir)
        if link is not None:
            raise ValueError(f"found {name!r}, {linked(link, path)}")
        if outside or not path.is_file():
            raise ValueError(f"found {name!r}, which is no file in {docs_dir.name}/ (looked for {src}); allowed: "
                             "the path of a file there, from the page's folder")
        out.append(src)
    return out


def read(found: Iterable[tuple[str, Path]], docs_dir: Path,
         shown: Callable[[Path], Path | str] = lambda path: path) -> HandWritten:
    """The pages and listed files among ``found`` (source path, file: ``entries``, or the build's
    own files), with every problem the build refuses. ``shown``: a file as messages name it."""
    out = HandWritten()
    others: list[tuple[str, Path]] = []
    claimed: dict[str, tuple[Label, str]] = {}
    for src, path in found:
        if Path(src).suffix in SOURCE_SUFFIXES:
            out.problems.append(DataError(shown(path), None, None, "", SOURCE_FILE))
        elif is_markdown_file(src) and path.is_file():  # a page: its label is its text's, wherever it is
            text = path.read_text(encoding="utf-8-sig")
            if hidden := HIDDEN.search(text):  # as in the data: a soft hyphen pasted in, and the like
                out.problems.append(hidden_in_file(shown(path), text, hidden.start()))
            body, meta = md_meta.get_data(text)
            broken = _front_matter_problem(text, shown(path)) if not meta else None
            if broken is not None:  # MkDocs would show the front matter as the page's text
                out.problems.append(broken)
                out.pages.append(Page(src, path, None, Path(src).stem, body))
                continue
            try:
                if "classification" not in meta:
                    raise ValueError(f"the required field 'classification' is missing; allowed: {ALLOWED_SPELLINGS}")
                label: Label | None = parse_label(meta["classification"])
            except ValueError as exc:
                label = None
                out.problems.append(DataError(shown(path), 1, 1, "classification", f"{exc}. {UNLABELLED}"))
            try:
                listed = listed_files(src, meta.get("files", []), docs_dir)
            except ValueError as exc:
                listed = []
                out.problems.append(DataError(shown(path), 1, 1, "files", str(exc)))
            given = Label.or_red(label)  # a page without a label gives its files the most restrictive
            for name in listed:
                before, first = claimed.get(name, (given, src))
                claimed[name] = max(given, before), first
            front = "\n".join(str(meta[key]) for key in ("title", "description", "author") if meta.get(key))
            out.pages.append(Page(src, path, label, str(meta.get("title") or Path(src).stem), body, front))
        else:
            others.append((src, path))
    for src, path in others:
        link = link_on_the_way(path, docs_dir)
        if link is not None:
            out.problems.append(DataError(shown(path), None, None, "", linked(link, path)))
        elif src not in claimed:
            out.problems.append(DataError(shown(path), None, None, "", UNLISTED))
        else:
            out.files.append(Listed(src, path, *claimed[src]))
    return out
