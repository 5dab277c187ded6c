"""A blob store in a local directory, written atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sakesensei.domain.errors import InvalidInput, NotFound, StorageUnavailable

TEMP_PREFIX = ".tmp-"


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _path(self, key: str) -> Path:
        # Split by hand: PurePosixPath would quietly turn "a//b" into "a/b", another key.
        parts = key.split("/")
        if not key or any(p in ("", ".", "..") for p in parts):
            raise InvalidInput(f"blob key {key!r} must be a relative path without '..'")
        return self._root.joinpath(*parts)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write aside and rename, so a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        path = self._path(key)
        if not path.is_file():
            raise NotFound(f"no blob {key!r}")
        return path.read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list_keys(self, prefix: str = "") -> Iterator[str]:
        if not self._root.is_dir():
            return
        for folder, _dirs, files in os.walk(self._root):
            base = Path(folder).relative_to(self._root).as_posix()
            for name in files:
                if name.startswith(TEMP_PREFIX):  # a write in flight, not a blob yet
                    continue
                key = name if base == "." else f"{base}/{name}"
                if key.startswith(prefix):
                    yield key

    def check(self) -> None:
        """The folder exists (or can be made) and we may write in it."""
        try:
            self._root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageUnavailable(f"the blob folder {self._root} is unusable: {exc}") from exc
        if not os.access(self._root, os.W_OK | os.X_OK):
            raise StorageUnavailable(f"the blob folder {self._root} is not writable")

    def describe(self) -> str:
        return str(self._root)
