"""Security plumbing of our own: the Content-Security-Policy header, the login lockout backend and
the client address it locks, and a log line for every login attempt.

The policy is one fixed string with no nonces or per-view exceptions (nothing inline is allowed
anywhere), so a few lines here do what django-csp would; Django 6.0 ships its own CSP middleware,
which can replace this class when the portal moves to it.
"""

import logging

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger("armac_portal.security")


def build_policy(directives):
    """Render {"default-src": ["'self'"], ...} as the header value "default-src 'self'; ..."."""
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives.items())


def static_file_headers(headers, path, url):
    """WhiteNoise's WHITENOISE_ADD_HEADERS_FUNCTION: static files carry the security headers pages carry.

    WhiteNoise answers /static/ before the middleware that add the policy and X-Frame-Options runs
    (SecurityMiddleware, before it, adds the rest); a stylesheet or SVG opened on its own is a
    document too, so it gets the same policy and may not be framed either.
    """
    headers["Content-Security-Policy"] = build_policy(settings.CONTENT_SECURITY_POLICY)
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS


class ContentSecurityPolicyMiddleware:
    """Adds settings.CONTENT_SECURITY_POLICY to every response: pages, API, admin, errors."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header_value = build_policy(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response["Content-Security-Policy"] = self.header_value
        return response


class RefuseNulCharactersMiddleware:
    """Answers 400 when the address or a query parameter holds a NUL character.

    No record can hold one (PostgreSQL text refuses it), so such a request is never legitimate; refusing
    it here keeps every view and filter from reaching the database with it and failing there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in name or any("\x00" in value for value in values) for name, values in request.GET.lists()
        ):
            reason = _("The address or a parameter holds a NUL character, which no record can contain.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": reason, "errors": {"parameters": [reason]}}, status=400)
            return render(request, "bad_request.html", {"reason": reason}, status=400)
        return self.get_response(request)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that arrives over HTTP.

    authenticate() without a request (the test client's login(), a shell script) has no address
    to lock, so it is left to the next backend instead of raising as django-axes does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The visitor's address for django-axes.

    Behind our own proxy (BEHIND_PROXY) it is the right-most X-Forwarded-For entry, the one the
    proxy itself appended; entries further left come from the client and could be forged.
    """
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def _request_fields(request):
    if request is None:
        return {}
    return {"ip": client_ip(request), "path": request.path}


@receiver(user_login_failed, dispatch_uid="armac_log_login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    # Django already masks the password in `credentials`; only the username is kept.
    logger.warning(
        "login failed",
        extra={"event": "auth.login_failed", "username": credentials.get("username", ""), **_request_fields(request)},
    )


@receiver(user_logged_in, dispatch_uid="armac_log_logged_in")
def log_logged_in(sender, request, user, **kwargs):
    logger.info(
        "login succeeded",
        extra={"event": "auth.login", "user_id": user.pk, "username": user.get_username(), **_request_fields(request)},
    )


@receiver(user_logged_out, dispatch_uid="armac_log_logged_out")
def log_logged_out(sender, request, user, **kwargs):
    logger.info(
        "logged out",
        extra={"event": "auth.logout", "user_id": getattr(user, "pk", None), **_request_fields(request)},
    )


@receiver(user_locked_out, dispatch_uid="armac_log_locked_out")
def log_locked_out(sender, request, username, ip_address, **kwargs):
    logger.warning(
        "login locked out",
        extra={"event": "auth.locked_out", "username": username or "", "ip": ip_address, "path": request.path},
    )
