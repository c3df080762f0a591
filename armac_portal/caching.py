"""Anonymous pages and API responses served from Django's cache, never older than the last commit.

- The **content version** is one token in the cache. Every write to the portal's records changes it:
  each save, delete and many-to-many change of a model of the portal's apps (admin, loader, shell,
  intake) bumps it at once and again when its transaction commits, and so does every non-GET request
  (an admin action's QuerySet.update() sends no signal) and every command that writes in bulk
  (generate_sample_data, restore_portal call `bump_content_version` themselves).
- A cached response is stored with the version read *before* its view ran, and served only while
  that is still the current version: a page built from rows a commit has since changed is never
  served once the commit's bump lands.
- One cache entry per (scheme and host, path and query, Accept header, language) holds the version
  it was built under; a hit is one round trip (the version and the entry are read together).
- Only anonymous GET and HEAD requests are cached; staff (a session or an API token) always get a
  fresh response marked `private, no-store`. Anonymous answers carry `public, max-age=…,
  must-revalidate` and an ETag made from the version, so a browser, CDN or proxy revalidates
  cheaply (304).
- An API hit still counts against the API's anonymous throttle (`_ApiThrottle`).
"""

import hashlib
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

VERSION_KEY = "armac:content-version"
PAGE_KEY_PREFIX = "armac:page:"
# The apps whose records the public reads; their models' writes change what pages show.
CONTENT_APPS = ("core", "registry", "events", "intake", "armac_portal")
# Rows that are themselves derived from the records (an event's stored export): writing them
# changes no page, and they are rewritten in bulk after each commit.
NOT_CONTENT = {"events.eventexport", "events.eventexporttext"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Response headers that belong to one response, not to the stored page.
NOT_STORED_HEADERS = {"set-cookie", "date", "etag"}


# --- The content version ----------------------------------------------------------------------------


def current_content_version():
    """The current version token, or None when the cache cannot be reached (nothing is then cached)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # First use, or the cache was emptied: start a new version (never reuse a number a client saw).
        # (add, then read: when two processes start one at once, both use the one that won.)
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    """Make every cached page stale: a new, never-used version token."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def is_content(model):
    """A record the public reads: a model of the portal's apps, not a derived row nor a history row."""
    return (
        model._meta.app_label in CONTENT_APPS
        and model._meta.label_lower not in NOT_CONTENT
        # A history row is written beside the row it records, whose own signal bumps already.
        and not issubclass(model, HistoricalChanges)
    )


def _content_changed(sender, **kwargs):
    # m2m_changed is sent before and after each change: once is enough, after it.
    if not kwargs.get("action", "post_").startswith("post_") or not is_content(sender):
        return
    # Now, so that nothing cached before this write is served to this process's next request, and
    # again on commit, so that nothing a reader cached from the old rows meanwhile survives the commit.
    bump_content_version()
    transaction.on_commit(bump_content_version, robust=True)


def _after_migrate(using, **kwargs):
    # The database cache's table (when CACHES names one) is made by `migrate` like every other
    # table, so a deploy needs no extra step; createcachetable leaves an existing table alone.
    call_command("createcachetable", database=using, verbosity=0)
    # A deploy runs `migrate`: pages cached by the previous code (its templates) are not served after it.
    bump_content_version()


def connect(app_config):
    """Connect the bump to every write of the portal's models (PortalConfig.ready)."""
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(_content_changed, dispatch_uid=f"armac_content_version_{name}")
    # Sent once per app: this app's turn is enough.
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="armac_content_version_migrate")


def content_models():
    """The models whose writes bump the version (for tests and documentation)."""
    return [model for model in apps.get_models(include_auto_created=True) if is_content(model)]


# --- The middleware ---------------------------------------------------------------------------------


class _ApiThrottle(APIView):
    """Answers an API request from the cache after the API's own checks: a hit is throttled like a miss.

    DRF runs authentication, permissions and the configured throttles (settings.REST_FRAMEWORK)
    before `get`, and answers a refusal exactly as every API view does (429 with Retry-After).
    """

    cached = None

    def perform_content_negotiation(self, request, force=False):
        # The cached body already has its format; JSON is only for a refusal, as for every API error.
        return (JSONRenderer(), JSONRenderer.media_type)

    def get(self, request, *args, **kwargs):
        return self.cached

    head = get


def is_anonymous(request, api=False):
    """No staff session and no API token: the visitor the public cache serves."""
    if "HTTP_AUTHORIZATION" in request.META or request.user.is_authenticated:
        return False
    if api:
        # Anonymous as the API itself sees it: its own authentication classes decide (settings).
        authenticators = [authentication() for authentication in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
        return not Request(request, authenticators=authenticators).user.is_authenticated
    return True


def page_key(request):
    """The cache key of this request's response: scheme and host, path and query, format, language."""
    parts = "\n".join(
        [
            request.build_absolute_uri(),
            request.META.get("HTTP_ACCEPT", ""),
            getattr(request, "LANGUAGE_CODE", ""),
        ]
    )
    return PAGE_KEY_PREFIX + hashlib.sha256(parts.encode()).hexdigest()


def version_etag(version, key):
    """One ETag per version and representation (two formats of one URL never share one)."""
    return f'"{version[:16]}-{key[-16:]}"'


class PublicCacheMiddleware:
    """Serves anonymous GET/HEAD from the cache; marks every response public or private."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.api_prefix = None

    def __call__(self, request):
        try:
            anonymous = is_anonymous(request, api=self._is_api(request))
        except DatabaseError:
            # A staff session cannot be read: the database is gone (armac_portal.operations).
            from .operations import database_unavailable_response

            return database_unavailable_response(request)
        if not anonymous:
            response = self.get_response(request)
            self._after_write(request)
            patch_cache_control(response, private=True, no_store=True)
            return response
        if request.method not in {"GET", "HEAD"}:
            response = self.get_response(request)
            self._after_write(request)
            return response

        key = page_key(request)
        found, version = {}, None
        if settings.PUBLIC_CACHE:
            try:
                found = cache.get_many([VERSION_KEY, key])
                version = found.get(VERSION_KEY) or current_content_version()
            except DatabaseError:
                # The database cache, with the database gone: the view answers (armac_portal.operations).
                found, version = {}, None
        entry = found.get(key)
        if version is not None and entry is not None and entry[0] == version:
            response = self._from_cache(request, entry)
        else:
            response = self.get_response(request)
            if version is not None and self._storable(request, response):
                self._store(key, version, response)
        return self._public(request, response, version, key)

    # -- helpers

    def _after_write(self, request):
        # A write that sends no model signal (an admin action's QuerySet.update()) has committed by
        # now (ATOMIC_REQUESTS ends with the view): no cached page may outlive it.
        if request.method not in SAFE_METHODS:
            try:
                bump_content_version()
            except DatabaseError:
                logger.warning("The database cache could not record a write to %s", request.path)

    def _is_api(self, request):
        if self.api_prefix is None:
            self.api_prefix = reverse("api:api-root")
        return request.path_info.startswith(self.api_prefix)

    def _from_cache(self, request, entry):
        _, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response.headers[name] = value
        if self._is_api(request):
            answer = _ApiThrottle.as_view(cached=response)(request)
            # A refusal is a DRF Response, rendered by Django's handler only for a URL's own view.
            if isinstance(answer, SimpleTemplateResponse):
                answer.render()
            return answer
        return response

    @staticmethod
    def _storable(request, response):
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        if response.cookies or len(response.content) > settings.PUBLIC_CACHE_MAX_BYTES:
            return False
        # A cookie the outer middleware is about to set belongs to this visitor alone: a CSRF token
        # that was used, or a session the view wrote to.
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        control = response.get("Cache-Control", "")
        return not any(word in control for word in ("private", "no-store", "no-cache"))

    @staticmethod
    def _store(key, version, response):
        headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS]
        # Kept until the version changes makes it unreachable; the timeout only bounds the memory
        # of pages nobody asks for again.
        try:
            cache.set(key, (version, response.status_code, headers, response.content), timeout=24 * 60 * 60)
        except DatabaseError:
            logger.warning("The database cache could not store %s", key)

    @staticmethod
    def _public(request, response, version, key):
        if response.status_code not in {200, 304} or response.cookies:
            return response
        control = response.get("Cache-Control", "")
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return response
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE, must_revalidate=True)
        # A CDN must not hand the public copy to a signed-in member of staff, who sees drafts.
        patch_vary_headers(response, ["Cookie", "Authorization"])
        if version is None or response.streaming or response.status_code != 200:
            # Uncached (the cache is down) or streamed: the view's own ETag, if any, stands.
            return response
        response["ETag"] = version_etag(version, key)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)
