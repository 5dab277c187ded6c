"""FastAPI dependencies as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sakesensei.ports import UnitOfWorkFactory


def _uow_factory(request: Request) -> UnitOfWorkFactory:
    factory: UnitOfWorkFactory = request.app.state.uow_factory
    return factory


UowFactory = Annotated[UnitOfWorkFactory, Depends(_uow_factory)]
