"""Read-only pages of an order and a meeting, and meeting photos served only to the agency's users."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments import access

from . import selectors
from .models import CommitteeOrder, Meeting, MeetingPhoto
from .uploads import FORMAT_EXTENSIONS

CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


@login_required
@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.get_object_for_user(
        CommitteeOrder.objects.select_related("agency", "assessment__framework"),
        request.user,
        "agency",
        pk=pk,
    )
    return render(
        request,
        "committees/order_detail.html",
        {"order": order, "doc": selectors.order_report(order, thai=True)},  # type: ignore[arg-type]
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_object_for_user(
        Meeting.objects.select_related("agency"), request.user, "agency", pk=pk
    )
    return render(
        request,
        "committees/meeting_detail.html",
        {"meeting": meeting, "doc": selectors.meeting_report(meeting, thai=True)},  # type: ignore[arg-type]
    )


@login_required
@require_GET
def photo(request: HttpRequest, key: str) -> FileResponse:
    item = access.get_object_for_user(
        MeetingPhoto.objects.select_related("meeting"), request.user, "meeting__agency", key=key
    )
    name = item.image.name  # type: ignore[attr-defined]
    suffix = name[name.rfind(".") :] if "." in name else ""
    response = FileResponse(
        item.image.open("rb"),  # type: ignore[attr-defined]
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


assert set(CONTENT_TYPES) == set(FORMAT_EXTENSIONS.values())
