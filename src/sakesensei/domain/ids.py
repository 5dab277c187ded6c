"""Random ids for the paths every request takes, drawn from the OS's secure source a
block at a time.

os.urandom (and so uuid.uuid4) is a system call that lets go of the interpreter lock, and
a thread taking the lock back behind a busy one can wait the whole switch interval (5 ms).
Under load, that wait fell on every request id and every new chat session. Here one
system call serves a block of ids; each id is as unpredictable as uuid4's.
"""

from __future__ import annotations

import os
import threading
import uuid

_ID_BYTES = 16


class RandomIds:
    def __init__(self, per_block: int = 256) -> None:
        self._per_block = per_block
        self._block = b""
        self._lock = threading.Lock()

    def _next(self) -> bytes:
        with self._lock:
            if not self._block:
                self._block = os.urandom(_ID_BYTES * self._per_block)
            piece, self._block = self._block[:_ID_BYTES], self._block[_ID_BYTES:]
        return piece

    def uuid4(self) -> str:
        """A version 4 UUID in its usual text form."""
        return str(uuid.UUID(bytes=self._next(), version=4))

    def hex(self) -> str:
        """32 hex digits."""
        return self._next().hex()


IDS = RandomIds()
