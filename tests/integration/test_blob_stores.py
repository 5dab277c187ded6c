"""The blob stores against real storage: a local folder, and S3 as moto's server speaks it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sakesensei.adapters.blobs.local import LocalBlobStore
from sakesensei.adapters.blobs.s3 import S3BlobStore
from sakesensei.bootstrap import build_blob_store
from sakesensei.config import load_settings
from sakesensei.domain.errors import ConfigurationError, InvalidInput, NotFound, StorageUnavailable
from sakesensei.ports import BlobStore
from tests.support.s3_server import CREDENTIALS, REGION, S3Server, s3_server
from tests.support.servers import free_port


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


@pytest.fixture(autouse=True)
def _aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)


def s3_store(server: S3Server, bucket: str, prefix: str = "images") -> BlobStore:
    settings = load_settings(
        env="test",
        blob_url=f"s3://{bucket}/{prefix}",
        s3_endpoint_url=server.endpoint,
        s3_region=REGION,
    )
    return build_blob_store(settings.resolved_blob_url, settings)


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "local":
        return LocalBlobStore(tmp_path / "blobs")
    server: S3Server = request.getfixturevalue("s3")
    return s3_store(server, server.new_bucket())


def test_put_get_exists_delete(store: BlobStore) -> None:
    key = "users/u1/scans/s1.jpg"
    assert not store.exists(key)
    store.put(key, b"\xff\xd8jpeg bytes", "image/jpeg")
    assert store.exists(key)
    assert store.get(key) == b"\xff\xd8jpeg bytes"
    store.put(key, b"replaced", "image/jpeg")
    assert store.get(key) == b"replaced"
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # deleting what is gone is not an error
    with pytest.raises(NotFound, match=r"s1\.jpg"):
        store.get(key)


def test_list_keys_with_and_without_a_prefix(store: BlobStore) -> None:
    keys = {f"users/u{i % 3}/scans/s{i}.jpg" for i in range(7)} | {"other/readme.txt"}
    for key in keys:
        store.put(key, key.encode(), "application/octet-stream")
    assert set(store.list_keys()) == keys
    assert set(store.list_keys("users/u1/")) == {k for k in keys if k.startswith("users/u1/")}
    assert list(store.list_keys("nobody/")) == []


def test_unsafe_keys_are_refused(store: BlobStore) -> None:
    for key in ("../escape.jpg", "/absolute.jpg", "a//b.jpg", ""):
        with pytest.raises(InvalidInput):
            store.put(key, b"x", "image/jpeg")


def test_check_answers_when_the_store_works(store: BlobStore) -> None:
    store.check()
    assert store.describe()


def test_s3_prefixes_keep_stores_apart(s3: S3Server) -> None:
    bucket = s3.new_bucket()
    one, two = s3_store(s3, bucket, "one"), s3_store(s3, bucket, "two/deeper")
    one.put("a.jpg", b"1", "image/jpeg")
    two.put("a.jpg", b"2", "image/jpeg")
    assert one.get("a.jpg") == b"1" and two.get("a.jpg") == b"2"
    assert list(one.list_keys()) == ["a.jpg"]
    listed = s3.client().list_objects_v2(Bucket=bucket)  # type: ignore[attr-defined]
    assert sorted(o["Key"] for o in listed["Contents"]) == ["one/a.jpg", "two/deeper/a.jpg"]
    assert "s3://" in one.describe() and s3.endpoint in one.describe()


def test_s3_missing_bucket_is_storage_unavailable_with_the_bucket_named(s3: S3Server) -> None:
    store = s3_store(s3, "no-such-bucket-here")
    with pytest.raises(StorageUnavailable, match="bucket no-such-bucket-here does not exist"):
        store.check()
    with pytest.raises(StorageUnavailable, match="no-such-bucket-here"):
        store.put("a.jpg", b"x", "image/jpeg")
    with pytest.raises(StorageUnavailable, match="no-such-bucket-here"):
        list(store.list_keys())


def test_s3_server_down_is_storage_unavailable() -> None:
    settings = load_settings(
        env="test",
        blob_url="s3://bucket/images",
        s3_endpoint_url=f"http://127.0.0.1:{free_port()}",
        s3_region=REGION,
    )
    store = build_blob_store(settings.resolved_blob_url, settings)
    with pytest.raises(StorageUnavailable, match="did not answer"):
        store.check()
    with pytest.raises(StorageUnavailable, match="did not answer"):
        store.get("a.jpg")


def test_s3_urls_are_checked() -> None:
    with pytest.raises(ConfigurationError, match="s3://bucket"):
        S3BlobStore.from_url("s3:///no-bucket")
    with pytest.raises(ConfigurationError, match="not supported"):
        build_blob_store("ftp://example.com/images")
