"""Problem specs: YAML files validated by pydantic models."""

from grader.spec.load import BUNDLED, json_schema, load_problem, load_problems, reference_path
from grader.spec.models import (
    CodeCase,
    CodePart,
    ConceptItem,
    EquationItem,
    ExpressionItem,
    Item,
    MathContext,
    Misconception,
    Part,
    Problem,
    WrittenPart,
)

__all__ = [
    "BUNDLED",
    "CodeCase",
    "CodePart",
    "ConceptItem",
    "EquationItem",
    "ExpressionItem",
    "Item",
    "MathContext",
    "Misconception",
    "Part",
    "Problem",
    "WrittenPart",
    "json_schema",
    "load_problem",
    "load_problems",
    "reference_path",
]
