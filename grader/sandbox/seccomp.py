"""A seccomp-bpf deny-list built with ctypes, so the project needs no extra package.

Denied (EPERM): sockets, fork, vfork and every clone that is not a thread, exec, ptrace
and cross-process memory access, signals to any process but the child itself, new
sessions and process groups, namespaces and mounts, io_uring, bpf, perf, userfaultfd,
keyrings, kernel modules, kexec, swap and reboot. ``clone3`` returns ENOSYS so that libc
falls back to ``clone``, whose flags the filter can inspect: threads keep working. A
foreign architecture (x32 on x86_64 included) kills the process.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform

_DENIED_NAMES = (
    "socket socketpair connect bind listen accept accept4 fork vfork execve execveat ptrace "
    "process_vm_readv process_vm_writev kcmp pidfd_open pidfd_getfd pidfd_send_signal tkill "
    "io_uring_setup io_uring_enter io_uring_register bpf userfaultfd perf_event_open mount "
    "umount2 open_tree move_mount fsopen fsconfig fsmount fspick mount_setattr pivot_root "
    "chroot unshare setns setsid setpgid kexec_load kexec_file_load init_module finit_module "
    "delete_module add_key request_key keyctl swapon swapoff reboot personality"
)
_DENIED = _DENIED_NAMES.split()
_OWN_PID_ONLY = ("kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo")

_X86_64 = {
    "socket": 41, "socketpair": 53, "connect": 42, "bind": 49, "listen": 50, "accept": 43,
    "accept4": 288, "fork": 57, "vfork": 58, "execve": 59, "execveat": 322, "ptrace": 101,
    "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312, "pidfd_open": 434,
    "pidfd_getfd": 438, "pidfd_send_signal": 424, "tkill": 200, "io_uring_setup": 425,
    "io_uring_enter": 426, "io_uring_register": 427, "bpf": 321, "userfaultfd": 323,
    "perf_event_open": 298, "mount": 165, "umount2": 166, "open_tree": 428, "move_mount": 429,
    "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
    "pivot_root": 155, "chroot": 161, "unshare": 272, "setns": 308, "setsid": 112,
    "setpgid": 109, "kexec_load": 246, "kexec_file_load": 320, "init_module": 175,
    "finit_module": 313, "delete_module": 176, "add_key": 248, "request_key": 249,
    "keyctl": 250, "swapon": 167, "swapoff": 168, "reboot": 169, "personality": 135,
    "kill": 62, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297,
    "clone": 56, "clone3": 435,
}  # fmt: skip
_AARCH64 = {  # untested: no arm64 machine was available
    "socket": 198, "socketpair": 199, "connect": 203, "bind": 200, "listen": 201,
    "accept": 202, "accept4": 242, "execve": 221, "execveat": 281, "ptrace": 117,
    "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272, "pidfd_open": 434,
    "pidfd_getfd": 438, "pidfd_send_signal": 424, "tkill": 130, "io_uring_setup": 425,
    "io_uring_enter": 426, "io_uring_register": 427, "bpf": 280, "userfaultfd": 282,
    "perf_event_open": 241, "mount": 40, "umount2": 39, "open_tree": 428, "move_mount": 429,
    "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
    "pivot_root": 41, "chroot": 51, "unshare": 97, "setns": 268, "setsid": 157,
    "setpgid": 154, "kexec_load": 104, "kexec_file_load": 294, "init_module": 105,
    "finit_module": 273, "delete_module": 106, "add_key": 217, "request_key": 218,
    "keyctl": 219, "swapon": 224, "swapoff": 225, "reboot": 142, "personality": 92,
    "kill": 129, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240,
    "clone": 220, "clone3": 435,
}  # fmt: skip
_ARCHES = {"x86_64": (0xC000003E, _X86_64), "aarch64": (0xC00000B7, _AARCH64)}
_X32_BIT = 0x40000000
_CLONE_THREAD = 0x00010000

_LD_ABS_W, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06
_RET_KILL_PROCESS, _RET_ALLOW = 0x80000000, 0x7FFF0000
_DENY, _NOSYS = 0x00050000 | errno.EPERM, 0x00050000 | errno.ENOSYS
_NR, _ARCH, _ARG0 = 0, 4, 16  # offsets in struct seccomp_data (arg0's low half on LE)
_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 22, 2

Instruction = tuple[int, int, int, int]


class _Filter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def supported() -> bool:
    return platform.machine() in _ARCHES


def program(own_pid: int, machine: str | None = None) -> list[Instruction]:
    """The filter as (code, jt, jf, k) instructions."""
    audit_arch, numbers = _ARCHES[machine or platform.machine()]
    code: list[Instruction] = [(_LD_ABS_W, 0, 0, _ARCH), (_JEQ, 1, 0, audit_arch)]
    code += [(_RET, 0, 0, _RET_KILL_PROCESS), (_LD_ABS_W, 0, 0, _NR)]
    if audit_arch == _ARCHES["x86_64"][0]:
        code += [(_JGE, 0, 1, _X32_BIT), (_RET, 0, 0, _DENY)]
    for name in _DENIED:
        if name in numbers:  # arm64 has no fork or vfork
            code += [(_JEQ, 0, 1, numbers[name]), (_RET, 0, 0, _DENY)]
    code += [(_JEQ, 0, 1, numbers["clone3"]), (_RET, 0, 0, _NOSYS)]
    for name in _OWN_PID_ONLY:
        code += _if_arg0(numbers[name], (_JEQ, 0, 1, own_pid))
    code += _if_arg0(numbers["clone"], (_JSET, 0, 1, _CLONE_THREAD))
    return [*code, (_RET, 0, 0, _RET_ALLOW)]


def _if_arg0(number: int, test: Instruction) -> list[Instruction]:
    """For syscall ``number``: allow if ``test`` on its first argument holds, else deny."""
    return [
        (_JEQ, 0, 4, number),
        (_LD_ABS_W, 0, 0, _ARG0),
        test,
        (_RET, 0, 0, _RET_ALLOW),
        (_RET, 0, 0, _DENY),
    ]


def install(own_pid: int) -> None:
    """Load the filter into the calling process (needs no_new_privs or CAP_SYS_ADMIN)."""
    code = program(own_pid)
    filters = (_Filter * len(code))(*(_Filter(*instruction) for instruction in code))
    prog = _Program(len(code), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"seccomp: {os.strerror(number)}")
