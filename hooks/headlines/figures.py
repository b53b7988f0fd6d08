"""Derived figures, computed from the typed ones and compared with what the paper typed.

variance = actual − forecast; percent of forecast at the typed precision (122.2%, 1%); sums
of status and category counts; row and column totals of fault tables; regional shares. A
difference is a ``Finding`` naming the figure, the typed value and the computed one. Unless
the report acknowledges it (the paper's own error, kept as published), it is a warning, and
``--strict`` fails. Streak statements ("the 27th instance below target in 28 months") are
checked against a measure's monthly series wherever the series covers their months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from .schema import (ChReturns, Measure, Percent, Pmr, ProblemReport, RdpIncidents, ReportBase, StreakStatement, Variance,
                     measure_name)


@dataclass(frozen=True)
class Finding:
    loc: tuple[Any, ...]
    """Where the typed figure stands, within its report."""
    figure: str
    typed: str
    computed: str
    how: str

    def message(self) -> str:
        return f"{self.figure}: the paper has {self.typed}, the figures give {self.computed} ({self.how})"


@dataclass(frozen=True)
class OutOfRange(Finding):
    """A share typed outside 0% to 100%: of what there was, no more than all, no less than
    none. A slip of the keyboard (927.5% for 92.75%) as often as the paper's own error."""

    def message(self) -> str:
        return f"{self.figure}: the paper has {self.typed}, where a share is from {self.computed} ({self.how})"


def _share(loc: tuple[Any, ...], figure: str, typed: Percent, how: str) -> list[Finding]:
    return [] if 0 <= typed.value <= 100 else [OutOfRange(loc, figure, str(typed), "0% to 100%", how)]


def percent_of(part: int, whole: int, decimals: int) -> Percent:
    """``part`` as a percentage of ``whole``, rounded half up at ``decimals`` places, as papers do."""
    # Digits enough for the whole part and the places (Decimal's own 28 fall short of a count
    # of 30 digits, or a percentage typed to 30 places, and raise).
    with localcontext() as context:
        context.prec = len(str(abs(part))) + len(str(abs(whole))) + decimals + 10
        exact = Decimal(part) * 100 / Decimal(whole)
        rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return Percent(value=float(rounded), decimals=decimals)


def _sum(what: str, counts: list[int]) -> str:
    return f"{what} " + " + ".join(f"{c:,}" for c in counts)


def check_report(report: ReportBase) -> list[Finding]:
    out: list[Finding] = []

    def compare(loc: tuple[Any, ...], figure: str, typed: Any, computed: Any, how: str) -> None:
        if typed is not None and typed != computed:
            fmt = (lambda v: str(v)) if isinstance(computed, Percent) else (lambda v: f"{v:,}")
            out.append(Finding(loc, figure, fmt(typed), fmt(computed), how))

    if isinstance(report, RdpIncidents) and report.resolved_by_severity:
        counts = [c.count for c in report.resolved_by_severity]
        compare(("resolved",), "RDP Incidents resolved", report.resolved, sum(counts),
                _sum("the severity table's", counts))
    elif isinstance(report, Variance):
        compare(("variance",), f"{report.title}: variance", report.variance, report.actual - report.forecast,
                f"actual {report.actual:,} − forecast {report.forecast:,}")
        typed = report.percent_of_forecast
        if typed is not None and report.forecast:
            compare(("percent_of_forecast",), f"{report.title}: percent of forecast", typed,
                    percent_of(report.actual, report.forecast, typed.decimals),
                    f"{report.actual:,} ÷ {report.forecast:,}")
        elif typed is not None:  # no percentage of nothing
            out.append(Finding(("percent_of_forecast",), f"{report.title}: percent of forecast", str(typed),
                               "none", "the forecast is 0"))
    elif isinstance(report, ProblemReport):
        counts = [c.count for c in report.open_by_status]
        compare(("open_total",), "Open Problems", report.open_total, sum(counts), _sum("by status", counts))
        breaches = [c.count for c in report.rca_breaches_by_category]
        if breaches:
            compare(("rca_breaches_total",), "Root Cause Analysis breaches", report.rca_breaches_total,
                    sum(breaches), _sum("by category", breaches))
    elif isinstance(report, ChReturns):
        compare(("records_closed",), "Records closed", report.records_closed,
                report.no_fault_found + report.fault_found,
                f"No Fault Found {report.no_fault_found:,} + Fault Found {report.fault_found:,}")
        grand: dict[str, int] = {}
        for t, table in enumerate(report.fault_tables):
            for r, row in enumerate(table.rows):
                compare(("fault_tables", t, "rows", r, "total"), f"{table.region}: {row.attribute}, Total",
                        row.total, sum(row.counts), _sum("the months", row.counts))
            columns = [sum(row.counts[m] for row in table.rows) for m in range(len(table.months))]
            grand[table.region] = sum(columns)
            if table.totals:
                for m, month in enumerate(table.months):
                    compare(("fault_tables", t, "totals", m), f"{table.region}: Total, {month}", table.totals[m],
                            columns[m], _sum("the rows", [row.counts[m] for row in table.rows]))
                compare(("fault_tables", t, "totals", len(table.months)), f"{table.region}: Total, Total",
                        table.totals[-1], sum(columns), _sum("the months", columns))
        everything = sum(grand.values())
        for s, share in enumerate(report.share_by_region):
            if share.table in grand and everything:
                compare(("share_by_region", s, "percent"), f"Share of {share.region}", share.percent,
                        percent_of(grand[share.table], everything, share.percent.decimals),
                        f"{grand[share.table]:,} of the fault tables' {everything:,}")
            else:
                out += _share(("share_by_region", s, "percent"), f"Share of {share.region}", share.percent,
                              "its share of the returns")
    elif isinstance(report, Pmr):
        for r, result in enumerate(report.results):
            out += _share(("results", r, "value"), f"{measure_name(result.measure, result.provider)} in {report.month}",
                          result.value,
                          "the share of the month's work done within its measure")
    return out


# -- Monthly series and streaks ------------------------------------------------------------


def month_add(month: str, n: int) -> str:
    year, mon = (int(p) for p in month.split("-"))
    index = year * 12 + (mon - 1) + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_name(month: str, short: bool = False) -> str:
    """'2021-03' as readers write it: 'March 2021', or 'Mar 2021' on a chart's axis."""
    when = dt.date(*(int(p) for p in month.split("-")), 1)
    return when.strftime("%b %Y" if short else "%B %Y")


def streak_facts(below: dict[str, bool], month: str, window: int) -> tuple[int, int] | None:
    """(months below target in a row, ending at ``month``; months below target in the
    ``window`` months ending at ``month``), or None when the series does not cover the window."""
    instance = 0
    for i in range(window):  # until the first month the series lacks: the work grows with the series
        earlier = month_add(month, -i)
        if earlier not in below:
            return None
        instance += below[earlier]
    run = 0
    while below.get(month_add(month, -run), False):
        run += 1
    return run, instance


def statement_text(run: int | None, instance: int | None, window: int | None) -> str:
    """The statement in the papers' own form."""
    parts = []
    if run:
        parts.append(f"below Target Service Level for the last {run} month{'s' if run != 1 else ''}")
    if instance and window:
        parts.append(f"the {ordinal(instance)} instance below target in {window} month{'s' if window != 1 else ''}")
    return "; ".join(parts)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def check_statement(statement: StreakStatement, below: dict[str, bool]) -> Finding | None:
    """Compare a typed statement with the series, where the series covers what it claims."""
    if statement.window and statement.instance is not None:
        facts = streak_facts(below, statement.month, statement.window)
        if facts is not None and facts[1] != statement.instance:
            return Finding(("instance",), f"{statement.measure} in {statement.month}: instances below target",
                           f"{statement.instance} in {statement.window} months",
                           f"{facts[1]} in {statement.window} months", "the monthly series")
    if statement.run is not None:
        facts = streak_facts(below, statement.month, statement.run + 1)
        if facts is not None and facts[0] != statement.run:
            return Finding(("run",), f"{statement.measure} in {statement.month}: months below target in a row",
                           str(statement.run), str(facts[0]), "the monthly series")
    return None


def below_target(value: Percent, measure: Measure | None, typed: bool | None) -> bool | None:
    if measure is not None and measure.target is not None:
        return value.value < measure.target.value
    return typed


def series_key(name: str) -> str:
    """A name typed anew in each paper, told apart whatever its case and spacing: a trend's
    series ('SEC parties', 'SEC  Parties') or a report's period ('April 2021', 'april 2021')."""
    return " ".join(name.casefold().split())


def headline_figures(report: ReportBase) -> list[tuple[str, float, str, str]]:
    """The figures a trend follows in ``report``: each figure's name, value and unit, and the
    field it is read from."""
    if isinstance(report, Variance):
        out = [(f"{report.without_forecast_who} consuming services without a forecast",
                float(report.without_forecast), "", "without_forecast")]
        if report.forecast:  # as the paper gives it, which the build has checked; else to one place, as papers round
            percent = report.percent_of_forecast
            if percent is None:
                out.append(("Percent of forecast", percent_of(report.actual, report.forecast, 1).value, "%", "actual"))
            else:
                out.append(("Percent of forecast", percent.value, "%", "percent_of_forecast"))
        return out
    if isinstance(report, ProblemReport):
        return [("Open Problems at quarter end", float(sum(c.count for c in report.open_by_status)), "",
                 "open_by_status"),
                ("New Problems in the quarter", float(report.new_this_quarter), "", "new_this_quarter")]
    if isinstance(report, RdpIncidents):
        return [("Incidents opened", float(report.opened), "", "opened"),
                ("Incidents resolved", float(report.resolved), "", "resolved")]
    if isinstance(report, ChReturns):
        return [("Records closed", float(report.records_closed), "", "records_closed"),
                ("Fault Found (DCC)", float(report.fault_found), "", "fault_found")]
    return []


def series_of(pmrs: list[Pmr], measures: dict[tuple[str, str | None], Measure]) -> dict[tuple[str, str | None], dict[str, Any]]:
    """Each measure's monthly results: month to (value, below target, the result)."""
    out: dict[tuple[str, str | None], dict[str, Any]] = {}
    for pmr in sorted(pmrs, key=lambda p: p.month):
        for result in pmr.results:
            key = (result.measure, result.provider)
            out.setdefault(key, {})[pmr.month] = (result.value, below_target(result.value, measures.get(key),
                                                                            result.below_target), pmr)
    return out
