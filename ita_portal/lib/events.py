"""Business events as log lines: who did what to which object of which agency, and the outcome.

One line per event (score import, publish, plan transition, framework edit, bulk job start and
end). Development reads the text line; production (`LOG_FORMAT=json`) gets one JSON object per
line with the same fields, for a log collector (formatters in logs.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings load this module (via logs.py) before the auth models exist
    from .users import Actor


EVENT_FIELDS = ("event", "user", "agency", "object", "outcome")


def _username(user: Actor | str | None) -> str:
    if user is None:
        return "-"
    if isinstance(user, str):
        return user  # e.g. "command line"
    return str(user.get_username()) if user.is_authenticated else "anonymous"


def _object_label(obj: Any) -> str:
    """ "Model:pk" of an object; a string is taken as already such a label."""
    if obj is None:
        return "-"
    if isinstance(obj, str):
        return obj
    return f"{type(obj).__name__}:{getattr(obj, 'pk', obj)}"


def log_event(
    logger: logging.Logger,
    event: str,
    *,
    user: Actor | str | None = None,
    agency: Any = None,
    obj: Any = None,
    outcome: str = "ok",
    level: int = logging.INFO,
    **details: Any,
) -> None:
    """Log one business event; details are extra key=value pairs (counts, versions, reasons)."""
    fields = {
        "event": event,
        "user": _username(user),
        "agency": "-" if agency is None else str(getattr(agency, "code", agency)),
        "object": _object_label(obj),
        "outcome": outcome,
    }
    text = " ".join(f"{k}={v}" for k, v in {**fields, **details}.items() if k != "event")
    logger.log(level, "%s %s", event, text, extra={**fields, "details": details})
