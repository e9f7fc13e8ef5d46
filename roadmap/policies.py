"""The security headers' policies, built from what roadmap/settings.py read from the
environment (this module reads nothing itself, so that settings stay the one place that does).
"""


def media_origins(storage: dict) -> list[str]:
    """Where browsers load uploads from when they live in object storage (img-src)."""
    options = storage.get("OPTIONS", {})
    if "bucket_name" not in options:
        return []  # files under MEDIA_URL, on this site
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain']}"]
    if endpoint := (options.get("endpoint_url") or "").rstrip("/"):
        return [endpoint, endpoint.replace("://", "://*.", 1)]  # path- or virtual-host-style
    return [f"https://{options['bucket_name']}.s3.amazonaws.com"]


def content_security_policy(media: list[str], github_login: bool) -> dict:
    """No inline code; scripts, styles, fonts and requests from this site; images from it,
    data: (the TOTP QR code) and the media bucket. form-action allows GitHub when its login is
    on: browsers check the redirect a login form answers with."""
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:", *media],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'none'"],
            "frame-ancestors": ["'none'"],
            "form-action": ["'self'", *(["https://github.com"] if github_login else [])],
        }
    }


# No page needs a device or sensor; WebAuthn (security keys, passkeys) on this site only.
# fmt: off
PERMISSIONS_POLICY = {
    feature: [] for feature in [
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "browsing-topics",
        "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid",
        "idle-detection", "interest-cohort", "local-fonts", "magnetometer", "microphone", "midi",
        "payment", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    ]
} | {"publickey-credentials-create": ["self"], "publickey-credentials-get": ["self"]}
# fmt: on
