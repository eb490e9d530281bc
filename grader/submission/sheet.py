"""Split a written answer sheet (Markdown with LaTeX) into questions and parts.

Sheets arrive as students write them: questions in any order, headings such as ``1.``,
``Q1`` or ``Question 2``, labels such as ``(a)``, ``a)`` or ``(b) (i)`` (also inside a
``$$…$$`` line), labels repeated or missing, ``~~struck~~`` words, garbled lines. The
reader never fails: every line lands somewhere, with its line number.

Keys are label paths: ``"3"`` (question level, before any label), ``"3.a"``,
``"2.b.i"``. Which key answers which part is decided later, against the spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_LINE = 20_000  # longer lines are cut for matching (the full line is kept for display)

_STRUCK = re.compile(r"~~.*?~~", re.DOTALL)
_BULLET = re.compile(r"^\s*(?:[-*+•→]\s+|>\s*)+")
_EMPH = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)")
_STRONG_HEAD = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:Q|Question|Problem|Exercise|Task)\s*\.?\s*(\d{1,2})\b"
    r"[\s.:)\-]*(?:\*\*|__)?",
    re.IGNORECASE,
)
_NUM_HEAD = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(\d{1,2})\s*[.)](?!\d)\s*(?:\*\*|__)?")
_LETTER = re.compile(r"^\s*(?:\(([a-h])\)|([a-h])\)|([a-h])\.(?=\s))\s*", re.IGNORECASE)
_ROMAN = re.compile(r"^\s*(?:\((i{1,3}|iv|v|vi{1,3})\)|(i{1,3}|iv|v|vi{1,3})\))\s*")
_COMPACT = re.compile(
    r"^\s*(\d{1,2})\s*\.?\s*\(?([a-h])\)?(?:\s*\.?\s*\(?(i{1,3}|iv|v)\)?)?(?:[\s.:)]+|$)", re.I
)
_PREFIX = re.compile(r"^\s*(?:Q|Question|Problem|Exercise|Task)\s*\.?\s*(?=\d)", re.IGNORECASE)
_MATH_OPEN = re.compile(r"^\s*(\$\$|\\\[)\s*")


@dataclass(frozen=True)
class Block:
    """One line (or one multi-line ``$$…$$`` block) of a sheet, with where it came from."""

    line: int  # 1-based line number in the source
    raw: str  # exactly as written (shown to the student)
    text: str  # struck-out spans and labels removed (what is graded)
    source: str = ""  # file name, or "notebook.ipynb cell 4"


@dataclass
class Sheet:
    blocks: dict[str, list[Block]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # keys in the order first seen

    def add(self, key: str, block: Block) -> None:
        if key not in self.blocks:
            self.blocks[key] = []
            self.order.append(key)
        self.blocks[key].append(block)

    def under(self, prefix: str) -> list[tuple[str, Block]]:
        """Every (key, block) whose key is ``prefix`` or below it, in sheet order."""
        found = [
            (k, b)
            for k in self.order
            if k == prefix or k.startswith(prefix + ".")
            for b in self.blocks[k]
        ]
        return sorted(found, key=lambda kb: (kb[1].source, kb[1].line))


@dataclass
class _Cursor:
    question: str = ""
    letter: str = ""
    roman: str = ""

    def key(self) -> str:
        return ".".join(x for x in (self.question, self.letter, self.roman) if x) or "?"


def read_sheet(text: str, *, source: str = "", questions: frozenset[str] = frozenset()) -> Sheet:
    """Split ``text`` into blocks keyed by label path. ``questions`` are the valid
    question numbers ("1"…"4"); a number outside them is never taken as a heading."""
    sheet = Sheet()
    cursor = _Cursor()
    lines = _logical_lines(text.removeprefix("\ufeff"))
    for index, (lineno, raw) in enumerate(lines):
        body = _STRUCK.sub(" ", raw[:MAX_LINE])
        body = _take_labels(body, cursor, lines, index, questions)
        if body.strip() and body.strip() not in {"$$", "$"}:
            sheet.add(cursor.key(), Block(lineno, raw, body.strip(), source))
    return sheet


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Physical lines, except that a ``$$`` block spanning lines is one logical line."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if pending:
            pending.append(line)
            if line.count("$$") % 2 == 1:
                out.append((start, "\n".join(pending)))
                pending = []
            continue
        if line.count("$$") % 2 == 1:
            pending, start = [line], number
            continue
        out.append((number, line))
    if pending:
        out.append((start, "\n".join(pending)))
    return out


def _take_labels(
    body: str, cursor: _Cursor, lines: list[tuple[int, str]], index: int, questions: frozenset[str]
) -> str:
    """Strip headings and labels from the start of ``body``, moving the cursor."""
    math = _MATH_OPEN.match(body)
    prefix, rest = (math.group(0), body[math.end() :]) if math else ("", body)
    rest = _BULLET.sub("", re.sub(r"^\s*#{1,6}\s*", "", rest))
    emph = _EMPH.match(rest)
    if emph and _is_label_text(emph.group(1)):
        rest = emph.group(1) + rest[emph.end() :]
    rest = _take_heading(rest, cursor, lines, index, questions)
    while True:
        step = _take_one_label(rest, cursor)
        if step is None:
            break
        rest = _BULLET.sub("", step.lstrip(":.- "))
    return prefix + rest if prefix and rest.strip() not in {"$$", "\\]"} else rest


def _is_label_text(text: str) -> bool:
    return bool(_STRONG_HEAD.match(text) or _NUM_HEAD.match(text) or _LETTER.match(text + " "))


def _take_heading(
    rest: str, cursor: _Cursor, lines: list[tuple[int, str]], index: int, questions: frozenset[str]
) -> str:
    prefix = _PREFIX.match(rest)  # "Q3a)", "Question 2b"
    candidate = rest[prefix.end() :] if prefix else rest
    compact = _COMPACT.match(candidate)
    if compact and _valid(compact.group(1), questions):
        cursor.question, cursor.letter = compact.group(1), compact.group(2).lower()
        cursor.roman = (compact.group(3) or "").lower()
        return candidate[compact.end() :]
    strong = _STRONG_HEAD.match(rest)
    if strong and _valid(strong.group(1), questions):
        _enter(cursor, strong.group(1))
        return rest[strong.end() :]
    number = _NUM_HEAD.match(rest)
    is_heading = number and _valid(number.group(1), questions)
    if number and is_heading and not _is_list_item(int(number.group(1)), lines, index):
        _enter(cursor, number.group(1))
        return rest[number.end() :]
    return rest


def _take_one_label(rest: str, cursor: _Cursor) -> str | None:
    roman = _ROMAN.match(rest)
    if roman and cursor.question:
        cursor.roman = (roman.group(1) or roman.group(2)).lower()
        return rest[roman.end() :]
    letter = _LETTER.match(rest)
    if letter and cursor.question:
        cursor.letter = next(g for g in letter.groups() if g).lower()
        cursor.roman = ""
        return rest[letter.end() :]
    return None


def _enter(cursor: _Cursor, question: str) -> None:
    cursor.question, cursor.letter, cursor.roman = question, "", ""


def _valid(number: str, questions: frozenset[str]) -> bool:
    return not questions or number in questions


def _is_list_item(number: int, lines: list[tuple[int, str]], index: int) -> bool:
    """``1. text`` is a numbered list item, not a heading, when ``2.`` follows closely
    (or ``N-1.`` came just before)."""
    window = [text for _, text in lines[index + 1 : index + 7]]
    before = [text for _, text in lines[max(0, index - 6) : index]]

    def starts(text: str, n: int) -> bool:
        return re.match(rf"^\s*(?:[-*+]\s+)?{n}\s*[.)]\s+\S", text) is not None

    return any(starts(t, number + 1) for t in window) or (
        number > 1 and any(starts(t, number - 1) for t in before)
    )
