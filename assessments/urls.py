"""URLs of the assessments app (namespace "assessments")."""

from django.urls import path

from . import report_views, views_public_data

app_name = "assessments"

urlpatterns = [
    # --- Analysis report: public portal, staff preview/publishing, access-checked media ---
    path("", report_views.home, name="home"),
    path("agencies/<slug:code>/", report_views.agency, name="agency"),
    path("reports/<slug:code>/<int:year>/", report_views.report_page, name="report"),
    path("reports/<slug:code>/<int:year>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path(
        "reports/<slug:code>/<int:year>/v<int:version>/",
        report_views.report_page,
        name="report_version",
    ),
    path(
        "reports/<slug:code>/<int:year>/v<int:version>.pdf",
        report_views.report_pdf,
        name="report_version_pdf",
    ),
    path("media/<path:path>", report_views.media, name="media"),
    path("manage/reports/<int:pk>/", report_views.report_manage, name="report_manage"),
    path("manage/reports/<int:pk>/preview/", report_views.report_preview, name="report_preview"),
    path(
        "manage/reports/<int:pk>/preview.pdf",
        report_views.report_preview_pdf,
        name="report_preview_pdf",
    ),
    path("manage/reports/<int:pk>/publish/", report_views.report_publish, name="report_publish"),
    path(
        "manage/reports/<int:pk>/unpublish/",
        report_views.report_unpublish,
        name="report_unpublish",
    ),
    path("manage/reports/publish-year/", report_views.bulk_publish, name="bulk_publish"),
    path("manage/reports/jobs/<int:pk>/", report_views.publication_job, name="publication_job"),
    # --- end of analysis report URLs ---
    # --- issue 6: open data and rankings (views_public_data) ---
    path("open-data/", views_public_data.open_data, name="open_data"),
    path(
        "open-data/<int:year>.<str:file_format>",
        views_public_data.open_data_file,
        name="open_data_file",
    ),
    path("ranking/", views_public_data.ranking_latest, name="ranking_latest"),
    path("ranking/<int:year>/", views_public_data.ranking_year, name="ranking_year"),
    path(
        "ranking/<int:year>/agency/<slug:code>/",
        views_public_data.ranking_agency,
        name="ranking_agency",
    ),
    path("ranking/<int:year>/<slug:cohort>/", views_public_data.ranking, name="ranking"),
    # --- end of issue 6 ---
]
