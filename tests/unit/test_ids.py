"""Ids drawn from a block of secure random bytes: well formed, and never the same."""

from __future__ import annotations

import re
import threading
import uuid

from sakesensei.domain.ids import RandomIds


def test_ids_are_well_formed_version_4_uuids_and_hex() -> None:
    ids = RandomIds(per_block=4)
    for _ in range(10):  # across several blocks
        text = ids.uuid4()
        assert uuid.UUID(text).version == 4 and str(uuid.UUID(text)) == text
        assert re.fullmatch(r"[0-9a-f]{32}", ids.hex())


def test_no_id_comes_twice_even_from_many_threads() -> None:
    ids = RandomIds(per_block=8)
    seen: list[str] = []

    def draw() -> None:
        seen.extend(ids.hex() for _ in range(500))

    threads = [threading.Thread(target=draw) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 4000 == len(set(seen))
