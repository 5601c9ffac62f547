"""Log lines: one time zone with its offset, the PDF renderer quiet unless asked, levels checked."""

from __future__ import annotations

import copy
import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from ita_portal.lib.logs import (
    ERROR_LOG_FORMAT,
    ERROR_LOG_LEVEL,
    JsonFormatter,
    TextFormatter,
    configure_logging,
    log_level,
)
from tests.manage_subprocess import manage

# 2024-01-01 00:00:00 UTC, a time of day that differs between UTC and Bangkok.
NEW_YEAR_UTC = 1704067200.0


def _record(name: str = "reports", msg: str = "hello", args=None) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)
    record.created = NEW_YEAR_UTC
    return record


def test_json_and_text_lines_give_the_time_in_bangkok_with_its_offset():
    data = json.loads(JsonFormatter(time_zone="Asia/Bangkok").format(_record()))
    assert data["time"] == "2024-01-01T07:00:00.000+07:00"
    assert set(data) == {"time", "level", "logger", "message", "process"}
    text = TextFormatter(time_zone="Asia/Bangkok").format(_record())
    assert text == "2024-01-01T07:00:00.000+07:00 INFO reports hello"


def test_the_access_line_of_gunicorn_becomes_fields():
    atoms = {"m": "GET", "U": "/healthz/", "s": "200", "B": 113, "D": 1234, "h": "127.0.0.1"}
    atoms |= {"{x-forwarded-for}i": "203.0.113.9", "a": "-"}
    data = json.loads(JsonFormatter().format(_record("gunicorn.access", "%(m)s", atoms)))
    assert data["message"] == "GET"
    assert (data["method"], data["path"], data["status"], data["bytes"]) == (
        "GET",
        "/healthz/",
        200,
        113,
    )
    assert (data["duration_ms"], data["remote_addr"]) == (1.2, "127.0.0.1")
    assert data["forwarded_for"] == "203.0.113.9" and "user_agent" not in data


def test_celery_lines_about_a_task_carry_its_name_and_id():
    record = _record("celery.app.trace", "Task %(name)s[%(id)s] ok", {"name": "t.x", "id": "42"})
    data = json.loads(JsonFormatter().format(record))
    assert (data["task_name"], data["task_id"]) == ("t.x", "42")


def test_the_pdf_renderer_logs_only_warnings_even_when_everything_else_logs_info(settings):
    config = copy.deepcopy(settings.LOGGING)
    config["root"]["level"] = "INFO"  # as LOG_LEVEL=INFO, or the worker's --loglevel INFO was
    try:
        configure_logging(config)
        assert logging.getLogger("reports").isEnabledFor(logging.INFO)
        for name in ("weasyprint.progress", "weasyprint", "fontTools.subset", "PIL.PngImagePlugin"):
            assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
            assert logging.getLogger(name).isEnabledFor(logging.WARNING), name
    finally:
        configure_logging(settings.LOGGING)


def test_pdf_log_level_turns_the_renderer_progress_on():
    code = "import logging; print(logging.getLogger('weasyprint.progress').getEffectiveLevel())"
    result = manage("shell", "-c", code, DEBUG="true", PDF_LOG_LEVEL="info")
    assert result.stdout.strip().splitlines()[-1] == str(logging.INFO), result.stderr


@pytest.mark.parametrize("raw", ["LOUD", "20", "warn"])
def test_a_level_that_is_not_one_stops_the_start_in_thai(raw):
    with pytest.raises(ImproperlyConfigured) as error:
        log_level("PDF_LOG_LEVEL", raw, "WARNING")
    assert str(error.value) == ERROR_LOG_LEVEL.format(name="PDF_LOG_LEVEL", raw=raw)
    assert log_level("PDF_LOG_LEVEL", " info ", "WARNING") == "INFO"
    assert log_level("PDF_LOG_LEVEL", "", "WARNING") == "WARNING"


def test_a_log_format_that_is_not_text_or_json_stops_the_start_in_thai():
    result = manage("check", DEBUG="true", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert ERROR_LOG_FORMAT.format(raw="xml") in result.stderr


def test_a_line_logged_while_a_task_runs_carries_the_task():
    from ita_portal.celery import app

    lines: list[str] = []
    handler = logging.Handler()
    handler.setFormatter(JsonFormatter())
    handler.emit = lambda record: lines.append(handler.format(record))  # type: ignore[method-assign]

    @app.task(name="tests.logs.say_inside")
    def say_inside() -> None:
        logging.getLogger("reports").warning("inside the task")

    logger = logging.getLogger("reports")
    logger.addHandler(handler)
    try:
        result = say_inside.apply()
    finally:
        logger.removeHandler(handler)
    (line,) = [json.loads(line) for line in lines]
    assert (line["task_name"], line["task_id"]) == ("tests.logs.say_inside", result.id)
