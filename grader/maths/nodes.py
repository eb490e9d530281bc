"""The reader's expression tree, and how to print it back in the exam's Unicode notation.

Nodes are frozen and compare by structure; `start`/`end` (offsets into the student's text)
are excluded from comparison so that two readings of the same maths are equal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction

FUNCTIONS = ("sigma", "sigma_prime", "exp", "log", "tanh", "sqrt", "abs")


@dataclass(frozen=True)
class Node:
    start: int = field(default=0, compare=False, kw_only=True)
    end: int = field(default=0, compare=False, kw_only=True)

    def children(self) -> tuple[Node, ...]:
        return ()


@dataclass(frozen=True)
class Num(Node):
    value: Fraction


@dataclass(frozen=True)
class Sym(Node):
    name: str


@dataclass(frozen=True)
class Euler(Node):
    """Euler's number e (when e is not a declared symbol)."""


@dataclass(frozen=True)
class Neg(Node):
    arg: Node

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


@dataclass(frozen=True)
class Add(Node):
    terms: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.terms


@dataclass(frozen=True)
class Mul(Node):
    factors: tuple[Node, ...]  # in written order: matrices do not commute

    def children(self) -> tuple[Node, ...]:
        return self.factors


@dataclass(frozen=True)
class Div(Node):
    num: Node
    den: Node

    def children(self) -> tuple[Node, ...]:
        return (self.num, self.den)


@dataclass(frozen=True)
class Pow(Node):
    base: Node
    exp: Node

    def children(self) -> tuple[Node, ...]:
        return (self.base, self.exp)


@dataclass(frozen=True)
class Transpose(Node):
    arg: Node

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


@dataclass(frozen=True)
class Inverse(Node):
    """x^{-1}: the inverse of a square matrix, or 1/x for a scalar."""

    arg: Node

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


@dataclass(frozen=True)
class Norm(Node):
    """‖v‖, the Euclidean norm of a vector (|x| of a scalar)."""

    arg: Node

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


@dataclass(frozen=True)
class Call(Node):
    func: str  # one of FUNCTIONS
    arg: Node

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


@dataclass(frozen=True)
class Deriv(Node):
    """∂A/∂B: derived from the definitions graph, never a division."""

    of: Node
    wrt: str

    def children(self) -> tuple[Node, ...]:
        return (self.of,)


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children()))


def symbols_in(node: Node) -> frozenset[str]:
    return frozenset(n.name for n in walk(node) if isinstance(n, Sym))


def has_derivative(node: Node) -> bool:
    return any(isinstance(n, Deriv) for n in walk(node))


# ---------------------------------------------------------------- printing

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_DECOR = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303"}
_FUNC_TEXT = {"sigma": "σ", "sigma_prime": "σ′", "exp": "exp", "log": "log", "tanh": "tanh"}


def pretty_name(name: str) -> str:
    """w_2 → w₂, beta → β, hat(beta) → β̂."""
    for deco, mark in _DECOR.items():
        if name.startswith(deco + "(") and ")" in name:
            inner, rest = name[len(deco) + 1 :].split(")", 1)
            return pretty_name(inner) + mark + _pretty_tail(rest)
    base, _, sub = name.partition("_")
    base = _GREEK.get(base, base)
    if not sub:
        return base
    return base + (sub.translate(_SUBSCRIPT) if sub.isdigit() else "_" + sub)


def _pretty_tail(rest: str) -> str:
    if not rest.startswith("_"):
        return rest
    sub = rest[1:]
    return sub.translate(_SUBSCRIPT) if sub.isdigit() else rest


def _num(value: Fraction) -> str:
    text = str(value)
    return text.replace("-", "−")


_PREC = {Add: 1, Neg: 2, Mul: 3, Div: 3}


def render(node: Node) -> str:
    """The expression in the exam's notation: (a₂ − y)w₂a₁(1 − a₁)x, Xᵀy, (XᵀX)⁻¹."""
    if isinstance(node, Num):
        return _num(node.value)
    if isinstance(node, Sym):
        return pretty_name(node.name)
    if isinstance(node, Euler):
        return "e"
    if isinstance(node, Neg):
        return "−" + _wrap(node.arg, 3)
    if isinstance(node, Add):
        return _render_add(node)
    if isinstance(node, Mul):
        return _render_mul(node)
    if isinstance(node, Div):
        return _wrap(node.num, 3) + "/" + _wrap(node.den, 4)
    if isinstance(node, Pow):
        return _wrap(node.base, 5) + "^" + _wrap(node.exp, 5)
    if isinstance(node, Transpose):
        return _wrap(node.arg, 5) + "ᵀ"
    if isinstance(node, Inverse):
        return _wrap(node.arg, 5) + "⁻¹"
    if isinstance(node, Norm):
        return "‖" + render(node.arg) + "‖"
    if isinstance(node, Call):
        return _FUNC_TEXT.get(node.func, node.func) + "(" + render(node.arg) + ")"
    if isinstance(node, Deriv):
        return "∂" + _wrap(node.of, 5) + "/∂" + pretty_name(node.wrt)
    return "?"


def _level(node: Node) -> int:
    if isinstance(node, Num) and node.value < 0:
        return 2
    if isinstance(node, Num) and node.value.denominator != 1:
        return 3
    return _PREC.get(type(node), 6)


def _wrap(node: Node, level: int) -> str:
    text = render(node)
    return f"({text})" if _level(node) < level else text


def _render_add(node: Add) -> str:
    parts: list[str] = []
    for i, term in enumerate(node.terms):
        if isinstance(term, Neg):
            parts.append(("−" if i == 0 else " − ") + _wrap(term.arg, 3))
        elif isinstance(term, Num) and term.value < 0 and i > 0:
            parts.append(" − " + _num(-term.value))
        else:
            parts.append(("" if i == 0 else " + ") + render(term))
    return "".join(parts)


def _render_mul(node: Mul) -> str:
    out: list[str] = []
    for i, factor in enumerate(node.factors):
        text = _wrap(factor, 4)
        if i > 0 and isinstance(factor, Num) and not text.startswith("("):
            out.append("·")
        out.append(text)
    return "".join(out)


# ---------------------------------------------------------------- rewriting


def rebuild(node: Node, kids: tuple[Node, ...]) -> Node:
    """A copy of `node` with new children (same order as `children()`)."""
    if isinstance(node, Add):
        return replace(node, terms=kids)
    if isinstance(node, Mul):
        return replace(node, factors=kids)
    if isinstance(node, Div):
        return replace(node, num=kids[0], den=kids[1])
    if isinstance(node, Pow):
        return replace(node, base=kids[0], exp=kids[1])
    if isinstance(node, Deriv):
        return replace(node, of=kids[0])
    if isinstance(node, Neg | Transpose | Inverse | Norm | Call):
        return replace(node, arg=kids[0])
    return node


def substitute(node: Node, mapping: Mapping[str, Node]) -> Node:
    """Replace symbols by trees (not inside derivatives, whose meaning depends on names)."""
    if isinstance(node, Sym):
        return mapping.get(node.name, node)
    if isinstance(node, Deriv) or not node.children():
        return node
    return rebuild(node, tuple(substitute(k, mapping) for k in node.children()))


Path = tuple[int, ...]


def positions(node: Node, path: Path = ()) -> Iterator[tuple[Path, Node]]:
    """Every subtree with its path of child indices."""
    yield path, node
    for index, kid in enumerate(node.children()):
        yield from positions(kid, (*path, index))


def replace_at(node: Node, path: Path, new: Node) -> Node:
    if not path:
        return new
    kids = list(node.children())
    kids[path[0]] = replace_at(kids[path[0]], path[1:], new)
    return rebuild(node, tuple(kids))


def is_expanded(node: Node) -> bool:
    """No norm, no product of two sums with symbols in them, no power of such a sum."""
    for sub in walk(node):
        if isinstance(sub, Norm):
            return False
        if isinstance(sub, Mul):
            sums = [f for f in sub.factors if _is_symbolic_sum(f)]
            if len(sums) >= 2:
                return False
        if isinstance(sub, Pow) and _is_symbolic_sum(sub.base):
            return False
    return True


def _is_symbolic_sum(node: Node) -> bool:
    while isinstance(node, Transpose | Neg):
        node = node.arg
    return isinstance(node, Add) and bool(symbols_in(node))
