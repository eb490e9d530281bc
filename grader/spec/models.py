"""Problem specs as pydantic models: validated once, at load, then trusted.

A problem file (``problems/Q1.yaml``) holds one question: its parts, points, rubric
items, misconceptions, the symbol table for its math, and for code parts the function
contract and the test cases. Every model forbids extra fields and is frozen.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from grader.spec.generators import GENERATORS
from grader.spec.lexicon import LEXICON

PartId = Annotated[str, Field(pattern=r"^(\d+\.[a-z](\.[ivx]+)?|P\d+\.[A-Za-z_][A-Za-z0-9_]*)$")]


def _known_classes(phrases: list[str]) -> list[str]:
    unknown = [p for p in phrases if p.startswith("@") and p[1:] not in LEXICON]
    if unknown:
        raise ValueError(f"unknown concept class {unknown[0]!r}; known: @{', @'.join(LEXICON)}")
    return phrases


# a group matches if any of its phrases does; ``@name`` stands for a class of grader/spec/lexicon.py
Phrases = Annotated[list[str], AfterValidator(_known_classes)]
Pattern = list[Phrases]  # every group must match inside one clause


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- math context


class SymbolSpec(Model):
    kind: Literal["scalar", "matrix"] = "scalar"
    shape: tuple[str, str] | None = None
    aliases: list[str] = []

    @model_validator(mode="after")
    def _shape_matches_kind(self) -> SymbolSpec:
        if (self.kind == "matrix") != (self.shape is not None):
            raise ValueError("a matrix needs a shape such as [n, p]; a scalar has none")
        return self


class MathContext(Model):
    """The symbol table of a question: names, shapes, definitions, functions."""

    symbols: dict[str, SymbolSpec]
    dims: dict[str, list[int]] = {}
    definitions: dict[str, str] = {}
    functions: list[str] = ["sigma"]


# --------------------------------------------------------------------------- rubric items


class ItemBase(Model):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    points: Annotated[float, Field(gt=0)]
    rubric: str
    missing: str = ""  # feedback when the item is not found; defaults to the rubric text


class ConceptItem(ItemBase):
    kind: Literal["concept"] = "concept"
    patterns: list[Pattern] = Field(min_length=1)
    require_all: bool = False  # every pattern must match (each in some clause), not just one
    half_patterns: list[Pattern] = []  # earn half the item (e.g. "names the trade-off only")
    contradicts: list[Pattern] = []  # matched in one claim, in order: item contradicted, 0 points
    # a claim about one of the part's subjects (its first phrase, e.g. "rnn"): sentences about
    # another subject do not earn it ("the LSTM's gradient is multiplied only by f")
    about: str | None = None


class ExpressionItem(ItemBase):
    kind: Literal["expression"] = "expression"
    expected: str
    lhs: str | None = None  # the item is answered by an expression stated for this left side
    use_definitions: bool = True
    form: Literal["any", "expanded"] = "any"
    one_factor_points: float = 0.0  # credit for the right chain with exactly one factor wrong


class EquationItem(ItemBase):
    kind: Literal["equation"] = "equation"
    expected: str
    unknown: str


Item = Annotated[ConceptItem | ExpressionItem | EquationItem, Field(discriminator="kind")]


class Misconception(Model):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    rubric: str
    patterns: list[Pattern] = Field(min_length=1)
    deduct: float = 0.0  # points taken off the part
    voids: str | None = None  # or: the item that earns nothing when the misconception is stated

    @model_validator(mode="after")
    def _one_effect(self) -> Misconception:
        if (self.deduct > 0) == (self.voids is not None):
            raise ValueError("a misconception either deducts points or voids one item")
        return self


# --------------------------------------------------------------------------- parts


class WrittenPart(Model):
    kind: Literal["written"] = "written"
    id: PartId
    points: Annotated[float, Field(gt=0)]
    question: str
    identify: str | None = None  # find this part by what it differentiates, not by its label
    short_answers: bool = False  # terse lists are the expected form (no keyword-list guard)
    # who a claim can be about (the three gates; the three networks): a sentence naming
    # several is read as one claim per subject, so a role is credited to the one it follows
    subjects: list[Phrases] = []
    items: list[Item] = Field(min_length=1)
    misconceptions: list[Misconception] = []

    @model_validator(mode="after")
    def _items_add_up(self) -> WrittenPart:
        _check_total(self.id, self.points, sum(i.points for i in self.items))
        ids = {i.id for i in self.items}
        names = [group[0] for group in self.subjects]
        for i in self.items:
            if isinstance(i, ConceptItem) and i.about is not None and i.about not in names:
                raise ValueError(f"item {i.id!r} is about {i.about!r}, not a subject: {names}")
        for m in self.misconceptions:
            if m.voids is not None and m.voids not in ids:
                raise ValueError(f"misconception {m.id!r} voids unknown item {m.voids!r}")
        return self


def _known_generator(name: str) -> str:
    if name not in GENERATORS:
        raise ValueError(f"unknown generator {name!r}; known: {', '.join(GENERATORS)}")
    return name


GeneratorName = Annotated[
    str, AfterValidator(_known_generator), Field(json_schema_extra={"enum": list(GENERATORS)})
]


class CodeCase(Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    visibility: Literal["public", "hidden"] = "public"
    about: str = ""  # what the case exercises, shown with a failure
    generator: GeneratorName
    params: dict[str, float | int | str | bool | list[float] | None] = {}


class CodePart(Model):
    kind: Literal["code"] = "code"
    id: PartId
    points: Annotated[float, Field(gt=0)]
    file: Annotated[str, Field(pattern=r"^[a-z_]+\.py$")]
    function: str
    params: list[str]
    returns: Literal["array", "pair", "dict"] = "array"
    contract: str
    rtol: float = 1e-6
    atol: float = 1e-9
    warnings_fail: bool = False  # an overflow or invalid-value warning fails the case
    mutation_penalty: float = 0.0  # share of the part lost when an input is modified
    cases: list[CodeCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_cases(self) -> CodePart:
        ids = [c.id for c in self.cases]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate case ids in {self.id}")
        return self


def _part_kind(data: object) -> str:
    """A part is code when it names a function; ``kind`` may be given but need not be."""
    if isinstance(data, dict):
        return str(data.get("kind") or ("code" if "function" in data else "written"))
    return str(getattr(data, "kind", "written"))


Part = Annotated[
    Annotated[WrittenPart, Tag("written")] | Annotated[CodePart, Tag("code")],
    Discriminator(_part_kind),
]


class Problem(Model):
    """One question of the exam (Q1–Q4, P1–P3)."""

    id: Annotated[str, Field(pattern=r"^[QP]\d+$")]
    title: str
    points: Annotated[float, Field(gt=0)]
    context: str = ""
    math: MathContext | None = None
    reference: str | None = None  # reference solution file, relative to the spec
    parts: list[Part] = Field(min_length=1)

    @model_validator(mode="after")
    def _parts_add_up(self) -> Problem:
        _check_total(self.id, self.points, sum(p.points for p in self.parts))
        ids = [p.id for p in self.parts]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate part ids in {self.id}")
        if any(p.kind == "code" for p in self.parts) and self.reference is None:
            raise ValueError("a problem with code parts needs a reference solution file")
        return self


def _check_total(owner: str, points: float, total: float) -> None:
    if abs(points - total) > 1e-9:
        raise ValueError(f"{owner} is worth {points:g} points but its items add up to {total:g}")
