"""Input limits: only regular files (or standard input) are read, and never past a size.

A FIFO, a device or a socket is refused before it is opened for reading, so nothing
blocks; a file larger than the limit is refused from its size, and standard input is
read in chunks that stop at the limit, so an endless stream cannot fill the memory.
The limit is :data:`DEFAULT_MAX_BYTES` unless ``read(max_bytes=…)`` or the environment
variable ``PLANTOOL_MAX_BYTES`` says otherwise (bytes, or a number with K, M or G).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from typing import BinaryIO

from plantool.errors import InputError, ReadError

#: The largest report in the corpus (the 1953 first five-year plan) is 256 KB of UTF-8
#: text; a PDF or .docx of a long plan with its embedded fonts and images runs to a few
#: MB. 32 MiB leaves room for those and refuses what no plan document is.
DEFAULT_MAX_BYTES = 32 * 2**20
ENV_MAX_BYTES = "PLANTOOL_MAX_BYTES"
_SIZE = re.compile(r"\s*(\d+)\s*([KMG]i?B?|B)?\s*", re.I)
_FACTORS = {"": 1, "B": 1, "K": 2**10, "M": 2**20, "G": 2**30}
_CHUNK = 2**16
_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a directory"))


def parse_size(value: str, source: str = ENV_MAX_BYTES) -> int:
    """Bytes from ``12345``, ``512K``, ``32M`` or ``1G``; InputError (naming ``source``,
    the variable or option the value came from) for anything else."""
    match = _SIZE.fullmatch(value)
    if not match or int(match.group(1)) <= 0:
        raise InputError(f"{source} must be a positive size in bytes (or with K, M or G), "
                         f"not {value!r}")
    return int(match.group(1)) * _FACTORS[(match.group(2) or "")[:1].upper()]


def byte_limit(max_bytes: int | None = None) -> int:
    """The size limit in force: ``max_bytes``, else ``PLANTOOL_MAX_BYTES``, else the default."""
    if max_bytes is not None:
        if max_bytes <= 0:
            raise InputError(f"the size limit must be positive, not {max_bytes}")
        return max_bytes
    configured = os.environ.get(ENV_MAX_BYTES, "").strip()
    return parse_size(configured) if configured else DEFAULT_MAX_BYTES


def size_text(size: int) -> str:
    """A byte count as people read it: 812 bytes, 64.0 KB, 50.0 MB."""
    if size < 2**10:
        return f"{size} bytes"
    if size < 2**20:
        return f"{size / 2**10:.1f} KB"
    return f"{size / 2**20:.1f} MB"


def _too_large(shown: str, size: str, limit: int) -> ReadError:
    return ReadError(shown, f"too large: {size}, over the limit of {size_text(limit)} "
                            f"(set {ENV_MAX_BYTES} to read larger files)")


def read_stream(stream: BinaryIO, shown: str, limit: int) -> bytes:
    """All of ``stream`` up to ``limit`` bytes; ReadError when there is more."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _too_large(shown, f"more than {size_text(limit)}", limit)


def read_stdin(limit: int) -> bytes:
    """Standard input (bytes), up to the limit."""
    from plantool.read import STDIN

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream (tests): its text as UTF-8
        data = sys.stdin.read(limit + 1).encode("utf-8")
        if len(data) > limit:
            raise _too_large(STDIN, f"more than {size_text(limit)}", limit)
        return data
    return read_stream(stream, STDIN, limit)


def not_regular(mode: int) -> str:
    """What a file that is not a regular file is (a FIFO, a device …); '' for a regular one."""
    return next((kind for test, kind in _KINDS if test(mode)), "" if stat.S_ISREG(mode)
                else "not a regular file")


def read_file(path: str, shown: str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refused (never blocking) when it is a
    FIFO, a device or a socket, or when it is larger than ``limit``."""
    try:
        kind = not_regular(os.stat(path).st_mode)
        if kind:
            raise ReadError(shown, "is a directory" if kind == "a directory" else
                            f"not a regular file: {kind}")
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ReadError(shown, (error.strerror or str(error)).lower()) from None
    with os.fdopen(descriptor, "rb") as stream:
        kind = not_regular(os.fstat(descriptor).st_mode)  # replaced since the check?
        if kind:
            raise ReadError(shown, f"not a regular file: {kind}")
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise _too_large(shown, size_text(size), limit)
        return read_stream(stream, shown, limit)


