"""Handing a stored upload to someone the caller has already allowed to see it."""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect

# How long a browser (and, for what anyone may see, a shared cache) keeps an upload. A public
# screenshot that goes private (the learner hides their portfolio) may stay in a shared cache
# this long.
MEDIA_MAX_AGE = 3600


def media_file_response(name: str, *, public: bool = False) -> HttpResponse:
    """The upload stored as `name`, by the cheapest way the deployment offers:

    - object storage: a redirect to a signed URL that expires (AWS_QUERYSTRING_EXPIRE);
    - behind the proxy (MEDIA_ACCEL_REDIRECT): an empty answer whose X-Accel-Redirect header
      tells the proxy which file of the media volume to send;
    - otherwise (development, tests): the file itself.

    `public`: anyone may see it, so shared caches may keep it; otherwise only the browser of
    the person who asked may (`Cache-Control: private`).

    The caller knows the file from its database row, so nothing asks the storage whether it
    exists first (a round trip to object storage); a missing file is a 404 from whoever sends.
    """
    max_age = MEDIA_MAX_AGE
    if settings.AWS_STORAGE_BUCKET_NAME:
        response = HttpResponseRedirect(default_storage.url(name))
        # A kept redirect must not outlive the signature it leads to.
        max_age = min(max_age, default_storage.querystring_expire // 2)
    elif settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=mimetypes.guess_type(name)[0])
        response["X-Accel-Redirect"] = "/" + quote(name)
    else:
        try:
            response = FileResponse(default_storage.open(name))
        except FileNotFoundError:
            raise Http404("No such file.") from None
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age={max_age}"
    return response
