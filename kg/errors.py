"""One exception hierarchy, caught once at the CLI edge.

Every error renders as a single line naming the file and line (when known), what is wrong and
how to fix it, and carries the process exit code the CLI uses.

>>> err = CurationError("unknown entity id 'li-xii'", file="seeds/documents/a.yaml", line=12,
...                     hint="add it to seeds/entities/ or fix the spelling (did you mean 'li-xi'?)")
>>> str(err)
"seeds/documents/a.yaml:12: unknown entity id 'li-xii' (fix: add it to seeds/entities/ or fix the spelling (did you mean 'li-xi'?))"
>>> err.exit_code
3
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "KgError",
    "CurationError",
    "QuoteNotFoundError",
    "ShapeViolationError",
    "QueryError",
    "UsageError",
    "OutputError",
    "DraftError",
    "EXIT_CODES",
]


class KgError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.hint = hint

    def __reduce__(self):
        """Keep file, line and hint when the error crosses a process boundary (parallel builds)."""
        return (_rebuild, (type(self), self.message, self.file, self.line, self.hint,
                           getattr(self, "details", None)))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        fix = f" (fix: {self.hint})" if self.hint else ""
        return f"{where}{self.message}{fix}"


def _rebuild(cls, message, file, line, hint, details):
    error = cls(message, file=file, line=line, hint=hint)
    if details is not None:
        error.details = details
    return error


class CurationError(KgError):
    """The curated input is wrong: bad YAML, unknown id, wrong type, bad encoding, empty file."""

    exit_code = 3


class QuoteNotFoundError(CurationError):
    """A statement's quote does not occur in its document's normalised text."""

    exit_code = 4


class ShapeViolationError(KgError):
    """The built graph does not conform to ontology/shapes.ttl."""

    exit_code = 5


class QueryError(KgError):
    """A SPARQL query is malformed or cannot run."""

    exit_code = 6


class UsageError(KgError):
    """The command was asked to do something it refuses: e.g. replace a folder it did not create."""

    exit_code = 2


class OutputError(KgError):
    """An output could not be written: disk full, no permission, a path that cannot be a file."""

    exit_code = 7


class DraftError(CurationError):
    """A statement or entity still carries the draft marker (``draft: true``) that ``kg draft``
    writes: nobody has reviewed it yet. ``kg build --allow-drafts`` builds it anyway."""

    exit_code = 8


def output_error(path, err: OSError) -> OutputError:
    """The one-line error for an ``OSError`` met while writing ``path``.

    >>> import errno
    >>> str(output_error("build/kg.ttl", OSError(errno.ENOSPC, "No space left on device")))
    'build/kg.ttl: cannot write: No space left on device (fix: free disk space, or write elsewhere with --out / -o)'
    """
    import errno

    hints = {errno.ENOSPC: "free disk space, or write elsewhere with --out / -o",
             errno.EACCES: "choose a folder you may write to",
             errno.EROFS: "choose a writable location",
             errno.ENOENT: "create the parent folder first, or choose another path",
             errno.EISDIR: "give a file name, not a folder"}
    return OutputError(f"cannot write: {err.strerror or err}", file=path,
                       hint=hints.get(err.errno, "check the path and the free space"))


#: Exit codes of the ``kg`` command, documented in the README.
EXIT_CODES = {
    0: "success",
    1: "other error (a KgError that fits no other class)",
    2: "usage error (bad command-line option, or an output folder the command refuses to replace)",
    CurationError.exit_code: "curation error (YAML, ids, classes, encoding, empty document)",
    QuoteNotFoundError.exit_code: "a quote was not found in its document",
    ShapeViolationError.exit_code: "the graph does not conform to the SHACL shapes",
    QueryError.exit_code: "malformed or failing SPARQL query",
    OutputError.exit_code: "an output could not be written (disk full, no permission)",
    DraftError.exit_code: "unreviewed drafts: a statement or entity still marked draft: true "
                          "(review it, or build with --allow-drafts)",
}
