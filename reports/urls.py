"""URLs of the analysis report (namespace "reports"): public portal, staff pages, media."""

from django.urls import path

from .views import follow_up, ita, media, portal, staff

app_name = "reports"

urlpatterns = [
    # Public portal
    path("", portal.home, name="home"),
    path("agencies/<slug:code>/", portal.agency, name="agency"),
    # The public ITA page of an agency and year (what agencies link from their websites)
    path("agencies/<slug:code>/ita/<int:year>/", ita.ita, name="ita"),
    path("agencies/<slug:code>/ita/<int:year>/embed/", ita.ita_embed, name="ita_embed"),
    path("agencies/<slug:code>/ita/<int:year>.json", ita.ita_data, name="ita_json"),
    path("reports/<slug:code>/<int:year>/", portal.report_page, name="report"),
    path("reports/<slug:code>/<int:year>/report.pdf", portal.report_pdf, name="report_pdf"),
    path(
        "reports/<slug:code>/<int:year>/v<int:version>/",
        portal.report_page,
        name="report_version",
    ),
    path(
        "reports/<slug:code>/<int:year>/v<int:version>.pdf",
        portal.report_pdf,
        name="report_version_pdf",
    ),
    # Uploaded and generated files, access-checked
    path("media/<path:path>", media.media, name="media"),
    # Staff: preview and publishing
    path("manage/reports/<int:pk>/", staff.report_manage, name="report_manage"),
    path("manage/reports/<int:pk>/preview/", staff.report_preview, name="report_preview"),
    path(
        "manage/reports/<int:pk>/preview.pdf",
        staff.report_preview_pdf,
        name="report_preview_pdf",
    ),
    # Staff: the follow-up report of the plan (download, or attach to the follow-up O-item)
    path("manage/reports/<int:pk>/follow-up.pdf", follow_up.follow_up_pdf, name="follow_up_pdf"),
    path(
        "manage/reports/<int:pk>/follow-up/attach/",
        follow_up.follow_up_attach,
        name="follow_up_attach",
    ),
    path("manage/reports/<int:pk>/publish/", staff.report_publish, name="report_publish"),
    path("manage/reports/<int:pk>/unpublish/", staff.report_unpublish, name="report_unpublish"),
    path("manage/reports/<int:pk>/reopen/", staff.report_reopen, name="report_reopen"),
    path("manage/reports/<int:pk>/new-year/", staff.report_new_year, name="report_new_year"),
    path("manage/reports/publish-year/", staff.bulk_publish, name="bulk_publish"),
    path("manage/reports/jobs/<int:pk>/", staff.publication_job, name="publication_job"),
]
