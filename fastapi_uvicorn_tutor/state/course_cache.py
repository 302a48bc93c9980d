"""The parsed course, kept in the user cache so a command does not parse every lesson.toml again.

Parsing every lesson.toml is most of what a cold `tutor list` executes. The cache
file is named by a fingerprint of everything the catalog reads: the content folder, the
tutor's version and the catalog module itself, the modification times of the lesson and
twin folders (so an added or removed file counts) and the size and modification time of
every lesson.toml. Any change makes a new fingerprint, so a stale course is never
served; a broken course is never cached (loading it raises, as without the cache).
A cache that cannot be read or written is ignored: the course is parsed as before.
"""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

from fastapi_uvicorn_tutor import __version__
from fastapi_uvicorn_tutor.course import catalog
from fastapi_uvicorn_tutor.state.files import atomic_write
from fastapi_uvicorn_tutor.state.paths import cache_dir

FOLDER = "course"
KEEP_OTHERS = 4  # other installed copies of the course whose cache files are kept
TWIN_DEPTH = 2  # node_equivalents/<stack>/<slug>/: folders this deep are fingerprinted


def fingerprint(root: Path) -> str | None:
    """A digest of what the catalog reads under `root`, or None when a folder is missing."""
    digest = _Digest(f"{__version__}\0{root}\0".encode())
    try:
        digest.update(_stamp(Path(catalog.__file__)))
        lessons = root / "lessons"
        digest.update(_stamp(lessons))
        for entry in sorted(os.scandir(lessons), key=lambda e: e.name):
            if entry.is_dir():
                digest.update(entry.name.encode() + _stamp(Path(entry.path)))
                toml = Path(entry.path) / "lesson.toml"
                if toml.exists():
                    digest.update(_stamp(toml))
        twins = root / "node_equivalents"
        if twins.is_dir():
            for folder in _folders(twins, TWIN_DEPTH):
                digest.update(str(folder.relative_to(twins)).encode() + _stamp(folder))
    except OSError:
        return None
    return digest.hexdigest()


class _Digest:
    """CRC-32 and Adler-32 side by side: 64 bits that change whenever the stamps do. Not a
    defence against anyone (this is the learner's own cache): zlib is already in memory, where
    importing hashlib loads OpenSSL (11 M instructions, about 3 ms of every command here)."""

    def __init__(self, data: bytes) -> None:
        self.crc, self.adler = zlib.crc32(data), zlib.adler32(data)

    def update(self, data: bytes) -> None:
        self.crc, self.adler = zlib.crc32(data, self.crc), zlib.adler32(data, self.adler)

    def hexdigest(self) -> str:
        return f"{self.crc:08x}{self.adler:08x}"


def _stamp(path: Path) -> bytes:
    info = path.stat()
    return f"\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_size}\0{info.st_ino}".encode()


def _folders(top: Path, depth: int) -> list[Path]:
    found = [top]
    if depth > 0:
        for entry in sorted(os.scandir(top), key=lambda e: e.name):
            if entry.is_dir() and entry.name != "node_modules" and not entry.name.startswith("."):
                found += _folders(Path(entry.path), depth - 1)
    return found


def load_catalog(root: Path | None = None) -> list[catalog.Lesson]:
    """Every lesson in order, as `catalog.load_catalog`, from the cache when nothing changed."""
    base = root or catalog.content_root()
    key = fingerprint(base)
    prefix = _prefix(base)
    path = cache_dir() / FOLDER / f"{prefix}{key}.pickle" if key else None
    if path is not None:
        try:
            with open(path, "rb") as handle:
                lessons = pickle.load(handle)  # our own file, in the learner's own cache folder
            if isinstance(lessons, list) and all(isinstance(item, catalog.Lesson) for item in lessons):
                return lessons
        except Exception:  # noqa: BLE001 - a missing, partial or foreign cache file: parse afresh
            pass
    lessons = catalog.load_catalog(base)
    if path is not None:
        _store(path, lessons, prefix)
    return lessons


def _prefix(root: Path) -> str:
    """`catalog-<root digest>-`: each installed copy of the course keeps its own cache file, so two
    (two virtualenvs, a clone beside a pip install) do not evict each other's on every command."""
    return f"catalog-{zlib.crc32(str(root).encode()):08x}-"


def _store(path: Path, lessons: list[catalog.Lesson], prefix: str) -> None:
    """Write the cache atomically and drop this copy's older fingerprints (and files from before the prefix); never raise."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(lessons, protocol=pickle.HIGHEST_PROTOCOL))
        others = []
        for old in path.parent.glob("catalog-*.pickle"):
            if old != path and (old.name.startswith(prefix) or old.name.count("-") == 1):
                old.unlink(missing_ok=True)
            elif old != path:
                others.append(old)
        others.sort(key=lambda file: file.stat().st_mtime, reverse=True)
        for gone in others[KEEP_OTHERS:]:  # copies of the course not used lately (old clones, deleted venvs)
            gone.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
