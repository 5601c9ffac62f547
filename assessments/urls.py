"""Public data URLs of the assessments app (namespace "assessments"): open data and rankings."""

from django.urls import path

import ita_portal.lib.converters  # noqa: F401  (registers <dbint:…>, ids the database can hold)

from .public import views

app_name = "assessments"

urlpatterns = [
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<dbint:year>.<str:file_format>", views.open_data_file, name="open_data_file"),
    path("ranking/", views.ranking_latest, name="ranking_latest"),
    path("ranking/<dbint:year>/", views.ranking_year, name="ranking_year"),
    path("ranking/<dbint:year>/agency/<slug:code>/", views.ranking_agency, name="ranking_agency"),
    path("ranking/<dbint:year>/<slug:cohort>/", views.ranking, name="ranking"),
]
