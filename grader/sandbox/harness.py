"""Inside the child: load the sources, call the function, describe what happened as data.

Runs after confinement (see ``confine``). The record it returns is plain JSON-ready data;
the trusted grader re-validates all of it (``verdict``), so nothing here is trusted.
"""

from __future__ import annotations

import importlib.abc
import io
import json
import linecache
import os
import sys
import traceback
import types
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from grader.sandbox import codec
from grader.sandbox.imports import ImportGuard, MissingStdlib, purge_modules

STUDENT_MODULE = "submission"
MAX_ERROR_CHARS = 4000
MAX_WARNINGS = 100
MAX_WARNING_CHARS = 500
MEMORY_RECORD = b'{"status":"memory","error":""}'
BROKEN_RECORD = b'{"status":"bad_output","error":"the result could not be written"}'

Record = dict[str, Any]


def execute(request: Record, *, confined: bool = True) -> Record:
    """Run one call described by ``request`` (``sources``, ``function``, ``args``,
    ``kwargs``) and return the result record. ``confined=False`` (the zygote's warm-up)
    leaves ``sys.modules`` and ``sys.meta_path`` as they were."""
    sources = [(str(name), str(text)) for name, text in request["sources"]]
    args = codec.from_json(request["args"])
    kwargs = codec.from_json(request["kwargs"])
    guard = ImportGuard([name for name, _ in sources])
    sys.meta_path.insert(0, guard)
    if confined:
        sys.meta_path.append(MissingStdlib())
        purge_modules()
    try:
        return _run(sources, request["function"], args, kwargs, guard)
    finally:
        if not confined:
            sys.meta_path.remove(guard)


def _run(
    sources: list[tuple[str, str]],
    function: str,
    args: list[Any],
    kwargs: dict[str, Any],
    guard: ImportGuard,
) -> Record:
    files = {name for name, _ in sources}
    module = types.ModuleType(STUDENT_MODULE)
    sys.modules[STUDENT_MODULE] = module
    failures = [f for f in (_exec_source(module, n, t, files) for n, t in sources) if f]
    source_errors = [[name, message] for name, message, _ in failures]
    record: Record = {"source_errors": source_errors}
    if guard.refused:
        return record | _forbidden(guard)
    func = module.__dict__.get(function)
    if not callable(func):
        return record | {"status": "missing_function", "error": _missing(function, func, failures)}
    record |= _call(func, args, kwargs, files)
    if guard.refused:
        record |= _forbidden(guard)
    return record


class _SourceLoader(importlib.abc.InspectLoader):
    """Loads one student source into the shared ``submission`` module through Python's own
    import machinery (``exec_module``), from text that never touches the disk."""

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text

    def get_source(self, fullname: str) -> str:
        return self.text

    def get_code(self, fullname: str) -> types.CodeType:
        return compile(self.text, self.name, "exec", dont_inherit=True)  # the file's own name

    def is_package(self, fullname: str) -> bool:
        return False


def _exec_source(
    module: types.ModuleType, name: str, text: str, files: set[str]
) -> tuple[str, str, str] | None:
    """Run one source as module code (only ever in the confined child, never the grader);
    on failure return (name, message, one-line summary)."""
    linecache.cache[name] = (len(text), None, text.splitlines(keepends=True), name)
    try:
        _SourceLoader(name, text).exec_module(module)
    except BaseException as exc:  # the student's code may raise anything, even SystemExit
        line = exc.lineno if isinstance(exc, SyntaxError) else _last_line(exc, name)
        summary = f"{name}: {type(exc).__name__}" + (f" line {line}" if line else "")
        return name, describe(exc, files), summary
    return None


def _call(
    func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], files: set[str]
) -> Record:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = func(*args, **kwargs)
        except MemoryError as exc:
            return {"status": "memory", "error": describe(exc, files, only_frames=True)}
        except SystemExit:
            return {"status": "no_result", "error": "the code called sys.exit() or exit()"}
        except BaseException as exc:  # the student's exception, reported to the student
            return {"status": "raised", "error": describe(exc, files)}
    record: Record = {"warnings": [_warning_text(w) for w in caught[:MAX_WARNINGS]]}
    try:
        record["value"] = codec.encode(value)
    except codec.NotData as exc:
        return record | {"status": "bad_output", "error": f"the return value: {exc}"}
    try:
        record["args_after"] = [codec.encode(arg) for arg in args]
    except codec.NotData as exc:
        return record | {"status": "bad_output", "error": f"an argument after the call: {exc}"}
    return record | {"status": "ok"}


def _forbidden(guard: ImportGuard) -> Record:
    names = ", ".join(f"{module} ({where})" for module, where in guard.refused)
    message = f"imports {names}: only numpy and the standard library may be imported"
    return {"status": "forbidden_import", "error": message}


def _missing(function: str, found: object, failures: Sequence[tuple[str, str, str]]) -> str:
    if found is None:
        message = f"{function} is not defined"
    else:
        message = f"{function} is not a function (it is a {type(found).__name__})"
    if failures:
        message += " (" + "; ".join(summary for _, _, summary in failures) + ")"
    return message


def describe(exc: BaseException, files: set[str], *, only_frames: bool = False) -> str:
    """The exception as a traceback trimmed to the student's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in files]
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames)]
    if not frames:
        lines = []
    if not only_frames:
        try:
            lines += traceback.format_exception_only(type(exc), exc)
        except Exception:  # a student exception whose __str__ raises
            lines.append(f"{type(exc).__name__}: <unprintable message>\n")
    text = "".join(lines).rstrip("\n")
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 3] + "..."


def _last_line(exc: BaseException, name: str) -> int | None:
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == name]
    return lines[-1] if lines else None


def _warning_text(w: warnings.WarningMessage) -> str:
    text = f"{w.category.__name__}: {w.message}"
    return text[:MAX_WARNING_CHARS]


def dump(record: Record) -> bytes:
    return json.dumps(record, allow_nan=True, separators=(",", ":")).encode()


class CappedOutput(io.TextIOBase):
    """``sys.stdout`` and ``sys.stderr`` of the child: writes go straight to ``fd`` until
    ``limit`` bytes have been written, and are dropped silently after that (one byte more
    is written, so the grader can tell the output was cut)."""

    def __init__(self, fd: int, limit: int) -> None:
        self._fd = fd
        self._left = limit + 1

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, text: str) -> int:
        if self._left > 0:
            data = text.encode("utf-8", "replace")[: self._left]
            self._left -= len(data)
            _write_all(self._fd, data)
        return len(text)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_result(fd: int, data: bytes) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    _write_all(fd, data)
