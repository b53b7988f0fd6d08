"""A synthetic archive shaped like the real one, reproducible from a seed.

Eight committees; two meetings a month each (a main and a reporting meeting), each with
headlines and minutes; a summary paper a month; actions raised in minutes and reviewed,
then closed, at later meetings; performance series in the papers' PMR reports; labels in
realistic proportions (headlines WHITE, minutes mostly GREEN with some AMBER items, papers
mostly GREEN with AMBER appendices); and the shipped glossary, whose terms (DCC, SECAS, CSP N
...) the text uses, so that every page carries its hover definitions as the real ones do.
Size 1 is 750 document files; size 4 is 3,000 (about ten years of eight committees).

    python benchmarks/synthetic.py --size 4 --seed 1 --out /tmp/archive4x
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

COMMITTEES = [("OPSG", "Operations Group"), ("SSC", "Security Sub-Committee"),
              ("TABASC", "Technical Architecture and Business Architecture Sub-Committee"),
              ("TAG", "Testing Advisory Group"), ("CSC", "Change Sub-Committee"), ("PANEL", "SEC Panel"),
              ("SMKI", "SMKI Policy Management Authority"), ("TSIRS", "Technical Specification Issue Resolution Subgroup")]
# Some real words, and some 900 made-up ones: as varied as real minutes, so that texts do not
# repeat each other by chance.
_SYLLABLES = "ba ce di fo gu ka le mi no pu ra se ti vo zu bre cla dro fle gri plo stu tra vel wen".split()
WORDS = ("the DCC reported service providers SECAS noted forecasting reconciliation firmware communications hubs "
         "installation incident problem migration testing release modification consultation members update").split()
WORDS += [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("", "n", "s")][:900]
OWNERS = ["DCC", "SECAS", "the OPSG", "BEIS", "CSP N", "CSP C&S"]
FILES_PER_COMMITTEE_MONTH = 3  # two meeting files and one paper
GLOSSARY = Path(__file__).resolve().parent.parent / "data" / "glossary.yml"


def sentence(rng: random.Random, n: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraphs(rng: random.Random, count: int, amber_share: float = 0.0) -> list:
    out: list = []
    for _ in range(count):
        text = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        out.append({"text": text, "classification": "AMBER"} if rng.random() < amber_share else text)
    return out


def generate(size: int, seed: int, out: Path) -> int:
    """Write the archive to ``out/data``; return the number of document files."""
    rng = random.Random(seed)
    months = round(750 * size / (len(COMMITTEES) * FILES_PER_COMMITTEE_MONTH))
    data = out / "data"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    dump = lambda path, value: (path.parent.mkdir(parents=True, exist_ok=True),  # noqa: E731
                                path.write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True)))
    dump(data / "committees.yml", {"committees": [{"id": c, "name": n} for c, n in COMMITTEES]})
    shutil.copy2(GLOSSARY, data / "glossary.yml")
    dump(data / "measures.yml", {"measures": [  # each committee's series is a provider's (its PMRs below)
        {"id": "CPM1", "provider": c, "name": "On Demand Service Responses within TRT", "target": "96%",
         "minimum": "90%"} for c, _ in COMMITTEES]})
    files = 0
    start = dt.date(2027 - (months // 12) - 1, 1, 1)
    for committee, _ in COMMITTEES:
        open_actions: list[tuple[str, int]] = []
        number = 0
        for m in range(months):
            year, month = start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1
            for day, kind in ((6, "main"), (20, "reporting")):
                number += 1
                date = dt.date(year, month, day)
                mid = f"{committee}_{number}_{date:%d%m}"
                items = [{"number": str(i + 1), "title": sentence(rng, 4).rstrip("."), "presenter": rng.choice(OWNERS[:2]),
                          "paragraphs": paragraphs(rng, rng.randint(1, 3))} for i in range(rng.randint(4, 7))]
                minutes_items = [{"number": str(i + 1), "title": sentence(rng, 4).rstrip("."),
                                  "paragraphs": paragraphs(rng, rng.randint(1, 3), amber_share=0.05)}
                                 for i in range(rng.randint(4, 7))]
                reviews = []
                for aid, due in list(open_actions)[:4]:
                    closing = number >= due
                    reviews.append({"action": aid, "status": "closed" if closing else "open",
                                    "update": [sentence(rng)]})
                    if closing:
                        open_actions.remove((aid, due))
                if reviews:
                    minutes_items[0]["action_reviews"] = reviews
                raised = []
                for k in range(rng.randint(1, 4)):
                    aid = f"{committee} {number}/{k + 1:02d}"
                    raised.append({"id": aid, "owner": rng.choice(OWNERS), "text": sentence(rng, 14),
                                   "target_date": (date + dt.timedelta(days=rng.choice([14, 28, 56]))).isoformat()})
                    open_actions.append((aid, number + rng.randint(1, 6)))
                minutes_items[-1]["actions"] = raised
                meeting = {"id": mid, "committee": committee, "type": kind, "date": date.isoformat(),
                           "start": "10:00", "end": "12:30",
                           "headlines": {"classification": "WHITE", "items": items,
                                         "next_meetings": [{"type": kind, "date": (date + dt.timedelta(days=28)).isoformat()}]},
                           "minutes": {"classification": "GREEN" if rng.random() < 0.9 else "WHITE",
                                       "status": "approved" if rng.random() < 0.95 else "draft",
                                       "attendance": {"chair": "Chair", "secretary": "Secretary", "present": []},
                                       "items": minutes_items}}
                dump(data / "meetings" / committee.lower() / str(year) / f"{mid}.yml", meeting)
                files += 1
            # The DCC's report for a month is one, summarised alike in each committee's paper.
            dcc = random.Random(f"{seed}:{year}-{month:02d}")
            actual, forecast, without = dcc.randint(10**5, 10**7), dcc.randint(10**5, 10**7), dcc.randint(0, 40)
            pid = f"{mid}_01"
            paper = {"id": pid, "committee": committee, "title": f"{committee} SEC Panel Reports Summary",
                     "date": date.isoformat(), "purpose": "For Decision",
                     "classification": "GREEN" if rng.random() < 0.7 else "WHITE",
                     "sections": [{"number": "1", "title": "Summary", "blocks": paragraphs(rng, 3), "report": "csr"}],
                     "reports": [
                         {"id": "csr", "kind": "csr_variance", "title": "CSR Variance Report", "sec_ref": "SEC L8.9",
                          "period": f"{date:%B %Y}", "delivery": {"deadline": "10th Working Day", "status": "on time"},
                          "unit": "requests", "actual": actual, "forecast": forecast, "variance": actual - forecast,
                          "without_forecast": without, "without_forecast_who": "Users"},
                         {"id": "pmr", "kind": "pmr", "title": "Performance Measurement Report", "sec_ref": "SEC H13.4",
                          "period": f"{date:%B %Y}", "month": f"{date:%Y-%m}",
                          "delivery": {"deadline": "25 working days", "status": "on time"},
                          "results": [{"measure": "CPM1", "provider": committee, "value": f"{rng.uniform(85, 99):.2f}%"}]}],
                     "attachments": [{"id": "Appendix A", "title": "Detailed report", "classification": "AMBER"}],
                     "annexes": [{"id": "Annex 1", "reports_summary": True}]}
            dump(data / "papers" / committee.lower() / str(year) / f"{pid}.yml", paper)
            files += 1
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(f"{generate(args.size, args.seed, args.out)} document files in {args.out / 'data'}")


if __name__ == "__main__":
    main()
