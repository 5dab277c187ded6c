"""Label scans and the choices people made for them, over SQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from sakesensei.adapters.sql import tables as t
from sakesensei.adapters.sql.account_repos import _utc, _when
from sakesensei.domain.scans import LabelScan


def _scan(m: Any) -> LabelScan:
    return LabelScan(
        id=m["id"],
        user_id=m["user_id"],
        blob_key=m["blob_key"],
        read_text=m["read_text"],
        label_key=m["label_key"],
        matched_sake_id=m["matched_sake_id"],
        confidence=float(m["confidence"]),
        created_at=_when(m["created_at"]),
        chosen_sake_id=m["chosen_sake_id"],
        chosen_at=_utc(m["chosen_at"]),
    )


class SqlScanRepository:
    def __init__(self, conn: Connection, now: Callable[[], datetime]) -> None:
        self._conn = conn
        self._now = now

    def add(self, scan: LabelScan) -> None:
        self._conn.execute(
            insert(t.label_scans).values(
                id=scan.id,
                user_id=scan.user_id,
                blob_key=scan.blob_key,
                read_text=scan.read_text,
                label_key=scan.label_key,
                matched_sake_id=scan.matched_sake_id,
                confidence=scan.confidence,
                chosen_sake_id=scan.chosen_sake_id,
                chosen_at=scan.chosen_at,
                created_at=scan.created_at,
            )
        )

    def get(self, scan_id: str) -> LabelScan | None:
        row = self._conn.execute(select(t.label_scans).where(t.label_scans.c.id == scan_id)).first()
        return _scan(row._mapping) if row else None

    def record_choice(self, scan_id: str, sake_id: int, when: datetime) -> None:
        self._conn.execute(
            update(t.label_scans)
            .where(t.label_scans.c.id == scan_id)
            .values(chosen_sake_id=sake_id, chosen_at=when)
        )

    def list_for_user(self, user_id: str, limit: int) -> list[LabelScan]:
        c = t.label_scans.c
        rows = self._conn.execute(
            select(t.label_scans)
            .where(c.user_id == user_id)
            .order_by(c.created_at.desc(), c.id)
            .limit(limit)
        )
        return [_scan(r._mapping) for r in rows]

    def vote(self, label_key: str, sake_id: int, when: datetime) -> None:
        c = t.label_choices.c
        # Update first: two replicas voting at once can then at worst both insert, and the
        # unique constraint turns the loser's insert into an error the caller retries.
        changed = self._conn.execute(
            update(t.label_choices)
            .where(c.label_key == label_key, c.sake_id == sake_id)
            .values(votes=c.votes + 1, updated_at=when)
        ).rowcount
        if not changed:
            self._conn.execute(
                insert(t.label_choices).values(
                    label_key=label_key, sake_id=sake_id, votes=1, updated_at=when
                )
            )

    def votes(self, label_key: str) -> dict[int, int]:
        c = t.label_choices.c
        rows = self._conn.execute(select(c.sake_id, c.votes).where(c.label_key == label_key))
        return {int(sake_id): int(n) for sake_id, n in rows}
