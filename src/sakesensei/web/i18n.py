"""The interface's words in Japanese and English, looked up by key from the message catalogs."""

from __future__ import annotations

from typing import Any

from sakesensei.web.messages.en import MESSAGES as EN
from sakesensei.web.messages.ja import MESSAGES as JA

CATALOGS: dict[str, dict[str, str]] = {"ja": JA, "en": EN}
LANGUAGES = {"ja": "日本語", "en": "English"}
DEFAULT = "ja"


def translate(language: str, key: str, **values: Any) -> str:
    """The message `key` in `language`, English when missing there, the key when unknown."""
    text = CATALOGS.get(language, EN).get(key) or EN.get(key) or key
    return text.format(**values) if values else text
