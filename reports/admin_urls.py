"""The workspace in the admin (namespace "workspace"), included before the admin's own URLs."""

from django.contrib import admin
from django.urls import path

from .views import workspace

app_name = "workspace"

urlpatterns = [
    # The admin's index itself: staff and approvers land on their agency's year.
    path("", admin.site.admin_view(workspace.admin_index), name="index"),
    path("overview/", admin.site.admin_view(workspace.year_overview), name="overview"),
]
