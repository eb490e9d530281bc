"""Plain data to and from JSON: the only format that crosses the sandbox boundary.

Values are ``None``, ``bool``, ``int``, ``float``, ``str``, ``list``, tuples, dicts with
``str`` keys, NumPy arrays and NumPy scalars of kinds b, i, u, f, c. Containers other
than lists are tagged with a one-key object::

    {"$t": [...]}                                  tuple
    {"$d": {"key": ...}}                           dict
    {"$a": ["<f8", [3, 2], "base64 raw bytes"]}    array (C order)
    {"$s": ["<i8", "base64 raw bytes"]}            NumPy scalar

``encode`` runs on both sides (grader arguments, student results). ``decode`` runs on
the trusted side on bytes the student controlled, so it checks every size *before*
allocating and never unpickles anything. Both raise :class:`NotData`.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from typing import Any

import numpy as np

MAX_DEPTH = 24
MAX_ITEMS = 200_000
MAX_ARRAY_BYTES = 64 * 1024 * 1024
MAX_NDIM = 32
MAX_INT_DIGITS = 40
_BIG_INT = 10**MAX_INT_DIGITS
_DTYPE = re.compile(r"[<>|=]?[biufc][0-9]{1,2}")
_KINDS = frozenset("biufc")


class NotData(ValueError):
    """The value (or the bytes) is not plain data this module can carry."""


# --------------------------------------------------------------------------- encode


def dumps(value: Any) -> bytes:
    """JSON bytes for ``value``; raises :class:`NotData` naming the offending type."""
    try:
        text = json.dumps(encode(value), allow_nan=True, separators=(",", ":"))
    except (ValueError, RecursionError) as exc:  # int too large to print, deep nesting
        raise NotData(str(exc)) from None
    return text.encode()


def encode(value: Any, depth: int = 0) -> Any:
    """The JSON-ready form of ``value`` (see the module docstring)."""
    if depth > MAX_DEPTH:
        raise NotData(f"nested more than {MAX_DEPTH} levels deep")
    if type(value) is int and abs(value) >= _BIG_INT:
        raise NotData(f"an int with more than {MAX_INT_DIGITS} digits is not plain data")
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, np.ndarray):
        return {"$a": _encode_array(value)}
    if isinstance(value, np.generic):
        array = _checked_array(np.asarray(value))
        return {"$s": [array.dtype.str, base64.b64encode(array.tobytes()).decode()]}
    if type(value) is list:
        return [encode(item, depth + 1) for item in value]
    if type(value) is tuple:
        return {"$t": [encode(item, depth + 1) for item in value]}
    if type(value) is dict:
        return {"$d": {_key(k): encode(v, depth + 1) for k, v in value.items()}}
    raise NotData(f"a {type(value).__name__} object is not plain data")


def _key(key: Any) -> str:
    if type(key) is not str:
        raise NotData(f"dict keys must be str, not {type(key).__name__}")
    return key


def _encode_array(value: np.ndarray[Any, Any]) -> list[Any]:
    array = _checked_array(np.asarray(value, order="C"))
    raw = base64.b64encode(array.tobytes()).decode()
    return [array.dtype.str, list(array.shape), raw]


def _checked_array(array: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    if array.dtype.kind not in _KINDS or array.dtype.fields is not None:
        raise NotData(f"an array of dtype {array.dtype} is not plain data")
    if array.nbytes > MAX_ARRAY_BYTES:
        raise NotData(f"an array of {array.nbytes} bytes is too large")
    return array


# --------------------------------------------------------------------------- decode


def loads(data: bytes, *, max_bytes: int) -> Any:
    """Decode untrusted ``data`` produced by :func:`dumps`."""
    return from_json(parse(data, max_bytes=max_bytes))


def parse(data: bytes, *, max_bytes: int) -> Any:
    """Untrusted JSON bytes to a plain JSON tree (checked for size and integer length)."""
    if len(data) > max_bytes:
        raise NotData(f"{len(data)} bytes of output, more than the {max_bytes} allowed")
    try:
        return json.loads(data, parse_int=_parse_int)
    except (ValueError, RecursionError, UnicodeDecodeError) as exc:
        raise NotData(f"unreadable output: {str(exc)[:200]}") from None


def from_json(raw: Any) -> Any:
    """Decode an already parsed JSON tree (as :func:`loads` does after parsing)."""
    return _Decoder().decode(raw, 0)


def _parse_int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:
        raise ValueError(f"integer with {len(text)} digits")
    return int(text)


class _Decoder:
    """Walks parsed JSON, counting items against :data:`MAX_ITEMS`."""

    def __init__(self) -> None:
        self.items = 0
        self.array_bytes = 0

    def decode(self, raw: Any, depth: int) -> Any:
        self.items += 1
        if self.items > MAX_ITEMS or depth > MAX_DEPTH:
            raise NotData("output nested too deeply or with too many items")
        if raw is None or type(raw) in (bool, int, float, str):
            return raw
        if type(raw) is list:
            return [self.decode(item, depth + 1) for item in raw]
        if type(raw) is dict and len(raw) == 1:
            ((tag, body),) = raw.items()
            return self._tagged(tag, body, depth)
        raise NotData("malformed output")

    def _tagged(self, tag: str, body: Any, depth: int) -> Any:
        if tag == "$t" and type(body) is list:
            return tuple(self.decode(item, depth + 1) for item in body)
        if tag == "$d" and type(body) is dict:
            return {k: self.decode(v, depth + 1) for k, v in body.items()}
        if tag == "$a" and type(body) is list and len(body) == 3:
            return self._array(body[0], body[1], body[2])
        if tag == "$s" and type(body) is list and len(body) == 2:
            scalar: Any = self._array(body[0], [], body[1])[()]
            return scalar
        raise NotData("malformed output")

    def _array(self, dtype_text: Any, shape: Any, raw: Any) -> np.ndarray[Any, Any]:
        dtype = _dtype(dtype_text)
        dims = _shape(shape)
        nbytes = math.prod(dims) * dtype.itemsize
        self.array_bytes += nbytes
        if self.array_bytes > MAX_ARRAY_BYTES:
            raise NotData("arrays too large")
        if type(raw) is not str or len(raw) != 4 * math.ceil(nbytes / 3):
            raise NotData("array data does not match its shape and dtype")
        try:
            data = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise NotData("array data is not base64") from None
        if len(data) != nbytes:
            raise NotData("array data does not match its shape and dtype")
        array = np.frombuffer(data, dtype=dtype).reshape(dims)
        return array.astype(dtype.newbyteorder("="), copy=True)


def _dtype(text: Any) -> np.dtype[Any]:
    if type(text) is not str or not _DTYPE.fullmatch(text):
        raise NotData(f"dtype {str(text)[:40]!r} is not allowed")
    try:
        dtype = np.dtype(text)
    except TypeError:
        raise NotData(f"dtype {text!r} is not allowed") from None
    if dtype.kind not in _KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise NotData(f"dtype {text!r} is not allowed")
    return dtype


def _shape(shape: Any) -> tuple[int, ...]:
    if type(shape) is not list or len(shape) > MAX_NDIM:
        raise NotData("malformed array shape")
    if not all(type(n) is int and 0 <= n <= MAX_ARRAY_BYTES for n in shape):
        raise NotData("malformed array shape")
    return tuple(shape)
