"""The public API's throttle: counts anonymous requests in the cache, and lets them through
when the cache is down (a warning in the log) rather than answering 500 to everyone."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rest_framework.throttling import AnonRateThrottle

from ita_portal.lib.caching import cache_errors

if TYPE_CHECKING:  # rest_framework.views reads this module's class while it is imported
    from rest_framework.request import Request
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)

THROTTLE_FAILED_OPEN = "API throttle skipped: the cache is unavailable"


class FailOpenAnonRateThrottle(AnonRateThrottle):
    """AnonRateThrottle that allows the request when the cache raises."""

    def allow_request(self, request: Request, view: APIView) -> bool:
        try:
            return super().allow_request(request, view)
        except cache_errors() as exc:
            logger.warning("%s: %r", THROTTLE_FAILED_OPEN, exc)
            return True
