from django.urls import path

import ita_portal.lib.converters  # noqa: F401  (registers <dbint:…>, ids the database can hold)

from . import views

app_name = "committees"

urlpatterns = [
    path("orders/<dbint:pk>/", views.order_detail, name="order"),
    path("meetings/<dbint:pk>/", views.meeting_detail, name="meeting"),
    path("photos/<uuid:key>/", views.photo, name="photo"),
]
