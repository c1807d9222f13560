"""Running the real management commands in their own process, for fault tests: the
child uses this test's database, key ring and storage, and can be killed with SIGKILL."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection


def manage_py(*args: str) -> subprocess.Popen[bytes]:
    """The real command in its own process, against this test's database."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "SECRET_KEY": "test",
        "HTTPS": "0",
        "CCRHUB_KEYRING": settings.CCRHUB_KEYRING,
        "CCRHUB_HMAC_KEY": settings.CCRHUB_HMAC_KEY,
        "CCRHUB_VAR_DIR": str(Path(settings.STORAGES["default"]["OPTIONS"]["location"]).parent),
    }
    env.pop("DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_when_busy(process: subprocess.Popen[bytes], after_seconds: float) -> bool:
    """SIGKILL once the command has worked a while; False if it finished first."""
    deadline = time.monotonic() + after_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return True
