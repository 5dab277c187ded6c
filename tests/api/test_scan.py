"""POST /api/v1/scan and the choice that follows, on a real server with real OCR."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from sakesensei.adapters.sql import tables as t
from sakesensei.domain.catalog import SakeWithBrewery
from tests.api.conftest import Api
from tests.support import bad_images
from tests.support.labels import label_photo


def _find(api: Api, name: str) -> SakeWithBrewery:
    with api.container.uow() as uow:
        return next(i for i in uow.sakes.iter_all() if i.sake.name == name)


def _scans(api: Api) -> int:
    with api.container.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.label_scans)).scalar_one())


def _stored_photos(api: Api) -> list[Path]:
    root = Path(api.container.settings.resolved_blob_url.removeprefix("file://"))
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("notes.jpg", b"just some text, not a photo\n" * 20, 415, "JPEG, PNG or WebP"),
        ("label.jpg", bad_images.truncated_jpeg(), 422, "damaged or incomplete"),
        ("huge.png", bad_images.huge_png(), 413, "40 megapixels"),
        ("label.jpg", bad_images.zip_named_jpg(), 415, "ZIP archive"),
        ("empty.jpg", b"", 422, "empty"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_kept(
    api: Api, name: str, data: bytes, status: int, words: str
) -> None:
    auth = api.user()
    before = _stored_photos(api)
    response = api.http.post(
        "/api/v1/scan", files={"file": (name, data, "image/jpeg")}, headers=auth
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert words in response.json()["detail"]
    assert _scans(api) == 0
    assert _stored_photos(api) == before


def test_a_missing_file_field_is_a_clear_422(api: Api) -> None:
    response = api.http.post("/api/v1/scan", data={"photo": "x"})
    assert response.status_code == 422
    assert "file" in response.json()["detail"]


def test_an_upload_over_the_byte_limit_is_refused_before_reading(api: Api) -> None:
    data = b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024)
    response = api.http.post("/api/v1/scan", files={"file": ("big.jpg", data, "image/jpeg")})
    assert response.status_code == 413


def test_a_label_is_identified_kept_and_logged_in_the_journal(api: Api) -> None:
    auth = api.user()
    item = _find(api, "獺祭 純米大吟醸 磨き二割三分")
    photo = label_photo(item, "vertical", "PNG")
    response = api.http.post(
        "/api/v1/scan", files={"file": ("IMG_0042.png", photo, "image/png")}, headers=auth
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["match"] == {"sake_id": item.sake.id, "name": item.sake.name, "brewery": "旭酒造"}
    assert body["confidence"] >= 0.7
    assert "二割三分" in body["read_text"]
    assert body["candidates"][0]["sake_id"] == item.sake.id
    assert 0 <= body["fit"]["score"] <= 100 and body["fit"]["reasons"]
    assert body["sake"]["id"] == item.sake.id
    scan_id = body["scan_id"]

    # The photo is kept for its owner only, re-encoded as JPEG.
    photo_url = f"/api/v1/scan/{scan_id}/photo"
    kept = api.http.get(photo_url, headers=auth)
    assert kept.status_code == 200 and kept.content[:3] == b"\xff\xd8\xff"
    assert api.http.get(photo_url, headers=api.user("other@example.com")).status_code == 404

    chosen = api.http.post(
        f"/api/v1/scan/{scan_id}/choice",
        json={"sake_id": item.sake.id, "rating": 5, "notes": "買ってよかった"},
        headers=auth,
    )
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["journal_entry"]["sake"]["id"] == item.sake.id
    journal = api.http.get("/api/v1/me/tastings", headers=auth).json()
    assert [e["rating"] for e in journal["items"]] == [5]


def test_a_visitor_gets_an_answer_and_nothing_is_kept(api: Api) -> None:
    item = _find(api, "獺祭 純米大吟醸 磨き二割三分")
    before = _stored_photos(api)
    response = api.http.post(
        "/api/v1/scan",
        files={"file": ("label.webp", label_photo(item, "horizontal", "WEBP"), "image/webp")},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scan_id"] is None and body["fit"] is None
    assert body["candidates"][0]["sake_id"] == item.sake.id
    assert _scans(api) == 0 and _stored_photos(api) == before


def test_choices_need_your_own_scan_and_a_real_sake(api: Api) -> None:
    auth = api.user()
    item = _find(api, "獺祭 純米大吟醸 磨き二割三分")
    scan_id = api.http.post(
        "/api/v1/scan", files={"file": ("l.jpg", label_photo(item), "image/jpeg")}, headers=auth
    ).json()["scan_id"]
    url = f"/api/v1/scan/{scan_id}/choice"
    unknown = api.http.post(url, json={"sake_id": 99_999_999}, headers=auth)
    assert unknown.status_code == 422 and "no sake" in unknown.json()["detail"]
    stranger = api.http.post(url, json={"sake_id": item.sake.id}, headers=api.user("x@example.com"))
    assert stranger.status_code == 404
    bad_rating = api.http.post(url, json={"sake_id": item.sake.id, "rating": 9}, headers=auth)
    assert bad_rating.status_code == 422


def test_erasing_the_account_removes_the_photos(api: Api) -> None:
    auth = api.user()
    item = _find(api, "獺祭 純米大吟醸 磨き二割三分")
    before = set(_stored_photos(api))
    api.http.post(
        "/api/v1/scan", files={"file": ("l.jpg", label_photo(item), "image/jpeg")}, headers=auth
    ).raise_for_status()
    assert set(_stored_photos(api)) > before
    assert api.http.delete("/api/v1/me", headers=auth).status_code == 204
    assert set(_stored_photos(api)) <= before
