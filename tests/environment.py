"""Loaded as a pytest plugin (see pyproject.toml) before Django's settings are imported.

Production settings refuse to start without SECRET_KEY; tests get a throwaway one.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789")
# The test client speaks plain http; every other production setting stays on (tests/security checks the redirect).
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Background tasks run as they are enqueued (stored event exports: tests/conftest.py).
os.environ.setdefault("TASKS_BACKEND", "immediate")
