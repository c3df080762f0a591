"""Root URLs: the public site, the export API and the staff admin (at ADMIN_URL)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from registry import views as registry_views

from . import operations, views
from .admin import provenance_report_view

urlpatterns = [
    # For load balancers: no sign-in, never cached (armac_portal/operations.py).
    path("healthz", operations.healthz, name="healthz"),
    # Staff only (admin_view): the provenance report, linked from the admin's index page.
    path(
        f"{settings.ADMIN_URL}provenance/",
        admin.site.admin_view(provenance_report_view),
        name="admin-provenance-report",
    ),
    # intake: the staff pages that turn a new document into cited draft records (before the admin's own URLs).
    path(f"{settings.ADMIN_URL}intake/", include("intake.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("armac_portal.api_urls", namespace="api")),
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    # What the portal keeps about its visitors and staff (issue 15): a fixed text, no records.
    path("privacy/", TemplateView.as_view(template_name="privacy.html"), name="privacy"),
    # About and Contact: pages of the record of the organisation that runs the portal (settings.PORTAL_OWNER_SLUG).
    path("about/", registry_views.AboutView.as_view(), name="about"),
    path("contact/", registry_views.ContactView.as_view(), name="contact"),
    path("", include("registry.urls")),
    path("events/", include("events.urls")),
]
