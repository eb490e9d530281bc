"""Math rubric items: find the student's expressions in a part and compare them with the
expected one through the math engine (``grader.maths``), which never evaluates text.

Candidates are the sides of every relation chain in the part's math (``$…$``, ``$$…$$``)
and of plain lines that read as math. An item is earned by an equivalent candidate; when
none is equivalent, the mistake the engine names is reported, and the part's
partial-credit rule (one factor wrong) applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from grader import maths
from grader.results import Evidence, ItemResult
from grader.spec.models import EquationItem, ExpressionItem, MathContext
from grader.submission.sheet import Block

MathTable = maths.SymbolTable

_SEGMENT = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\$(.+?)\$", re.DOTALL)
_NOISE = re.compile(
    r"\\(therefore|because|quad|qquad|implies|text\{[^}]*\}|mathrm\{[^}]*\})|\\[,;!]"
)
_MATHY = re.compile(r"[=∂∇^_]|\\frac|\\partial|\*|\bsigma\b|σ")


@dataclass(frozen=True)
class Candidate:
    text: str
    chain: tuple[str, ...]  # the whole relation chain it came from
    index: int  # its position in the chain
    block: Block


def table_from_spec(context: MathContext) -> MathTable:
    symbols = tuple(
        maths.Symbol(name, spec.kind, spec.shape, tuple(spec.aliases))
        for name, spec in context.symbols.items()
    )
    return maths.SymbolTable(
        symbols=symbols,
        dims={k: tuple(v) for k, v in context.dims.items()},
        definitions=dict(context.definitions),
        functions=tuple(context.functions),
    )


def segments(block: Block) -> list[str]:
    """The math written in a block: its ``$…$`` segments, else the math-like runs of a
    plain line (``Set it to zero: X'X b = X'y, the normal equations`` → ``X'X b = X'y``)."""
    found = [next(g for g in m.groups() if g is not None) for m in _SEGMENT.finditer(block.text)]
    if not found and len(block.text) < 1000:
        found = _math_runs(block.text)
    return [_NOISE.sub(" ", s).strip() for s in found if s.strip()]


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "it",
        "its",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "and",
        "or",
        "so",
        "as",
        "if",
        "then",
        "we",
        "us",
        "our",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "which",
        "where",
        "when",
        "here",
        "there",
        "hence",
        "thus",
        "gives",
    ]
)
_MATH_WORDS = frozenset(
    [
        "inv",
        "exp",
        "log",
        "ln",
        "sigma",
        "sigmoid",
        "tanh",
        "sqrt",
        "beta",
        "alpha",
        "theta",
        "eta",
        "lambda",
        "partial",
        "nabla",
        "hat",
        "frac",
        "cdot",
        "sum",
        "det",
        "diag",
        "softmax",
    ]
)
_CONTINUES = re.compile(r"\s*(=|⇒|→|\\Rightarrow|\\implies|\\to\b|\\rightarrow)")
_NABLA_BARE = re.compile(r"^\s*(\\nabla|∇)\s*(?!_)")
_RELATION = re.compile(r"=|⇒|→|\\Rightarrow|\\implies")


def _math_runs(text: str) -> list[str]:
    runs: list[list[str]] = [[]]
    for token in text.split():
        word = token.strip(".,;:!?").lower()
        if word in _STOPWORDS or (word.isalpha() and len(word) >= 3 and word not in _MATH_WORDS):
            runs.append([])
        else:
            runs[-1].append(token)
    out = []
    for run in runs:
        joined = " ".join(run).strip(" .,;:")
        if joined and (_RELATION.search(joined) or _MATHY.search(joined)):
            out.append(joined)
    return out


def candidates(blocks: Sequence[Block]) -> Iterator[Candidate]:
    """Every side of every relation chain; a segment that opens with ``=`` or ``⇒``
    continues the chain before it (a derivation written one step per line)."""
    chain: tuple[str, ...] = ()
    for block in blocks:
        for segment in segments(block):
            continues = bool(chain) and _CONTINUES.match(segment) is not None
            new = tuple(s for s in maths.split_relations(segment) if s.strip())
            start = len(chain) if continues else 0
            chain = chain + new if continues else new
            for index in range(start, len(chain)):
                yield Candidate(chain[index], chain, index, block)


def check_expression_item(
    item: ExpressionItem, blocks: Sequence[Block], table: MathTable | None
) -> ItemResult:
    if table is None:
        return _result(item, 0.0, "error", "internal: this question has no symbol table", None)
    relevant, stated = _relevant(item, blocks, table)
    seen: list[tuple[Candidate, maths.Verdict]] = []
    for cand in relevant:
        verdict = maths.compare(
            cand.text, item.expected, table, use_definitions=item.use_definitions, form=item.form
        )
        seen.append((cand, verdict))
        if verdict.status == "equivalent" and not verdict.has_unevaluated_derivative:
            proof = _proof(verdict)
            found = _result(item, item.points, "found", f"correct: {cand.text} ({proof})", cand)
            later = _derivation_note(cand, item.expected, table, after=cand.index)
            return replace(found, detail=f"review: {later}") if later else found
    picked = _pick(seen) if stated or item.lhs is None else None
    if picked is None:
        return _result(item, 0.0, "missing", item.missing or "not found in the answer", None)
    best = _explain(item, *picked)
    note = _derivation_note(picked[0], item.expected, table)
    return replace(best, reason=f"{best.reason}; {note}") if note else best


def _derivation_note(cand: Candidate, expected: str, table: MathTable, *, after: int = -1) -> str:
    """The first wrong step of the derivation a candidate belongs to (after ``after``)."""
    if len(cand.chain) < 3:
        return ""
    report = maths.check_derivation(list(cand.chain), expected, table)
    if report.first_wrong_line is None or report.first_wrong_line - 1 <= after:
        return ""
    step = cand.chain[report.first_wrong_line - 1]
    where = f"step {report.first_wrong_line} ({step})"
    return f"the derivation goes wrong at {where}: {report.first_wrong_reason}"


def _relevant(
    item: ExpressionItem, blocks: Sequence[Block], table: MathTable
) -> tuple[list[Candidate], bool]:
    """The sides that could answer the item, and whether they were stated for its ``lhs``
    (``σ′(z) = …``). A side that only names the derivative asked for is never an answer."""
    every = [c for c in candidates(blocks) if maths.derivative_target(c.text, table) is None]
    if item.lhs is None:
        return every, True
    lhs = item.lhs

    def states_lhs(cand: Candidate) -> bool:
        if _NABLA_BARE.match(cand.chain[0]) and lhs.lstrip().startswith(("\\nabla", "∇")):
            return True  # "∇J = …" for "∇_β J": the gradient, its variable left implicit
        first = maths.compare(cand.chain[0], lhs, table, use_definitions=False)
        return first.status == "equivalent"

    stated = [c for c in every if c.index > 0 and states_lhs(c)]
    return (stated, True) if stated else (every, False)


_PRIORITY = ("equivalent", "named", "dimension_error", "transposed", "invalid", "needs_review")


def _pick(seen: list[tuple[Candidate, maths.Verdict]]) -> tuple[Candidate, maths.Verdict] | None:
    """The candidate that best explains a missed item: an unevaluated but right chain, then a
    named mistake, a shape error, an unreadable side, a time-out (latest first in each)."""
    for kind in _PRIORITY:
        for cand, verdict in reversed(seen):
            key = "named" if verdict.mistake is not None else verdict.status
            if key == kind:
                return cand, verdict
    return None


def _explain(item: ExpressionItem, cand: Candidate, verdict: maths.Verdict) -> ItemResult:
    text = cand.text
    if verdict.status == "equivalent":  # right, but still a chain of unevaluated ∂ factors
        pts = item.one_factor_points
        why = f"the chain of derivatives is right but its factors are not worked out: {text}"
        return _result(item, pts, "partial" if pts else "missing", why, cand)
    if verdict.mistake is not None:
        if verdict.mistake.one_factor and item.one_factor_points:
            why = f"one factor wrong: {verdict.mistake.description} (in {text})"
            return _result(item, item.one_factor_points, "partial", why, cand)
        return _result(item, 0.0, "failed", f"{verdict.mistake.description} (in {text})", cand)
    if verdict.status == "invalid":
        why = f"could not read the expression {text[:80]}: {verdict.message}"
        return _result(item, 0.0, "invalid", why, cand)
    if verdict.status == "needs_review":
        why = f"could not be checked in time, needs review: {text}"
        return _result(item, 0.0, "invalid", why, cand)
    return _result(item, 0.0, "failed", f"{verdict.message} (in {text})", cand)


def check_equation_item(
    item: EquationItem, blocks: Sequence[Block], table: MathTable | None
) -> ItemResult:
    if table is None:
        return _result(item, 0.0, "error", "internal: this question has no symbol table", None)
    for cand in candidates(blocks):
        if cand.index == 0:
            continue
        equation = f"{cand.chain[cand.index - 1]} = {cand.text}"
        verdict = maths.compare_equations(equation, item.expected, table, unknown=item.unknown)
        if verdict.status == "equivalent":
            return _result(item, item.points, "found", f"correct: {equation}", cand)
    return _result(item, 0.0, "missing", item.missing or "not found in the answer", None)


def _proof(verdict: maths.Verdict) -> str:
    if verdict.proof == "proved":
        return "proved equal"
    if verdict.false_pass_bound is not None:
        return f"equal at random points; chance of a false pass ≤ {verdict.false_pass_bound:.0e}"
    return "equal at random points"


def _result(
    item: ExpressionItem | EquationItem,
    points: float,
    status: str,
    reason: str,
    cand: Candidate | None,
) -> ItemResult:
    evidence = (Evidence(cand.block.text, cand.block.line, cand.block.source),) if cand else ()
    return ItemResult(item.id, item.rubric, points, item.points, status, reason, evidence)  # type: ignore[arg-type]
