"""Structured logs: one JSON object per line, with secrets redacted, and a line for every admin change.

Log shippers read JSON lines without parsing rules; the redaction filter makes sure a password,
cookie, token or session key that slips into a message, an `extra` field or a traceback never
reaches the log.
"""

import json
import logging
import re
from datetime import UTC, datetime

from django.conf import settings

REDACTED = "[redacted]"

# Field names whose values are never logged, wherever they appear.
SENSITIVE_NAME = re.compile(
    r"pass(word|wd)?\d?|secret|token|api[-_]?key|authorization|cookie|session|csrf|credential",
    re.IGNORECASE,
)
# "name=value", "name: value", '"name": "value"' inside free text (messages, tracebacks, reprs).
# The match starts at the sensitive word itself ("new_password1" is caught at "password1"): a
# pattern for the whole name, `[\w-]*` before the word, backtracks quadratically on long words,
# and log lines carry visitor-supplied text (paths, parameters).
_SENSITIVE_PAIR = re.compile(
    r"""(?P<key>(?:pass(?:word|wd)?\d?|secret|token|api[-_]?key|sessionid|session_key"""
    r"""|session_data|csrftoken|csrfmiddlewaretoken|credential)[\w-]{0,32}["']?\s*[:=]\s*)"""
    r"""(?P<value>"[^"]*"|'[^']*'|[^\s,;&)}\]]+)""",
    re.IGNORECASE,
)
# Whole header lines: everything after "Cookie:" or "Authorization:" is secret.
_SENSITIVE_HEADER = re.compile(
    r"(?P<key>\b(?:HTTP_)?(?:cookie|set-cookie|authorization|proxy-authorization)[\"']?\s*[:=]\s*)(?P<value>[^\n]+)",
    re.IGNORECASE,
)

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def redact_text(text):
    """Replace secret values inside free text, and the SECRET_KEY itself, by [redacted]."""
    text = _SENSITIVE_HEADER.sub(lambda m: m["key"] + REDACTED, text)
    text = _SENSITIVE_PAIR.sub(lambda m: m["key"] + REDACTED, text)
    secret_key = getattr(settings, "SECRET_KEY", "")
    if secret_key:
        text = text.replace(secret_key, REDACTED)
    return text


def redact_value(name, value):
    """Redact a structured value: by its field name first, then inside its text."""
    if SENSITIVE_NAME.search(str(name)):
        return REDACTED
    if isinstance(value, dict):
        return {key: redact_value(key, item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(name, item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


class RedactSecretsFilter(logging.Filter):
    """Rewrites a record so its message, extra fields and traceback carry no secrets."""

    def filter(self, record):
        record.msg = redact_text(record.getMessage())
        record.args = None
        for name in set(vars(record)) - _STANDARD_ATTRIBUTES:
            if name == "request":
                # Django attaches the whole request (cookies, session) to django.request records.
                record.request = _describe_request(record.request)
            else:
                setattr(record, name, redact_value(name, getattr(record, name)))
        if record.exc_info and not record.exc_text:
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        return True


def _describe_request(request):
    """The harmless parts of a request: method and path, never headers, cookies or the query string."""
    if request is None or isinstance(request, dict):
        return request  # already described by RedactSecretsFilter
    if not hasattr(request, "method"):
        return REDACTED  # e.g. the socket runserver attaches
    return {"method": request.method, "path": request.path}


class JsonFormatter(logging.Formatter):
    """Formats each record as one JSON object: time, level, logger, message, extra fields, traceback."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in sorted(set(vars(record)) - _STANDARD_ATTRIBUTES):
            value = getattr(record, name)
            entry[name] = _describe_request(value) if name == "request" else value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


admin_logger = logging.getLogger("armac_portal.admin")

# django.contrib.admin.models' ADDITION, CHANGE and DELETION; this module is loaded with the logging
# configuration, before any model may be imported, so the receiver is connected in PortalConfig.ready().
_ACTIONS = {1: "add", 2: "change", 3: "delete"}


def log_admin_change(sender, instance, created, **kwargs):
    """Every admin add, change and delete (a new LogEntry row) becomes one structured log line."""
    if not created or kwargs.get("raw"):
        return  # an edit of an old entry, or a backup being restored: no new admin change
    content_type = instance.content_type
    admin_logger.info(
        "admin %s %s",
        _ACTIONS.get(instance.action_flag, str(instance.action_flag)),
        instance.object_repr,
        extra={
            "event": "admin." + _ACTIONS.get(instance.action_flag, "other"),
            "user_id": instance.user_id,
            "action": _ACTIONS.get(instance.action_flag, str(instance.action_flag)),
            "model": f"{content_type.app_label}.{content_type.model}" if content_type else None,
            "object_id": str(instance.object_id),
            "object": instance.object_repr,
            "changed": instance.get_change_message(),
        },
    )
