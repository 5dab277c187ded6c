"""Label scan: a photo in; out, the sake it shows with a confidence that means what it says,
or, when unsure, the candidates to choose from. Choices are remembered per label reading,
so the next scan of the same label leans towards what people picked."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from PIL import Image

from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.errors import InvalidInput, NotFound
from sakesensei.domain.scans import CONFIDENT, LabelScan
from sakesensei.domain.tastings import JournalEntry
from sakesensei.engines.recommend.fit import Fit as SakeFit
from sakesensei.engines.vision.images import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PIXELS,
    open_photo,
    shrink,
    stored_jpeg,
)
from sakesensei.engines.vision.label_match import LabelEntry, LabelIndex, LabelMatch
from sakesensei.engines.vision.reading import ReadLine
from sakesensei.ports import BlobStore, UnitOfWorkFactory
from sakesensei.services.catalog_cache import CatalogCache, CatalogSnapshot
from sakesensei.services.recommendations import RecommendationService
from sakesensei.services.similar_sake import SimilarSake, similar_sakes
from sakesensei.services.tastings import TastingJournal

CANDIDATES = 5
STORED_SIDE = 2048  # the longest side of a kept photo
ALL_SCANS = 10_000_000
SIMILAR = 4
# How much one earlier choice for the same label reading raises that sake, and the most
# that any number of choices can: a few agreeing people settle a tie between siblings,
# but never outvote a clear reading of a different label.
VOTE_BOOST = 0.04
MAX_BOOST = 0.12


class LabelReader(Protocol):
    def read(self, image: Image.Image) -> list[ReadLine]: ...

    def warm_up(self) -> None: ...


@dataclass(frozen=True, slots=True)
class ScanCandidate:
    item: SakeWithBrewery
    score: float  # 0-1, how well the reading matches this sake


@dataclass(frozen=True, slots=True)
class Identification:
    """What a photo shows, before anything is stored."""

    match: ScanCandidate | None  # named only at CONFIDENT or above
    confidence: float
    read_text: str
    candidates: list[ScanCandidate]
    label_key: str
    ocr_ms: float
    match_ms: float
    features: tuple[float, ...] = ()  # what the confidence was computed from (calibration)


@dataclass(frozen=True, slots=True)
class ScanResult:
    identification: Identification
    scan_id: str | None  # kept for signed-in users, who may then confirm or correct it
    fit: SakeFit | None  # how well the named sake suits the user
    similar: list[SimilarSake] = field(default_factory=list)  # when unsure: alike in taste


def label_key(match: LabelMatch) -> str:
    """What identifies 'the same label read the same way': the top candidates as a set.

    Two photos of one bottle rarely give identical text, but they do give the same short
    list of look-alike siblings; a choice among those is what later scans should learn.
    """
    top = sorted(c.sake_id for c in match.candidates[:3])
    return "top3:" + ",".join(map(str, top)) if top else ""


def label_entries(snapshot: CatalogSnapshot) -> list[LabelEntry]:
    return [
        LabelEntry(
            sake_id=sake_id,
            name=item.sake.name,
            reading=item.sake.reading,
            romaji=item.sake.romaji,
            category=item.sake.category,
            brewery=item.brewery.name,
            brewery_romaji=item.brewery.romaji,
        )
        for sake_id, item in snapshot.sakes.items()
    ]


class LabelScanner:
    """One per process; safe to share between the threads that serve requests."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        catalog: CatalogCache,
        reader: LabelReader,
        blobs: BlobStore,
        now: Callable[[], datetime],
        recommendations: RecommendationService | None = None,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_pixels: int = DEFAULT_MAX_PIXELS,
        ocr_side: int = 1280,
    ) -> None:
        self._uow = uow_factory
        self.catalog = catalog
        self._reader = reader
        self._blobs = blobs
        self._now = now
        self._recommendations = recommendations
        self._journal = TastingJournal(uow_factory, now)
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.ocr_side = ocr_side
        self._index: tuple[CatalogSnapshot, LabelIndex] | None = None
        self._building = threading.Lock()

    def warm_up(self) -> None:
        """Load the OCR models and build the index now, not on the first shopper's scan."""
        self._reader.warm_up()
        self._label_index()

    def _label_index(self) -> tuple[CatalogSnapshot, LabelIndex]:
        snapshot = self.catalog.snapshot()
        cached = self._index
        if cached is not None and cached[0] is snapshot:
            return cached
        with self._building:
            cached = self._index
            if cached is not None and cached[0] is snapshot:
                return cached
            self._index = (snapshot, LabelIndex(label_entries(snapshot)))
            return self._index

    def identify(self, data: bytes) -> Identification:
        """Read and match a photo; nothing is stored."""
        photo = open_photo(data, self.max_bytes, self.max_pixels, needed_side=self.ocr_side)
        return self._identify(photo.image)

    def _identify(self, image: Image.Image) -> Identification:
        started = time.perf_counter()
        lines = self._reader.read(shrink(image, self.ocr_side))
        read = time.perf_counter()
        snapshot, index = self._label_index()
        found = index.match(lines, limit=CANDIDATES)
        key = label_key(found)
        if key:
            with self._uow() as uow:
                votes = uow.scans.votes(key)
            if votes:
                boosts = {sid: min(MAX_BOOST, VOTE_BOOST * n) for sid, n in votes.items()}
                found = index.match(lines, limit=CANDIDATES, boosts=boosts)
        candidates = [
            ScanCandidate(snapshot.sakes[c.sake_id], round(c.score, 3))
            for c in found.candidates
            if c.sake_id in snapshot.sakes
        ]
        confidence = round(found.confidence, 3)
        best = candidates[0] if candidates and confidence >= CONFIDENT else None
        return Identification(
            match=best,
            confidence=confidence,
            read_text=found.read_text,
            candidates=candidates,
            label_key=key,
            ocr_ms=round((read - started) * 1000, 1),
            match_ms=round((time.perf_counter() - read) * 1000, 1),
            features=found.features.vector(),
        )

    def scan(self, data: bytes, user_id: str | None) -> ScanResult:
        """Identify a photo; for a signed-in user also keep the photo and the scan."""
        photo = open_photo(data, self.max_bytes, self.max_pixels, needed_side=STORED_SIDE)
        found = self._identify(photo.image)
        similar: list[SimilarSake] = []
        if found.match is None and found.candidates:
            shown = {c.item.sake.id for c in found.candidates}
            lead = found.candidates[0].item.sake.id
            if lead is not None:
                alike = similar_sakes(self.catalog, lead, limit=SIMILAR + len(shown))
                similar = [s for s in alike if s.item.sake.id not in shown][:SIMILAR]
        if user_id is None:
            return ScanResult(found, None, None, similar)
        scan_id = str(uuid.uuid4())
        blob_key = f"users/{user_id}/scans/{scan_id}.jpg"
        # Stored re-encoded: upright, bounded in size, and with no EXIF (so no location).
        self._blobs.put(blob_key, stored_jpeg(photo.image, STORED_SIDE), "image/jpeg")
        matched = found.match.item.sake.id if found.match else None
        record = LabelScan(
            id=scan_id,
            user_id=user_id,
            blob_key=blob_key,
            read_text=found.read_text[:4000],
            label_key=found.label_key,
            matched_sake_id=matched,
            confidence=found.confidence,
            created_at=self._now(),
        )
        try:
            with self._uow() as uow:
                uow.scans.add(record)
                uow.commit()
        except BaseException:
            self._blobs.delete(blob_key)  # no photo without its record
            raise
        fit = None
        if matched is not None and self._recommendations is not None:
            fit = self._recommendations.fit_for_user(user_id, matched)
        return ScanResult(found, scan_id, fit, similar)

    def photo(self, user_id: str, scan_id: str) -> bytes:
        scan = self._own_scan(user_id, scan_id)
        if scan.blob_key is None:
            raise NotFound(f"scan {scan_id} has no photo")
        return self._blobs.get(scan.blob_key)

    def photo_keys(self, user_id: str) -> list[str]:
        """Where the user's label photos are; read before erasing the account, whose
        cascades take the scan rows along."""
        with self._uow() as uow:
            scans = uow.scans.list_for_user(user_id, limit=ALL_SCANS)
        return [scan.blob_key for scan in scans if scan.blob_key]

    def delete_photos(self, keys: list[str]) -> None:
        for key in keys:
            self._blobs.delete(key)

    def _own_scan(self, user_id: str, scan_id: str) -> LabelScan:
        with self._uow() as uow:
            scan = uow.scans.get(scan_id)
        if scan is None or scan.user_id != user_id:
            raise NotFound(f"you have no scan with id {scan_id}")
        return scan

    def choose(
        self,
        user_id: str,
        scan_id: str,
        sake_id: int,
        rating: int | None = None,
        notes: str | None = None,
        tasted_on: date | None = None,
    ) -> tuple[SakeFit | None, JournalEntry | None]:
        """The user says which sake the photo shows; with a rating it goes into the journal."""
        scan = self._own_scan(user_id, scan_id)
        with self._uow() as uow:
            if uow.sakes.get(sake_id) is None:
                raise InvalidInput(f"there is no sake with id {sake_id} in the catalog")
            first_choice = scan.chosen_sake_id is None
            uow.scans.record_choice(scan_id, sake_id, self._now())
            # One vote per scan: changing one's mind moves nothing twice.
            if first_choice and scan.label_key:
                uow.scans.vote(scan.label_key, sake_id, self._now())
            uow.commit()
        entry = None
        if rating is not None:
            entry = self._journal.log(user_id, sake_id, rating, tasted_on, notes)
        fit = None
        if self._recommendations is not None:
            fit = self._recommendations.fit_for_user(user_id, sake_id)
        return fit, entry


def _brief(candidate: ScanCandidate) -> dict[str, object]:
    return {
        "sake_id": candidate.item.sake.id,
        "name": candidate.item.sake.name,
        "brewery": candidate.item.brewery.name,
    }


def identification_json(found: Identification) -> dict[str, object]:
    """The documented answer of `sakesensei identify --json` and the core of POST /scan."""
    return {
        "match": _brief(found.match) if found.match else None,
        "confidence": found.confidence,
        "read_text": found.read_text,
        "candidates": [{**_brief(c), "score": c.score} for c in found.candidates],
    }
