"""reverse(), remembered: pages list a hundred or more links, and each reverse() costs more
than the rest of its card (the header alone has fifteen on every page)."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def remembered_reverse(name: str, *args: str) -> str:
    """reverse(name, args=args), once per process for the same arguments. A changed slug is
    a new key, and so is whatever else reverse() depends on (the URLconf and the script
    prefix)."""
    urls = (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    return _reverse_once(name, args, urls)


@functools.lru_cache(maxsize=8192)
def _reverse_once(name: str, args: tuple, _urls: tuple) -> str:
    return reverse(name, args=args)
