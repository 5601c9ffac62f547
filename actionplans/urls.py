from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("draft/", views.plan_draft, name="draft"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/submit/", views.plan_submit, name="submit"),
    path("<int:pk>/approve/", views.plan_approve, name="approve"),
    path("<int:pk>/return/", views.plan_return, name="return"),
    path("<int:pk>/reopen/", views.plan_reopen, name="reopen"),
    path("<int:pk>/weaknesses/", views.plan_weaknesses, name="weaknesses"),
    path("<int:pk>/request-reopen/", views.plan_request_reopen, name="request_reopen"),
    path("<int:pk>/decline-reopen/", views.plan_decline_reopen, name="decline_reopen"),
]
