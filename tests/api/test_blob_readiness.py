"""/readyz checks the blob store too: a local folder, or an S3 bucket on moto's server."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support.instances import app_instance, instance_container
from tests.support.s3_server import CREDENTIALS, REGION, s3_server


@pytest.fixture(autouse=True)
def _aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)


def test_ready_with_an_s3_bucket_and_not_ready_without_it(tmp_path: Path) -> None:
    with s3_server() as s3:
        bucket = s3.new_bucket()
        container = instance_container(
            tmp_path,
            blob_url=f"s3://{bucket}/images",
            s3_endpoint_url=s3.endpoint,
            s3_region=REGION,
        )
        with app_instance(container) as base:
            ready = httpx.get(f"{base}/readyz")
            assert ready.status_code == 200
            assert ready.json()["blobs"] == "ok"

            s3.client().delete_bucket(Bucket=bucket)  # type: ignore[attr-defined]
            gone = httpx.get(f"{base}/readyz")
            assert gone.status_code == 503
            assert gone.headers["content-type"] == "application/problem+json"
            assert gone.json()["detail"] == "the blob store does not answer"
            assert bucket not in gone.text  # the cause goes to the log, not to the public
            assert httpx.get(f"{base}/healthz").status_code == 200
        container.close()


def test_not_ready_when_the_s3_server_is_down(tmp_path: Path) -> None:
    with s3_server() as s3:
        bucket = s3.new_bucket()
        container = instance_container(
            tmp_path,
            blob_url=f"s3://{bucket}",
            s3_endpoint_url=s3.endpoint,
            s3_region=REGION,
        )
    # The server has stopped: the bucket's endpoint no longer answers.
    with app_instance(container) as base:
        response = httpx.get(f"{base}/readyz", timeout=60)
        assert response.status_code == 503
        assert response.json()["detail"] == "the blob store does not answer"
    container.close()


def test_not_ready_when_the_blob_folder_cannot_be_made(tmp_path: Path) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    container = instance_container(tmp_path / "var", blob_url=(in_the_way / "blobs").as_uri())
    with app_instance(container) as base:
        response = httpx.get(f"{base}/readyz")
        assert response.status_code == 503
        assert response.json()["detail"] == "the blob store does not answer"
    container.close()
    fine = instance_container(tmp_path / "var2")
    with app_instance(fine) as base:
        assert httpx.get(f"{base}/readyz").json()["blobs"] == "ok"
    fine.close()
