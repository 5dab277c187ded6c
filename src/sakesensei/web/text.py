"""Showing text from users and the API safely: as typed, never as markup."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: object) -> str:
    """`text` escaped so that Streamlit's markdown shows it as typed (links, images, emphasis
    and HTML all come out as the characters they were written with)."""
    return _MARKDOWN.sub(r"\\\1", str(text if text is not None else ""))
