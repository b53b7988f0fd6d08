"""A paper's attachments as files: copied into the sites whose ceiling their label is within,
linked from the paper's page there, and nowhere else, under any name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import (add_page, build, build_both, copy_project, edit, renderer_for, site_files, site_markdown,
                      tree_digest)
from test_cli import headlines
from test_declassification import PAPER, RECORD

from headlines.render import file_size

FOLDER = "data/papers/opsg/2021/OPSG_49_2405_03"
PAGE = "papers/opsg/2021/opsg-49-2405-03"
GREEN_PDF = b"%PDF-1.4\n% Appendix F, the Communications Hub returns report for Q1 2021 (GREEN)\n%%EOF\n"
AMBER_XLSX = b"PK\x03\x04 Appendix B, the CSR forecast variance workbook (AMBER)"
WHITE_CSV = b"Month,Returns\nJanuary,519\nFebruary,574\nMarch,280\n"


def attach(project: Path) -> None:
    """The shipped paper lowered to WHITE (with its record), its GREEN Appendix F and AMBER
    Appendix B given files, and a WHITE Appendix G added with one."""
    folder = project / FOLDER
    folder.mkdir()
    (folder / "appendix-f.pdf").write_bytes(GREEN_PDF)
    (folder / "Appendix_B.xlsx").write_bytes(AMBER_XLSX)
    (folder / "returns.csv").write_bytes(WHITE_CSV)
    edit(project, PAPER, "classification: GREEN\nauthors:", f"classification: WHITE\n{RECORD}authors:")
    edit(project, PAPER, "    title: CSR Forecast Variance Report April\n    classification: AMBER\n",
         "    title: CSR Forecast Variance Report April\n    classification: AMBER\n    file: Appendix_B.xlsx\n")
    appendix_f = "    title: DCC Reporting Responsible Communications Hub Returns Report\n    classification: GREEN\n"
    edit(project, PAPER, appendix_f, f"{appendix_f}    file: appendix-f.pdf\n"
         "  - id: Appendix G\n    title: Returns by month\n    file: returns.csv\n")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = copy_project(tmp_path_factory.mktemp("attached") / "project")
    attach(project)
    return build_both(project, project.parent / "out")


def holding(site: Path, raw: bytes) -> list[str]:
    """Every file of a site whose bytes are ``raw``."""
    return [p.relative_to(site).as_posix() for p in site_files(site) if p.read_bytes() == raw]


def test_each_site_holds_the_files_of_the_attachments_it_shows_and_links_them(sites: dict[str, Path]) -> None:
    sec, public = sites["sec-parties"], sites["public"]
    assert holding(sec, GREEN_PDF) == [f"{PAGE}/appendix-f.pdf"]
    assert holding(sec, WHITE_CSV) == holding(public, WHITE_CSV) == [f"{PAGE}/returns.csv"]
    sec_page = (sec / PAGE / "index.html").read_text()
    assert f'<a href="appendix-f.pdf">Appendix F (PDF, {len(GREEN_PDF)} bytes)</a>' in sec_page
    for page in (sec_page, (public / PAGE / "index.html").read_text()):
        assert f'<a href="returns.csv">Appendix G (CSV, {len(WHITE_CSV)} bytes)</a>' in page


def test_no_site_holds_or_names_a_file_above_its_ceiling(sites: dict[str, Path]) -> None:
    """Not under its own name, not under any other, and not named in any file: page, search
    index, data.json, sitemap."""
    for audience, site in sites.items():
        assert holding(site, AMBER_XLSX) == [], audience
        assert all(b"Appendix_B" not in p.read_bytes() for p in site_files(site)), audience
    public = sites["public"]
    assert holding(public, GREEN_PDF) == []
    assert [p for p in site_files(public) if b"appendix-f" in p.read_bytes()] == []
    assert "Not published" in (public / PAGE / "index.html").read_text()


def test_data_json_names_the_files_a_site_holds(sites: dict[str, Path]) -> None:
    def files(site: Path) -> dict[str, str | None]:
        data = json.loads((site / "data.json").read_text())
        paper = next(d for d in data["documents"] if d["id"] == "OPSG_49_2405_03")
        assert paper["path"] == f"{PAGE}/"
        return {a["id"]: a.get("file") for a in paper["attachments"]}

    assert files(sites["sec-parties"]) == {"Appendix A": None, "Appendix B": None, "Appendix C": None,
                                           "Appendix D": None, "Appendix E": None,
                                           "Appendix F": "appendix-f.pdf", "Appendix G": "returns.csv"}
    assert files(sites["public"])["Appendix F"] is None and files(sites["public"])["Appendix G"] == "returns.csv"


def test_an_attachments_name_is_whole_in_the_link_to_its_file(tmp_path: Path) -> None:
    """The link to a file carries the attachment's name as the paper gives it: a '|' in the name
    ended the table's cell inside the link, which lost the link and the rest of the row."""
    import html

    from headlines.labels import SEC_PARTIES
    from headlines.loading import load_archive

    project = copy_project(tmp_path / "project")
    attach(project)
    edit(project, PAPER, "  - id: Appendix G\n", '  - id: "Appendix G | returns]*"\n')
    archive = load_archive(project / "data")
    paper = archive.papers["OPSG_49_2405_03"]
    body = renderer_for(archive, SEC_PARTIES).paper_page(paper).body
    row = next(r for r in site_markdown().convert(body).split("<tr>") if "Returns by month" in r)
    assert row.count("<td") == 4, row
    link = f'<a href="opsg-49-2405-03/returns.csv">Appendix G | returns]* (CSV, {len(WHITE_CSV)} bytes)</a></td>'
    assert link in html.unescape(row), row  # the page's own folder: MkDocs makes it the directory URL's


@pytest.mark.parametrize(("audience", "raw", "message"), [
    ("public", GREEN_PDF, "holds GREEN text of OPSG_49_2405_03 Appendix F (the file appendix-f.pdf)"),
    ("sec-parties", AMBER_XLSX, "holds AMBER text of OPSG_49_2405_03 Appendix B (the file Appendix_B.xlsx)")],
    ids=["green-on-public", "amber-on-sec-parties"])
def test_a_withheld_attachment_copied_in_by_hand_fails_the_build(tmp_path: Path, audience: str, raw: bytes,
                                                                message: str) -> None:
    """The check of the output looks for each withheld file's bytes, whatever the file is called:
    one put beside the hand-written pages, listed by a WHITE page as its own, fails the build,
    naming the attachment, and the last good site stays as it was."""
    project = copy_project(tmp_path / "project")
    attach(project)
    site = tmp_path / "site"
    assert build(project, audience, site).returncode == 0
    before = tree_digest(site)
    (project / "content" / "files").mkdir()
    (project / "content" / "files" / "summary.bin").write_bytes(raw)
    add_page(project, "downloads.md", "---\nclassification: WHITE\nfiles: [files/summary.bin]\n---\n\n# Downloads\n\n"
             "[The summary](files/summary.bin)\n", "Downloads")
    result = build(project, audience, site)
    assert result.returncode != 0
    expected = f"  files/summary.bin: {message}: 'the whole file, byte for byte'"
    assert expected in result.stderr.splitlines(), result.stderr
    assert tree_digest(site) == before


def test_an_embargoed_papers_files_are_on_no_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    attach(project)
    edit(project, PAPER, "classification: WHITE\n", "classification: WHITE\npublish_after: 2099-01-01\n")
    sites = build_both(project, tmp_path / "out")
    for site in sites.values():
        assert holding(site, GREEN_PDF) == holding(site, WHITE_CSV) == []


def hand_written_with_a_file(project: Path, label: str, listed: str = "files: [guide/green-guide.pdf]\n") -> None:
    (project / "content" / "guide").mkdir()
    (project / "content" / "guide" / "green-guide.pdf").write_bytes(GREEN_PDF)
    add_page(project, "guide.md", f"---\nclassification: {label}\n{listed}---\n\n# Reporting guide\n\n"
             "The guide for SEC Parties: [the guide](guide/green-guide.pdf).\n", "Reporting guide")


def test_a_file_beside_the_hand_written_pages_takes_the_label_of_the_page_listing_it(tmp_path: Path) -> None:
    """MkDocs copies every file of its docs folder into the site. Here a file has the label of
    the pages that list it under ``files:``: a GREEN page's PDF is on the SEC Parties site
    only, and the public site holds its bytes under no name."""
    project = copy_project(tmp_path / "project")
    hand_written_with_a_file(project, "GREEN")
    sites = build_both(project, tmp_path / "out")
    assert holding(sites["sec-parties"], GREEN_PDF) == ["guide/green-guide.pdf"]
    assert holding(sites["public"], GREEN_PDF) == []
    assert [p for p in site_files(sites["public"]) if b"green-guide" in p.read_bytes()] == []


@pytest.mark.parametrize(("listed", "message"), [
    ("", "content/guide/green-guide.pdf: a file beside the hand-written pages that no page lists, so it has no "
         "label; allowed: its path under 'files:' in the front matter of the page that links it (the file takes "
         "that page's label), or, for a paper's appendix, an attachment's 'file' in data/papers/"),
    ("files: [green-guide.pdf]\n", "content/guide.md:1:1: files: found 'green-guide.pdf', which is no file in "
                                   "content/ (looked for green-guide.pdf); allowed: the path of a file there, from "
                                   "the page's folder"),
    ("files: guide/green-guide.pdf\n", "content/guide.md:1:1: files: found 'guide/green-guide.pdf'; allowed: a "
                                       "list of the files beside the page that it links, like "
                                       "[guide.pdf, images/chart.png]"),
], ids=["listed by no page", "not there", "not a list"])
def test_a_file_without_a_label_fails_the_build(tmp_path: Path, listed: str, message: str) -> None:
    project = copy_project(tmp_path / "project")
    hand_written_with_a_file(project, "GREEN", listed)
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr.replace(str(project) + "/", ""), result.stderr
    assert "Traceback" not in result.stderr


def test_a_copy_of_a_withheld_hand_written_file_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    hand_written_with_a_file(project, "GREEN")
    (project / "content" / "copy.pdf").write_bytes(GREEN_PDF)
    add_page(project, "downloads.md", "---\nclassification: WHITE\nfiles: [copy.pdf]\n---\n\n# Downloads\n\n"
             "[A copy](copy.pdf)\n", "Downloads")
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    assert ("  copy.pdf: holds GREEN text of hand-written file guide/green-guide.pdf: 'the whole file, byte for byte'"
            in result.stderr.splitlines()), result.stderr


def test_an_attachments_file_that_is_a_link_elsewhere_is_refused(tmp_path: Path) -> None:
    """A symbolic link would have the build copy whatever it points at, from anywhere on the
    machine that builds, into the site."""
    project = copy_project(tmp_path / "project")
    attach(project)
    (project / FOLDER / "returns.csv").unlink()
    (project / FOLDER / "returns.csv").symlink_to(project / "mkdocs.yml")
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    assert (f"  {PAPER}:199:11: attachments[6].file: found 'returns.csv', reached by a symbolic link (it leads to "
            f"{project}/mkdocs.yml); allowed: the file itself, copied into {FOLDER}/") in result.stderr.splitlines()
    # The paper's folder a link to a folder elsewhere: its files are reached through it.
    elsewhere = tmp_path / "elsewhere"
    (project / FOLDER).rename(elsewhere)
    (elsewhere / "returns.csv").unlink()
    (elsewhere / "returns.csv").write_bytes(WHITE_CSV)
    (project / FOLDER).symlink_to(elsewhere)
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    assert (f"  {PAPER}:199:11: attachments[6].file: found 'returns.csv' in {FOLDER}/, a symbolic link to a folder "
            f"(it leads to {elsewhere}); allowed: a folder of its own, holding the files themselves"
            ) in result.stderr.splitlines(), result.stderr


def test_a_file_beside_the_hand_written_pages_that_is_a_link_elsewhere_is_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    hand_written_with_a_file(project, "WHITE")
    pdf = project / "content" / "guide" / "green-guide.pdf"
    pdf.unlink()
    pdf.symlink_to(project / "data" / "committees.yml")
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    assert (f"{project}/content/guide.md:1:1: files: found 'guide/green-guide.pdf', a symbolic link (to "
            f"{project}/data/committees.yml), which the build would follow to copy whatever it points at; allowed: "
            "the file itself") in result.stderr, result.stderr
    (project / "content" / "guide.md").write_text("---\nclassification: WHITE\n---\n\n# Reporting guide\n")
    result = build(project, "public", tmp_path / "site")  # listed by no page: refused as a link all the same
    assert result.returncode != 0
    assert (f"{pdf}: a symbolic link (to {project}/data/committees.yml), which the build would follow to copy "
            "whatever it points at; allowed: the file itself") in result.stderr, result.stderr


def test_a_file_reached_through_a_linked_folder_is_refused(tmp_path: Path) -> None:
    """A folder in content/ that is a symbolic link has MkDocs copy whatever it holds: its
    files are refused as a linked file is, listed by a page or not."""
    project = copy_project(tmp_path / "project")
    hand_written_with_a_file(project, "WHITE")
    elsewhere = tmp_path / "elsewhere"
    (project / "content" / "guide").rename(elsewhere)
    (project / "content" / "guide").symlink_to(elsewhere)
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    assert (f"{project}/content/guide.md:1:1: files: found 'guide/green-guide.pdf', in guide/, a symbolic link to a "
            f"folder (it leads to {elsewhere}), which the build would follow to copy whatever it holds; allowed: a "
            "folder of its own, holding the files themselves") in result.stderr, result.stderr
    assert f"  {project}/content/guide/green-guide.pdf: in guide/, a symbolic link to a folder" in result.stderr


def test_the_build_names_every_problem_of_the_hand_written_pages_at_once(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    hand_written_with_a_file(project, "GREEN", "")  # the PDF listed by no page
    (project / "content" / "draft.md").write_text("---\ntitle: Draft\n---\n\n# Draft\n")
    (project / "content" / "settings.yml").write_text("a: 1\n")
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    lines = result.stderr.replace(f"{project}/", "").splitlines()
    assert "  content/draft.md:1:1: classification: the required field 'classification' is missing; allowed: " \
           "WHITE (or CLEAR), GREEN, AMBER, AMBER+STRICT, RED. Every hand-written page states its label in front " \
           "matter, like 'classification: WHITE'" in lines, result.stderr
    assert "  content/settings.yml: source files do not belong in docs_dir; data goes in data/, templates in " \
           "theme/" in lines, result.stderr
    assert any(line.startswith("  content/guide/green-guide.pdf: a file beside the hand-written pages that no page "
                               "lists") for line in lines), result.stderr
    assert not (tmp_path / "site").exists()


def test_a_hand_written_page_or_file_where_the_build_writes_its_own_fails_the_build(tmp_path: Path) -> None:
    """MkDocs puts one file over another at the same address, unseen: the committee's generated
    page over a hand-written committees/opsg.md (both are committees/opsg/index.html), the
    build's feed over a content/feed.xml, the theme's search script under a content/ one, one
    hand-written page over another (notes.md and notes/index.md are both notes/index.html). The
    editor's page or file vanished, or the site's own did; every one is named, nothing published.
    A GREEN page too, though the public site leaves it out: the SEC Parties build would fail."""
    project = copy_project(tmp_path / "project")
    (project / "content" / "committees").mkdir()
    (project / "content" / "committees" / "opsg.md").write_text("---\nclassification: GREEN\n---\n\n# OPSG\n")
    for name in ("notes.md", "notes/index.md"):
        (project / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "content" / name).write_text(f"---\nclassification: WHITE\n---\n\n# Notes from {name}\n")
        edit(project, "mkdocs.yml", "  - About: about.md\n", f"  - About: about.md\n  - Notes: {name}\n")
    for name in ("feed.xml", "sitemap.xml", "pagefind/pagefind.js", "assets/search.js", "guide.txt"):
        (project / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "content" / name).write_text("by hand\n")
    about = project / "content" / "about.md"
    about.write_text(about.read_text().replace(
        "classification: WHITE\n", "classification: WHITE\nfiles: [feed.xml, sitemap.xml, pagefind/pagefind.js, "
                                   "assets/search.js, guide.txt]\n", 1))
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    lines = result.stderr.replace(f"{project}/", "").splitlines()
    assert [line for line in lines if "rename" in line] == [
        "  content/assets/search.js: a hand-written file goes to assets/search.js, where the theme's file goes; "
        "rename it",
        "  content/committees/opsg.md: a hand-written page goes to committees/opsg/index.html, where the build writes "
        "the page generated for committees/opsg/index.md; rename it",
        "  content/feed.xml: a hand-written file goes to feed.xml, where the build writes a file of its own; rename it",
        "  content/notes/index.md: a hand-written page goes to notes/index.html, as notes.md does; rename one",
        "  content/pagefind/pagefind.js: a hand-written file goes to pagefind/pagefind.js, where the build writes "
        "the search index; rename it",
        "  content/sitemap.xml: a hand-written file goes to sitemap.xml, where the build writes a file of its own; "
        "rename it"], result.stderr
    assert not (tmp_path / "site").exists()
    # validate names them too, and those only the SEC Parties build would: OPSG_35x's page is on that site alone
    (project / "content" / "meetings" / "opsg" / "2020").mkdir(parents=True)
    (project / "content" / "meetings" / "opsg" / "2020" / "opsg-35x.md").write_text(
        "---\nclassification: WHITE\n---\n\n# Notes\n")
    validated = headlines(project, "validate")
    assert validated.returncode == 1
    named = [line.strip() for line in validated.stderr.splitlines() if "rename" in line]
    assert named == sorted([line.strip() for line in lines if "rename" in line] + [
        "content/meetings/opsg/2020/opsg-35x.md: a hand-written page goes to meetings/opsg/2020/opsg-35x/index.html, "
        "where the build writes the page generated for meetings/opsg/2020/opsg-35x.md; rename it"]), validated.stderr


def test_a_document_in_the_theme_fails_the_build(tmp_path: Path) -> None:
    """Every site copies the theme's files, with no label: a PDF or a text file put among its
    styles would reach the public site. Styles, scripts, images and fonts may be there."""
    project = copy_project(tmp_path / "project")
    assets = project / "theme" / "overrides" / "assets"
    (assets / "guide.pdf").write_bytes(GREEN_PDF)
    (assets / "notes.txt").write_text("GREEN notes")
    (assets / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    lines = result.stderr.replace(f"{project}/", "").splitlines()
    message = ("theme/overrides/assets/guide.pdf: found a .pdf file in the theme, which every site would copy with "
               "no label; allowed there: styles, scripts, images and fonts (.css, .js, .svg, .png, .jpg, .jpeg, .gif, "
               ".webp, .ico, .woff, .woff2, .ttf, .otf); a document goes in content/, listed under 'files:' by the "
               "page that links it, which gives it a label")
    assert f"  {message}" in lines, result.stderr
    assert [line.split(":")[0].strip() for line in lines if ": found a ." in line] == [
        "theme/overrides/assets/guide.pdf", "theme/overrides/assets/notes.txt"], result.stderr
    assert not (tmp_path / "site").exists()
    validated = headlines(project, "validate")  # validate names them too
    assert validated.returncode == 1
    assert f"  {message}" in validated.stderr.splitlines(), validated.stderr
    assert "notes.txt" in validated.stderr and "logo.png" not in validated.stderr


@pytest.mark.parametrize(("name", "fails"), [("returns.csv", True), ("returns.pdf", False)])
def test_a_published_csv_is_read_as_text_and_a_pdf_by_its_bytes(tmp_path: Path, name: str, fails: bool) -> None:
    """A CSV is text: the leak check reads it as it reads a page, and finds GREEN text in a
    WHITE one. A PDF (or an Office or OpenDocument file) is compressed, no text to read: one
    the site shows is checked by its bytes, which must be those of an attachment it shows and
    of none it withholds, and its content is its label's, as the editor gave it."""
    project = copy_project(tmp_path / "project")
    attach(project)
    (project / FOLDER / "returns.csv").unlink()
    (project / FOLDER / name).write_bytes(b"Month,Returns,Present\nJanuary,519,Gemma Slaney\n")
    edit(project, PAPER, "file: returns.csv", f"file: {name}")
    result = build(project, "public", tmp_path / "site")
    assert (result.returncode != 0) is fails, result.stderr
    if fails:
        assert f"  {PAGE}/{name}: holds GREEN text of OPSG_35x" in result.stderr, result.stderr
    else:
        assert holding(tmp_path / "site", (project / FOLDER / name).read_bytes()) == [f"{PAGE}/{name}"]


@pytest.mark.parametrize(("size", "shown"), [(1, "1 byte"), (830, "830 bytes"), (1024, "1 KB"), (12 * 1024, "12 KB"),
                                             (1024 * 1024 - 300, "1.0 MB"), (1_500_000, "1.4 MB")])
def test_a_files_size_is_given_as_a_reader_weighs_a_download(size: int, shown: str) -> None:
    assert file_size(size) == shown  # never "1024 KB"
