"""URL configuration of the ITA Portal."""

from django.contrib import admin
from django.urls import include, path

from ita_portal.health import healthz

# Every app's admin.py, here rather than at process start (ita_portal/admin_apps.py): a command or
# a worker that serves no page does not import the admin, django-import-export and openpyxl.
admin.autodiscover()

admin.site.site_header = "ระบบรายงานผลการประเมิน ITA"
admin.site.site_title = "ITA Portal"
admin.site.index_title = "การจัดการข้อมูล"

# Error pages in Thai (templates/400.html … 500.html): a request body too large is 413, and
# the 500 page falls back to a fixed Thai text if even its template fails.
handler400 = "ita_portal.errors.bad_request"
handler500 = "ita_portal.errors.server_error"

urlpatterns = [
    # For load balancers and monitoring: no login, JSON, 200 or 503 (ita_portal/health.py).
    path("healthz/", healthz, name="healthz"),
    # The workspace answers /admin/ itself (the admin's index with the agency's year) and
    # /admin/overview/; every other admin URL falls through to the admin.
    path("admin/", include("reports.admin_urls")),
    path("admin/", admin.site.urls),
    path("plans/", include("actionplans.urls")),
    path("committees/", include("committees.urls")),
    # The supervisor's console over the units below an agency (read-only; issue 20).
    path("supervise/", include("supervision.urls")),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("api/", include("assessments.public.api.urls")),
]
