"""What student code may import, and what the zygote imports for it in advance.

Only NumPy and the standard library are allowed. A child running under a slot uid cannot
read the interpreter's files (they may live in a root-only directory), so everything a
student is likely to import is imported by the zygote before it forks: see
:data:`PRELOAD`. The guard refuses every other top-level name even when the package is
installed, and remembers the refusals made on behalf of student code, so that code that
catches the ``ImportError`` still scores as a forbidden import.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Final

ALLOWED_THIRD_PARTY: Final = frozenset({"numpy"})

_PRELOAD_NAMES = (
    "abc argparse array ast base64 binascii bisect builtins calendar cmath codecs "
    "collections collections.abc colorsys contextlib copy copyreg csv ctypes dataclasses "
    "datetime decimal difflib enum errno fnmatch fractions functools gc glob hashlib heapq "
    "hmac inspect io itertools json keyword linecache locale logging marshal math mmap "
    "multiprocessing encodings.idna encodings.latin_1 encodings.ascii encodings.utf_16 "
    "encodings.utf_32 encodings.cp1252 "
    "numbers operator os os.path pathlib pickle platform pprint queue random re reprlib "
    "resource secrets select shutil signal socket statistics string struct subprocess sys "
    "tempfile textwrap threading time timeit token tokenize traceback types typing "
    "unicodedata unittest uuid warnings weakref zlib "
    "numpy numpy.linalg numpy.fft numpy.random numpy.polynomial numpy.ma numpy.lib "
    "numpy.exceptions numpy.dtypes numpy.ctypeslib numpy.strings numpy.char numpy.rec "
    "numpy.testing numpy.lib.stride_tricks numpy.lib.scimath numpy.lib.recfunctions"
)
PRELOAD: Final = tuple(_PRELOAD_NAMES.split())


def preload() -> None:
    """Import :data:`PRELOAD` (in the zygote, before any fork)."""
    for name in PRELOAD:
        importlib.import_module(name)


def allowed(top_level: str) -> bool:
    return top_level in sys.stdlib_module_names or top_level in ALLOWED_THIRD_PARTY


def purge_modules() -> None:
    """Drop every loaded module student code may not import (the sandbox's own included),
    so that ``import grader.sandbox`` cannot be served from ``sys.modules``. Internal
    modules (``__main__``, ``_cython_…``, ``cython_runtime``) stay: nothing imports them
    by name and NumPy needs them."""
    for name in [n for n in sys.modules if not _keep(n.partition(".")[0])]:
        del sys.modules[name]


def _keep(top_level: str) -> bool:
    return allowed(top_level) or top_level.startswith("_") or top_level == "cython_runtime"


class ImportGuard:
    """A meta-path finder, first on ``sys.meta_path``, refusing disallowed top-level names.

    ``refused`` lists ``(module, where)`` for refusals triggered by code whose file name
    is one of ``student_files``; ``where`` is ``"ols.py line 3"``.
    """

    def __init__(self, student_files: Sequence[str]) -> None:
        self.student_files = frozenset(student_files)
        self.refused: list[tuple[str, str]] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        top = fullname.partition(".")[0]
        if allowed(top):
            return None  # let the normal finders load it
        where = self._student_caller()
        if where is not None:
            self.refused.append((top, where))
        raise ModuleNotFoundError(
            f"import of {top!r} is not allowed: only numpy and the standard library may be"
            " imported",
            name=fullname,
        )

    def _student_caller(self) -> str | None:
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename in self.student_files:
                return f"{frame.f_code.co_filename} line {frame.f_lineno}"
            if not _is_import_machinery(frame.f_code.co_filename):
                return None
            frame = frame.f_back  # type: ignore[assignment]
        return None


class MissingStdlib:
    """A meta-path finder placed last: a standard-library module that no finder could load
    (the child cannot read the interpreter's files) gets a message saying so."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0] in sys.stdlib_module_names:
            raise ModuleNotFoundError(
                f"the standard library module {fullname!r} is not available in the sandbox",
                name=fullname,
            )
        return None


def _is_import_machinery(filename: str) -> bool:
    return filename.startswith("<frozen importlib") or filename.endswith(
        ("importlib/__init__.py", "sandbox/imports.py")
    )
