"""Messages between the grader and a zygote: one JSON object per SOCK_SEQPACKET packet,
optionally carrying file descriptors (SCM_RIGHTS).

Only control data travels here (limits, exit status). A call's payload (sources and
arguments) and its result travel through memfds the grader hands over with the call
message, straight to and from the child: the zygote never holds them in its memory, so
no later child can find them there.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Sequence
from typing import Any

from grader.errors import InternalError

MAX_MESSAGE = 256 * 1024
MAX_FDS = 8

Message = dict[str, Any]


def pair() -> tuple[socket.socket, socket.socket]:
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)


def send(sock: socket.socket, message: Message, fds: Sequence[int] = ()) -> None:
    data = json.dumps(message, separators=(",", ":")).encode()
    if len(data) > MAX_MESSAGE:
        raise InternalError(f"sandbox message of {len(data)} bytes is too large")
    socket.send_fds(sock, [data], list(fds))


def recv(sock: socket.socket) -> tuple[Message | None, list[int]]:
    """The next message and its fds; ``(None, [])`` when the peer has gone."""
    data, fds, flags, _ = socket.recv_fds(sock, MAX_MESSAGE, MAX_FDS)
    if flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC):
        for fd in fds:
            socket.close(fd)
        raise InternalError("truncated sandbox message")
    if not data:
        return None, fds
    message = json.loads(data)
    if not isinstance(message, dict):
        raise InternalError("malformed sandbox message")
    return message, fds
