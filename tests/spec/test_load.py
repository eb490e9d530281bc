"""Specs load, encode the paper's points, and a malformed spec names file, line, field, value."""

from pathlib import Path

import pytest

from grader.errors import SpecError
from grader.spec import CodePart, WrittenPart, load_problem, load_problems

PAPER_POINTS = {
    "1.a": 3,
    "1.b": 6,
    "1.c": 3,
    "2.a": 2,
    "2.b.i": 2,
    "2.b.ii": 2,
    "2.b.iii": 2,
    "2.b.iv": 2,
    "2.c": 4,
    "3.a": 2,
    "3.b": 2,
    "3.c": 3,
    "3.d": 3,
    "3.e": 3,
    "4.a": 3,
    "4.b": 6,
    "P1.fit_ols": 3,
    "P1.ols_gradient": 2,
    "P1.gradient_descent": 4,
    "P2.sigmoid": 3,
    "P2.backward": 6,
    "P3.lstm_cell_step": 6,
}


def test_bundled_specs_encode_every_part_and_point_of_the_paper():
    problems = load_problems()
    points = {p.id: p.points for problem in problems for p in problem.parts}
    assert points == PAPER_POINTS
    assert sum(points.values()) == 72
    written = sum(p.points for pr in problems for p in pr.parts if isinstance(p, WrittenPart))
    assert written == 48


def test_every_code_part_has_public_and_hidden_cases():
    for problem in load_problems():
        for part in problem.parts:
            if isinstance(part, CodePart):
                kinds = {c.visibility for c in part.cases}
                assert kinds == {"public", "hidden"}, part.id


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "Q9.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
id: Q9
title: t
points: 1
parts:
  - id: "9.a"
    points: 1
    question: q
    items:
      - {id: x, kind: concept, points: 1, rubric: r, patterns: [[[a]]]}
"""


def test_a_minimal_spec_loads(tmp_path):
    assert load_problem(_write(tmp_path, GOOD)).parts[0].id == "9.a"


@pytest.mark.parametrize(
    ("change", "field", "line", "value"),
    [
        (("points: 1\n    question", "pointz: 1\n    question"), "parts.0.pointz", 6, "1"),
        (
            ("kind: concept, points: 1", "kind: concept, points: -1"),
            "parts.0.items.0.points",
            9,
            "-1",
        ),
        (("kind: concept", "kind: conzept"), "parts.0.items.0", 9, "conzept"),
        (('id: "9.a"', 'id: "nine"'), "parts.0.id", 5, "'nine'"),
    ],
)
def test_malformed_spec_error_names_file_line_field_and_value(tmp_path, change, field, line, value):
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(SpecError) as info:
        load_problem(path)
    message = str(info.value)
    assert f"{path}:{line}" in message
    assert field in message
    assert value in message


def test_points_that_do_not_add_up_are_refused(tmp_path):
    path = _write(tmp_path, GOOD.replace("points: 1\nparts", "points: 2\nparts"))
    with pytest.raises(SpecError, match="worth 2 points but its items add up to 1"):
        load_problem(path)


def test_unknown_generator_parameter_is_refused(tmp_path):
    text = """\
id: P9
title: t
points: 1
reference: ref.py
parts:
  - id: P9.f
    points: 1
    file: f.py
    function: f
    params: [z]
    contract: c
    cases:
      - {id: one, generator: scalar, params: {valeu: 1.0}}
"""
    with pytest.raises(SpecError, match=r"P9\.f\.cases\.one\.params.*valeu"):
        load_problem(_write(tmp_path, text))


def test_not_yaml_is_a_spec_error(tmp_path):
    with pytest.raises(SpecError, match="not valid YAML"):
        load_problem(_write(tmp_path, "id: [unclosed"))


def test_committed_json_schema_matches_the_models():
    """For editors; regenerate with `grader schema > problem.schema.json`."""
    from grader.spec import json_schema
    from tests.conftest import ROOT

    committed = (ROOT / "problem.schema.json").read_text(encoding="utf-8")
    assert committed.strip() == json_schema().strip()
