"""Celery application: used only when CELERY_BROKER_URL is set; tasks run inline otherwise."""

import logging
import os
import sys
from typing import Any

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")

app = Celery("ita_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def use_the_portal_logging(loglevel: int | str | None = None, **_kwargs: Any) -> None:
    """Worker and beat log as the web does (settings.LOGGING); --loglevel sets Celery's own level.

    Connected, this receiver replaces Celery's logging set-up (its text format in local time on
    the root logger); it runs in the main process and again in each pool process.
    """
    from django.conf import settings

    from ita_portal.lib.logs import configure_logging

    configure_logging(settings.LOGGING)
    if loglevel:
        logging.getLogger("celery").setLevel(loglevel)


@signals.celeryd_init.connect
def log_the_worker_start_as_well(**_kwargs: Any) -> None:
    """The worker's first words go through the log: they come before setup_logging.

    Its privilege check warns (warnings.warn) and its signal handler says "worker: Warm
    shutdown (MainProcess)" straight to the terminal (apps.worker.safe_say): in LOG_FORMAT=json
    those were the lines a log collector could not read.
    """
    import celery.apps.worker

    use_the_portal_logging()
    celery.apps.worker.safe_say = _say_as_log_line


def _say_as_log_line(msg: str, f: Any = sys.__stderr__) -> None:
    # As Celery's safe_say: one write to the stream, no handler lock (we are in a signal handler).
    handlers = logging.getLogger().handlers
    if not handlers:
        f.write(f"\n{msg}\n")
    else:
        record = logging.LogRecord("celery.apps.worker", logging.INFO, __file__, 0, msg, None, None)
        f.write(handlers[0].format(record) + "\n")
    f.flush()
