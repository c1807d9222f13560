"""What we keep about a signed-in browser: a digest of its session key and its family."""

import hashlib
import re

# Checked in order: Edge and Opera announce themselves as Chrome too, Chrome as Safari.
BROWSER_FAMILIES = (
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/|\bOpera\b")),
    ("Firefox", re.compile(r"\bFirefox/|\bFxiOS/")),
    ("Chrome", re.compile(r"Chrome/|\bCriOS/")),  # also HeadlessChrome
    ("Safari", re.compile(r"\bSafari/")),
)


def session_digest(session_key: str) -> str:
    """SHA-256 of a session key: enough to match a session, useless to replay one."""
    return hashlib.sha256(session_key.encode()).hexdigest()


def browser_family(user_agent: str) -> str:
    """ "Firefox", "Chrome", …: a label people recognise, without the fingerprint."""
    for family, pattern in BROWSER_FAMILIES:
        if pattern.search(user_agent or ""):
            return family
    return "Other"
