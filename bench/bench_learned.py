"""Leave-one-round-out measure of the learned second opinion on *first-sight* grades.

Each blind round in ``bench/first_sight/`` holds the rules' grade of every answer at the
commit the round was first measured at, before anything was tuned on it: what the rules do
with answers they have never seen. For each round, the model is trained on every other
tune round (``train_items.fit_part``), then ``learned.second_opinion`` is applied to that
round's first-sight items, and agreement with the human grade (within 0.5 point) is
counted before and after. Needs scikit-learn (``pip install -e '.[train]'``).

    python bench/bench_learned.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_concepts import DATA_DIR, TUNE, blocks_of, labeled_answers, written_parts  # noqa: E402
from train_items import fit_part, part_model  # noqa: E402

from grader.checks import learned  # noqa: E402
from grader.checks.written import _prose_clauses  # noqa: E402
from grader.results import Evidence, ItemResult  # noqa: E402
from grader.spec.models import WrittenPart  # noqa: E402

FIRST = ROOT / "bench" / "first_sight"
ATTACKS = {"keyword_list", "word_salad", "question_copy"}


def fold_scorer(part: WrittenPart, answers: list[dict[str, Any]]) -> learned.Scorer:
    return learned.Scorer.of(part_model(part, answers, *fit_part(part, answers)))


def main() -> int:
    specs = written_parts()
    tot: Counter[str] = Counter()
    per_item: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for path in sorted(FIRST.glob("*.json"), key=lambda p: int(p.stem.removeprefix("prose_blind"))):
        rnd = json.loads(path.read_text("utf-8"))
        others = [f for f in TUNE if f.name != rnd["folder"]]
        c: Counter[str] = Counter()
        for part_id in sorted({a["part"] for a in rnd["answers"]}):
            part = specs[part_id]
            scorer = fold_scorer(part, labeled_answers(part_id, others))
            labels = {a["id"]: a for a in labeled_answers(part_id, [DATA_DIR / rnd["folder"]])}
            for a in (x for x in rnd["answers"] if x["part"] == part_id):
                label = labels[a["id"]]
                text = label["text"] or ""
                items = [
                    ItemResult(i, "", pts, mx, st, "", tuple(Evidence(e) for e in ev))
                    for i, pts, mx, st, ev in a["items"]
                ]
                prose, _ = _prose_clauses(part, blocks_of(text))
                new, _ = learned.second_opinion(
                    part, text, prose, items, guarded=a["guarded"], scorer=scorer
                )
                after = max(0.0, min(part.points, sum(i.points for i in new)))
                h = float(label["points"])
                c["n"] += 1
                c["before"] += abs(a["machine"] - h) <= 0.5 + 1e-9
                c["after"] += abs(after - h) <= 0.5 + 1e-9
                c["changed"] += any(x.points != y.points for x, y in zip(items, new, strict=True))
                awarded = label["awarded"]
                for x, y in zip(items, new, strict=True):
                    if x.points != y.points:
                        kind = "withheld" if y.points < x.points else "credited"
                        right = (x.id in awarded) == (y.points > 0)
                        per_item[(part_id, x.id, kind)][0 if right else 1] += 1
                if ATTACKS & set(label.get("tags") or []):
                    c["attacks"] += 1
                    c["attack_before"] += a["machine"]
                    c["attack_after"] += after
                    c["attack_max"] += part.points
        n = c["n"]
        print(
            f"{rnd['folder']:<14} (first seen at {rnd['commit']}): {n} answers, within 0.5 "
            f"{100 * c['before'] / n:5.1f} % -> {100 * c['after'] / n:5.1f} %, "
            f"{c['changed']} answers changed"
        )
        tot.update(c)
    n = tot["n"]
    print(
        f"\nall {n}: within 0.5 {100 * tot['before'] / n:.1f} % -> {100 * tot['after'] / n:.1f} %"
        f"; {tot['changed']} answers changed ({100 * tot['changed'] / n:.0f} %)"
    )
    print(
        f"attacks: {tot['attacks']} answers earn {tot['attack_before']:g} -> "
        f"{tot['attack_after']:g} of {tot['attack_max']:g} points"
    )
    print("\nchanges per item (right / wrong against the human's item labels):")
    for (part_id, item, kind), (right, wrong) in sorted(per_item.items()):
        print(f"  {part_id} {item:<16} {kind:<9} {right:>3} / {wrong}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
