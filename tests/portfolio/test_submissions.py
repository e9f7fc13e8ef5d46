"""Submitting evidence: URLs, write-up, screenshots checked by content, iterations, withdraw."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from curriculum.models import Project
from portfolio.models import (
    ProjectProgress,
    ProjectStatus,
    Screenshot,
    Submission,
    SubmissionStatus,
)
from tests.portfolio.upload_helpers import image_file, submit, submit_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def project():
    return Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")


def test_a_learner_submits_evidence_and_the_project_becomes_submitted(client, learner, project):
    client.force_login(learner)

    response = submit(
        client,
        project,
        demo_url="https://md2html.example.com",
        write_up="I used **Jinja2**.",
        screenshots=[image_file(), image_file("b.jpg", "JPEG")],
    )

    assert response.status_code == 302
    submission = Submission.objects.get(user=learner, project=project)
    assert (submission.iteration, submission.status) == (1, SubmissionStatus.WAITING)
    assert submission.screenshots.count() == 2
    names = [shot.image.name for shot in submission.screenshots.all()]
    # random names: nothing of "shot.png" or "b.jpg" reaches storage
    assert all(name.startswith("screenshots/") for name in names)
    assert not any(name.split("/")[1] in {"shot.png", "b.jpg"} for name in names)
    assert len({len(name.split("/")[1].split(".")[0]) for name in names} - {32}) == 0
    progress = ProjectProgress.objects.get(user=learner, project=project)
    assert progress.status == ProjectStatus.SUBMITTED
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Iteration 1" in page
    assert "<strong>Jinja2</strong>" in page
    assert 'rel="nofollow noopener"' in page


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "/relative/path",
        "ftp://x.org/r",
        "github.com/x",
    ],
)
def test_bad_urls_are_refused_with_a_clear_message(client, learner, project, url):
    client.force_login(learner)

    response = submit(client, project, repository_url=url, demo_url=url)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("Enter a full web address starting with https://") == 2
    assert not Submission.objects.exists()


def test_the_repository_url_is_required(client, learner, project):
    client.force_login(learner)

    response = submit(client, project, repository_url="")

    assert "This field is required." in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.png", b"just some text, renamed"), "is not a PNG, JPEG or WebP"),
        (
            SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
            "is not a PNG, JPEG or WebP",
        ),
        (
            SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1)),
            "is larger than 5 MB",
        ),
    ],
    ids=["text-renamed-png", "svg", "oversized"],
)
def test_bad_screenshots_are_refused_and_nothing_is_stored(
    client, learner, project, settings, upload, message
):
    client.force_login(learner)

    response = submit(client, project, screenshots=[upload])

    assert message in response.content.decode()
    assert not Submission.objects.exists()
    assert not (settings.MEDIA_ROOT / "screenshots").exists()


def test_a_decompression_bomb_is_refused(client, learner, project):
    client.force_login(learner)
    # 10,000 x 10,000 pixels compress to a few hundred kilobytes.
    bomb = image_file("bomb.png", size=(10_000, 10_000))

    response = submit(client, project, screenshots=[bomb])

    assert (
        "too many pixels" in response.content.decode()
        or "is not a PNG" in response.content.decode()
    )
    assert not Submission.objects.exists()


def test_more_than_five_screenshots_are_refused(client, learner, project):
    client.force_login(learner)

    response = submit(client, project, screenshots=[image_file(f"{n}.png") for n in range(6)])

    assert "Attach at most 5 screenshots." in response.content.decode()
    assert not Submission.objects.exists()


def test_screenshots_are_re_encoded_without_metadata(client, learner, project):
    client.force_login(learner)
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    photo = image_file("photo.jpg", "JPEG", exif=exif.tobytes())
    assert b"SecretCameraMaker" in photo.read()
    photo.seek(0)

    submit(client, project, screenshots=[photo])

    shot = Submission.objects.get().screenshots.get()
    assert b"SecretCameraMaker" not in shot.image.read()
    assert (shot.width, shot.height) == (64, 48)


def test_the_write_up_is_sanitized(client, learner, project):
    client.force_login(learner)
    payload = (
        "Intro <script>alert(1)</script> <img src=x onerror=alert(2)> "
        "[click](javascript:alert(3)) [site](https://example.com)\n\n"
        "<script>alert(4)</script>"
    )

    submit(client, project, write_up=payload)

    page = client.get(project.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "onerror" not in page
    assert "javascript:alert(3)" not in page
    assert '<a href="https://example.com" rel="nofollow noopener">site</a>' in page


def test_the_htmx_preview_renders_sanitized_markdown(client, learner):
    client.force_login(learner)

    response = client.post(
        reverse("portfolio:write-up-preview"),
        {"write_up": "## Title\n<script>x()</script>"},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert "<html" not in body
    assert "<h2>Title</h2>" in body  # right under the form's <h1>, whatever level was written
    assert "<script>" not in body


def test_the_preview_works_without_javascript_and_keeps_the_input(client, learner, project):
    client.force_login(learner)

    response = submit(client, project, write_up="**bold**", preview="1")

    body = response.content.decode()
    assert "<strong>bold</strong>" in body
    assert "**bold**</textarea>" in body
    assert not Submission.objects.exists()


def test_a_preview_without_javascript_keeps_the_screenshots_for_the_submit(
    client, learner, project
):
    client.force_login(learner)

    preview = submit(client, project, write_up="**bold**", preview="1", screenshots=[image_file()])

    staged = Screenshot.objects.get(owner=learner)
    assert staged.submission is None
    body = preview.content.decode()
    assert f'name="keep" value="{staged.pk}"' in body and "checked" in body
    response = submit(client, project, keep=[staged.pk])
    assert response.status_code == 302
    assert list(Submission.objects.get().screenshots.all()) == [staged]


def test_a_form_error_keeps_the_screenshots_too(client, learner, project):
    client.force_login(learner)

    response = submit(client, project, repository_url="nope", screenshots=[image_file()])

    assert "Enter a full web address" in response.content.decode()
    assert Screenshot.objects.staged_by(learner).count() == 1


def test_unticking_a_kept_screenshot_leaves_it_out(client, learner, project):
    client.force_login(learner)
    submit(client, project, preview="1", screenshots=[image_file(), image_file()])

    first, _second = Screenshot.objects.staged_by(learner)
    submit(client, project, keep=[first.pk])

    assert list(Submission.objects.get().screenshots.all()) == [first]


def test_another_learners_screenshot_cannot_be_kept(client, learner, other_learner, project):
    client.force_login(other_learner)
    submit(client, project, preview="1", screenshots=[image_file()])
    theirs = Screenshot.objects.get(owner=other_learner)
    client.force_login(learner)

    response = submit(client, project, keep=[theirs.pk])

    assert "A screenshot you kept is no longer available" in response.content.decode()
    assert not Submission.objects.filter(user=learner).exists()
    assert Screenshot.objects.get(pk=theirs.pk).submission is None


def test_kept_and_new_screenshots_together_are_capped_at_five(client, learner, project):
    client.force_login(learner)
    submit(client, project, preview="1", screenshots=[image_file() for _ in range(4)])
    kept = [shot.pk for shot in Screenshot.objects.staged_by(learner)]

    response = submit(client, project, keep=kept, screenshots=[image_file(), image_file()])

    assert "Attach at most 5 screenshots." in response.content.decode()
    assert not Submission.objects.exists()
    assert Screenshot.objects.staged_by(learner).count() == 4


def test_an_overlong_write_up_is_refused_by_the_no_js_preview_too(client, learner, project):
    client.force_login(learner)

    response = submit(client, project, write_up="x" * 20_001, preview="1")

    body = response.content.decode()
    assert "Ensure this value has at most 20000 characters" in body
    assert 'class="prose"' not in body.split('id="preview"')[1].split("</section>")[0]


@pytest.mark.parametrize("write_up", ["[" * 20_000, "> " * 10_000, "**a" * 6_666])
def test_pathological_write_ups_cost_well_under_a_second_on_every_path(
    client, learner, project, write_up
):
    """The renderer's own test times it alone; here each request that renders a write-up:
    the htmx preview, the preview without JavaScript, and the stored page of the submission."""
    client.force_login(learner)
    preview_url = reverse("portfolio:write-up-preview")
    requests = [
        lambda: client.post(preview_url, {"write_up": write_up}, headers={"HX-Request": "true"}),
        lambda: submit(client, project, write_up=write_up, preview="1"),
        lambda: submit(client, project, write_up=write_up),
        lambda: client.get(reverse("portfolio:submission", args=[learner.submissions.get().pk])),
    ]
    for request in requests:
        started = time.perf_counter()
        response = request()
        assert response.status_code in (200, 302)
        assert time.perf_counter() - started < 1.0


def test_a_new_iteration_starts_from_the_previous_evidence(client, learner, project):
    client.force_login(learner)
    submit(client, project, demo_url="https://demo.example", write_up="First **take**.")
    Submission.objects.update(status=SubmissionStatus.CHANGES_REQUESTED)
    ProjectProgress.objects.update(status=ProjectStatus.CHANGES_REQUESTED)

    body = client.get(submit_url(project)).content.decode()

    assert 'value="https://github.com/lena/md2html"' in body
    assert 'value="https://demo.example"' in body
    assert "First **take**.</textarea>" in body


def test_a_submission_under_review_blocks_another_until_changes_are_requested(
    client, learner, project
):
    client.force_login(learner)
    submit(client, project)

    again = client.get(submit_url(project))
    assert again.status_code == 302
    assert Submission.objects.count() == 1

    Submission.objects.update(status=SubmissionStatus.CHANGES_REQUESTED)
    ProjectProgress.objects.update(status=ProjectStatus.CHANGES_REQUESTED)
    submit(client, project, repository_url="https://github.com/lena/md2html-v2")

    iterations = list(Submission.objects.order_by("iteration").values_list("iteration", "status"))
    assert iterations == [(1, "changes_requested"), (2, "waiting")]


def test_withdrawing_asks_for_confirmation_first(client, learner, other_learner, project):
    client.force_login(learner)
    submit(client, project)
    submission = Submission.objects.get()
    url = reverse("portfolio:submission-withdraw", args=[submission.pk])

    page = client.get(url).content.decode()

    assert "Withdraw iteration 1 of Markdown → HTML Converter?" in page
    assert '<button type="submit" class="danger">Withdraw the submission</button>' in page
    assert Submission.objects.get().status == SubmissionStatus.WAITING
    client.force_login(other_learner)
    assert client.get(url).status_code == 404


def test_a_learner_withdraws_an_unclaimed_submission(client, learner, project):
    client.force_login(learner)
    submit(client, project)
    submission = Submission.objects.get()

    response = client.post(reverse("portfolio:submission-withdraw", args=[submission.pk]))

    submission.refresh_from_db()
    assert response.status_code == 302
    assert submission.status == SubmissionStatus.WITHDRAWN
    assert ProjectProgress.objects.get(user=learner).status == ProjectStatus.IN_PROGRESS


def test_a_claimed_submission_cannot_be_withdrawn(client, learner, mentor, project):
    client.force_login(learner)
    submit(client, project)
    Submission.objects.update(status=SubmissionStatus.IN_REVIEW, claimed_by=mentor)
    submission = Submission.objects.get()

    response = client.post(
        reverse("portfolio:submission-withdraw", args=[submission.pk]), follow=True
    )

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert "can no longer be withdrawn" in response.content.decode()


def test_another_learner_gets_404_on_my_submission(client, learner, other_learner, project):
    client.force_login(learner)
    submit(client, project)
    submission = Submission.objects.get()
    client.force_login(other_learner)

    response = client.post(reverse("portfolio:submission-withdraw", args=[submission.pk]))

    assert response.status_code == 404
    assert "Iteration 1" not in client.get(project.get_absolute_url()).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, project):
    response = client.get(submit_url(project))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_project_page_with_submissions_stays_within_budget(
    client, learner, project, django_assert_max_num_queries
):
    client.force_login(learner)
    submit(client, project, screenshots=[image_file()])

    # session, user, the catalog version, project, milestones, track order, skills, guidance
    # blocks, the learner's ticks, status, time and submission count in one statement,
    # submissions with reviews, their screenshots, the waiting one's place in the queue,
    # the reviews of the last 30 days (its estimated wait)
    with django_assert_max_num_queries(13):
        response = client.get(project.get_absolute_url())
    # A revisit: the catalog's part is cached, the learner's eight queries are left.
    with django_assert_max_num_queries(8):
        assert "1st in the queue" in client.get(project.get_absolute_url()).content.decode()

    assert "Iteration 1" in response.content.decode()
    assert "1st in the queue" in response.content.decode()
