from django.urls import path

import ita_portal.lib.converters  # noqa: F401  (registers <dbint:…>, ids the database can hold)

from . import views

app_name = "actionplans"

urlpatterns = [
    path("draft/", views.plan_draft, name="draft"),
    path("<dbint:pk>/", views.plan_detail, name="detail"),
    path("<dbint:pk>/submit/", views.plan_submit, name="submit"),
    path("<dbint:pk>/withdraw/", views.plan_withdraw, name="withdraw"),
    path("<dbint:pk>/approve/", views.plan_approve, name="approve"),
    path("<dbint:pk>/return/", views.plan_return, name="return"),
    path("<dbint:pk>/reopen/", views.plan_reopen, name="reopen"),
    path("<dbint:pk>/weaknesses/", views.plan_weaknesses, name="weaknesses"),
    path("<dbint:pk>/request-reopen/", views.plan_request_reopen, name="request_reopen"),
    path("<dbint:pk>/decline-reopen/", views.plan_decline_reopen, name="decline_reopen"),
]
