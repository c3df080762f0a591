"""The test run's settings: the portal's own (armac_portal/settings.py), with a fast password hasher.

Why: Django's default hasher (PBKDF2) is slow on purpose, about a third of a second a hash here,
and the suite creates and signs in several hundred staff users. No test is about the hasher's
strength; the deployment checks (tests/security/test_deploy.py) and the README's commands run the
portal's own settings in their own processes.
"""

from armac_portal.settings import *  # noqa: F403 - the portal's settings, unchanged but for the line below

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
