"""The export API at /api/v1/: its resources, the OpenAPI 3 schema and the interactive docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer
from rest_framework.routers import APIRootView, DefaultRouter

from events.api import EventViewSet
from registry.api import (
    AgreementViewSet,
    CountryViewSet,
    OrganisationViewSet,
    PersonViewSet,
    ProgrammeViewSet,
    SourceDocumentViewSet,
    StudyViewSet,
    ThemeViewSet,
)


class ApiRootView(APIRootView):
    """The list of resources, with the addresses of the schema and the docs."""

    renderer_classes = [JSONRenderer]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["schema"] = request.build_absolute_uri("schema/")
        response.data["docs"] = request.build_absolute_uri("docs/")
        return response


class ApiRouter(DefaultRouter):
    """A router whose root view answers JSON only; no format-suffix routes (use ?format=)."""

    APIRootView = ApiRootView
    include_format_suffixes = False


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files, its init script a separate same-origin file (strict CSP)."""

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "ARMAC Portal export API"


router = ApiRouter(trailing_slash=True)
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("countries", CountryViewSet, basename="country")
router.register("events", EventViewSet, basename="event")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("studies", StudyViewSet, basename="study")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("sources", SourceDocumentViewSet, basename="source")
router.register("themes", ThemeViewSet, basename="theme")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    path("", include(router.urls)),
]
