"""The intake pages, mounted inside the admin area (armac_portal/urls.py)."""

from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("add/", views.add_document, name="add"),
    path("add/confirm/", views.confirm_document, name="confirm"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/cite/", views.cite, name="cite"),
    path("documents/<int:pk>/decide/", views.decide, name="decide"),
]
