"""Admin changes to the catalog: sake and breweries created, changed and deleted.

Every record is checked by the import's own rules (`read_entry`), so a value the import
would refuse is refused here with the same reason, and every change is audited in the
transaction that makes it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sakesensei.domain.catalog import MAX_ID, Brewery, Sake, SakeWithBrewery, sake_columns
from sakesensei.domain.errors import Conflict, InvalidInput, NotFound
from sakesensei.ports import UnitOfWork, UnitOfWorkFactory
from sakesensei.services.audit_log import changes_between, record
from sakesensei.services.catalog_export import export_record
from sakesensei.services.catalog_rows import OPTIONAL, REQUIRED, FieldError, read_entry
from sakesensei.services.catalog_rows import read_brewery as read_brewery_record

# The import's brewery_* columns describe the brewery, which has its own routes; a sake
# only names the brewery it belongs to.
SAKE_COLUMNS = frozenset(c for c in (*REQUIRED, *OPTIONAL) if not c.startswith("brewery_"))
BREWERY_FIELDS = (
    "name",
    "prefecture",
    "romaji",
    "city",
    "founded",
    "description",
    "representative_sake",
)
_FLAVOR = {"sweetness": "sweetness", "acidity": "acidity_level", "body": "body", "aroma": "aroma"}
_BREWERY_REF = {"id": "brewery_id", "name": "brewery", "prefecture": "prefecture"}
# The API's names for the few import columns it spells differently.
_API_NAMES = {"temperatures": "temperature"}
# Import error fields of the brewery, as the brewery routes name them.
_BREWERY_ERROR_FIELDS = {"brewery": "name", "prefecture": "prefecture"}
# Far beyond every range the import allows (prices reach 10 million yen).
MAX_NUMBER = 10**12


class InvalidRecord(InvalidInput):
    """A record the import would refuse: every field at fault, each with its reason."""

    def __init__(self, kind: str, errors: list[FieldError]) -> None:
        self.errors = errors
        reasons = "; ".join(f"{e.field}: {e.reason}" for e in errors)
        super().__init__(f"the {kind} was not saved: {reasons}")


def _error(field: str, reason: str) -> FieldError:
    return FieldError(0, field, reason)


def _unreadable_numbers(fields: Mapping[str, Any]) -> list[FieldError]:
    """Numbers the import's range checks cannot even compare: JSON allows 1e999 (infinity),
    NaN and integers of any length, and the import's reader fails on those outright."""
    errors = []
    for key, value in fields.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if isinstance(value, float) and not math.isfinite(value):
            errors.append(_error(key, f"{value} is not a number"))
        elif abs(value) > MAX_NUMBER:
            errors.append(_error(key, "is far too large a number"))
    return errors


def sake_fields(body: Mapping[str, Any]) -> dict[str, Any]:
    """A sake in the API's shape, as import columns; only the keys present are returned.

    A key that is absent means "leave it", a null means "clear it", so nested objects
    (flavor, brewery) give only the sub-keys they hold.
    """
    fields: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in body.items():
        if key in ("flavor", "brewery") and isinstance(value, Mapping):
            names = _FLAVOR if key == "flavor" else _BREWERY_REF
            fields.update({names[k]: v for k, v in value.items() if k in names})
            unknown.extend(f"{key}.{k}" for k in value if k not in names)
        elif key == "flavor" and value is None:
            fields.update(dict.fromkeys(_FLAVOR.values()))
        elif key == "brewery_id" or _API_NAMES.get(key, key) in SAKE_COLUMNS:
            fields[_API_NAMES.get(key, key)] = value
        else:
            unknown.append(key)
    if unknown:
        reason = "is not a field of a sake (brewery details change at /admin/breweries/{id})"
        raise InvalidRecord("sake", [_error(k, reason) for k in unknown])
    unreadable = _unreadable_numbers(fields)
    if unreadable:
        raise InvalidRecord("sake", unreadable)
    return fields


def brewery_snapshot(brewery: Brewery) -> dict[str, Any]:
    return {name: getattr(brewery, name) for name in BREWERY_FIELDS}


def read_brewery(fields: Mapping[str, Any]) -> Brewery:
    """Check a brewery by the import's rules for the brewery part of a record."""
    unknown = [k for k in fields if k not in BREWERY_FIELDS]
    if unknown:
        raise InvalidRecord("brewery", [_error(k, "is not a field of a brewery") for k in unknown])
    unreadable = _unreadable_numbers(fields)
    if unreadable:
        raise InvalidRecord("brewery", unreadable)
    raw: dict[str, Any] = {"brewery": fields.get("name"), "prefecture": fields.get("prefecture")}
    raw.update({f"brewery_{k}": v for k, v in fields.items() if k not in ("name", "prefecture")})
    brewery, errors = read_brewery_record(0, raw)
    if brewery is None:
        named = [
            replace(e, field=_BREWERY_ERROR_FIELDS.get(e.field, e.field.removeprefix("brewery_")))
            for e in errors
        ]
        raise InvalidRecord("brewery", named)
    return brewery


class CatalogAdmin:
    """What an administrator may do to the catalog; `actor_id` is who does it."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        now: Callable[[], datetime],
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self._uow = uow_factory
        self._now = now
        # Told after each change is committed (the API's catalog cache rereads the version).
        self._changed = on_change

    # ---- sake ---------------------------------------------------------------------------

    def create_sake(self, actor_id: str, body: Mapping[str, Any]) -> SakeWithBrewery:
        fields = sake_fields(body)
        with self._uow() as uow:
            sake = self._checked_sake(uow, {}, fields)
            taken = uow.sakes.get_by_key(sake.brewery_id, sake.name)
            if taken is not None:
                taken_id = taken.sake.id
                raise Conflict(
                    f"{taken.brewery.name} already has a sake called {sake.name} (id {taken_id}); "
                    f"change it with PATCH /api/v1/admin/sakes/{taken_id}"
                )
            uow.sakes.upsert_many([sake])
            created = uow.sakes.get_by_key(sake.brewery_id, sake.name)
            if created is None:  # the insert above makes this unreachable, short of a bug
                raise RuntimeError("the new sake was not stored")
            details = {"name": sake.name, "changes": changes_between(None, sake_columns(sake))}
            record(uow, self._now(), actor_id, "sake.create", ("sake", created.sake.id), details)
            uow.commit()
        self._changed()
        return created

    def update_sake(self, actor_id: str, sake_id: int, body: Mapping[str, Any]) -> SakeWithBrewery:
        fields = sake_fields(body)
        with self._uow() as uow:
            old = self._sake(uow, sake_id)
            # The stored record in import form, so that unchanged fields pass the same checks.
            base = {k: v for k, v in export_record(old).items() if k in SAKE_COLUMNS}
            new = self._checked_sake(uow, base, fields)
            new.id, new.created_at = sake_id, old.sake.created_at
            changes = changes_between(sake_columns(old.sake), sake_columns(new))
            if not changes:
                return old
            uow.sakes.update(new)
            details = {"name": new.name, "changes": changes}
            record(uow, self._now(), actor_id, "sake.update", ("sake", sake_id), details)
            updated = self._sake(uow, sake_id)
            uow.commit()
        self._changed()
        return updated

    def delete_sake(self, actor_id: str, sake_id: int) -> None:
        with self._uow() as uow:
            old = self._sake(uow, sake_id)
            uow.sakes.delete(sake_id)
            details = {
                "name": old.sake.name,
                "changes": changes_between(sake_columns(old.sake), None),
            }
            record(uow, self._now(), actor_id, "sake.delete", ("sake", sake_id), details)
            uow.commit()
        self._changed()

    def _sake(self, uow: UnitOfWork, sake_id: int) -> SakeWithBrewery:
        item = uow.sakes.get(sake_id) if 1 <= sake_id <= MAX_ID else None
        if item is None:
            raise NotFound(f"there is no sake with id {sake_id}")
        return item

    def _checked_sake(self, uow: UnitOfWork, base: dict[str, Any], fields: dict[str, Any]) -> Sake:
        """The merged record checked by the import rules, tied to a brewery that exists."""
        merged = {**base, **fields}
        by_id = self._brewery_by_id(uow, merged.pop("brewery_id", None))
        if by_id is not None:
            # Unless the body names a brewery too, the id decides which one.
            if "brewery" not in fields:
                merged["brewery"] = by_id.name
            if "prefecture" not in fields:
                merged["prefecture"] = by_id.prefecture
        entry, errors = read_entry(0, merged)
        if entry is None:
            raise InvalidRecord("sake", errors)
        name, prefecture = entry.brewery.key
        brewery = uow.breweries.get_by_key(name, prefecture)
        if by_id is not None and (brewery is None or brewery.id != by_id.id):
            reason = (
                f"brewery_id {by_id.id} is {by_id.name} ({by_id.prefecture}), not {name} "
                f"({prefecture}); give the id or the name, not both"
            )
            raise InvalidRecord("sake", [_error("brewery", reason)])
        if brewery is None or brewery.id is None:
            reason = (
                f"there is no brewery {name} in {prefecture}; "
                "add it first with POST /api/v1/admin/breweries"
            )
            raise InvalidRecord("sake", [_error("brewery", reason)])
        entry.sake.brewery_id = brewery.id
        return entry.sake

    def _brewery_by_id(self, uow: UnitOfWork, raw: Any) -> Brewery | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise InvalidRecord("sake", [_error("brewery_id", f"{raw!r} is not a brewery id")])
        brewery = uow.breweries.get(raw) if 1 <= raw <= MAX_ID else None
        if brewery is None:
            raise InvalidRecord(
                "sake", [_error("brewery_id", f"there is no brewery with id {raw}")]
            )
        return brewery

    # ---- breweries ------------------------------------------------------------------------

    def create_brewery(self, actor_id: str, body: Mapping[str, Any]) -> Brewery:
        brewery = read_brewery(body)
        with self._uow() as uow:
            taken = uow.breweries.get_by_key(*brewery.key)
            if taken is not None:
                raise Conflict(
                    f"{brewery.name} in {brewery.prefecture} exists already (id {taken.id}); "
                    f"change it with PATCH /api/v1/admin/breweries/{taken.id}"
                )
            brewery.id = uow.breweries.upsert_many([brewery])[brewery.key]
            details = {
                "name": brewery.name,
                "changes": changes_between(None, brewery_snapshot(brewery)),
            }
            record(uow, self._now(), actor_id, "brewery.create", ("brewery", brewery.id), details)
            uow.commit()
        self._changed()
        return brewery

    def update_brewery(self, actor_id: str, brewery_id: int, body: Mapping[str, Any]) -> Brewery:
        with self._uow() as uow:
            old = self._brewery(uow, brewery_id)
            new = read_brewery({**brewery_snapshot(old), **body})
            new.id = brewery_id
            changes = changes_between(brewery_snapshot(old), brewery_snapshot(new))
            if not changes:
                return old
            uow.breweries.update(new)
            if "name" in changes or "romaji" in changes:
                self._refresh_search_text(uow, brewery_id)
            details = {"name": new.name, "changes": changes}
            record(uow, self._now(), actor_id, "brewery.update", ("brewery", brewery_id), details)
            uow.commit()
        self._changed()
        return new

    def delete_brewery(self, actor_id: str, brewery_id: int) -> None:
        with self._uow() as uow:
            old = self._brewery(uow, brewery_id)
            uow.breweries.delete(brewery_id)
            details = {
                "name": old.name,
                "changes": changes_between(brewery_snapshot(old), None),
            }
            record(uow, self._now(), actor_id, "brewery.delete", ("brewery", brewery_id), details)
            uow.commit()
        self._changed()

    def _brewery(self, uow: UnitOfWork, brewery_id: int) -> Brewery:
        brewery = uow.breweries.get(brewery_id) if 1 <= brewery_id <= MAX_ID else None
        if brewery is None:
            raise NotFound(f"there is no brewery with id {brewery_id}")
        return brewery

    def _refresh_search_text(self, uow: UnitOfWork, brewery_id: int) -> None:
        # Sake are found by their brewery's name too; re-saving each one rebuilds its search
        # text. Renaming is rare, so walking the catalog once is cheaper than a new port.
        for item in list(uow.sakes.iter_all()):
            if item.sake.brewery_id == brewery_id:
                uow.sakes.update(item.sake)
