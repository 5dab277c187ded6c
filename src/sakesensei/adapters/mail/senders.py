"""Mailers: SMTP when SAKESENSEI_SMTP_URL is set, otherwise the message goes to the log."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlparse

from sakesensei.domain.errors import ConfigurationError

log = logging.getLogger("sakesensei.mail")


class LogMailer:
    """For one machine without mail: the body (which holds the code) is logged, the address not."""

    def send(self, to: str, subject: str, body: str) -> None:
        log.warning("mail not sent (no SAKESENSEI_SMTP_URL): %s: %s", subject, body)


class SmtpMailer:
    """smtp://user:pass@host:port (add ?starttls=true), or smtps:// for TLS from the start."""

    def __init__(self, url: str, sender: str) -> None:
        parsed = urlparse(url)
        if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
            raise ConfigurationError(
                f"SAKESENSEI_SMTP_URL must look like smtp://host:port, not {url!r}"
            )
        self._ssl = parsed.scheme == "smtps"
        self._host = parsed.hostname
        self._port = parsed.port or (465 if self._ssl else 25)
        self._user = unquote(parsed.username) if parsed.username else None
        self._password = unquote(parsed.password) if parsed.password else None
        self._starttls = parse_qs(parsed.query).get("starttls", ["false"])[0].lower() == "true"
        self._sender = sender

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        smtp_class = smtplib.SMTP_SSL if self._ssl else smtplib.SMTP
        with smtp_class(self._host, self._port, timeout=15) as smtp:
            if self._starttls:
                smtp.starttls()
            if self._user and self._password:
                smtp.login(self._user, self._password)
            smtp.send_message(message)
