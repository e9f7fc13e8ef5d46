"""Posting the submission form as a browser does, with screenshots made on the spot."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image


def submit_url(project):
    return reverse("portfolio:submission-new", args=[project.track.slug, project.slug])


def image_file(name="shot.png", kind="PNG", size=(64, 48), exif=None, mode="RGB", **options):
    buffer = io.BytesIO()
    if exif:
        options["exif"] = exif
    Image.new(mode, size, "teal").save(buffer, kind, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def submit(client, project, **fields):
    data = {"repository_url": "https://github.com/lena/md2html", "demo_url": "", "write_up": ""}
    data |= fields
    return client.post(submit_url(project), data)
