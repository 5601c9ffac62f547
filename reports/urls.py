"""URLs of the analysis report (namespace "reports"): public portal, staff pages, media."""

from django.urls import path

import ita_portal.lib.converters  # noqa: F401  (registers <dbint:…>, ids the database can hold)

from .views import follow_up, ita, media, portal, staff

app_name = "reports"

urlpatterns = [
    # Public portal
    path("", portal.home, name="home"),
    path("agencies/<slug:code>/", portal.agency, name="agency"),
    # The public ITA page of an agency and year (what agencies link from their websites)
    path("agencies/<slug:code>/ita/<dbint:year>/", ita.ita, name="ita"),
    path("agencies/<slug:code>/ita/<dbint:year>/embed/", ita.ita_embed, name="ita_embed"),
    path("agencies/<slug:code>/ita/<dbint:year>.json", ita.ita_data, name="ita_json"),
    path("reports/<slug:code>/<dbint:year>/", portal.report_page, name="report"),
    path("reports/<slug:code>/<dbint:year>/report.pdf", portal.report_pdf, name="report_pdf"),
    path(
        "reports/<slug:code>/<dbint:year>/v<dbint:version>/",
        portal.report_page,
        name="report_version",
    ),
    path(
        "reports/<slug:code>/<dbint:year>/v<dbint:version>.pdf",
        portal.report_pdf,
        name="report_version_pdf",
    ),
    # Uploaded and generated files, access-checked
    path("media/<path:path>", media.media, name="media"),
    # Staff: preview and publishing
    path("manage/reports/<dbint:pk>/", staff.report_manage, name="report_manage"),
    path("manage/reports/<dbint:pk>/preview/", staff.report_preview, name="report_preview"),
    path(
        "manage/reports/<dbint:pk>/preview.pdf",
        staff.report_preview_pdf,
        name="report_preview_pdf",
    ),
    # Staff: the follow-up report of the plan (download, or attach to the follow-up O-item)
    path("manage/reports/<dbint:pk>/follow-up.pdf", follow_up.follow_up_pdf, name="follow_up_pdf"),
    path(
        "manage/reports/<dbint:pk>/follow-up/attach/",
        follow_up.follow_up_attach,
        name="follow_up_attach",
    ),
    path("manage/reports/<dbint:pk>/publish/", staff.report_publish, name="report_publish"),
    path("manage/reports/<dbint:pk>/unpublish/", staff.report_unpublish, name="report_unpublish"),
    path("manage/reports/<dbint:pk>/reopen/", staff.report_reopen, name="report_reopen"),
    path("manage/reports/<dbint:pk>/new-year/", staff.report_new_year, name="report_new_year"),
    path("manage/reports/publish-year/", staff.bulk_publish, name="bulk_publish"),
    path("manage/reports/jobs/<dbint:pk>/", staff.publication_job, name="publication_job"),
]
