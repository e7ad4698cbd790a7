"""Cut the calling process off the network, where the operating system allows it.

The query workers call :func:`isolate_network` before they open the store: a second layer under
the lexical SERVICE check of :mod:`kg.query.guard`. On Linux the process moves into a new,
empty network namespace (``unshare(CLONE_NEWNET)``, called through ctypes: Python 3.11 has no
``os.unshare``). That needs ``CAP_SYS_ADMIN``; without it the process first creates a user
namespace in which it holds that capability (``CLONE_NEWUSER | CLONE_NEWNET``) and maps its own
user and group ids into it, so files keep their owners. The new namespace has only a loopback
interface, which is down, so no address (127.0.0.1 included) can be reached; the function checks
that before it reports success.

``unshare`` must run before the process starts any thread (a new user namespace requires a
single-threaded caller, and a network namespace applies to the calling thread only): the
workers call it first thing, before the store opens its background threads.
"""

from __future__ import annotations

import ctypes
import encodings.idna  # noqa: F401 - socket.connect() encodes host names with it: load it early
import errno
import os
import socket
import sys
from dataclasses import dataclass

__all__ = ["Isolation", "isolate_network"]

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


@dataclass(frozen=True)
class Isolation:
    """Whether the process is cut off from the network, and how (or why not)."""

    isolated: bool
    how: str


def _unshare(flags: int) -> int:
    """0, or the errno of ``unshare(flags)``."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(ctypes.c_int(flags)) == 0:
        return 0
    return ctypes.get_errno()


def _write(path: str, text: str) -> None:
    with open(path, "wb") as handle:
        handle.write(text.encode())


def _network_reachable() -> str | None:
    """What this process can still reach, or ``None`` when it has no usable network."""
    names = sorted(name for _, name in socket.if_nameindex())
    if names != ["lo"]:
        return f"network interfaces {', '.join(names)}"
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.settimeout(1.0)
    try:
        probe.connect(("127.0.0.1", 9))
    except OSError as err:
        if err.errno == errno.ENETUNREACH:
            return None
        return f"127.0.0.1 answers ({os.strerror(err.errno or 0) or err})"
    finally:
        probe.close()
    return "127.0.0.1 accepts connections"


def isolate_network() -> Isolation:
    """Move the calling (single-threaded) process into a network namespace of its own.

    Returns how it was done, or why it could not be; never raises for an unsupported system.
    """
    if not sys.platform.startswith("linux"):
        return Isolation(False, f"network namespaces are a Linux feature (this is {sys.platform})")
    uid, gid = os.getuid(), os.getgid()
    first = _unshare(CLONE_NEWNET)
    if first == 0:
        how = "network namespace"
    else:
        second = _unshare(CLONE_NEWUSER | CLONE_NEWNET)
        if second != 0:
            return Isolation(False, f"unshare(CLONE_NEWNET): {os.strerror(first)}; "
                                    f"unshare(CLONE_NEWUSER|CLONE_NEWNET): {os.strerror(second)}")
        how = "user and network namespace"
        try:
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"{uid} {uid} 1")
            _write("/proc/self/gid_map", f"{gid} {gid} 1")
        except OSError as err:
            how += f" (ids not mapped: {err.strerror})"
    left = _network_reachable()
    if left is not None:
        return Isolation(False, f"after unshare the process still sees {left}")
    return Isolation(True, how)
