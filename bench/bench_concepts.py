"""Agreement of the prose grader with the human labels in ``tests/data/prose``.

Every labeled answer goes through the real path (``grade_written``, one block per line)
and the grader's points are compared with the TA's, per part and per split:

- exact: the same points;
- ±0.5: within half a point;
- QWK: quadratic weighted kappa on half-point bins (0, 0.5, …, max);
- review: the share of answers the grader sends to a human.

Splits: *tune* is every answer the grader has been developed against — ``tests/data/prose``
(its old ``holdout`` quarter included), ``tests/data/prose_fresh`` and ``tests/data/prose_blind*``
(each written blind, measured, then tuned on) — and *held-back* is
``tests/data/prose_heldout3``, written blind by people who never saw the grader, and never
used to change it. ``--misses`` lists the disagreements of the tune split only (held-back
texts are never shown). ``--semantic`` adds the optional embedding path
(``pip install .[semantic]``).

``--items`` counts, per rubric item, the tune answers credited against the label and missed.

    python bench/bench_concepts.py [--misses] [--items] [--semantic] [--tune-only]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.checks.written import grade_written  # noqa: E402
from grader.results import PartResult  # noqa: E402
from grader.spec.load import load_problems  # noqa: E402
from grader.spec.models import WrittenPart  # noqa: E402
from grader.submission.sheet import Block  # noqa: E402

DATA_DIR = ROOT / "tests" / "data"
DATA = DATA_DIR / "prose"
FRESH = DATA_DIR / "prose_fresh"  # written blind, then tuned on (session 2)
# the blind rounds, each written blind, measured once (its README gives the figure), then
# tuned on; prose_blind7 and prose_blind12 are sessions 3 and 4 held-back sets
BLINDS = tuple(
    sorted(DATA_DIR.glob("prose_blind*"), key=lambda p: int(p.name[len("prose_blind") :] or 1))
)
TUNE = (DATA, FRESH, *BLINDS)
HELDOUT = DATA_DIR / "prose_heldout3"  # written blind in session 5; never tuned on
SPLITS = ("tune", "held-back")
Grade = Callable[[WrittenPart, str], PartResult]


@dataclass(frozen=True)
class Graded:
    part: str
    answer: str
    split: str
    human: float
    machine: float
    max_points: float
    review: tuple[str, ...]
    result: PartResult
    text: str
    tags: tuple[str, ...]


def written_parts() -> dict[str, WrittenPart]:
    return {p.id: p for prob in load_problems() for p in prob.parts if isinstance(p, WrittenPart)}


def blocks_of(text: str) -> list[Block]:
    """One block per line, as the sheet reader would hand them over."""
    return [Block(n, raw=line, text=line) for n, line in enumerate(text.splitlines(), 1)]


def grade_text(part: WrittenPart, text: str) -> PartResult:
    return grade_written(part, blocks_of(text), table=None, title=part.question)


def grade_rules_only(part: WrittenPart, text: str) -> PartResult:
    """The rules alone, without the learned second opinion."""
    blocks = blocks_of(text)
    return grade_written(part, blocks, table=None, title=part.question, second_opinion=False)


def labeled(part_id: str) -> list[dict[str, Any]]:
    """Every labeled answer of the part, tune split first, each with its ``split``."""
    tune = [{**a, "split": "tune"} for a in labeled_answers(part_id)]
    return tune + [{**a, "split": "held-back"} for a in labeled_answers(part_id, [HELDOUT])]


def grade_all(
    grade: Grade = grade_text, parts: Sequence[str] | None = None, *, with_held_back: bool = False
) -> list[Graded]:
    specs = written_parts()
    out = []
    for path in sorted(DATA.glob("*.yaml")):
        part_id = path.stem
        if parts is not None and part_id not in parts:
            continue
        part = specs[part_id]
        for a in labeled(part_id):
            if a["split"] == "held-back" and not with_held_back:
                continue
            res = grade(part, a["text"] or "")
            out.append(
                Graded(
                    part_id,
                    a["id"],
                    a["split"],
                    float(a["points"]),
                    res.points,
                    part.points,
                    res.review,
                    res,
                    a["text"] or "",
                    tuple(a["tags"]),
                )
            )
    return out


def qwk(human: Sequence[float], machine: Sequence[float], max_points: float) -> float:
    """Quadratic weighted kappa on half-point bins."""
    k = round(max_points * 2) + 1
    h = [min(k - 1, max(0, round(v * 2))) for v in human]
    m = [min(k - 1, max(0, round(v * 2))) for v in machine]
    n = len(h)
    observed = [[0.0] * k for _ in range(k)]
    for a, b in zip(h, m, strict=True):
        observed[a][b] += 1
    hist_h = [h.count(i) for i in range(k)]
    hist_m = [m.count(i) for i in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            w = (i - j) ** 2 / (k - 1) ** 2
            num += w * observed[i][j]
            den += w * hist_h[i] * hist_m[j] / n
    return 1.0 - num / den if den else 1.0


def summary(rows: Sequence[Graded]) -> dict[str, float]:
    n = len(rows)
    if not n:
        return {"n": 0, "exact": 0.0, "within": 0.0, "qwk": 0.0, "review": 0.0}
    diffs = [abs(r.machine - r.human) for r in rows]
    by_max: dict[float, list[Graded]] = {}
    for r in rows:
        by_max.setdefault(r.max_points, []).append(r)
    # pooled QWK over parts of different scales: per-part kappas weighted by size
    kappa = (
        sum(
            qwk([r.human for r in g], [r.machine for r in g], m) * len(g) for m, g in by_max.items()
        )
        / n
        if len(by_max) > 1
        else qwk([r.human for r in rows], [r.machine for r in rows], rows[0].max_points)
    )
    return {
        "n": n,
        "exact": sum(d < 1e-9 for d in diffs) / n,
        "within": sum(d <= 0.5 + 1e-9 for d in diffs) / n,
        "qwk": kappa,
        "review": sum(bool(r.review) for r in rows) / n,
    }


def table(rows: Sequence[Graded]) -> str:
    head = f"{'part':<6}" + "".join(f" | {s:>7} n  exact  ±0.5    QWK review" for s in SPLITS)
    lines = [head, "-" * len(head)]
    parts = sorted({r.part for r in rows})
    for part in [*parts, "all"]:
        cells = []
        for split in SPLITS:
            sel = [r for r in rows if r.split == split and part in ("all", r.part)]
            s = summary(sel)
            cells.append(
                f" | {s['n']:>9.0f} {s['exact']:6.0%} {s['within']:5.0%} "
                f"{s['qwk']:6.2f} {s['review']:6.0%}"
            )
        lines.append(f"{part:<6}" + "".join(cells))
    return "\n".join(lines)


def labeled_answers(part_id: str, folders: Sequence[Path] = TUNE) -> list[dict[str, Any]]:
    """The part's labeled answers in ``folders`` (default: the tune split), each with
    ``folder`` and ``awarded``: the items the TA gave (half items included) as the spec's
    item ids (a label file names its items in the paper's order, under its own names)."""
    spec_ids = [i.id for i in written_parts()[part_id].items]
    out = []
    for folder in folders:
        path = folder / f"{part_id}.yaml"
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names = dict(zip(data["items"], spec_ids, strict=False))
        for a in data["answers"]:
            awarded = [*(a.get("items") or []), *(a.get("half_items") or [])]
            out.append({**a, "folder": folder.name, "awarded": {names.get(n, n) for n in awarded}})
    return out


def labeled_items(part_id: str) -> dict[str, set[str]]:
    """Each tune answer's awarded items, as the spec's item ids."""
    return {a["id"]: a["awarded"] for a in labeled_answers(part_id)}


def item_errors(rows: Sequence[Graded]) -> str:
    """Per rubric item on the tune split: answers credited against the label, and missed."""
    labels: dict[str, set[str]] = {}
    for part in {r.part for r in rows}:
        labels.update(labeled_items(part))
    counts: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        if r.split != "tune" or r.answer not in labels:
            continue
        for item in r.result.items:
            if item.max_points <= 0:
                continue
            got, want = item.points > 0, item.id in labels[r.answer]
            c = counts.setdefault((r.part, item.id), [0, 0, 0])
            c[0] += 1
            c[1] += got and not want
            c[2] += want and not got
    order = sorted(counts, key=lambda k: -(counts[k][1] + counts[k][2]))
    lines = [f"{'item':<22} {'n':>5} {'credited':>9} {'missed':>7}"]
    lines += [
        f"{p + ' ' + i:<22} {c[0]:>5} {c[1]:>9} {c[2]:>7}"
        for (p, i), c in ((k, counts[k]) for k in order)
    ]
    return "\n".join(lines)


def misses(rows: Sequence[Graded]) -> str:
    """Tune-split disagreements only, with the items the grader awarded."""
    out = []
    for r in rows:
        if r.split != "tune" or abs(r.machine - r.human) < 1e-9:
            continue
        items = ", ".join(f"{i.id}={i.points:g}({i.status})" for i in r.result.items)
        out.append(
            f"{r.answer} human {r.human:g} machine {r.machine:g} tags {list(r.tags)}\n"
            f"  items: {items}\n  review: {list(r.review)}\n"
            f"  text: {r.text.strip()}\n"
        )
    return "\n".join(out)


def _semantic_grade(credit: float | None, review: float | None) -> Grade:
    from grader.checks import semantic  # optional extra

    thresholds = semantic.Thresholds(
        credit if credit is not None else semantic.CREDIT,
        review if review is not None else semantic.REVIEW,
    )
    return semantic.grader_with(semantic.load_embedder(), thresholds)


def main(argv: Sequence[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--misses", action="store_true", help="list tune-split disagreements")
    args.add_argument("--items", action="store_true", help="per-item errors on the tune split")
    args.add_argument("--semantic", action="store_true", help="use the optional embedding path")
    args.add_argument("--tau", type=float, help="semantic credit threshold (default: the module's)")
    args.add_argument("--tau-review", type=float, help="semantic review threshold")
    args.add_argument("--part", action="append", help="only these parts")
    args.add_argument("--tune-only", action="store_true", help="leave the held-back split out")
    args.add_argument("--rules-only", action="store_true", help="no learned second opinion")
    ns = args.parse_args(argv)
    grade = _semantic_grade(ns.tau, ns.tau_review) if ns.semantic else grade_text
    grade = grade_rules_only if ns.rules_only else grade
    started = time.perf_counter()
    rows = grade_all(grade, ns.part, with_held_back=not ns.tune_only)
    elapsed = time.perf_counter() - started
    print(table(rows))
    each = 1000 * elapsed / max(1, len(rows))
    print(f"\n{len(rows)} answers in {elapsed:.2f} s ({each:.1f} ms each)")
    if ns.misses:
        print("\n" + misses(rows))
    if ns.items:
        print("\n" + item_errors(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
