"""Public URLs of the assessments app."""

from django.urls import path

from . import views_public_data

app_name = "assessments"

urlpatterns = [
    # --- issue 6: open data and rankings (views_public_data) ---
    path("open-data/", views_public_data.open_data, name="open_data"),
    path(
        "open-data/<int:year>.<str:file_format>",
        views_public_data.open_data_file,
        name="open_data_file",
    ),
    path("ranking/<int:year>/", views_public_data.ranking_year, name="ranking_year"),
    path(
        "ranking/<int:year>/agency/<slug:code>/",
        views_public_data.ranking_agency,
        name="ranking_agency",
    ),
    path("ranking/<int:year>/<slug:cohort>/", views_public_data.ranking, name="ranking"),
    # --- end of issue 6 ---
]
