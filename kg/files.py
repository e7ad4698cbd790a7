"""Writing files without losing anything: atomic replacement, one-line errors.

Every file the tool writes goes through :func:`write_file`: the bytes go to a temporary file beside
the target, which then replaces it in one step, so an interrupted or failed write (disk full, no
permission) leaves the previous file as it was and no half-written output behind.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_file(folder / "a.csv", b"x,y\\n")
>>> (folder / "a.csv").read_bytes()
b'x,y\\n'
>>> write_file(folder, b"")
Traceback (most recent call last):
...
kg.errors.OutputError: ...: cannot write: Is a directory (fix: give a file name, not a folder)
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from kg.errors import output_error

__all__ = ["write_file", "write_text"]


def write_file(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; raise :class:`~kg.errors.OutputError` on failure."""
    path = Path(path)
    if path.is_dir():
        raise output_error(path, OSError(errno.EISDIR, os.strerror(errno.EISDIR)))
    folder = path.parent if str(path.parent) else Path(".")
    temporary = None
    try:
        temporary = folder / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
        with open(temporary, "xb") as stream:  # created with the usual permissions (umask)
            stream.write(data)
        os.replace(temporary, path)
        temporary = None
    except OSError as err:
        raise output_error(path, err) from err
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def write_text(path: Path | str, text: str) -> None:
    """:func:`write_file` for text, as UTF-8."""
    write_file(path, text.encode("utf-8"))
