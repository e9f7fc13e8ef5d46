"""What one upload may cost: each image's pixels (by the memory its format takes to decode)
and a request's pixels (CPU) are bounded from the headers, before anything is decoded. The
figures behind the limits come from scripts/upload_cost.py, which these tests also run."""

import struct
import threading
import zlib
from importlib import import_module

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from portfolio.models import Screenshot, Submission
from portfolio.screenshots import MAX_REQUEST_PIXELS
from portfolio.submissions import UploadRefused, screenshots_stage
from scripts.upload_cost import encoded, noisy, run_once
from tests.factories import UserFactory
from tests.portfolio.upload_helpers import image_file, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares `width` × `height` pixels and holds almost none: decoding it would
    fail, so a refusal that names its size was made from the header alone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 10)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def refused(response, *messages):
    body = response.content.decode()
    assert all(message in body for message in messages), body
    assert not Submission.objects.exists()
    assert not Screenshot.objects.exists()


def test_an_image_too_large_is_refused_from_its_header(client, learner, project):
    client.force_login(learner)
    upload = SimpleUploadedFile("huge.png", png_header_only(6000, 6000))

    response = submit(client, project, screenshots=[upload])

    refused(
        response,
        "huge.png is 6000 × 6000 pixels (36 million); a PNG screenshot may have 12 million "
        "at most (a 4K screen has 8.3). Make it smaller.",
    )


def test_formats_that_take_more_memory_to_decode_may_have_fewer_pixels(client, learner, project):
    client.force_login(learner)
    uploads = [
        image_file("a.webp", "WEBP", size=(2000, 2000)),
        image_file("b.jpg", "JPEG", size=(2500, 2500), progressive=True),
        image_file("c.jpg", "JPEG", size=(2500, 2500), mode="CMYK"),
    ]

    response = submit(client, project, screenshots=uploads)

    refused(
        response,
        "a.webp is 2000 × 2000 pixels (4 million); a WebP screenshot may have 3.5 million",
        "b.jpg is 2500 × 2500 pixels (6.2 million); a progressive or CMYK JPEG screenshot "
        "may have 5.4 million",
        "c.jpg is 2500 × 2500 pixels (6.2 million); a progressive or CMYK JPEG",
    )


def test_the_pixels_of_one_request_are_bounded_together(client, learner, project):
    client.force_login(learner)
    # Each 4 million pixels, fine alone; 16 million together. The last is not even an image
    # beyond its header: nothing is decoded before the budget is checked.
    uploads = [image_file(f"{n}.png", size=(2000, 2000)) for n in range(3)]
    uploads.append(SimpleUploadedFile("3.png", png_header_only(2000, 2000)))

    response = submit(client, project, screenshots=uploads)

    refused(
        response,
        "These screenshots have 16 million pixels together; one upload takes at most 12 "
        "million. Attach some now (Preview keeps them) and the others next",
    )


def test_screenshots_of_a_4k_screen_are_accepted_and_the_rest_come_in_the_next_upload(
    client, learner, project
):
    client.force_login(learner)
    first = submit(client, project, preview="1", screenshots=[image_file(size=(3840, 2160))])
    assert first.status_code == 200
    kept = list(Screenshot.objects.staged_by(learner).values_list("pk", flat=True))

    response = submit(client, project, keep=kept, screenshots=[image_file(size=(3840, 2160))])

    assert response.status_code == 302
    assert Submission.objects.get().screenshots.count() == 2
    assert MAX_REQUEST_PIXELS < 2 * 3840 * 2160  # the two could not have come in one upload


def test_more_than_five_files_are_refused_before_any_is_read(client, learner, project):
    client.force_login(learner)
    garbage = SimpleUploadedFile("notes.png", b"not an image")

    response = submit(client, project, screenshots=[image_file() for _ in range(5)] + [garbage])

    refused(response, "Attach at most 5 screenshots.")
    assert "notes.png" not in response.content.decode()


def test_the_costliest_accepted_upload_stays_under_100_mb(tmp_path):
    """Three WebPs at their limit and a PNG of noise: the most memory the limits let one
    request take (measured in a fresh process, as scripts/upload_cost.py does)."""
    webp = encoded(noisy("RGB", (1870, 1870), 3 * 1024 * 1024), "WEBP")
    noise = encoded(noisy("RGB", (1250, 1200), 5 * 1024 * 1024), "PNG")
    paths = []
    for name, content in [("a.webp", webp), ("b.webp", webp), ("c.webp", webp), ("d.png", noise)]:
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))

    cost = run_once(paths)

    assert cost["outcome"].startswith("accepted")
    assert cost["peak_mb"] < 100


def test_refusing_a_36_megapixel_image_costs_next_to_nothing(tmp_path):
    (tmp_path / "big.png").write_bytes(encoded(noisy("RGB", (6000, 6000), 0), "PNG"))

    cost = run_once([str(tmp_path / "big.png")])

    assert cost["outcome"].startswith("refused")
    assert cost["peak_mb"] < 20  # decoding it took 278 MB and 0.8 s of CPU
    assert cost["cpu"] < 0.3


# The storage quota


def noise_png(name: str, side: int = 390) -> SimpleUploadedFile:
    """About 0.45 MB that re-encoding cannot shrink."""
    return SimpleUploadedFile(name, encoded(noisy("RGB", (side, side), side * side * 3), "PNG"))


def stored_files(settings) -> list:
    return list((settings.MEDIA_ROOT / "screenshots").glob("*"))


def test_an_upload_past_the_learners_quota_is_refused_and_nothing_is_stored(
    client, learner, project, settings
):
    settings.SCREENSHOT_QUOTA_MB = 1
    client.force_login(learner)
    submit(client, project, preview="1", screenshots=[noise_png("a.png"), noise_png("b.png")])
    kept = list(Screenshot.objects.staged_by(learner).values_list("pk", flat=True))
    assert len(kept) == 2 and len(stored_files(settings)) == 2

    response = submit(client, project, keep=kept, screenshots=[noise_png("c.png")])

    assert (
        "These screenshots (0.4 MB) would take you past the 1 MB your screenshots may take: "
        "0.9 MB are in use. Screenshots you never sent and those of withdrawn submissions are "
        "removed 7 days later"
    ) in response.content.decode()
    assert not Submission.objects.exists()
    assert Screenshot.objects.count() == 2 and len(stored_files(settings)) == 2


def test_the_quota_counts_sent_and_withdrawn_screenshots_but_not_other_learners(
    client, learner, other_learner, project, settings
):
    settings.SCREENSHOT_QUOTA_MB = 1
    client.force_login(other_learner)
    submit(client, project, screenshots=[noise_png("theirs.png", side=500)])  # 0.7 MB, sent
    client.force_login(learner)
    submit(client, project, screenshots=[noise_png("sent.png")])
    withdrawn = Submission.objects.get(user=learner)
    client.post(reverse("portfolio:submission-withdraw", args=[withdrawn.pk]))
    submit(client, project, preview="1", screenshots=[noise_png("staged.png")])

    response = submit(client, project, preview="1", screenshots=[noise_png("more.png")])

    assert "0.9 MB are in use" in response.content.decode()
    assert Screenshot.objects.filter(owner=learner).count() == 2


def test_the_migration_gives_screenshots_stored_before_their_size(learner, settings):
    (settings.MEDIA_ROOT / "screenshots").mkdir(parents=True)
    for name in ["old.png", "gone.png"]:
        picture = encoded(noisy("RGB", (40, 30), 0), "PNG")
        (settings.MEDIA_ROOT / "screenshots" / name).write_bytes(picture)
    old = Screenshot.objects.create(owner=learner, image="screenshots/old.png")
    gone = Screenshot.objects.create(owner=learner, image="screenshots/gone.png")
    (settings.MEDIA_ROOT / "screenshots/gone.png").unlink()

    import_module("portfolio.migrations.0018_screenshot_size").fill_sizes(apps, None)

    sizes = dict(Screenshot.objects.values_list("pk", "size"))
    assert sizes[old.pk] == (settings.MEDIA_ROOT / "screenshots/old.png").stat().st_size
    assert sizes[gone.pk] == 0  # the migration goes on past a missing file


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises writers, so two uploads can't race: run on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_cannot_both_pass_the_quota(settings):
    settings.SCREENSHOT_QUOTA_MB = 1
    learner = UserFactory(username="racer")
    picture = encoded(noisy("RGB", (450, 450), 450 * 450 * 3), "PNG")  # 0.6 MB
    barrier = threading.Barrier(2)
    outcomes = []

    def upload():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            screenshots_stage(owner=learner, images=[ContentFile(picture, name="a.png")])
            outcomes.append("stored")
        except UploadRefused:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "stored"]
    assert Screenshot.objects.filter(owner=learner).count() == 1
