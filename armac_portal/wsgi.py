"""WSGI entry point for production servers (gunicorn armac_portal.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "armac_portal.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, URL patterns, templates' code) lives as long as the
# worker: moved out of the collector's reach, the full collections a request's thousands of
# short-lived rows trigger no longer walk it (the events API's p95 under load: BENCHMARKS.md).
gc.collect()
gc.freeze()
