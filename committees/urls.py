from django.urls import path

from . import views

app_name = "committees"

urlpatterns = [
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("photos/<uuid:key>/", views.photo, name="photo"),
]
