"""Settings for the test suite: same as the app, with fast hashing and tasks run inline."""

import tempfile
from pathlib import Path

from cylch.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 - tests only
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# WhiteNoise indexes every static file each time a handler starts, and the test
# client starts one per client; the live server serves static files itself.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Uploaded documents (self-assessment evidence) go to a temporary folder, never var/.
CYLCH_PRIVATE_FILES_DIR = __import__("tempfile").mkdtemp(prefix="cylch-test-private-")
# Photographs written by tests (for example the permission matrix's) stay out of var/.
MISSING_PHOTO_ROOT = Path(tempfile.gettempdir()) / "cylch-test-missing-photos"  # noqa: F405
