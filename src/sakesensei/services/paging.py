"""Paging rules shared by every list a user pages through."""

from __future__ import annotations

from sakesensei.domain.errors import InvalidInput

MAX_LIMIT = 100
# Far beyond any real list, and small enough for every database's OFFSET.
MAX_OFFSET = 1_000_000


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(f"offset must be between 0 and {MAX_OFFSET:,}, not {offset}")
