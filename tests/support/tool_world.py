"""A small catalog, two users and their records in the in-memory fakes, with a ToolContext
over them: what the tool registry and the MCP server are tested against."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sakesensei.agent.tools import ToolContext, tool_context
from sakesensei.domain.catalog import Brewery, Flavor, Pairing, Sake
from sakesensei.domain.memory import MemoryFact, SessionSummary
from sakesensei.domain.tastings import TastingRecord
from sakesensei.domain.users import Preferences, User
from sakesensei.ports import UnitOfWork
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.recommendations import RecommendationService
from tests.support.fakes import FakeStore, FakeUnitOfWork

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
ALICE = "00000000-0000-4000-8000-00000000000a"
BOB = "00000000-0000-4000-8000-00000000000b"


def now() -> datetime:
    return NOW


@dataclass
class ToolWorld:
    store: FakeStore
    context: ToolContext  # anonymous
    sake_ids: dict[str, int]  # by name
    brewery_ids: dict[str, int]  # by name

    def as_user(self, user_id: str, verified: bool = True) -> ToolContext:
        return self.context.as_caller(user_id, verified)


def _factory(store: FakeStore) -> Callable[[], UnitOfWork]:
    return lambda: FakeUnitOfWork(store)  # type: ignore[return-value]


def build_tool_world() -> ToolWorld:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        breweries = uow.breweries.upsert_many(
            [
                Brewery(
                    "旭酒造",
                    "山口県",
                    romaji="Asahi Shuzo",
                    city="岩国市",
                    founded=1948,
                    description="山口の山あいの蔵。",
                    representative_sake="獺祭",
                ),
                Brewery("八海醸造", "新潟県", romaji="Hakkai Jozo", founded=1922),
                Brewery("新政酒造", "秋田県", romaji="Aramasa Shuzo", founded=1852),
            ]
        )
        uow.sakes.upsert_many(
            [
                Sake(
                    "獺祭 純米大吟醸 45",
                    breweries[("旭酒造", "山口県")],
                    "純米大吟醸",
                    reading="だっさい",
                    romaji="Dassai 45",
                    price_yen=1980,
                    volume_ml=720,
                    abv=16.0,
                    polishing_ratio=45,
                    rice="山田錦",
                    flavor=Flavor(3, 2, 2, ("fruity", "melon")),
                    pairings=(Pairing("鯛の刺身 (sea bream sashimi)", "clean and delicate"),),
                    temperatures=("冷酒",),
                ),
                Sake(
                    "八海山 特別本醸造",
                    breweries[("八海醸造", "新潟県")],
                    "特別本醸造",
                    reading="はっかいさん",
                    romaji="Hakkaisan Tokubetsu Honjozo",
                    price_yen=1300,
                    flavor=Flavor(2, 3, 3, ("rice",)),
                    temperatures=("冷や", "ぬる燗"),
                ),
                Sake(
                    "新政 No.6",
                    breweries[("新政酒造", "秋田県")],
                    "純米",
                    reading="あらまさ",
                    romaji="Aramasa No.6",
                    price_yen=2000,
                    flavor=Flavor(3, 4, 2, ("citrus", "fruity")),
                    tags=("生酒", "生酛"),
                ),
                Sake(
                    "新政 亜麻猫",
                    breweries[("新政酒造", "秋田県")],
                    "純米",
                    reading="あらまさ あまねこ",
                    romaji="Aramasa Amaneko",
                    price_yen=2200,
                    flavor=Flavor(2, 5, 2, ("citrus",)),
                ),
            ]
        )
        uow.commit()
    sake_ids = {s.name: s.id for s in store.sakes.values() if s.id is not None}
    brewery_ids = {b.name: b.id for b in store.breweries.values() if b.id is not None}
    for user_id, email in ((ALICE, "alice@example.com"), (BOB, "bob@example.com")):
        store.users[user_id] = User(user_id, email, "hash", verified=True, created_at=NOW)
    # Alice has a history of her own; Bob has nothing yet.
    store.preferences[ALICE] = Preferences(ALICE, sweetness=2, budget_yen=2500, updated_at=NOW)
    record = TastingRecord(
        str(uuid.uuid4()),
        ALICE,
        sake_ids["八海山 特別本醸造"],
        5,
        date(2026, 11, 1),
        notes="すっきり辛口",
        created_at=NOW,
    )
    store.tastings[record.id] = record
    fact_id = store.new_id()
    store.facts[fact_id] = MemoryFact(ALICE, "sweetness", "prefers dry", NOW, NOW, id=fact_id)
    store.summaries.append(SessionSummary(ALICE, "s-1", "asked for dry sake under 2500 yen", NOW))

    uow_factory = _factory(store)
    catalog = CatalogCache(uow_factory)
    recommendations = RecommendationService(uow_factory, catalog, now)
    context = tool_context(uow_factory, catalog, recommendations, now)
    return ToolWorld(store, context, sake_ids, brewery_ids)
