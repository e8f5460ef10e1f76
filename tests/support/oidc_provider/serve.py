"""Run the test OpenID provider: `python -m tests.support.oidc_provider.serve STATE_DIR`.

STATE_DIR holds config.json ({"client_id", "client_secret", "redirect_uris": [...],
"people": {username: {"password", "claims": {...}}}}). The server binds a free
loopback port, prints "PORT <n>" on its first line, and serves until killed."""

import json
import os
import socketserver
import sys
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main(state: Path) -> None:
    config = json.loads((state / "config.json").read_text())
    (state / "people.json").write_text(json.dumps(config["people"]))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (state / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server = make_server("127.0.0.1", 0, lambda environ, start: app(environ, start), ThreadingServer, QuietHandler)
    port = server.server_address[1]
    os.environ["OIDC_PROVIDER_STATE"] = str(state)
    os.environ["OIDC_PROVIDER_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.support.oidc_provider.settings"

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username, person in config["people"].items():
        User.objects.create_user(username, password=person["password"])
    Application.objects.create(
        name="Social media checks",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        hash_client_secret=False,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(config["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    global app
    app = get_wsgi_application()
    print(f"PORT {port}", flush=True)
    server.serve_forever()


app = None

if __name__ == "__main__":
    main(Path(sys.argv[1]))
