"""Public data URLs of the assessments app (namespace "assessments"): open data and rankings."""

from django.urls import path

from .public import views

app_name = "assessments"

urlpatterns = [
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<int:year>.<str:file_format>", views.open_data_file, name="open_data_file"),
    path("ranking/", views.ranking_latest, name="ranking_latest"),
    path("ranking/<int:year>/", views.ranking_year, name="ranking_year"),
    path("ranking/<int:year>/agency/<slug:code>/", views.ranking_agency, name="ranking_agency"),
    path("ranking/<int:year>/<slug:cohort>/", views.ranking, name="ranking"),
]
