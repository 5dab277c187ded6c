"""A real SMTP server (aiosmtpd) that keeps what it receives, for tests of mailed codes."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.servers import free_port


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 OK"

    def code_for(self, address: str, timeout: float = 5.0) -> str:
        """The six-digit code in the newest mail to `address`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.messages):
                if message["To"] == address:
                    match = re.search(r"\b(\d{6})\b", str(message.get_payload()))
                    if match:
                        return match.group(1)
            time.sleep(0.05)
        raise AssertionError(f"no code was mailed to {address}")


class SmtpSink:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> SmtpSink:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()
