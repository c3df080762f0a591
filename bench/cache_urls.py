"""The portal's URLs plus one bare view: the framework's own ceiling for bench/cache.py."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import path

from armac_portal.urls import urlpatterns as portal_urlpatterns

BODY = b"ok\n"


@transaction.non_atomic_requests
def constant(request):
    """No template, no query, no transaction: what Django and the middleware cost on their own."""
    return HttpResponse(BODY, content_type="text/plain")


urlpatterns = [path("bench/constant", constant), *portal_urlpatterns]
