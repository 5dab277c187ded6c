"""Every error the domain and services raise, in one hierarchy.

Entrypoints map each class to one outcome (an HTTP problem, an MCP tool error,
a CLI exit code), so callers never need to catch anything broader.
"""

from __future__ import annotations


class SakeSenseiError(Exception):
    """Base of all errors the product raises on purpose."""


class NotFound(SakeSenseiError):
    """A record that was asked for by id or key does not exist."""


class Conflict(SakeSenseiError):
    """A write would break a uniqueness rule."""


class InvalidInput(SakeSenseiError):
    """Input that a person can fix: the message says what and how."""


class UnreadableFile(InvalidInput):
    """A file that cannot be decoded or parsed at all."""


class UnsupportedMedia(InvalidInput):
    """A file of a type we do not take (a ZIP where a photo was expected)."""


class TooLarge(InvalidInput):
    """A file or image over a size limit; the message gives the limit."""


class ConfigurationError(SakeSenseiError):
    """Settings that cannot work (a default secret in production, a bad URL)."""


class StorageUnavailable(SakeSenseiError):
    """The database or blob store did not answer."""


class ProviderUnavailable(SakeSenseiError):
    """The language model provider failed, could not be reached or answered too slowly."""


class Unauthorized(SakeSenseiError):
    """No valid credentials: log in (again) and retry."""


class Forbidden(SakeSenseiError):
    """Valid credentials, but this account may not do this."""


class AccountLocked(SakeSenseiError):
    """Too many failed logins; the message says until when."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RateLimited(SakeSenseiError):
    """Too many requests from one address; retry after the given seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
