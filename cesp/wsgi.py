import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cesp.settings")
application = get_wsgi_application()

# A WSGI server runs no system check: refuse to serve without an antivirus (cesp/core/checks.py).
from cesp.core.checks import refuse_to_start_without_antivirus  # noqa: E402

refuse_to_start_without_antivirus()
