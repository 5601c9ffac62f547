"""URL configuration of the ITA Portal."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "ระบบรายงานผลการประเมิน ITA"
admin.site.site_title = "ITA Portal"
admin.site.index_title = "การจัดการข้อมูล"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("plans/", include("actionplans.urls")),
    path("committees/", include("committees.urls")),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("api/", include("assessments.public.api.urls")),
]
