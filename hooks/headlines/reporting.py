"""Reports as pages: figure cards, the generated Annex 1, measure pages and trend pages.

Everything here reads one audience's redacted archive: a month's figure inherits its
report's label, so a GREEN report's figures appear on the SEC Parties site only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import ids
from .charts import Line, line_chart, worth_drawing
from .figures import (check_report, check_statement, headline_figures, month_add, month_name, series_key, series_of,
                      statement_text, streak_facts)
from .labels import Label
from .loading import Archive
from .schema import ChReturns, Paper, Pmr, ProblemReport, RdpIncidents, ReportBase, Table, Variance, measure_name

TREND_KINDS = {
    "csr_variance": "Certificate Signing Request variance",
    "sr_variance": "Service Request variance",
    "problem_report": "Quarterly Problem Report",
    "rdp_incidents": "RDP Incidents",
    "ch_returns": "Communications Hub returns",
}


def discrepancies(report: ReportBase) -> list[tuple[str, str | None]]:
    """(what differs, the data's acknowledgment or None) for the report's derived figures."""
    notes = {a.figure: a.note for a in report.acknowledged}
    return [(f.message(), notes.get(f.figure)) for f in check_report(report)]


@dataclass(frozen=True)
class Data:
    """A piece of the data's text in what a page puts together (``Composed``)."""

    text: str
    paragraph: bool = False
    """A text of its own (a typed observation), whose lines may be a list; else words in a sentence."""


@dataclass(frozen=True)
class Composed:
    """Text put together from the page's own words and pieces of the data's text, as Annex 1's
    Observations are. On the page each piece of data is linked and written on its own
    (``render``'s ``cell``): a mark or backtick in one piece (a result's note) cannot pair with
    one in the next (the statement after it), where a backtick in each made a code span of the
    words between. ``str()`` gives the text whole."""

    parts: tuple[str | Data, ...]

    def __str__(self) -> str:
        return "".join(part.text if isinstance(part, Data) else part for part in self.parts)

    @staticmethod
    def of(*parts: str | Data | Composed) -> Composed:
        return Composed(tuple(p for part in parts for p in (part.parts if isinstance(part, Composed) else (part,))))


def observations(report: ReportBase, measures: dict[tuple[str, str | None], Any]) -> list[Composed]:
    """Annex 1's Observations: sentences generated from the figures, then the typed narrative."""
    of, out = Composed.of, list[Composed]()
    if isinstance(report, RdpIncidents):
        out.append(of(f"{report.opened} Incidents were raised within the month with a total of {report.resolved} "
                      f"Incidents reported as resolved within the month and {report.still_open} records reported "
                      "as outstanding."))
    elif isinstance(report, Variance):
        percent = f" {report.percent_of_forecast} of the forecast." if report.percent_of_forecast else ""
        out.append(of(f"{report.actual:,} ", Data(report.unit), f" were sent versus a forecast of {report.forecast:,}.",
                      percent))
    elif isinstance(report, ProblemReport):
        statuses = [part for i, c in enumerate(report.open_by_status)
                    for part in ((", " if i else ""), Data(c.name), f" - {c.count}")]
        total = report.open_total if report.open_total is not None else sum(c.count for c in report.open_by_status)
        out.append(of(f"There were {total} Open at the end of the quarter with the following status: ", *statuses, "."))
    elif isinstance(report, ChReturns):
        out.append(of(f"The report notes that a total of {report.records_closed:,} records were closed in ",
                      Data(report.period), f". Of these, {report.no_fault_found:,} were attributed to Service Users "
                      f"(No Fault Found) and {report.fault_found:,} were attributed to the DCC (Fault Found)."))
        if len(report.share_by_region) == 2:
            first, second = report.share_by_region
            out.append(of(f"{first.percent} of the returns are attributed to ", Data(first.region),
                          f" and the remaining {second.percent} are attributed to ", Data(second.region), "."))
    elif isinstance(report, Pmr):
        below = [r for r in report.results if r.provider is None and r.below_target]
        out.append(of(f"{len(below)} Code Performance Measure{'s' if len(below) != 1 else ''} "
                      f"{'was' if len(below) == 1 else 'were'} below Target Service Level."))
        statements = {s.measure: s.text for s in report.statements}
        for result in report.results:
            measure = measures.get((result.measure, result.provider))
            line = of("- ", Data(result.measure), *((" ", Data(result.provider)) if result.provider else ()),
                      *((" (", Data(measure.name), ")") if measure else ()), f" at {result.value}.")
            if result.provider and result.below_target:
                line = of(line, " Below target.")
            if result.note:
                line = of(line, " ", Data(result.note))
            if result.provider is None and result.measure in statements:
                line = of(line, " ", Data(statements[result.measure]))
            out.append(line)
    out.extend(of(Data(text, paragraph=True)) for text in report.observations)
    return out


def annex_table(paper: Paper, archive: Archive, label: Label) -> Table | None:
    if not paper.reports:
        return None
    rows: list[list[Any]] = []
    for report in paper.reports:
        # Each piece of the data's text is written on its own: a title or a deadline starting
        # '- ' or '1. ' is text, where a cell's own text may be a list (a typed observation).
        delivery = Composed.of(Data(report.delivery.deadline), f"\n\n{report.delivery.status.capitalize()}")
        content = Composed.of(Data(report.delivery.per or report.sec_ref),
                              *(("\n\n", Data(report.period)) if isinstance(report, Pmr) else ()))
        said = observations(report, archive.measures)
        paragraphs = [part for i, line in enumerate(said) for part in (("\n\n", line) if i else (line,))]
        rows.append([Composed.of(Data(report.title)), delivery, content, Composed.of(*paragraphs)])
    # Built, not read: the cells stay Composed, where validating made them strings.
    return Table.model_construct(columns=["Report", "Delivery per SEC", "Content", "Observations"], rows=rows,
                                 classification=label, title=None, note=None)


# -- Measures and trends ----------------------------------------------------------------------


@dataclass
class SeriesPage:
    src_uri: str
    title: str
    label: Label
    context: dict[str, Any]


def measure_key_slug(measure: str, provider: str | None) -> str:
    return ids.slug(f"{measure} {provider or ''}")


def _pmrs(archive: Archive) -> list[tuple[Paper, Pmr]]:
    return [(p, r) for p in archive.papers.values() for r in p.reports if isinstance(r, Pmr)]


def measure_pages(archive: Archive, paper_src: Any) -> list[SeriesPage]:
    pmrs = _pmrs(archive)
    series = series_of([r for _, r in pmrs], archive.measures)
    keys = sorted(set(archive.measures) | set(series), key=lambda k: (k[0], k[1] or ""))
    pages = []
    for key in keys:
        measure_id, provider = key
        definition = archive.measures.get(key)
        months = series.get(key, {})
        title = measure_name(measure_id, provider)
        in_order = sorted(months.items())
        points = [(month_name(month, short=True), value.value) for month, (value, _, _) in in_order]
        lines = []
        if definition and definition.target:
            lines.append(Line("Target", definition.target.value, "6 4"))
        if definition and definition.minimum:
            lines.append(Line("Minimum service level", definition.minimum.value, "2 3"))
        below = {m: b for m, (_, b, _) in months.items() if b is not None}
        computed = None
        if months:
            latest = max(months)
            covered = 0
            while covered < 24 and month_add(latest, -covered) in below:
                covered += 1
            # A statement needs a few months of series behind it to say anything.
            facts = streak_facts(below, latest, covered) if covered >= 3 else None
            if facts:
                computed = (month_name(latest), statement_text(facts[0], facts[1], covered))
        statements = []
        for paper, pmr in pmrs:
            for statement in pmr.statements:
                if (statement.measure, statement.provider) == key:
                    finding = check_statement(statement, below)
                    covered_all = statement.window is None or streak_facts(below, statement.month, statement.window)
                    verdict = ("differs from the series: " + finding.message() if finding
                               else "consistent with the series" if covered_all
                               else "kept as typed: the series does not cover its months")
                    statements.append((statement, verdict, paper))
        rows = [(month_name(month), str(value), "yes" if b else "no" if b is not None else "not recorded",
                 pmr_paper(pmrs, pmr)) for month, (value, b, pmr) in in_order]
        label = max([Label.WHITE, *(Label.or_red(r.classification) for _, r in pmrs if r.month in months and
                                   any((x.measure, x.provider) == key for x in r.results))])
        description = (f"{len(rows)} monthly figure{'s' if len(rows) != 1 else ''}"
                       + (f", {rows[0][0]}" if len(rows) == 1 else
                          f" from {rows[0][0]} to {rows[-1][0]}" if rows else "")
                       + (f"; target {definition.target}" if definition and definition.target else ""))
        chart = line_chart(f"chart-{measure_key_slug(*key)}", f"{title}: monthly results", description,
                           points, "%", tuple(lines), y_max=100.0) if worth_drawing(points, tuple(lines)) else None
        pages.append(SeriesPage(f"measures/{measure_key_slug(*key)}.md", title, label, {
            "measure_id": measure_id, "provider": provider, "definition": definition, "chart": chart,
            "rows": rows, "computed": computed, "statements": statements, "paper_src": paper_src}))
    return pages


def pmr_paper(pmrs: list[tuple[Paper, Pmr]], pmr: Pmr) -> Paper:
    return next(p for p, r in pmrs if r is pmr)


def trend_pages(archive: Archive) -> list[SeriesPage]:
    by_kind: dict[str, list[tuple[Paper, ReportBase]]] = {kind: [] for kind in TREND_KINDS}
    for paper in sorted(archive.papers.values(), key=lambda p: p.date):
        for report in paper.reports:
            if report.kind in by_kind:  # type: ignore[attr-defined]
                by_kind[report.kind].append((paper, report))  # type: ignore[attr-defined]
    pages = []
    for kind, reports in by_kind.items():
        by_key: dict[str, list[tuple[str, float]]] = {}
        named: dict[str, tuple[str, str]] = {}  # a series' key: its name as the latest report words it, its unit
        given: set[tuple[str, str]] = set()  # each series' periods
        for _, report in reports:
            for name, value, unit, _ in headline_figures(report):
                key = series_key(name)  # a name typed anew in each paper: 'SEC parties', 'SEC Parties'
                point = (key, series_key(report.period))
                if point not in given:  # one report summarised in two papers: one point (of one figure:
                    given.add(point)  # loading._period_checks)
                    by_key.setdefault(key, []).append((report.period, value))
                named[key] = (name, unit)
        figures = {named[key][0]: points for key, points in by_key.items()}
        units = dict(named.values())
        charts = [(name, line_chart(f"trend-{kind}-{i}", f"{TREND_KINDS[kind]}: {name}", f"{len(points)} reports",
                                    points, units[name]) if worth_drawing(points) else None)
                  for i, (name, points) in enumerate(figures.items())]
        label = max([Label.WHITE, *(Label.or_red(r.classification) for _, r in reports)])
        pages.append(SeriesPage(f"trends/{ids.slug(kind)}.md", TREND_KINDS[kind], label,
                                {"kind": kind, "reports": reports, "figures": figures, "units": units,
                                 "charts": charts}))
    return pages
