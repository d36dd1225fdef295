"""`hmac_sign` and `hmac_verify` (`app/util.py`): HMAC-SHA256 keyed by the Flask secret key, the
signature base64-encoded."""

import base64
import hashlib
import hmac

from app import app


def _digest(data):
    return hmac.new(app.config["SECRET_KEY"].encode("utf-8"), data, hashlib.sha256).digest()


def hmac_sign(data):
    return base64.b64encode(_digest(data))


def hmac_verify(signature_enc, data):
    return hmac.compare_digest(base64.b64decode(signature_enc), _digest(data))
