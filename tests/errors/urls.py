"""Test-only URLs: the portal's own, plus views that fail in each way a request can fail."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from ita_portal.urls import *  # noqa: F403 (the error handlers too)
from ita_portal.urls import urlpatterns as portal_patterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("internal detail: secret table name")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("internal detail: rule 42")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("internal detail: bad header")


def read_form(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(len(request.POST)))


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/forbidden/", forbidden),
    path("test-errors/suspicious/", suspicious),
    path("test-errors/form/", read_form),
    *portal_patterns,
]
