"""A recursive-descent (precedence-climbing) reader from tokens to the expression tree.

Grammar, loosest first: sum → product (explicit `*`, `\\cdot`, `\\times`, `/`, or juxtaposition)
→ signed factor → postfix (`^`, `'`) → primary (number, name, call, group, norm, fraction,
derivative). Nothing is evaluated here, and nothing reaches Python's own parser.

This module is longer than the 400-line budget on purpose: it is one grammar in one class,
and splitting names or derivatives out would scatter the backtracking that ties them
together (d-words, J(β), \\frac{∂…}{∂…} versus an ordinary fraction).
"""

from __future__ import annotations

from fractions import Fraction

from grader.maths.names import (
    DECORATIONS,
    FONTS,
    GREEK_ALIASES,
    Names,
    make_key,
)
from grader.maths.nodes import (
    Add,
    Call,
    Deriv,
    Div,
    Euler,
    Inverse,
    Mul,
    Neg,
    Node,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
)
from grader.maths.tokens import GREEK, ReadError, Token, TokenKind, tokenize

MAX_DEPTH = 120
_MUL_CMDS = frozenset({"cdot", "times", "ast", "bullet"})
_FUNC_CMDS = {"exp": "exp", "log": "log", "ln": "log", "tanh": "tanh", "sqrt": "sqrt"}
_BANNED_BIG = frozenset({"sum", "prod", "int", "iint", "oint", "lim", "infty"})
_RELATIONS = frozenset({"Rightarrow", "implies", "iff", "to", "rightarrow", "Leftrightarrow"})
_TRANSPOSE_CMDS = frozenset({"top", "intercal", "mathsf"})
_GREEK_SET = frozenset(GREEK) | frozenset(GREEK_ALIASES)


class _NotDerivative(Exception):
    """Backtrack: what looked like a derivative (or J(β)) is ordinary maths."""


class Parser:
    def __init__(self, tokens: list[Token], names: Names) -> None:
        self.toks = tokens
        self.i = 0
        self.names = names
        self.depth = 0
        self.bars: list[str] = []

    # ---------------------------------------------------------------- helpers
    def peek(self, k: int = 0) -> Token:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def advance(self) -> Token:
        tok = self.toks[self.i]
        self.i = min(self.i + 1, len(self.toks) - 1)
        return tok

    def at(self, text: str, k: int = 0) -> bool:
        tok = self.peek(k)
        return tok.kind in ("op", "cmd") and tok.text == text

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise self.error(f"expected {text!r}")
        return self.advance()

    def error(self, message: str, tok: Token | None = None) -> ReadError:
        tok = tok or self.peek()
        shown = (
            "the end" if tok.kind == "end" else repr(("\\" if tok.kind == "cmd" else "") + tok.text)
        )
        if message == "unexpected":
            return ReadError(f"unexpected {shown}", tok.pos)
        return ReadError(f"{message} (at {shown})", tok.pos)

    def split_token(self, keep: int) -> Token:
        """Consume the first `keep` characters of the current word/number token."""
        tok = self.peek()
        head = Token(tok.kind, tok.text[:keep], tok.pos)
        rest = tok.text[keep:]
        if rest:
            kind: TokenKind = "num" if rest[0].isdigit() else "word"
            self.toks[self.i] = Token(kind, rest, tok.pos + keep)
        else:
            self.advance()
        return head

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ReadError("expression too deeply nested (limit 60)", self.peek().pos)

    # ---------------------------------------------------------------- grammar
    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ReadError("empty expression", 0)
        node = self.sum()
        tok = self.peek()
        if tok.kind != "end":
            if tok.text == "=" or tok.text in _RELATIONS:
                raise self.error("unexpected relation (split the line at relations first)")
            raise self.error("unexpected")
        return node

    def sum(self) -> Node:
        start = self.peek().pos
        terms: list[Node] = []
        sign = ""
        if self.at("+") or self.at("-"):
            sign = self.advance().text
        while True:
            term = self.product()
            terms.append(Neg(term, start=term.start, end=term.end) if sign == "-" else term)
            if not (self.at("+") or self.at("-")):
                break
            sign = self.advance().text
        if len(terms) == 1:
            return terms[0]
        return Add(tuple(terms), start=start, end=self.peek().pos)

    def product(self) -> Node:
        start = self.peek().pos
        node = _mul(self.signed(), start)
        while True:
            tok = self.peek()
            if (tok.kind == "op" and tok.text == "*") or (
                tok.kind == "cmd" and tok.text in _MUL_CMDS
            ):
                self.advance()
                node = _mul([node, *self.signed()], start)
            elif tok.kind == "op" and tok.text == "/":
                self.advance()
                den = _mul(self.signed(), tok.pos)
                node = _divide(node, den, start)
            elif self.starts_factor(tok):
                node = _mul([node, *self.postfix()], start)
            else:
                return node

    def signed(self) -> list[Node]:
        if self.at("-"):
            tok = self.advance()
            self.enter()
            inner = _mul(self.signed(), tok.pos)
            self.depth -= 1
            return [Neg(inner, start=tok.pos, end=inner.end)]
        if self.at("+"):
            self.advance()
        return self.postfix()

    def starts_factor(self, tok: Token) -> bool:
        if tok.kind in ("num", "word"):
            return True
        if tok.kind == "cmd":
            return tok.text not in _MUL_CMDS and tok.text not in _RELATIONS
        if tok.text == "|" or tok.text == "\\|":
            return tok.text not in self.bars
        return tok.text in ("(", "[", "{")

    def postfix(self) -> list[Node]:
        self.enter()
        items = self.primary()
        last = items[-1]
        while True:
            if self.at("^"):
                last = self.power(last)
            elif self.at("'"):
                tok = self.advance()
                last = Transpose(last, start=last.start, end=tok.pos + 1)
            elif self.at("!"):
                raise self.error("factorials are not supported")
            elif self.at("_"):
                raise self.error("a subscript must follow a name")
            else:
                break
        self.depth -= 1
        return [*items[:-1], last]

    def power(self, base: Node) -> Node:
        self.advance()  # ^
        kind, exponent = self.exponent()
        span = {"start": base.start, "end": self.peek().pos}
        if kind == "T" or kind == "prime":
            return Transpose(base, **span)
        if exponent is None:
            raise self.error("missing exponent")
        if _is_minus_one(exponent):
            return Inverse(base, **span)
        if isinstance(base, Euler):
            return Call("exp", exponent, **span)
        return Pow(base, exponent, **span)

    def exponent(self) -> tuple[str, Node | None]:
        tok = self.peek()
        if tok.kind == "op" and tok.text == "{":
            inner = self.peek(1)
            if self.at("}", 2) and (
                (inner.kind == "word" and inner.text == "T")
                or (inner.kind == "cmd" and inner.text in _TRANSPOSE_CMDS)
            ):
                self.i += 3
                return "T", None
            if self.at("}", 2) and (inner.text == "'" or inner.text == "prime"):
                self.i += 3
                return "prime", None
            self.advance()
            node = self.sum()
            self.expect("}")
            return "value", node
        if tok.kind == "word":
            head = self.split_token(1)
            if head.text == "T":
                return "T", None
            return "value", self.resolve_word(head.text, "", head.pos)[-1]
        if tok.kind == "cmd" and tok.text in _TRANSPOSE_CMDS:
            self.advance()
            return "T", None
        if tok.kind == "cmd" and tok.text == "prime":
            self.advance()
            return "prime", None
        if tok.kind == "op" and tok.text == "-":
            self.advance()
            self.enter()
            _, negated = self.exponent()
            self.depth -= 1
            if negated is None:
                raise self.error("missing exponent")
            return "value", Neg(negated, start=tok.pos, end=negated.end)
        if tok.kind == "num":
            self.advance()
            return "value", Num(Fraction(tok.text), start=tok.pos, end=tok.pos + len(tok.text))
        items = self.primary()
        return "value", _mul(items, tok.pos)

    def primary(self) -> list[Node]:
        tok = self.peek()
        if tok.kind == "num":
            self.advance()
            return [Num(Fraction(tok.text), start=tok.pos, end=tok.pos + len(tok.text))]
        if tok.kind == "word":
            return self.word()
        if tok.kind == "cmd":
            return self.command()
        if tok.kind == "op" and tok.text in ("(", "[", "{"):
            closer = {"(": ")", "[": "]", "{": "}"}[tok.text]
            self.advance()
            saved, self.bars = self.bars, []
            inner = self.sum()
            self.bars = saved
            if not self.at(closer):
                raise self.error(f"expected {closer!r} to close {tok.text!r}")
            self.advance()
            return [inner]
        if tok.kind == "op" and tok.text in ("|", "\\|"):
            self.advance()
            self.bars.append(tok.text)
            inner = self.sum()
            self.bars.pop()
            self.expect(tok.text)
            return [Norm(inner, start=tok.pos, end=self.peek().pos)]
        if tok.kind == "end":
            raise self.error("incomplete expression")
        raise self.error("unexpected")

    # ---------------------------------------------------------------- names
    def word(self) -> list[Node]:
        tok = self.peek()
        if (tok.text.startswith("d") and len(tok.text) > 1) or tok.text == "d":
            found = self.try_leibniz_ascii()
            if found is not None:
                return [found]
        self.advance()
        letters = tok.text.rstrip("0123456789")
        digits = tok.text[len(letters) :]
        func = self.names.function(letters) if not digits else None
        if func is not None and not self.at("_"):
            return [self.call(func, tok)]
        if letters == "e" and not digits and self.names.lookup("e") is None and not self.at("_"):
            return [Euler(start=tok.pos, end=tok.pos + 1)]
        sub, sup = self.name_suffix()
        if digits and sub:
            raise self.error("a name has two subscripts", tok)
        return self.resolve_word(letters, make_key("", digits or sub, sup), tok.pos)

    def resolve_word(self, letters: str, suffix: str, pos: int) -> list[Node]:
        found = self.names.segment(letters, suffix)
        if found is None:
            key = letters + suffix
            raise ReadError(f"unknown symbol {key}{self.names.suggest(key)}", pos)
        nodes: list[Node] = [Sym(n, start=pos, end=pos + len(letters)) for n in found]
        last = nodes[-1]
        if isinstance(last, Sym) and self.at("(") and last.name in self.names.sinks:
            self.function_notation(last.name)
        return nodes

    def function_notation(self, name: str) -> None:
        """Consume `(β)` after J when J is defined in terms of β: J(β) means J."""
        saved = (self.i, list(self.toks))
        allowed = self.names.sinks[name]
        self.advance()
        try:
            while True:
                arg = self.symbol_name()
                if arg not in allowed:
                    raise _NotDerivative
                if self.at(","):
                    self.advance()
                    continue
                self.expect(")")
                return
        except (ReadError, _NotDerivative):
            self.i, self.toks = saved

    def name_suffix(self) -> tuple[str, str]:
        """Read `_{…}` and a bracketed `^{[l]}` / `^{(i)}` that are part of a name."""
        sub = sup = ""
        if self.at("_"):
            self.advance()
            sub = self.index_text()
        if self.at("^") and self.at("{", 1) and (self.at("[", 2) or self.at("(", 2)):
            close = "]" if self.at("[", 2) else ")"
            if self.peek(3).kind in ("word", "num") and self.at(close, 4) and self.at("}", 5):
                sup = self.peek(2).text + self.peek(3).text + close
                self.i += 6
        return sub, sup

    def index_text(self) -> str:
        tok = self.peek()
        if tok.kind == "op" and tok.text == "{":
            self.advance()
            parts: list[str] = []
            while not self.at("}"):
                inner = self.advance()
                if inner.kind == "end" or (inner.kind == "op" and inner.text not in ",-+"):
                    raise self.error("unsupported subscript", inner)
                parts.append(GREEK_ALIASES.get(inner.text, inner.text))
            self.advance()
            if not parts:
                raise self.error("empty subscript", tok)
            return "".join(parts)
        if tok.kind in ("word", "num"):
            return self.split_token(1).text
        if tok.kind == "cmd" and tok.text in _GREEK_SET:
            self.advance()
            return GREEK_ALIASES.get(tok.text, tok.text)
        raise self.error("unsupported subscript")

    def raw_key(self) -> tuple[str, int]:
        """Read one name without resolving it: its key and position."""
        tok = self.advance()
        if tok.kind == "word":
            letters = tok.text.rstrip("0123456789")
            base, digits = letters, tok.text[len(letters) :]
        elif tok.kind == "cmd" and tok.text in _GREEK_SET:
            base, digits = GREEK_ALIASES.get(tok.text, tok.text), ""
        elif tok.kind == "cmd" and (tok.text in DECORATIONS or tok.text in FONTS):
            inner = self.braced_key()
            base = inner if tok.text in FONTS else f"{DECORATIONS[tok.text]}({inner})"
            digits = ""
        else:
            raise self.error("expected a name", tok)
        sub, sup = self.name_suffix()
        return make_key(base, digits or sub, sup), tok.pos

    def braced_key(self) -> str:
        if self.at("{"):
            self.advance()
            key, _ = self.raw_key()
            self.expect("}")
            return key
        key, _ = self.raw_key()
        return key

    def symbol_name(self) -> str:
        """Read a name that must be exactly one declared symbol (a derivative's variable)."""
        tok = self.peek()
        if tok.kind == "word":
            nodes = self.word()
            if len(nodes) == 1 and isinstance(nodes[0], Sym):
                return nodes[0].name
            raise self.error("expected one variable", tok)
        key, pos = self.raw_key()
        found = self.names.lookup(key)
        if found is None:
            raise ReadError(f"unknown symbol {key}{self.names.suggest(key)}", pos)
        return found

    # ---------------------------------------------------------------- commands
    def command(self) -> list[Node]:
        tok = self.peek()
        name = tok.text
        if name in ("frac", "dfrac", "tfrac"):
            return [self.fraction()]
        if name in _FUNC_CMDS:
            self.advance()
            return [self.call(_FUNC_CMDS[name], tok)]
        if name == "sigma" and "sigma" in self.names.functions:
            self.advance()
            return [self.call("sigma", tok)]
        if name == "operatorname" or (name == "mathrm" and self.at("{", 1)):
            word = self.peek(2)
            func = self.names.function(word.text) if word.kind == "word" else None
            if func is not None and self.at("}", 3):
                self.i += 4
                return [self.call(func, tok)]
        if name in _GREEK_SET or name in DECORATIONS or name in FONTS:
            key, pos = self.raw_key()
            found = self.names.lookup(key)
            if found is None:
                raise ReadError(f"unknown symbol {key}{self.names.suggest(key)}", pos)
            return self._sym(found, pos)
        if name == "partial":
            return [self.leibniz_inline()]
        if name == "nabla":
            return [self.nabla()]
        if name == "boxed":
            self.advance()
            return self.primary()
        if name in _BANNED_BIG:
            raise self.error("sums, products, limits and integrals are not supported")
        if name in ("text", "mbox", "textrm", "textbf"):
            raise self.error("words inside maths cannot be checked")
        raise ReadError(f"unsupported command \\{name}", tok.pos)

    def _sym(self, name: str, pos: int) -> list[Node]:
        node = Sym(name, start=pos, end=self.peek().pos)
        if self.at("(") and name in self.names.sinks:
            self.function_notation(name)
        return [node]

    def call(self, func: str, tok: Token) -> Node:
        if func == "sigma" and (self.at("'") or (self.at("^") and self.at("prime", 1))):
            self.i += 1 if self.at("'") else 2
            func = "sigma_prime"
        if func == "sigma" and self.at("^") and self.at("{", 1) and self.at("prime", 2):
            self.i += 4 if self.at("}", 3) else 0
            func = "sigma_prime"
        if self.at("^") or self.at("_"):
            raise self.error(f"write the power after the argument, e.g. ({tok.text}(x))^2")
        if self.at("(") or self.at("[") or self.at("{"):
            arg = self.primary()[0]
        elif func == "sqrt" or self.peek().kind == "end" or not self.starts_factor(self.peek()):
            raise self.error(f"{tok.text} needs an argument")
        else:
            arg = _mul(self.postfix(), self.peek().pos)
        span = {"start": tok.pos, "end": self.peek().pos}
        if func == "inv":
            return Inverse(arg, **span)
        return Call(func, arg, **span)

    # ---------------------------------------------------------------- derivatives
    def fraction(self) -> Node:
        tok = self.advance()
        saved = (self.i, list(self.toks))
        try:
            return self.frac_derivative(tok)
        except _NotDerivative:
            self.i, self.toks = saved
        self.expect("{")
        num = self.sum()
        self.expect("}")
        self.expect("{")
        den = self.sum()
        self.expect("}")
        return _divide(num, den, tok.pos)

    def frac_derivative(self, tok: Token) -> Node:
        if not self.at("{"):
            raise _NotDerivative
        self.advance()
        self.d_mark()
        if self.at("^"):
            raise self.error("higher derivatives are not supported")
        of: Node | None = None
        if not self.at("}"):
            try:
                of = self.sum()
            except ReadError as exc:
                raise _NotDerivative from exc
        if not self.at("}") or not self.at("{", 1):
            raise _NotDerivative
        self.i += 2
        self.d_mark()
        try:
            wrt = self.symbol_name()
        except ReadError as exc:
            raise _NotDerivative from exc
        if not self.at("}"):
            raise _NotDerivative
        self.advance()
        if of is None:
            of = _mul(self.postfix(), self.peek().pos)
        return Deriv(of, wrt, start=tok.pos, end=self.peek().pos)

    def d_mark(self) -> None:
        """Consume a `∂` or `d` that starts a derivative, or backtrack."""
        tok = self.peek()
        if tok.kind == "cmd" and tok.text == "partial":
            self.advance()
        elif tok.kind == "word" and tok.text.startswith("d"):
            self.split_token(1)
        elif tok.kind == "cmd" and tok.text == "mathrm" and self.at("{", 1) and self.at("}", 3):
            if self.peek(2).text != "d":
                raise _NotDerivative
            self.i += 4
        else:
            raise _NotDerivative

    def leibniz_inline(self) -> Node:
        """∂L/∂w₂ written inline."""
        tok = self.advance()
        of = self.symbol_name()
        if not (self.at("/") and self.at("partial", 1)):
            raise self.error("expected /∂ after ∂" + of)
        self.i += 2
        wrt = self.symbol_name()
        return Deriv(Sym(of), wrt, start=tok.pos, end=self.peek().pos)

    def try_leibniz_ascii(self) -> Node | None:
        """dL/dw2 written in ASCII; None (and nothing consumed) when it is not one."""
        saved = (self.i, list(self.toks))
        start = self.peek().pos
        try:
            self.d_mark()
            of = self.symbol_name()
            if not (self.at("/") and self.peek(1).kind == "word"):
                raise _NotDerivative
            self.advance()
            self.d_mark()
            wrt = self.symbol_name()
            return Deriv(Sym(of), wrt, start=start, end=self.peek().pos)
        except (_NotDerivative, ReadError):
            self.i, self.toks = saved
            return None

    def nabla(self) -> Node:
        tok = self.advance()
        if not self.at("_"):
            raise self.error("∇ needs the variable as a subscript, as in ∇_β J")
        self.advance()
        if self.at("{"):
            self.advance()
            wrt = self.symbol_name()
            self.expect("}")
        else:
            wrt = self.symbol_name()
        operand = _mul(self.postfix(), self.peek().pos)
        return Deriv(operand, wrt, start=tok.pos, end=self.peek().pos)


def _is_minus_one(node: Node) -> bool:
    if isinstance(node, Num):
        return node.value == -1
    return isinstance(node, Neg) and isinstance(node.arg, Num) and node.arg.value == 1


def _mul(items: list[Node], start: int) -> Node:
    factors: list[Node] = []
    for item in items:
        factors.extend(item.factors if isinstance(item, Mul) else (item,))
    if len(factors) == 1:
        return factors[0]
    return Mul(tuple(factors), start=start, end=factors[-1].end)


def _divide(num: Node, den: Node, start: int) -> Node:
    if isinstance(num, Num) and isinstance(den, Num) and den.value != 0:
        return Num(num.value / den.value, start=start, end=den.end)
    return Div(num, den, start=start, end=den.end)


def read(text: str, names: Names) -> Node:
    """Parse `text` against `names`; raise ReadError (with an offset) when it cannot be read."""
    return Parser(tokenize(text), names).parse()


def name_key(text: str) -> str:
    """The lookup key of a name as an author writes it: "w2", "w_{2}", "\\\\hat{\\\\beta}"."""
    parser = Parser(tokenize(text), Names(keys={}))
    key, _ = parser.raw_key()
    if parser.peek().kind != "end":
        raise ReadError(f"not a single name: {text}", parser.peek().pos)
    return key
