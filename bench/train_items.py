"""Train the learned second opinion (grader/checks/item_model.json) on the tune split.

Every labeled answer of the tune split (never the held-back set) is read as the grader reads
it (``learned.prepared``, ``learned.terms``); per part, TF-IDF over words and word pairs seen
in at least two answers; per concept item, an L2 logistic regression (C = 30) on whether the
human grader awarded the item (full or half). Settings were chosen leave-one-round-out by
``bench/bench_learned.py``.

Needs scikit-learn, for training only (``pip install -e '.[train]'``):

    python bench/train_items.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_concepts import TUNE, labeled_answers, written_parts  # noqa: E402

from grader.checks import learned  # noqa: E402
from grader.spec.models import ConceptItem, WrittenPart  # noqa: E402

C = 30.0
MIN_DF = 2
OUT = ROOT / "grader" / "checks" / "item_model.json"
PROBES_PER_PART = 3
# items whose credit turns on which case goes with which consequence ("too large → overshoots,
# too small → slow", not the reverse): word pairs cannot see the pairing, so the rules alone
# decide. Leave-one-round-out (bench/bench_learned.py) the model's step_size changes were 6
# right and 3 wrong, 3.e's (a list pairing tasks with models) 5 right and 7 wrong; with both
# left to the rules, 216 right and 17 wrong against the human's item labels.
LEFT_TO_RULES = {("2.c", "step_size")}


def fit_part(part: WrittenPart, answers: list[dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
    """The part's fitted vectoriser and, per concept item, its fitted regression (none for
    a list-shaped part: pairing tasks with models is all that counts there)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(analyzer=learned.terms, min_df=MIN_DF, sublinear_tf=True)
    x = vec.fit_transform([learned.prepared(a["text"] or "") for a in answers])
    fits = {}
    for item in [] if part.short_answers else part.items:
        if not isinstance(item, ConceptItem) or (part.id, item.id) in LEFT_TO_RULES:
            continue
        y = [item.id in a["awarded"] for a in answers]
        if all(y) or not any(y):
            continue  # nothing to learn: the rules alone decide
        fits[item.id] = LogisticRegression(C=C, max_iter=5000).fit(x, y)
    return vec, fits


def part_model(
    part: WrittenPart, answers: list[dict[str, Any]], vec: Any, fits: dict[str, Any]
) -> learned.PartModel:
    """What grading reads: terms, their idf and each item's weights (to six decimals)."""
    return learned.PartModel(
        rubric_sha256=learned.rubric_sha256(part),
        terms=vec.get_feature_names_out().tolist(),
        idf=[round(float(v), 6) for v in vec.idf_],
        items={
            item: learned.ItemWeights(
                intercept=round(float(f.intercept_[0]), 6),
                coef=[round(float(v), 6) for v in f.coef_[0]],
                labeled=(sum(item in a["awarded"] for a in answers), len(answers)),
            )
            for item, f in fits.items()
        },
    )


def training_sha256() -> str:
    digest = hashlib.sha256()
    for folder in TUNE:
        for path in sorted(folder.glob("*.yaml")):
            digest.update(f"{folder.name}/{path.name}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    specs = written_parts()
    parts: dict[str, Any] = {}
    probes = []
    total = 0
    for part_id in sorted(specs):
        answers = labeled_answers(part_id)
        if not answers:
            continue
        total += len(answers)
        vec, fits = fit_part(specs[part_id], answers)
        if not fits:
            continue  # nothing learned: the rules alone grade this part
        parts[part_id] = part_model(specs[part_id], answers, vec, fits).model_dump()
        sample = answers[:: max(1, len(answers) // PROBES_PER_PART)][:PROBES_PER_PART]
        x = vec.transform([learned.prepared(a["text"] or "") for a in sample])
        for item, f in fits.items():
            for a, p in zip(sample, f.predict_proba(x)[:, 1], strict=True):
                probes.append(
                    {"part": part_id, "answer": a["id"], "folder": a["folder"], "item": item,
                     "p": round(float(p), 6)}
                )  # fmt: skip
    model = {
        "about": "learned second opinion on concept items; see grader/checks/learned.py",
        "trained_on": {"answers": total, "tune_sha256": training_sha256()},
        "settings": {"C": C, "min_df": MIN_DF, "features": "tf-idf words and word pairs"},
        "parts": parts,
        "probes": probes,
    }
    OUT.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{total} answers, {len(parts)} parts, {OUT.stat().st_size / 1e6:.1f} MB -> {OUT}")


if __name__ == "__main__":
    main()
