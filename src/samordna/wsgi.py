"""WSGI entry point: gunicorn runs `samordna.wsgi:application` (see `samordna serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
application = get_wsgi_application()
