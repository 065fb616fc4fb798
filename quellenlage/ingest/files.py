"""Which paths are inputs, and reading one without hanging or running out of memory.

Definition: an input is a *regular file* given by name or found in a given folder. Walking a folder lists every
entry in sorted order and never follows a symbolic link to a folder (no loops, nothing outside the folder's
tree); a symbolic link to a regular file is read like the file. Every other entry is accounted for with a
`Skip` — FIFOs, sockets and devices (reading one blocks forever or never ends), links to folders, broken
links and link loops, hidden files and folders (a name starting with a dot; a hidden folder is skipped as a
whole, once) — so that the caller can give it an input record. The metadata sidecar is no input.

Reading opens without blocking and checks, on the open descriptor, that it is a regular file (a path replaced
by a FIFO after the walk still cannot hang the batch) and reads at most `max_bytes + 1` bytes (a file that
grows, or lies about its size, still cannot exhaust memory).
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .decode import InputError
from .metadata import SIDECAR_NAME


@dataclass(frozen=True)
class Found:
    """A regular file to read; `folder` is the folder given on the command line it was found in."""

    source: str
    path: Path
    folder: Path | None


@dataclass(frozen=True)
class Skip:
    """An entry that is no input; `kind` and `message` become its error record."""

    source: str
    kind: str
    message: str


def _special(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return "not a regular file"
    return None


def classify(path: Path) -> Skip | None:
    """Why `path` is no readable regular file, or None when it is one (links to regular files included)."""
    source = str(path)
    try:
        lst = os.lstat(path)
    except FileNotFoundError:
        return Skip(source, "not_found", f"no such file or folder: {path}")
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the name
        return Skip(source, "read_error", f"cannot look at {path}: {getattr(exc, 'strerror', None) or exc}")
    link = stat.S_ISLNK(lst.st_mode)
    try:
        st = os.stat(path)
    except OSError as exc:  # broken link, link loop (ELOOP), permission
        what = "a broken or looping symbolic link" if link else "unreadable"
        return Skip(source, "special_file", f"{what}: {exc.strerror or exc}")
    if stat.S_ISDIR(st.st_mode):
        return Skip(source, "special_file", "a symbolic link to a folder (not followed)") if link else None
    special = _special(st.st_mode)
    if special:
        return Skip(source, "special_file", f"{'a symbolic link to ' if link else ''}{special}; only regular files are read")
    return None


def walk(folder: Path) -> Iterator[Found | Skip]:
    """Every entry under `folder`, depth first in sorted order, as Found or Skip (see the module docstring)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Skip(str(folder), "read_error", f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            what = "folder" if entry.is_dir(follow_symlinks=False) else "file"
            yield Skip(str(path), "skipped", f"hidden {what} (name starts with a dot); not read")
            continue
        if entry.name == SIDECAR_NAME:
            continue  # metadata of its neighbours, read with them
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from walk(path)
            continue
        skip = classify(path)
        yield skip if skip is not None else Found(str(path), path, folder)


def inputs(raw: str) -> Iterator[Found | Skip]:
    """What one command-line path stands for: a file, every entry of a folder, or a Skip."""
    path = Path(raw)
    skip = classify(path)
    # A folder named on the command line is walked even through a link (the user chose it); inside it, no link
    # to a folder is followed.
    if skip is not None and not (skip.message.startswith("a symbolic link to a folder") and path.is_dir()):
        yield skip
        return
    if path.is_dir():
        found = False
        for item in walk(path):
            found = True
            yield Found(item.source, item.path, path) if isinstance(item, Found) else item
        if not found:
            yield Skip(str(path), "empty", "the folder holds no files")
        return
    yield Found(str(path), path, None)


def open_regular(path: Path) -> tuple[int, os.stat_result]:
    """(file descriptor, stat) of a regular file opened for reading without blocking (a FIFO never hangs us);
    raises InputError for anything else. The caller closes the descriptor."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        raise InputError("read_error", f"cannot open: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        st = os.fstat(fd)
        special = _special(st.st_mode)
        if special or stat.S_ISDIR(st.st_mode):
            raise InputError("special_file", f"{special or 'a folder'}; only regular files are read")
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; raises InputError for anything but a regular file of at most `max_bytes` bytes."""
    fd, st = open_regular(path)
    try:
        if st.st_size > max_bytes:
            raise InputError("too_large", f"{st.st_size:,} bytes is over the limit of {max_bytes:,} bytes")
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise InputError("too_large", f"over the limit of {max_bytes:,} bytes")
        return b"".join(chunks)
    except BlockingIOError:
        raise InputError("read_error", "the file could not be read without blocking") from None
    except OSError as exc:
        raise InputError("read_error", f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
