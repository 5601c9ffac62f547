"""Business events as log lines: who did what to which object of which agency, and the outcome.

One line per event (score import, publish, plan transition, framework edit, bulk job start and
end). Development reads the text line; production (`LOG_FORMAT=json`) gets one JSON object per
line with the same fields, for a log collector.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings load this module (JsonFormatter) before the auth models exist
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


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the event's fields, any error."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in EVENT_FIELDS:
            if hasattr(record, name):
                data[name] = getattr(record, name)
        details = getattr(record, "details", None)
        if details:
            data["details"] = details
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)
