"""The tests' OpenID provider (tests/support/oidc_provider), in a process of its own on a loopback port."""

import json
import os
import select
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLIENT_ID = "socialcheck-tests"
CLIENT_SECRET = "provider-client-secret-for-tests-" + "s" * 20
PASSWORD = "provider-password-1"


def person(email: str, subject: str, amr=("pwd",), acr: str | None = None) -> dict:
    claims = {"sub": subject, "email": email, "amr": list(amr)}
    if acr:
        claims["acr"] = acr
    return {"password": PASSWORD, "claims": claims}


class Provider:
    def __init__(self, state: Path, redirect_uris: list[str], people: dict):
        self.state = state
        state.mkdir(parents=True, exist_ok=True)
        (state / "config.json").write_text(
            json.dumps(
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": redirect_uris,
                    "people": people,
                }
            )
        )
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        with open(state / "provider.log", "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.support.oidc_provider.serve", str(state)],
                cwd=REPO,
                env=env,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        ready, _, _ = select.select([self.process.stdout], [], [], 60)
        line = self.process.stdout.readline() if ready else ""
        if not line.startswith("PORT "):
            self.stop()
            raise RuntimeError(
                f"the test OpenID provider did not start: {(state / 'provider.log').read_text()[-2000:]}"
            )
        self.port = int(line.split()[1])
        self.issuer = f"http://127.0.0.1:{self.port}/o"

    def settings(self) -> dict:
        """The app's settings for single sign-on with this provider (the env vars' values)."""
        return {
            "SOCIALCHECK_OIDC_ISSUER": self.issuer,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        }

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
