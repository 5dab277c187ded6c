"""GET /api/v1/recommendations through a real server holding the scale benchmark's data.

Used by `bench/reco_scale.py --api`: loads the generated sake, users and ratings into a
fresh SQLite database (through the repositories for the catalog, bulk inserts for the
journal), starts `python -m sakesensei serve api` on it, waits until the background
refresh has fitted the collaborative model, then times signed-in requests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from reco_service import catalog  # a sibling script module
from sqlalchemy import insert

from sakesensei.adapters.security.argon2_hasher import Argon2Hasher
from sakesensei.adapters.sql import tables as t
from sakesensei.bootstrap import build_container
from sakesensei.config import load_settings
from sakesensei.engines.recommend.synthetic import SyntheticRatings

PASSWORD = "Bench-Sake-2026!"
CHUNK = 50_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_database(
    data_dir: Path, features: np.ndarray[Any, Any], synthetic: SyntheticRatings
) -> list[str]:
    """Write sake, users and ratings; returns the user ids (as the database has them)."""
    container = build_container(load_settings(data_dir=data_dir, load_catalog_on_start=False))
    container.upgrade_database()
    items = catalog(features)
    with container.uow() as uow:
        ids = uow.breweries.upsert_many(list({i.brewery.key: i.brewery for i in items}.values()))
        for item in items:
            item.sake.brewery_id = ids[item.brewery.key]
        for start in range(0, len(items), CHUNK):
            uow.sakes.upsert_many([i.sake for i in items[start : start + CHUNK]])
        uow.commit()
    # Every bench user shares one real argon2 hash, so any of them can log in.
    password_hash = Argon2Hasher().hash(PASSWORD)
    now = datetime.now(UTC)
    user_ids = [
        str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-user-{u}"))
        for u in range(int(synthetic.users.max()) + 1)
    ]
    with container.engine.begin() as conn:
        for start in range(0, len(user_ids), CHUNK):
            conn.execute(
                insert(t.users),
                [
                    {
                        "id": uid,
                        "email": f"bench{start + n}@example.com",
                        "password_hash": password_hash,
                        "verified": True,
                        "role": "user",
                        "failed_logins": 0,
                        "locked_until": None,
                        "created_at": now,
                    }
                    for n, uid in enumerate(user_ids[start : start + CHUNK])
                ],
            )
        for start in range(0, len(synthetic.ratings), CHUNK):
            stop = start + CHUNK
            conn.execute(
                insert(t.tastings),
                [
                    {
                        "id": str(uuid.uuid4()),
                        "user_id": user_ids[int(u)],
                        "sake_id": int(i) + 1,
                        "rating": int(r),
                        "notes": None,
                        "photo_key": None,
                        "tasted_on": date.fromtimestamp(float(ts)),
                        "created_at": now,
                    }
                    for u, i, r, ts in zip(
                        synthetic.users[start:stop],
                        synthetic.items[start:stop],
                        synthetic.ratings[start:stop],
                        synthetic.timestamps[start:stop],
                        strict=True,
                    )
                ],
            )
    container.close()
    return user_ids


def api_latency(
    features: np.ndarray[Any, Any], synthetic: SyntheticRatings, requests: int, seed: int = 3
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        started = time.perf_counter()
        user_ids = load_database(data_dir, features, synthetic)
        load_seconds = time.perf_counter() - started
        port = _free_port()
        env = {
            **os.environ,
            "SAKESENSEI_DATA_DIR": str(data_dir),
            "SAKESENSEI_LOAD_CATALOG_ON_START": "false",
            "SAKESENSEI_RATE_LIMIT_REQUESTS": "0",
            "SAKESENSEI_AUTH_RATE_LIMIT_REQUESTS": "0",
            "SAKESENSEI_LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "sakesensei", "serve", "api", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            return {
                "load_seconds": round(load_seconds, 1),
                **_measure(f"http://127.0.0.1:{port}", len(user_ids), requests, seed),
            }
        finally:
            server.terminate()
            server.wait(timeout=30)


def _measure(base: str, users: int, requests: int, seed: int) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=60) as http:
        deadline = time.monotonic() + 120
        while True:
            try:
                if http.get("/readyz").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                return {"status": "the server did not become ready"}
            time.sleep(0.5)
        rng = np.random.default_rng(seed)
        headers = []
        for index in rng.choice(users, size=min(20, users), replace=False):
            login = http.post(
                "/api/v1/auth/login",
                json={"email": f"bench{int(index)}@example.com", "password": PASSWORD},
            )
            login.raise_for_status()
            headers.append({"Authorization": f"Bearer {login.json()['access_token']}"})
        # Wait for the background refresh to fit the collaborative model on the ratings.
        waited = time.perf_counter()
        while True:
            body = http.get("/api/v1/recommendations", headers=headers[0]).json()
            if body.get("model", {}).get("fitted_at"):
                break
            if time.perf_counter() - waited > 600:
                return {"status": "no model was fitted within 600 s"}
            time.sleep(1)
        fitted_after = time.perf_counter() - waited
        samples, statuses = [], {}
        for n in range(requests):
            started = time.perf_counter()
            response = http.get("/api/v1/recommendations", headers=headers[n % len(headers)])
            samples.append(time.perf_counter() - started)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    values = np.asarray(samples) * 1000
    return {
        "model_ready_after_seconds": round(fitted_after, 1),
        "requests": requests,
        "statuses": {str(k): v for k, v in statuses.items()},
        "p50_ms": round(float(np.percentile(values, 50)), 2),
        "p95_ms": round(float(np.percentile(values, 95)), 2),
        "max_ms": round(float(values.max()), 2),
    }
