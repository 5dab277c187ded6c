"""Reading a catalog file (JSON list or CSV) into records for the admin API, with a report."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from sakesensei.web.client import ApiClient, ApiError


@dataclass
class ImportReport:
    """What was loaded and what was refused, with the API's reason for each refusal."""

    loaded: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # row, name, why


def read_records(data: bytes, filename: str) -> list[dict[str, Any]]:
    """The file's records; ValueError with a readable message when it is neither format."""
    text = data.decode("utf-8-sig")
    if filename.lower().endswith(".json"):
        records = json.loads(text)
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ValueError("a JSON catalog is a list of objects")
        return records
    rows = list(csv.DictReader(io.StringIO(text)))
    return [{k.strip(): v for k, v in row.items() if k and v not in (None, "")} for row in rows]


def _as_sake(record: dict[str, Any]) -> dict[str, Any]:
    """A file record in the admin API's shape (the flavour columns nest under `flavor`)."""
    body = dict(record)
    flavor = {
        "sweetness": body.pop("sweetness", None),
        "acidity": body.pop("acidity_level", None),
        "body": body.pop("body", None),
        "aroma": body.pop("aroma", None),
    }
    if "temperature" in body:
        body["temperatures"] = body.pop("temperature")
    if any(v is not None for v in flavor.values()):
        body["flavor"] = {k: v for k, v in flavor.items() if v is not None}
    return body


def import_records(api: ApiClient, records: list[dict[str, Any]]) -> ImportReport:
    """Send each record to POST /admin/sakes; one refusal does not stop the others."""
    report = ImportReport()
    for row, record in enumerate(records, start=1):
        name = str(record.get("name", ""))
        try:
            api.post("/api/v1/admin/sakes", _as_sake(record))
        except ApiError as error:
            report.rejected.append((row, name, error.detail))
        else:
            report.loaded.append(name)
    return report
