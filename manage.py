#!/usr/bin/env python
"""Django's command-line utility for the ARMAC Portal."""

import os
import sys


def local_development_by_default():
    """On a fresh clone the README's `manage.py` lines work as written, without DEBUG=1 in front.

    With neither SECRET_KEY nor DEBUG in the environment, a command run through manage.py is a
    developer's local command, so it runs in development mode (DEBUG=1) and says so on standard
    error. Production is not weakened: it serves through gunicorn (armac_portal/wsgi.py), which
    never comes here, and an explicit DEBUG=0 without SECRET_KEY still refuses to start.
    """
    if not os.environ.get("SECRET_KEY") and "DEBUG" not in os.environ:
        os.environ["DEBUG"] = "1"
        print("manage.py: no SECRET_KEY set, so running in local development mode (DEBUG=1).", file=sys.stderr)


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "armac_portal.settings")
    local_development_by_default()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
