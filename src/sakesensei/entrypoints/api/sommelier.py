"""The sommelier an API process answers chat with: the built-in one, or a language model
with the built-in one as its fallback (SAKESENSEI_LLM_PROVIDER)."""

from __future__ import annotations

from sakesensei.agent.builtin.sommelier import BuiltinSommelier
from sakesensei.agent.chat.sessions import Conversations
from sakesensei.agent.conversation import Sommelier
from sakesensei.agent.model.fallback import FallbackSommelier
from sakesensei.agent.model.loop import ModelSommelier
from sakesensei.agent.tools import tool_context
from sakesensei.bootstrap import Container, utc_now
from sakesensei.entrypoints.api.answer_pool import AnswerPool
from sakesensei.entrypoints.api.chat_stream import ChatStreams
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.label_scan import LabelScanner
from sakesensei.services.recommendations import RecommendationService


def sommelier_for(container: Container) -> Sommelier:
    builtin = BuiltinSommelier()
    model = container.chat_model
    if model is None:
        return builtin
    s = container.settings
    return FallbackSommelier(
        ModelSommelier(model, learn=builtin.learned),
        builtin,
        provider=s.llm_provider,
        first_token_seconds=s.llm_first_token_timeout_seconds,
        idle_seconds=s.llm_idle_timeout_seconds,
    )


def chat_streams(
    container: Container,
    catalog: CatalogCache,
    recommendations: RecommendationService,
    *,
    scanner: LabelScanner | None = None,
) -> ChatStreams:
    """The chat of an API application, sharing its catalog cache and recommender."""
    s = container.settings
    tools = tool_context(container.uow, catalog, recommendations, utc_now, scanner=scanner)
    conversations = Conversations(
        container.uow,
        tools,
        utc_now,
        max_chars=s.chat_max_chars,
        history_events=s.chat_history_events,
    )
    sommelier = sommelier_for(container)
    return ChatStreams(
        conversations,
        sommelier,
        container.rate_limiter,
        limit=s.chat_rate_limit_requests,
        window_seconds=s.chat_rate_limit_window_seconds,
        # The built-in sommelier only computes: a few threads, new questions first. A
        # language model waits on the network, so each of its answers has a thread.
        pool=AnswerPool(s.chat_threads) if isinstance(sommelier, BuiltinSommelier) else None,
    )
