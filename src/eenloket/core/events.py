"""In-process reactions to domain events. A higher area that must react to a lower one
(DESIGN.md: dependency direction) registers a task here; the outbox relay queues it
with the event's id after the change has committed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_HANDLERS: dict[str, list[Any]] = defaultdict(list)


def bij_gebeurtenis(*types: str) -> Callable[[Any], Any]:
    """Decorator for a task taking ``gebeurtenis_id: int``, placed above ``@task()``."""

    def register(task: Any) -> Any:
        for event_type in types:
            if task not in _HANDLERS[event_type]:
                _HANDLERS[event_type].append(task)
        return task

    return register


def handlers_voor(event_type: str) -> list[Any]:
    return list(_HANDLERS.get(event_type, ()))
