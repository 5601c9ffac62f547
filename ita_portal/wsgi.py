"""WSGI entry point of the ITA Portal."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
django_application = get_wsgi_application()

# A web process loads its URLs (and with them the admin, ita_portal/admin_apps.py) as it starts,
# not on its first visitor's request.
from django.urls import get_resolver  # noqa: E402  (after Django is set up)

get_resolver().url_patterns  # noqa: B018  (loading is the point)

# Stored public pages are answered before Django's handler (ita_portal/lib/public_cache.py).
from ita_portal.lib import public_cache  # noqa: E402  (after Django is set up)

application = public_cache.front(django_application)
