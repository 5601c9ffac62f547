"""URLs of the supervisor's console (namespace "supervision"), under /supervise/."""

from django.urls import path

import ita_portal.lib.converters  # noqa: F401  (registers <dbint:…>, ids the database can hold)

from . import summary_views, views

app_name = "supervision"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.agency, name="agency"),
    path("<slug:code>/<dbint:year>/", views.console, name="console"),
    path(
        "<slug:code>/<dbint:year>.csv",
        views.console_export,
        {"file_format": "csv"},
        name="export_csv",
    ),
    path(
        "<slug:code>/<dbint:year>.xlsx",
        views.console_export,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path("<slug:code>/<dbint:year>/summary.pdf", summary_views.summary, name="summary_pdf"),
    path("<slug:code>/<dbint:year>/unit/<slug:unit_code>/", views.unit, name="unit"),
]
