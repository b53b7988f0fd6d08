"""Reports and performance: figures computed, checked and charted."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pydantic import ValidationError
from conftest import (ROOT, build, build_both, copy_project, edit, renderer_for, search_text, second_report,
                      site_corpus, site_markdown, sites_of, unmarked_links)

from headlines import figures
from headlines.charts import PHONE_WIDTH, TICK_CHARACTER, WIDTH, line_chart, nice_top, tick
from headlines.figures import check_report, check_statement, month_add, month_name, percent_of, streak_facts
from headlines.errors import DataErrors
from headlines.loading import load_archive
from headlines.render import figure_columns
from headlines.reporting import measure_pages, trend_pages
from headlines.schema import StreakStatement

PAPER = load_archive(ROOT / "data").papers["OPSG_49_2405_03"]
REPORTS = {r.id: r for r in PAPER.reports}
PAPER_FILE = "data/papers/opsg/2021/OPSG_49_2405_03.yml"


def test_each_derived_figure_of_the_seed_paper_equals_the_papers_own() -> None:
    csr, sr = REPORTS["csr"], REPORTS["sr"]
    assert csr.actual - csr.forecast == csr.variance == 384_156
    assert percent_of(csr.actual, csr.forecast, 1) == csr.percent_of_forecast and str(csr.percent_of_forecast) == "122.2%"
    assert sr.actual - sr.forecast == sr.variance == -26_171_309_862
    assert percent_of(sr.actual, sr.forecast, 0) == sr.percent_of_forecast and str(sr.percent_of_forecast) == "1%"
    problems = REPORTS["problems"]
    assert sum(c.count for c in problems.open_by_status) == problems.open_total == 111
    assert sum(c.count for c in problems.rca_breaches_by_category) == problems.rca_breaches_total == 15
    returns = REPORTS["ch-returns"]
    assert returns.no_fault_found + returns.fault_found == returns.records_closed == 12_902
    north = returns.fault_tables[1]
    assert [sum(r.counts) for r in north.rows] == [r.total for r in north.rows]
    assert [sum(r.counts[m] for r in north.rows) for m in range(3)] + [813] == north.totals
    for report in (csr, sr, problems, REPORTS["pmr"]):
        assert check_report(report) == [], report.id


def test_the_papers_own_discrepancies_are_found_and_acknowledged() -> None:
    found = {f.figure: (f.typed, f.computed) for r in PAPER.reports for f in check_report(r)}
    assert found == {
        "RDP Incidents resolved": ("25", "11"),
        "South and Central Region: SM WAN Fault, Total": ("208", "278"),
        "South and Central Region: Total, January": ("519", "589"),
        "South and Central Region: Total, Total": ("1,373", "1,443"),
        "Share of Communication Service Provider Central & South (CSP C&S)": ("38%", "64%"),
        "Share of CSP North (CSP N)": ("62%", "36%"),
    }
    acknowledged = {a.figure for r in PAPER.reports for a in r.acknowledged}
    assert acknowledged == set(found)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("percent_of_forecast: 122.2%", "percent_of_forecast: 122.3%",
     ": reports[2].percent_of_forecast: Certificate Signing Request (CSR) Variance Report: percent of forecast: "
     "the paper has 122.3%, the figures give 122.2% (2,112,776 ÷ 1,728,620)"),
    ("{attribute: Manufacturing Defect, counts: [459, 177, 177], total: 813}",
     "{attribute: Manufacturing Defect, counts: [459, 177, 177], total: 812}",
     ": reports[5].fault_tables[1].rows[2].total: North Region: Manufacturing Defect, Total: the paper has 812, "
     "the figures give 813 (the months 459 + 177 + 177)"),
    ("value: 23.74%", "value: 2374%",  # its point slipped: a share is never above all there was
     ": reports[0].results[1].value: PM2 (CSP N) in 2021-03: the paper has 2374%, where a share is from 0% to 100% "
     "(the share of the month's work done within its measure)"),
    ("value: 92.75%", "value: -92.75%",
     ": reports[0].results[0].value: CPM1 in 2021-03: the paper has -92.75%, where a share is from 0% to 100% "),
])
def test_a_wrong_figure_is_reported_and_fails_a_strict_build(tmp_path: Path, old: str, new: str, expected: str) -> None:
    project = copy_project(tmp_path / "project")
    paper = project / PAPER_FILE
    text = paper.read_text()
    assert text.count(old) == 1
    paper.write_text(text.replace(old, new))
    result = build(project, "sec-parties", tmp_path / "site")
    assert result.returncode != 0
    warning = next(line for line in result.stderr.splitlines() if line.startswith("WARNING"))
    assert re.match(rf"WARNING -  {re.escape(PAPER_FILE)}:\d+:\d+{re.escape(expected)}", warning), warning



def test_a_reports_title_ending_in_an_asterisk_stays_bold_and_whole() -> None:
    """A report's title is set in bold before its period: an asterisk ending it (a footnote's
    mark) closed Markdown's '**' early, which left the title half bold and a '*' after it."""
    import html as html_lib

    from headlines.labels import SEC_PARTIES

    archive = load_archive(ROOT / "data")
    paper = archive.papers["OPSG_49_2405_03"]
    reports = [r.model_copy(update={"title": "RDP Incidents Report*"}) if r.id == "rdp" else r for r in paper.reports]
    archive.papers[paper.id] = paper = paper.model_copy(update={"reports": reports})
    body = renderer_for(archive, SEC_PARTIES).paper_page(paper).body
    html = site_markdown().convert(body)
    assert "<strong>RDP Incidents Report*</strong>, April 2021: " in html_lib.unescape(html)


def test_annex_1_writes_each_piece_of_the_datas_text_on_its_own() -> None:
    """An Observations cell is put together from the page's words and pieces of the data: a
    result's note and the statement after it, the problems' statuses. A backtick or an
    asterisk in one piece paired with one in the next: the words between them became code.
    Each piece shows as typed, and marks that pair within one piece are still its emphasis. A
    report's title is text, not a list, whatever it starts with."""
    import html as html_lib

    from headlines.labels import SEC_PARTIES

    archive = load_archive(ROOT / "data")
    paper = archive.papers["OPSG_49_2405_03"]
    pmr, problems = REPORTS["pmr"], next(r for r in paper.reports if r.kind == "problem_report")
    note = "Driven by CSP N* `x"
    changed = {
        "pmr": pmr.model_copy(update={
            "results": [r.model_copy(update={"note": note}) if r.measure == "CPM1" else r for r in pmr.results],
            "statements": [s.model_copy(update={"text": "This* is ` the *27th* instance."}) for s in pmr.statements]}),
        problems.id: problems.model_copy(update={"title": "2. Problems - quarterly", "open_by_status": [
            c.model_copy(update={"name": name}) for c, name in zip(problems.open_by_status, ["Under `review", "Fixed`",
                                                                                             "_Done"], strict=True)]}),
    }
    reports = [changed.get(r.id, r) for r in paper.reports]
    archive.papers[paper.id] = paper = paper.model_copy(update={"reports": reports})
    html = site_markdown().convert(renderer_for(archive, SEC_PARTIES).paper_page(paper).body)
    annex = html.split('id="annex-1"', 1)[1]
    assert "<code>" not in annex and "<ol" not in annex, annex  # a title starting '2. ' is no list
    text = html_lib.unescape(re.sub(r"\s+", " ", annex))
    assert "Driven by CSP N* `x This* is ` the <em>27th</em> instance." in re.sub(r"<(?!/?em>)[^>]+>", "", text)
    assert "the following status: Under `review - 18, Fixed` - 79, _Done - 14." in re.sub(r"<[^>]+>", "", text)
    assert '<td data-label="Report">2. Problems - quarterly</td>' in text


def test_a_share_not_checked_against_tables_is_still_kept_within_0_and_100_percent() -> None:
    """A region's share with no fault table to check it against is checked for what any share
    is: from 0% to 100%."""
    from headlines.schema import Percent

    def of_shares(shares: list) -> list[str]:
        report = REPORTS["ch-returns"].model_copy(update={"share_by_region": shares})
        return [f.message() for f in check_report(report) if f.loc[0] == "share_by_region"]

    shares = [share.model_copy(update={"table": None}) for share in REPORTS["ch-returns"].share_by_region]
    assert of_shares(shares) == []
    shares[1] = shares[1].model_copy(update={"percent": Percent(value=162, decimals=0)})
    assert of_shares(shares) == ["Share of CSP North (CSP N): the paper has 162%, where a share is from 0% to 100% "
                     "(its share of the returns)"]


def test_a_percentage_is_worked_out_at_any_size_and_precision() -> None:
    """Decimal's 28 digits raised for a count of forty digits (found by a sweep of extreme
    values) and for a percentage typed to 30 places: the build ended in a traceback."""
    assert str(percent_of(368_373_213, 26_539_683_075, 1)) == "1.4%"
    assert str(percent_of(10**40 - 1, 10**40, 2)) == "100.00%"
    thirty = percent_of(1, 3, 30)
    assert (thirty.decimals, thirty.value) == (30, pytest.approx(100 / 3))

def test_a_percentage_of_a_forecast_of_nothing_is_reported_not_divided(tmp_path: Path) -> None:
    """A forecast of 0 (no Party forecast that month) beside a typed percentage: the figure
    check reports that there is no percentage to give, as a warning, and never divides."""
    project = copy_project(tmp_path / "project")
    paper = project / PAPER_FILE
    text = paper.read_text()
    old = '    forecast: "1,728,620"\n    variance: "384,156"\n'
    assert text.count(old) == 1
    paper.write_text(text.replace(old, '    forecast: 0\n    variance: "2,112,776"\n'))
    result = build(project, "sec-parties", tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, warnings
    assert re.match(rf"WARNING -  {re.escape(PAPER_FILE)}:\d+:\d+: reports\[2\].percent_of_forecast: Certificate "
                    r"Signing Request \(CSR\) Variance Report: percent of forecast: the paper has 122.2%, the figures "
                    r"give none \(the forecast is 0\)$", warnings[0]), warnings[0]

def test_an_acknowledgment_must_match_a_real_discrepancy(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    paper = project / PAPER_FILE
    paper.write_text(paper.read_text().replace("      - figure: RDP Incidents resolved\n",
                                               "      - figure: RDP Incidents opened\n"))
    result = build(project, "sec-parties", tmp_path / "site")
    assert result.returncode != 0
    assert "acknowledges 'RDP Incidents opened', but the figures agree" in result.stderr
    assert "RDP Incidents resolved: the paper has 25, the figures give 11" in result.stderr


def _series(latest: str, pattern: str) -> dict[str, bool]:
    """``pattern`` read oldest first: B below target, A at or above."""
    return {month_add(latest, i - len(pattern) + 1): ch == "B" for i, ch in enumerate(pattern)}


@pytest.mark.parametrize(("month", "long", "short"), [("2021-03", "March 2021", "Mar 2021"),
                                                     ("2020-12", "December 2020", "Dec 2020")])
def test_months_are_named_as_readers_write_them(month: str, long: str, short: str) -> None:
    assert (month_name(month), month_name(month, short=True)) == (long, short)


def test_streaks_for_series_with_known_answers() -> None:
    # January 2021 headlines: "below Target Service Level for the last 17 months; ... the 23rd instance ... in 24 months".
    series = _series("2021-01", "BBBBBBA" + "B" * 17)
    assert streak_facts(series, "2021-01", 24) == (17, 23)
    # June 2020 minutes: "the last 12 months; ... the 18th instance ... in 19 months".
    series = _series("2020-06", "BBBBBBA" + "B" * 12)
    assert streak_facts(series, "2020-06", 19) == (12, 18)
    assert streak_facts(series, "2020-06", 20) is None  # the series does not cover 20 months
    assert streak_facts(_series("2021-03", "AAAB"), "2021-03", 4) == (1, 1)


def test_statements_are_checked_only_where_the_series_covers_them() -> None:
    series = _series("2021-01", "BBBBBBA" + "B" * 17)
    right = StreakStatement(measure="CPM1", month="2021-01", instance=23, window=24, run=17, text="…")
    assert check_statement(right, series) is None
    wrong = StreakStatement(measure="CPM1", month="2021-01", instance=22, window=24, text="…")
    finding = check_statement(wrong, series)
    assert finding and finding.typed == "22 in 24 months" and finding.computed == "23 in 24 months"
    uncovered = StreakStatement(measure="CPM1", month="2021-03", instance=27, window=28, text="…")
    assert check_statement(uncovered, series) is None  # kept as typed


def test_a_statements_months_are_counted_no_further_than_the_series_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    """'In 28000000000 months' (a slip of the keyboard, found by the mutation tests) listed every
    month of the window before looking for the first the series lacks: the build never ended.
    The count stops at that month, so the work grows with the series, whatever the window; and
    the schema holds a statement's months to a century."""
    calls = 0

    def counted(month: str, n: int) -> str:
        nonlocal calls
        calls += 1
        assert calls < 1_000, "a month reckoned for each month of the window"
        return month_add(month, n)

    monkeypatch.setattr(figures, "month_add", counted)
    series = _series("2021-01", "BBBBBBA" + "B" * 17)
    assert streak_facts(series, "2021-01", 28_000_000_000) is None
    assert streak_facts(series, "2021-01", 24) == (17, 23)
    for field, value, bound in (("window", 1_201, "less_than_equal"), ("instance", 0, "greater_than_equal"),
                                ("run", -1, "greater_than_equal")):
        with pytest.raises(ValidationError) as refused:
            StreakStatement(measure="CPM1", month="2021-01", text="…", **{field: value})
        assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [((field,), bound)]
    with pytest.raises(ValidationError, match="found 20, fewer months than the instance \\(27\\) counts"):
        StreakStatement(measure="CPM1", month="2021-01", instance=27, window=20, text="…")


def test_the_seed_statement_is_kept_as_typed(shipped_sites: dict[str, Path]) -> None:
    page = re.sub(r"<[^>]+>", "", (shipped_sites["sec-parties"] / "measures/cpm1/index.html").read_text())
    assert "This is the 27th instance this CPM has been below target in 28 months." in page
    assert "kept as typed: the series does not cover its months" in page


def _svgs(html: str) -> list[str]:
    return re.findall(r'<svg\b[^>]*class="hl-chart\b[^"]*".*?</svg>', html, re.S)


def test_a_series_is_charted_from_its_second_point(shipped_sites: dict[str, Path], charted_site: Path,
                                                    tmp_path: Path) -> None:
    """One report is a table, not a chart: a chart of one point on empty axes shows nothing
    its table does not (the shipped data's trends and measures), and the page says a chart
    comes with the second. A measure's one month is charted against its target, where it has
    one. From the second report on, every figure is charted, each point on its line."""
    trend_note = "One report so far, so no chart yet: it is drawn from the second."
    measure_note = "One month so far and no service level to set it against, so no chart yet"
    for kind in ("csr-variance", "sr-variance", "problem-report", "rdp-incidents", "ch-returns"):
        page = (shipped_sites["sec-parties"] / "trends" / kind / "index.html").read_text()
        assert not _svgs(page) and page.count(trend_note) == 2, kind
        charts = [svg for svg in _svgs((charted_site / "trends" / kind / "index.html").read_text()) if "--wide" in svg]
        assert len(charts) == 2 and all(svg.count("<circle") == 2 and "<polyline" in svg for svg in charts), kind
        assert trend_note not in (charted_site / "trends" / kind / "index.html").read_text()
    for measure in ("cpm1", "pm2-csp-n", "pm2-1-s1sp"):
        page = (shipped_sites["sec-parties"] / "measures" / measure / "index.html").read_text()
        assert not _svgs(page) and measure_note in page and "<td>March 2021</td>" in page, measure
        charted = (charted_site / "measures" / measure / "index.html").read_text()
        assert [svg.count("<circle") for svg in _svgs(charted)] == [2, 2] and measure_note not in charted, measure
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    measures = data / "measures.yml"
    measures.write_text(measures.read_text().replace("  - id: CPM1\n", "  - id: CPM1\n    target: 99%\n", 1))
    pages = measure_pages(load_archive(data), lambda paper: "")
    cpm1 = next(page for page in pages if page.src_uri == "measures/cpm1.md")
    chart = cpm1.context["chart"]
    assert chart and chart.count("<circle") == 2 and chart.count('class="hl-chart-ref"') == 2  # wide, phone


def test_charts_are_valid_svg_with_no_external_references(charted_site: Path) -> None:
    pages = [charted_site / "measures" / name / "index.html" for name in ("cpm1", "pm2-csp-n")]
    pages.append(charted_site / "trends/csr-variance/index.html")
    for page in pages:
        svgs = _svgs(page.read_text())
        assert svgs, page
        for svg in svgs:
            root = ElementTree.fromstring(svg)
            assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
            ns = "{http://www.w3.org/2000/svg}"
            assert root.find(f"{ns}title") is not None and root.find(f"{ns}desc") is not None
            body = re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", svg)  # a namespace name, not a reference
            assert not re.search(r"(href|src)\s*=|url\(|https?:|//", body.split("<title", 1)[0] + body.split("</desc>", 1)[1])
    cpm1 = pages[0].read_text()
    # The data table beside the chart, and the axis.
    assert "92.75%" in cpm1 and "<td>March 2021</td>" in cpm1 and ">Mar 2021</text>" in cpm1


def test_trend_tables_show_counts_as_typed(shipped_sites: dict[str, Path], charted_site: Path) -> None:
    """A count is a whole number: 12,902 records, never "12,902.0"; a percentage is the paper's,
    at its precision ("1%", where actual ÷ forecast to one place is 1.4%), and an axis's
    keeps its decimal."""
    returns = re.sub(r"<[^>]+>", "", (shipped_sites["sec-parties"] / "trends/ch-returns/index.html").read_text())
    assert "12,902" in returns and "2,186" in returns and not re.search(r"\d\.0\b", returns)
    variance = (shipped_sites["sec-parties"] / "trends/sr-variance/index.html").read_text()
    assert "<td>April 2021</td>\n<td align=\"right\">1%</td>" in variance  # as the paper gives it
    assert "<td>April 2021</td>\n<td align=\"right\">33</td>" in variance  # a count has none
    charted = (charted_site / "trends/sr-variance/index.html").read_text()
    assert _svgs(charted) and 'class="hl-chart-tick">0.6%</text>' in charted


def test_a_trends_percent_of_forecast_is_the_papers_else_worked_out_to_one_place(tmp_path: Path) -> None:
    """The figure a paper gives, which the build checks, is the trend's: 1% for the SR report,
    122.2% for the CSR's. Where a paper gives none, it is actual ÷ forecast to one decimal
    place, rounded half up as papers round (368,373,213 ÷ 26,539,683,075: 1.388…, so 1.4)."""
    def percents(data: Path) -> dict[str, list[tuple[str, float]]]:
        pages = {page.src_uri: page for page in trend_pages(load_archive(data))}
        return {kind: pages[f"trends/{kind}-variance.md"].context["figures"]["Percent of forecast"]
                for kind in ("sr", "csr")}

    assert percents(ROOT / "data") == {"sr": [("April 2021", 1.0)], "csr": [("April 2021", 122.2)]}
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    paper = data / PAPER_FILE.removeprefix("data/")
    paper.write_text(paper.read_text().replace("    percent_of_forecast: 1%\n", "").replace(
        "    percent_of_forecast: 122.2%\n", ""))
    assert percents(data) == {"sr": [("April 2021", 1.4)], "csr": [("April 2021", 122.2)]}


def test_a_trend_follows_one_series_whatever_the_case_and_spacing_of_its_name(tmp_path: Path) -> None:
    """Who consumed services without a forecast is typed anew in each paper: 'SEC Parties' in
    one and 'SEC  parties' (two spaces) in the next made two series of one point each, and no
    chart. It is one series, named as the latest paper words it; other wording is another."""
    def series(project: Path) -> dict[str, list[tuple[str, float]]]:
        pages = {page.src_uri: page for page in trend_pages(load_archive(project / "data"))}
        return pages["trends/sr-variance.md"].context["figures"]

    project = copy_project(tmp_path / "project")
    second_report(project)
    later = project / "data/papers/opsg/2021/OPSG_50_2106_03.yml"
    field = "without_forecast_who: "
    later.write_text(later.read_text().replace(f"{field}SEC Parties", f"{field}SEC  parties"))
    figures = series(project)
    assert figures["SEC  parties consuming services without a forecast"] == [("April 2021", 33.0), ("May 2021", 33.0)]
    assert len(figures) == 2, figures  # and the percent of forecast
    later.write_text(later.read_text().replace(f"{field}SEC  parties", f"{field}Users"))
    assert len(series(project)) == 3


def test_a_report_summarised_in_two_papers_is_one_point_and_its_figures_must_agree(tmp_path: Path) -> None:
    """A paper copied from last month's, its periods not moved on: its CPM1 for March 2021 took
    the measure page's month from the first paper's, and its April 2021 RDP figures stood beside
    the first's on the trend. Papers that agree give one report twice: one point, both papers
    listed. Papers that differ are refused at the later one's figure, naming the earlier's."""
    project = copy_project(tmp_path / "project")
    copy = project / "data/papers/opsg/2021/OPSG_50_2106_03.yml"
    copy.write_text((project / PAPER_FILE).read_text().replace("id: OPSG_49_2405_03", "id: OPSG_50_2106_03")
                    .replace("date: 2021-05-17", "date: 2021-06-21"))
    page = {p.src_uri: p for p in trend_pages(load_archive(project / "data"))}["trends/rdp-incidents.md"]
    assert page.context["figures"]["Incidents opened"] == [("April 2021", 22.0)]
    assert [paper.id for paper, _ in page.context["reports"]] == ["OPSG_49_2405_03", "OPSG_50_2106_03"]

    edit(project, "data/papers/opsg/2021/OPSG_50_2106_03.yml", "value: 92.75%", "value: 95.10%")
    edit(project, "data/papers/opsg/2021/OPSG_50_2106_03.yml", "    opened: 22\n", "    opened: 23\n")
    edit(project, "data/papers/opsg/2021/OPSG_50_2106_03.yml", "    percent_of_forecast: 1%\n", "")
    edit(project, "data/papers/opsg/2021/OPSG_50_2106_03.yml", "    actual: \"368,373,213\"\n",
         "    actual: \"468,373,213\"\n")
    with pytest.raises(DataErrors) as refused:
        load_archive(project / "data")
    earlier = "which OPSG_49_2405_03 gives as {} (data/papers/opsg/2021/OPSG_49_2405_03.yml:{})"
    period = "allowed: one figure for a report's period, whichever paper gives it: {}, or this report's own period"
    assert [str(e).removeprefix("data/papers/opsg/2021/OPSG_50_2106_03.yml:") for e in refused.value.errors] == [
        "213:16: reports[0].results[0].value: found 95.10% for CPM1 in March 2021, " + earlier.format("92.75%", 213)
        + "; allowed: one figure for a measure's month, whichever paper gives it: 92.75%, or this report's own month",
        "255:13: reports[1].opened: found 23 for Incidents opened in April 2021, " + earlier.format(22, 255) + "; "
        + period.format(22),
        "304:13: reports[3].actual: found 1.8% for Percent of forecast (actual ÷ forecast) in April 2021, "
        + earlier.format("1%", 307) + "; " + period.format("1%")]

    # Two reports of one month in one paper: the second is refused, naming the first's line.
    one = project / PAPER_FILE
    one.write_text(one.read_text().replace("reports:\n", "reports:\n  - id: pmr-again\n    kind: pmr\n    title: PMR\n"
                                           "    sec_ref: SEC H13.4\n    period: March 2021\n    month: 2021-03\n"
                                           "    delivery: {deadline: Monthly, status: on time}\n"
                                           "    results: [{measure: CPM1, value: 93%}]\n", 1))
    copy.unlink()
    with pytest.raises(DataErrors) as refused:
        load_archive(project / "data")
    assert [str(e) for e in refused.value.errors] == [
        f"{PAPER_FILE}:221:16: reports[1].results[0].value: found 92.75% for CPM1 in March 2021, which this paper "
        "gives as 93% (line 208); allowed: one figure for a measure's month, whichever paper gives it: 93%, or this "
        "report's own month"]


def test_two_measures_whose_page_would_be_one_fail_the_build(tmp_path: Path) -> None:
    """Without measures.yml a report may name any measure: 'PM2 (CSP N)' in one paper and
    'PM2 (CSP-N)' in the next made two pages at one address, the second in the first one's
    place, and the build passed. It fails, naming the address, and writes no site."""
    project = copy_project(tmp_path / "project")
    (project / "data/measures.yml").unlink()
    second_report(project)
    later = project / "data/papers/opsg/2021/OPSG_50_2106_03.yml"
    later.write_text(later.read_text().replace("        provider: CSP N\n", "        provider: CSP-N\n", 1))
    result = build(project, "sec-parties", tmp_path / "site")
    assert result.returncode == 1, result.stderr
    assert "measures/pm2-csp-n.md: two generated pages go there, named alike but for case or punctuation" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("corpus", ["shipped_sites", "charted_site"])
def test_figures_in_tables_are_grouped_in_thousands(request: pytest.FixtureRequest, corpus: str) -> None:
    """1,373 as 12,902 beside it is, in every table: the paper's fault tables print their
    totals bare, and a count is read the same wherever it stands."""
    cells = 0
    for site in sites_of(request, corpus):
        for page in site.rglob("*.html"):
            for cell in re.findall(r"<td[^>]*>(?:<strong>)?([-\d,.%]+)(?:</strong>)?</td>", page.read_text()):
                cells += 1
                assert not re.search(r"\d{4}", cell), (page, cell)
    assert cells > 50


def test_columns_of_figures_are_right_aligned(shipped_sites: dict[str, Path]) -> None:
    """Figures line up by units and decimal points: the fault table's monthly counts and totals,
    a report's results, a trend's values, set right; names and months stay left."""
    def aligned(path: str, first: str) -> list[str | None]:
        page = (shipped_sites["sec-parties"] / path).read_text()
        row = re.search(r"<tr>\s*<td[^>]*>" + re.escape(first) + r"</td>(.*?)</tr>", page, re.S)
        assert row, first
        return [m.group(1) for m in re.finditer(r'<td(?: align="(\w+)")?>', row.group(0))]
    paper = "papers/opsg/2021/opsg-49-2405-03/index.html"
    assert aligned(paper, "LED Fault") == [None, "right", "right", "right", "right"]
    assert aligned(paper, "CPM1") == [None, None, "right", None]
    assert aligned("trends/ch-returns/index.html", "Q1 2021") == [None, "right"]


@pytest.mark.parametrize(("rows", "figures"), [
    ([["Aerial Fault", 0, "2,112,776"], ["LED Fault", 20, "-3.5%"]], {1, 2}),
    ([["A", "12"], ["B", None], ["C", ""]], {1}),
    ([["A", "12"], ["B", "N/A"]], {1}),
    ([["A", "12"], ["B", "not given"]], set()),
    ([["2021", "£1,200.50"], ["2022", "−4"]], {0, 1}),
    ([["Q1 2021", "12 records"]], set()),
    ([["LED Fault", "20", "N/A"], ["**Total**", "**519**", "–"]], {1}),
])
def test_a_data_tables_columns_of_figures_are_found(rows: list[list[object]], figures: set[int]) -> None:
    assert figure_columns(rows) == figures


@pytest.mark.parametrize(("highest", "top"), [(12_902, 15_000), (2_186, 2_500), (9.6, 12), (1, 1.2), (0.5, 0.6),
                                            (95, 100), (190, 200), (191, 250), (0, 1)])
def test_a_charts_axis_ends_at_a_round_figure(highest: float, top: float) -> None:
    assert nice_top(highest * 1.05) == pytest.approx(top)


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (7_500, "7,500"), (1_250.0, "1,250"), (0.3, "0.3"),
                                              (0.125, "0.12"), (12.5, "12.5"), (2 / 3, "0.67")])
def test_axis_figures_keep_the_decimals_they_need(value: float, shown: str) -> None:
    assert tick(value) == shown


def _text_of(page: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text()))


def _in_order(text: str, *parts: str) -> bool:
    """The parts occur in ``text`` one after the other, in this order."""
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
    return True


def test_a_reports_figures_stand_where_the_paper_places_them(shipped_sites: dict[str, Path]) -> None:
    """'…with the following status:' is followed by the status table, as in the paper, not by
    the next paragraph; with no place given, the figures close their section."""
    text = _text_of(shipped_sites["sec-parties"] / "papers/opsg/2021/opsg-49-2405-03/index.html")
    assert _in_order(text, "with the following status:", "Under Investigation 18", "30 new Problem Records were created")
    assert _in_order(text, "the table below shows an adjusted Grand Total", "Percent of forecast 2,112,776",
                     "Consumed services without submitting a forecast: 15 Authorised Subscribers",
                     "15 Authorised Subscribers consumed services without submitting a forecast. DP160")
    # The card gives the figure as a figure: the paper's own sentence follows it once, not twice.
    assert text.count("15 Authorised Subscribers consumed services without submitting a forecast") == 1
    assert _in_order(text, "is provided below:", "Opened Resolved Still open", "2.2. DCC Certificate Signing")


def test_a_reports_place_counts_only_the_blocks_an_audience_sees(tmp_path: Path) -> None:
    """A withheld paragraph before the figures' place takes nothing with it: the figures still
    follow the same paragraph, or stand first when that paragraph was the withheld one."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    paper = data / "papers/opsg/2021/OPSG_49_2405_03.yml"
    text = paper.read_text(encoding="utf-8")
    old = "              - >-\n                The Executive Summary reports notes there were 111 Open problems at the end\n"
    assert text.count(old) == 1
    paper.write_text(text.replace(old, "              - classification: AMBER\n                text: >-\n"
                                       "                  The Executive Summary reports notes there were 111 Open problems at the end\n  "),
                     encoding="utf-8")
    project = copy_project(tmp_path / "project", data=data)
    site = tmp_path / "site"
    result = build(project, "sec-parties", site)
    assert result.returncode == 0, result.stderr
    page = _text_of(site / "papers/opsg/2021/opsg-49-2405-03/index.html")
    assert "The Executive Summary reports notes" not in page
    assert _in_order(page, "Quarter 1 2021 Summary", "Under Investigation 18", "30 new Problem Records were created")


@pytest.mark.parametrize("labels", [
    [month_name(month_add("2024-01", i), short=True) for i in range(31)],
    [month_name(month_add("2021-05", i)) for i in range(40)],
    ["Q1 2021", "Q2 2021"], ["March 2021"]])
def test_a_charts_axis_labels_never_touch_and_the_last_is_shown_whole(labels: list[str]) -> None:
    """Under the axis: the last point's label always, and as many before it as fit side by
    side ('September 2021' is wider than 'Mar 2024'), none past the chart's edges. So in
    both of a chart's drawings: for a wide column, and for a phone."""
    charts = line_chart("c", "t", "d", [(label, float(i)) for i, label in enumerate(labels)])
    drawn = re.findall(r'<svg [^>]*viewBox="0 0 (\d+) (\d+)".*?</svg>', charts)
    assert [int(width) for width, _ in drawn] == [WIDTH, PHONE_WIDTH]
    for svg, (width, height) in zip(re.findall(r"<svg .*?</svg>", charts), drawn):
        shown = [(float(m.group(1)), m.group(2)) for m in re.finditer(
            rf'<text x="([\d.]+)" y="{int(height) - 44 + 18}" text-anchor="middle" class="hl-chart-tick">([^<]+)</text>',
            svg)]
        assert shown and shown[-1][1] == labels[-1]
        spans = [(x - len(s) * TICK_CHARACTER / 2, x + len(s) * TICK_CHARACTER / 2) for x, s in shown]
        assert all(0 <= left and right <= int(width) for left, right in spans), spans
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), spans
        assert len(shown) >= min(len(labels), 4 if int(width) == WIDTH else 2)


def _tabs(page: Path) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
            for item in re.findall(r'<li class="md-tabs__item[^"]*">(.*?)</li>', page.read_text(), re.S)]


def test_a_site_with_no_figures_defines_the_measures_and_has_no_trends(shipped_sites: dict[str, Path]) -> None:
    """The shipped report summary is GREEN. The public site's Performance tab names and
    defines each measure on one page, with no link to a page per measure that would have
    nothing more; it has no trend page, nor a tab leading to one, and its sitemap and search
    index name none of them (nor an Actions tab: the WHITE headlines raise no action). The SEC
    Parties site has trend pages, and gives a page to each measure its paper gives figures
    for; CPM5, which it does not, is named and defined in the index alone."""
    public, parties = shipped_sites["public"], shipped_sites["sec-parties"]
    assert [p.relative_to(public / "measures").as_posix() for p in (public / "measures").rglob("*")] == ["index.html"]
    assert not (public / "trends").exists()
    every_page = [_tabs(page) for page in public.rglob("*.html")]
    assert every_page and all(tabs == ["Home", "Committees", "Performance", "Browse", "Glossary", "About"]
                              for tabs in every_page), every_page[:1]
    index = (public / "measures/index.html").read_text()
    listing = re.sub(r"<[^>]+>", "", index)
    assert "monthly results, which the Performance Measurement Reports give, are not published on this" in listing
    assert "CPM1\n" in listing
    assert "Percentage of On Demand Service Responses delivered within the applicable" in listing
    assert "PM2 (CSP C&amp;S)" in listing and "Trends across papers" not in listing
    assert "cpm1/" not in index and "92.75" not in index
    assert "measures/cpm1" not in (public / "sitemap.xml").read_text() and "trends/" not in search_text(public)
    assert _tabs(parties / "index.html") == ["Home", "Committees", "Actions", "Performance", "Trends", "Browse",
                                             "Glossary", "About"]
    assert ">92.75%</td>" in (parties / "measures/cpm1/index.html").read_text()
    index = (parties / "measures/index.html").read_text()
    assert 'href="cpm1/"' in index and "<td>CPM5</td>" in index and "cpm5/" not in index
    assert (parties / "measures/cpm1").exists() and not (parties / "measures/cpm5").exists()
    listing = re.sub(r"<[^>]+>", "", (parties / "trends/index.html").read_text())
    assert "RDP Incidents: 1 report\n" in listing and "Performance measures" in listing


def test_trends_appear_with_the_first_report_published_on_a_site(tmp_path: Path) -> None:
    """The paper made WHITE but its Performance Measurement Report kept GREEN: the public site
    gains the trends, charted from the WHITE reports, while its measures stay names and
    definitions, with the levels measures.yml sets. The PMR's figures stay off it."""
    project = copy_project(tmp_path / "project")
    edit(project, "data/measures.yml", "  - id: CPM5\n", "  - id: CPM5\n    target: 96.5%\n    minimum: 90%\n")
    paper = project / "data/papers/opsg/2021/OPSG_49_2405_03.yml"
    text = paper.read_text()
    assert text.count("classification: GREEN\nauthors:") == text.count("    kind: pmr\n") == 1
    paper.write_text(text.replace("classification: GREEN\nauthors:", "classification: WHITE\nauthors:")
                     .replace("    kind: pmr\n", "    kind: pmr\n    classification: GREEN\n"))
    site = tmp_path / "public"
    result = build(project, "public", site)
    assert result.returncode == 0, result.stderr
    assert _tabs(site / "index.html") == ["Home", "Committees", "Performance", "Trends", "Browse", "Glossary",
                                          "About"]  # no action on it: no Actions tab
    listing = re.sub(r"<[^>]+>", "", (site / "trends/index.html").read_text())
    assert "Certificate Signing Request variance: 1 report\n" in listing and "Performance measures" in listing
    trend = (site / "trends/csr-variance/index.html").read_text()
    assert "122.2%" in trend and "2,112,776" not in trend  # the headline figures, not the report's table
    measures = re.sub(r"<[^>]+>", "", (site / "measures/index.html").read_text())
    assert "are not published on this" in measures and "Trends across papers" in measures
    assert "Incident Management Policy within the Target Resolution Time · Target Service Level: 96.5% · Minimum " \
           "Service Level: 90%" in measures
    assert not (site / "measures/cpm1").exists()
    assert "92.75" not in site_corpus(site)  # CPM1's April figure, in the GREEN PMR


def test_a_white_measures_index_marks_its_link_to_trends_only_sec_parties_have(tmp_path: Path) -> None:
    """Without the Performance Measurement Report the measures index holds only definitions, a
    WHITE page on both sites; the trends come from the GREEN paper alone. On the SEC Parties
    site the index's link to them is marked GREEN: a reader who shares the page is told the
    link is not for the public, whose site has no trends."""
    project = copy_project(tmp_path / "project")
    paper = project / "data/papers/opsg/2021/OPSG_49_2405_03.yml"
    text = paper.read_text()
    start, end = text.index("  - id: pmr\n"), text.index("  - id: rdp\n")
    paper.write_text(text[:start] + text[end:])
    sites = build_both(project, tmp_path / "sites")
    index = (sites["sec-parties"] / "measures/index.html").read_text()
    assert "hl-classification--white" in index and "are not published on this" in re.sub(r"<[^>]+>", "", index)
    assert re.search(r'Trends across papers</a> <span class="hl-label hl-label--green"', index), index
    assert not (sites["public"] / "trends").exists()
    checked, unmarked = unmarked_links(sites["sec-parties"], sites["public"])
    assert checked and unmarked == []


def test_annex_1_is_generated_from_the_reports(shipped_sites: dict[str, Path]) -> None:
    page = (shipped_sites["sec-parties"] / "papers/opsg/2021/opsg-49-2405-03/index.html").read_text()
    annex = re.sub(r"<[^>]+>", "", page.split('id="annex-1"', 1)[1])
    for sentence in [
        "22 Incidents were raised within the month with a total of 25 Incidents reported as resolved within the "
        "month and 11 records reported as outstanding.",
        "2,112,776 requests were sent versus a forecast of 1,728,620. 122.2% of the forecast.",
        "368,373,213 SRs were sent versus a forecast of 26,539,683,075. 1% of the forecast.",
        "There were 111 Open at the end of the quarter with the following status: Under Investigation - 18, "
        "Pending (fix identified but not applied) - 79, Completed (fix applied, awaiting confirmation) - 14.",
        "The report notes that a total of 12,902 records were closed in Q1 2021.",
        "38% of the returns are attributed to Communication Service Provider Central &amp; South",
        "at 92.75%.", "at 23.74%", "at 99.84%.",
    ]:
        assert sentence in re.sub(r"\s+", " ", annex), sentence
