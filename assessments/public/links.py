"""Links between the public result pages carry the framework's issuer (`?issuer=`).

The NACC's pages (the default issuer) keep their plain addresses; every other issuer's page
links to its own year, cohorts, agencies, pages and files, so a visitor stays on its list.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.text import slugify

from indicators.models import DEFAULT_ISSUER_CODE

ISSUER_PARAMETER = "issuer"
MAX_ISSUER_CODE = 40  # indicators.Issuer.code


def with_issuer(url: str, issuer_code: str) -> str:
    """The address with ?issuer= added, unless the issuer is the default one."""
    if not issuer_code or issuer_code == DEFAULT_ISSUER_CODE:
        return url
    return f"{url}?{urlencode({ISSUER_PARAMETER: issuer_code})}"


def public_url(name: str, *args: object, issuer: str) -> str:
    """reverse(name, args) for the issuer's pages."""
    return with_issuer(reverse(name, args=args), issuer)


def issuer_code(request: HttpRequest) -> str:
    """The issuer the page asks for (?issuer=, the NACC when absent); 404 for what no code can be."""
    code = request.GET.get(ISSUER_PARAMETER) or DEFAULT_ISSUER_CODE
    if len(code) > MAX_ISSUER_CODE or slugify(code) != code:
        raise Http404
    return code
