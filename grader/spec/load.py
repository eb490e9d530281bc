"""Load and validate problem specs. Errors name the file, the line, the field and the value."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from grader.errors import SpecError
from grader.spec.generators import make_args
from grader.spec.models import CodePart, Problem

BUNDLED = Path(__file__).resolve().parents[2] / "problems"


def load_problem(path: Path) -> Problem:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SpecError(f"not valid YAML: {exc}", file=str(path)) from None
    try:
        problem = Problem.model_validate(data)
    except ValidationError as exc:
        raise _spec_error(path, text, exc) from None
    _check_generators(path, problem)
    return problem


def load_problems(directory: Path | None = None) -> list[Problem]:
    """Every ``*.yaml`` in the directory, in exam order (Q1…Q4 then P1…P3)."""
    directory = directory or BUNDLED
    if not directory.is_dir():
        raise SpecError("problems folder not found", file=str(directory))
    files = sorted(directory.glob("*.yaml"), key=lambda p: (p.stem[0] != "Q", p.stem))
    if not files:
        raise SpecError("no *.yaml problem files", file=str(directory))
    problems = [load_problem(f) for f in files]
    _check_unique_parts(directory, problems)
    return problems


def reference_path(problems_dir: Path, problem: Problem) -> Path:
    assert problem.reference is not None  # guaranteed by Problem's validator
    return (problems_dir / problem.reference).resolve()


def json_schema() -> str:
    """The JSON Schema of a problem file, for editors (``grader schema``)."""
    return json.dumps(Problem.model_json_schema(), indent=2)


def _check_generators(path: Path, problem: Problem) -> None:
    for part in problem.parts:
        if not isinstance(part, CodePart):
            continue
        for case in part.cases:
            try:
                make_args(case.generator, dict(case.params))
            except (TypeError, ValueError) as exc:
                field = f"{part.id}.cases.{case.id}.params"
                raise SpecError(
                    f"{exc} (value {case.params!r})", file=str(path), field=field
                ) from None


def _check_unique_parts(directory: Path, problems: Sequence[Problem]) -> None:
    seen: set[str] = set()
    for problem in problems:
        for part in problem.parts:
            if part.id in seen:
                raise SpecError(f"part id {part.id!r} appears twice", file=str(directory))
            seen.add(part.id)


def _spec_error(path: Path, text: str, exc: ValidationError) -> SpecError:
    errors = exc.errors()
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])  # typos first
    loc = [x for x in err["loc"] if not (isinstance(x, str) and x in _UNION_TAGS)]
    field = ".".join(str(x) for x in loc) or "(top level)"
    line = _line_of(text, loc)
    value = err.get("input")
    shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    where = f"{path}:{line}" if line else str(path)
    return SpecError(f"{err['msg']} (got {shown[:120]})", file=where, field=field)


_UNION_TAGS = {"written", "code", "concept", "expression", "equation"}


def _line_of(text: str, loc: Sequence[Any]) -> int | None:
    """The 1-based line of the YAML node at ``loc``, or of its nearest existing parent."""
    try:
        node: Any = yaml.compose(text)
    except yaml.YAMLError:
        return None
    for key in loc:
        child = _child(node, key)
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1 if node is not None else None


def _child(node: Any, key: Any) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == str(key):
                return v
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None
