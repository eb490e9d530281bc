"""Find submissions on disk and read them into plain data.

A submission is a folder (student id = folder name) or a single file (id = file stem).
``.md``/``.txt`` files are answer sheets, ``.py`` files hold code, ``.ipynb`` notebooks hold
both. Nothing here runs or evaluates student content; a file that cannot be read becomes
a message on the submission, never an exception that stops the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.errors import UsageError
from grader.submission.notebook import read_notebook
from grader.submission.sheet import Sheet, read_sheet

SHEET_SUFFIXES = {".md", ".txt", ".markdown"}
CODE_SUFFIXES = {".py"}
NOTEBOOK_SUFFIXES = {".ipynb"}
KNOWN = SHEET_SUFFIXES | CODE_SUFFIXES | NOTEBOOK_SUFFIXES
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class CodeSource:
    """One unit of student code: a ``.py`` file, or one code cell of a notebook."""

    name: str
    text: str


@dataclass(frozen=True)
class CodeFile:
    """A file of code as the student handed it in (a notebook is one file of many cells)."""

    name: str
    sources: tuple[CodeSource, ...]


@dataclass(frozen=True)
class Submission:
    id: str
    path: Path
    sheet: Sheet
    sheet_text: str  # the written answers as handed in, for display
    code: tuple[CodeFile, ...]
    notes: tuple[str, ...]  # files that could not be read, with the reason


def discover(paths: Sequence[Path]) -> list[Path]:
    """Each path is one submission, or a folder holding only submission folders/files."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
        if path.is_dir() and _is_batch(path):
            found.extend(sorted(p for p in path.iterdir() if not p.name.startswith(".")))
        else:
            found.append(path)
    return found


def _is_batch(folder: Path) -> bool:
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    return bool(entries) and all(p.is_dir() for p in entries)


def load_submission(path: Path, *, questions: frozenset[str] = frozenset()) -> Submission:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    files = [f for f in files if not any(part.startswith(".") for part in f.parts[-3:])]
    sheet_parts: list[tuple[str, str]] = []
    code: list[CodeFile] = []
    notes: list[str] = []
    for file in files:
        _read_one(file, path, sheet_parts, code, notes)
    sheet = _merge_sheets(sheet_parts, questions)
    text = "\n\n".join(t for _, t in sheet_parts)
    sub_id = path.name if path.is_dir() else path.stem
    if not sheet_parts and not code and not notes:
        notes.append("the submission holds no answer sheet, code or notebook")
    return Submission(sub_id, path, sheet, text, tuple(code), tuple(notes))


def _read_one(
    file: Path,
    root: Path,
    sheets: list[tuple[str, str]],
    code: list[CodeFile],
    notes: list[str],
) -> None:
    name = str(file.relative_to(root)) if root.is_dir() else file.name
    suffix = file.suffix.lower()
    if suffix not in KNOWN:
        notes.append(f"{name}: ignored (not a .md, .txt, .py or .ipynb file)")
        return
    text, problem = _read_text(file)
    if text is None:
        notes.append(f"{name}: {problem}")
        return
    if suffix in SHEET_SUFFIXES:
        sheets.append((name, text))
    elif suffix in CODE_SUFFIXES:
        code.append(CodeFile(name, (CodeSource(name, text),)))
    else:
        notebook = read_notebook(text, name=name)
        if notebook.error:
            notes.append(f"{name}: {notebook.error}")
            return
        if notebook.markdown:
            sheets.append((name, notebook.markdown))
        code.append(CodeFile(name, tuple(CodeSource(n, t) for n, t in notebook.cells)))


def _read_text(file: Path) -> tuple[str | None, str]:
    size = file.stat().st_size
    if size == 0:
        return None, "the file is empty"
    if size > MAX_FILE_BYTES:
        return None, f"the file is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})"
    data = file.read_bytes()
    if b"\x00" in data[:8192]:
        return None, "this is a binary file, not text (was the right file uploaded?)"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start}): save the file as UTF-8"


def _merge_sheets(parts: Iterable[tuple[str, str]], questions: frozenset[str]) -> Sheet:
    merged = Sheet()
    for name, text in parts:
        sheet = read_sheet(text, source=name, questions=questions)
        for key in sheet.order:
            for block in sheet.blocks[key]:
                merged.add(key, block)
    return merged
