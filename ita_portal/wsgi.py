"""WSGI entry point of the ITA Portal."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
django_application = get_wsgi_application()

# Stored public pages are answered before Django's handler (ita_portal/lib/public_cache.py).
from ita_portal.lib import public_cache  # noqa: E402  (after Django is set up)

application = public_cache.front(django_application)
