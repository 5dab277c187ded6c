"""A blob store in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2...), under a key prefix.

Credentials come from the standard AWS chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
a profile, or an instance role); the endpoint and region from settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from sakesensei.domain.errors import ConfigurationError, InvalidInput, NotFound, StorageUnavailable

MISSING = {"404", "NoSuchKey", "NotFound"}


def checked_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise InvalidInput(f"blob key {key!r} must be a relative path without '..'")
    return key


def parse_s3_url(url: str) -> tuple[str, str]:
    """(bucket, prefix) of s3://bucket/prefix; the prefix ends with '/' unless empty."""
    parsed = urlparse(url)
    bucket = parsed.netloc
    if parsed.scheme != "s3" or not bucket:
        raise ConfigurationError(
            f"SAKESENSEI_BLOB_URL {url!r} is not of the form s3://bucket or s3://bucket/prefix"
        )
    prefix = parsed.path.strip("/")
    return bucket, f"{prefix}/" if prefix else ""


class S3BlobStore:
    def __init__(self, client: Any, bucket: str, prefix: str, endpoint: str | None) -> None:
        self._client = client
        self._bucket = bucket
        self._prefix = prefix
        self._endpoint = endpoint

    @classmethod
    def from_url(
        cls,
        url: str,
        endpoint_url: str | None = None,
        region: str | None = None,
        addressing_style: str = "auto",
    ) -> S3BlobStore:
        bucket, prefix = parse_s3_url(url)
        # Short timeouts and few retries: /readyz and uploads must not hang on a dead store.
        config = Config(
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": addressing_style},
        )
        try:
            client = boto3.session.Session().client(
                "s3", endpoint_url=endpoint_url, region_name=region, config=config
            )
        except (BotoCoreError, ValueError) as exc:
            raise ConfigurationError(f"cannot set up the S3 client for {url}: {exc}") from exc
        return cls(client, bucket, prefix, endpoint_url)

    def describe(self) -> str:
        where = f"s3://{self._bucket}/{self._prefix}"
        return f"{where} at {self._endpoint}" if self._endpoint else where

    @contextmanager
    def _calls(self, doing: str) -> Iterator[None]:
        try:
            yield
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = str(error.get("Code", "error"))
            if code == "NoSuchBucket":
                message = f"the bucket {self._bucket} does not exist"
            else:
                message = f"{code}: {error.get('Message') or exc}"
            raise StorageUnavailable(
                f"the blob store {self.describe()} failed to {doing}: {message}"
            ) from exc
        except BotoCoreError as exc:
            raise StorageUnavailable(
                f"the blob store {self.describe()} did not answer to {doing}: {exc}"
            ) from exc

    def put(self, key: str, data: bytes, content_type: str) -> None:
        name = self._prefix + checked_key(key)
        with self._calls(f"store {key}"):
            self._client.put_object(
                Bucket=self._bucket, Key=name, Body=data, ContentType=content_type
            )

    def get(self, key: str) -> bytes:
        name = self._prefix + checked_key(key)
        try:
            with self._calls(f"read {key}"):
                response = self._client.get_object(Bucket=self._bucket, Key=name)
                body: bytes = response["Body"].read()
                return body
        except StorageUnavailable as exc:
            if _missing(exc):
                raise NotFound(f"no blob {key!r}") from None
            raise

    def delete(self, key: str) -> None:
        name = self._prefix + checked_key(key)
        with self._calls(f"delete {key}"):
            self._client.delete_object(Bucket=self._bucket, Key=name)

    def exists(self, key: str) -> bool:
        name = self._prefix + checked_key(key)
        try:
            with self._calls(f"look up {key}"):
                self._client.head_object(Bucket=self._bucket, Key=name)
        except StorageUnavailable as exc:
            if _missing(exc):
                return False
            raise
        return True

    def list_keys(self, prefix: str = "") -> Iterator[str]:
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self._bucket, Prefix=self._prefix + prefix
        )
        with self._calls("list its keys"):
            for page in pages:
                for item in page.get("Contents", ()):
                    yield str(item["Key"])[len(self._prefix) :]

    def check(self) -> None:
        try:
            with self._calls("answer"):
                self._client.head_bucket(Bucket=self._bucket)
        except StorageUnavailable as exc:
            if _missing(exc):  # HEAD answers a bare 404 for a missing bucket
                raise StorageUnavailable(
                    f"the blob store {self.describe()} is unusable: "
                    f"the bucket {self._bucket} does not exist"
                ) from exc
            raise


def _missing(exc: StorageUnavailable) -> bool:
    cause = exc.__cause__
    if not isinstance(cause, ClientError):
        return False
    return str(cause.response.get("Error", {}).get("Code")) in MISSING
