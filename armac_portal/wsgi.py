"""WSGI entry point for production servers (gunicorn armac_portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "armac_portal.settings")

application = get_wsgi_application()
