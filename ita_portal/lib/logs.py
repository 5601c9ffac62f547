"""One log format for every process: web (gunicorn master, workers, access log), Celery worker, beat.

`LOG_FORMAT=json` (production) writes one JSON object per line; `text` (development) one readable
line. Both carry the time in one zone with its offset (ISO 8601, the portal's TIME_ZONE,
Asia/Bangkok: +07:00), whichever process wrote it and whatever TZ that process has. Every JSON
line has the same fields (`COMMON_FIELDS`); a line adds what it knows:

- a business event (`events.log_event`): event, user, agency, object, outcome, details;
- a Celery task: task_name, task_id (from the worker's "received"/"succeeded" lines or the task
  running when the line was written);
- gunicorn's access log: method, path, status, bytes, duration_ms, remote_addr (and
  forwarded_for, user_agent when the request had them);
- an exception: error (the traceback).

This module is read by settings.py: it imports neither Django's settings nor any app.
"""

from __future__ import annotations

import json
import logging
import logging.config
import sys
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured

from .events import EVENT_FIELDS

COMMON_FIELDS = ("time", "level", "logger", "message", "process")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
ERROR_LOG_LEVEL = (
    "{name} ต้องเป็นหนึ่งใน DEBUG, INFO, WARNING, ERROR, CRITICAL แต่ได้ {raw!r}"
    " / {name} must be a log level"
)
ERROR_LOG_FORMAT = "LOG_FORMAT ต้องเป็น text หรือ json แต่ได้ {raw!r} / LOG_FORMAT must be text or json"
# Celery's own lines about one task pass the task as a mapping of arguments.
_CELERY_TASK_LOGGERS = ("celery.worker.strategy", "celery.app.trace", "celery.worker.request")


def configure_logging(config: dict[str, Any]) -> None:
    """Apply LOGGING (settings.LOGGING_CONFIG, Celery's setup_logging); Python's warnings too.

    A warning (warnings.warn) would otherwise be printed as two raw lines of text.
    """
    logging.config.dictConfig(config)
    logging.captureWarnings(True)


def log_level(name: str, raw: str | None, default: str) -> str:
    """A level name read from the environment (any case); a Thai error for anything else."""
    if raw is None or not raw.strip():
        return default
    level = raw.strip().upper()
    if level not in LEVELS:
        raise ImproperlyConfigured(ERROR_LOG_LEVEL.format(name=name, raw=raw))
    return level


class _ZonedTime(logging.Formatter):
    """The record's time as ISO 8601 in one zone with its offset, milliseconds kept."""

    def __init__(self, *args: Any, time_zone: str = "Asia/Bangkok", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(time_zone)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        moment = datetime.fromtimestamp(record.created, self.zone)
        return moment.isoformat(timespec="milliseconds")


class TextFormatter(_ZonedTime):
    """Development: `time level logger message`, the time as in the JSON lines."""

    def __init__(self, time_zone: str = "Asia/Bangkok") -> None:
        super().__init__("{asctime} {levelname} {name} {message}", style="{", time_zone=time_zone)


class JsonFormatter(_ZonedTime):
    """Production: one JSON object per line (see the module docstring for its fields)."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        for fields in FIELD_SOURCES:
            data.update(fields(record))
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def event_fields(record: logging.LogRecord) -> dict[str, Any]:
    data = {name: getattr(record, name) for name in EVENT_FIELDS if hasattr(record, name)}
    details = getattr(record, "details", None)
    if details:
        data["details"] = details
    return data


def task_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The Celery task a line is about: its own arguments, else the task running now."""
    args = record.args
    if record.name in _CELERY_TASK_LOGGERS and isinstance(args, Mapping) and "id" in args:
        return {"task_name": args.get("name"), "task_id": args["id"]}
    if "celery" not in sys.modules:  # the web: no need to import Celery for each line
        return {}
    from celery._state import get_current_task

    task = get_current_task()
    if task is None or task.request.id is None:
        return {}
    return {"task_name": task.name, "task_id": task.request.id}


def access_fields(record: logging.LogRecord) -> dict[str, Any]:
    """gunicorn's access line: its atoms (the mapping it formats access_log_format with)."""
    if record.name != "gunicorn.access" or not isinstance(record.args, Mapping):
        return {}
    atoms: Mapping[str, Any] = record.args
    data = {
        "method": atoms["m"],
        "path": atoms["U"],
        "status": _number(atoms["s"]),
        "bytes": atoms["B"] or 0,
        "duration_ms": round(atoms["D"] / 1000, 1),
        "remote_addr": atoms["h"],
    }
    for field, atom in (("forwarded_for", "{x-forwarded-for}i"), ("user_agent", "a")):
        if atoms.get(atom) not in (None, "", "-"):
            data[field] = atoms[atom]
    return data


def _number(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


FIELD_SOURCES: tuple[Callable[[logging.LogRecord], dict[str, Any]], ...] = (
    event_fields,
    task_fields,
    access_fields,
)
