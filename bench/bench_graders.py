"""How far two careful graders agree: the labels of a blind round against a second grader's
blind regrade of the same texts (``tests/data/regrade_blind11``), and the grader against each.

    python bench/bench_graders.py [LABELS_DIR REGRADE_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import bench_concepts as bench  # noqa: E402


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.5 + 1e-9


def main(labels: Path, regrade: Path) -> None:
    specs = bench.written_parts()
    n = writer_second = writer_grader = second_grader = 0
    for path in sorted(labels.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        second = yaml.safe_load((regrade / path.name).read_text(encoding="utf-8"))
        points = {g["id"]: float(g["points"]) for g in second["grades"]}
        for answer in data["answers"]:
            machine = bench.grade_text(specs[data["part"]], answer["text"] or "").points
            label, other = float(answer["points"]), points[answer["id"]]
            n += 1
            writer_second += close(label, other)
            writer_grader += close(label, machine)
            second_grader += close(other, machine)
    print(f"{n} answers, within half a point:")
    print(f"  labels ~ second grader  {writer_second / n:.1%}")
    print(f"  labels ~ grader         {writer_grader / n:.1%}")
    print(f"  second grader ~ grader  {second_grader / n:.1%}")


if __name__ == "__main__":
    data = ROOT / "tests" / "data"
    args = [Path(a) for a in sys.argv[1:]] or [data / "prose_blind11", data / "regrade_blind11"]
    main(*args)
