"""/api/: the read-only API, its OpenAPI schema and its browsable docs (Swagger UI, no CDN)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("years", views.YearViewSet, basename="year")
router.register("results", views.ResultViewSet, basename="result")
router.register("indicator-scores", views.IndicatorScoreViewSet, basename="indicator-score")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
