"""The public ITA page of an agency and year: the page, its embeddable variant, its JSON."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from ita_portal.lib.public_cache import public_page
from oit import selectors as oit_selectors

from ..ita_page import ItaPage, ita_json, ita_page


def _page(code: str, year: int) -> ItaPage:
    return ita_page(code, year, today=timezone.localdate())


@public_page(results=False, agency_kwarg="code")
@require_safe
def ita(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return render(request, "portal/ita.html", {"page": _page(code, year), "embed": False})


@public_page(results=False, agency_kwarg="code")
@require_safe
@xframe_options_exempt
def ita_embed(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Without the site's header and footer, framable by the websites the agency named."""
    page = _page(code, year)
    response = render(request, "portal/ita_embed.html", {"page": page, "embed": True})
    origins = oit_selectors.frame_origins(page.agency_id)
    # django-csp's per-response replacement: only this directive differs from the site's policy.
    response._csp_replace = {"frame-ancestors": ["'self'", *origins]}  # type: ignore[attr-defined]
    return response


@public_page(results=False, agency_kwarg="code")
@require_safe
def ita_data(request: HttpRequest, code: str, year: int) -> JsonResponse:
    page = _page(code, year)
    return JsonResponse(
        ita_json(page, request.build_absolute_uri),
        json_dumps_params={"ensure_ascii": False},
    )
