"""Start the test OpenID Connect provider: ``python -m tests.oidc_provider.serve``.

Environment: ``OP_URL`` (its own base URL, on loopback), ``OP_DB`` (a throw-away SQLite file), ``RP_URL``
(the platform under test, for the registered redirect URIs), ``OP_USERS`` (JSON list of provider
accounts: username, password, email, first_name, last_name). It migrates its database, creates an RSA
signing key, registers two confidential clients — ``cesp-proconnect`` and ``cesp-franceconnect``, secret
``secret-<name>``, code flow, RS256 — then serves, printing ``READY`` once it listens.
"""

import json
import os
import sys
from socketserver import ThreadingMixIn
from urllib.parse import urlparse
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def bootstrap():
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0)
    if not RSAKey.objects.exists():
        call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    rp = os.environ["RP_URL"].rstrip("/")
    code = ResponseType.objects.get(value="code")
    for name in ("proconnect", "franceconnect"):
        client, _ = Client.objects.update_or_create(
            client_id=f"cesp-{name}",
            defaults={
                "name": f"CESP ({name})",
                "client_type": "confidential",
                "client_secret": f"secret-{name}",
                "jwt_alg": "RS256",
                "require_consent": False,
                "reuse_consent": True,
            },
        )
        client.redirect_uris = [f"{rp}/compte/{name}/retour/"]
        client.post_logout_redirect_uris = [f"{rp}/"]
        client.scope = ["openid", "email", "profile"]
        client.save()
        client.response_types.set([code])
    for person in json.loads(os.environ.get("OP_USERS", "[]")):
        user, _ = User.objects.update_or_create(
            username=person["username"],
            defaults={k: person.get(k, "") for k in ("email", "first_name", "last_name")},
        )
        user.set_password(person["password"])
        user.save()


def main():
    bootstrap()
    from django.core.wsgi import get_wsgi_application

    url = urlparse(os.environ["OP_URL"])
    server = make_server(
        url.hostname,
        url.port,
        get_wsgi_application(),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    print("READY", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
