"""Time-based one-time codes (RFC 6238 on RFC 4226), as an authenticator app makes them.

Only the standard library: the locustfile runs in its own venv, without allauth.
"""

import base64
import hashlib
import hmac
import struct
import time

PERIOD = 30
DIGITS = 6


def totp_code(secret: str, at: float | None = None) -> str:
    """The 6-digit code for a base32 secret at the moment `at` (default: now)."""
    counter = int(time.time() if at is None else at) // PERIOD
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**DIGITS:0{DIGITS}d}"


def current_code(secret: str, margin: float = 2.0) -> str:
    """Now's code, waiting for the next period when this one ends within `margin` seconds:
    the portal accepts a code only in its own 30 seconds, and the request takes a moment."""
    remaining = PERIOD - time.time() % PERIOD
    if remaining < margin:
        time.sleep(remaining)
    return totp_code(secret)
