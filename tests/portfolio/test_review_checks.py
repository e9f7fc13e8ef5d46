"""The checks beside the rubric: run by the worker after a submission, shown to mentors as
suggestions with their evidence, run again on request (once a minute), never in the way."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from curriculum.models import Project
from portfolio.models import CheckStatus, RepositoryCheck, Submission, SubmissionStatus
from portfolio.review.checks.runs import repository_check_run, run_repository_check
from tests.conftest import run_worker
from tests.network import recording

pytestmark = pytest.mark.django_db

MICROGRAD = "https://github.com/karpathy/micrograd"
DEMO = "https://micrograd.lena.dev/"


@pytest.fixture
def project():
    return Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")


@pytest.fixture
def submission(learner, project):
    return Submission.objects.create(
        user=learner, project=project, iteration=1, repository_url=MICROGRAD, demo_url=DEMO
    )


@pytest.fixture
def web(network):
    network.github("karpathy__micrograd")
    network.host("micrograd.lena.dev", "93.184.215.14")
    network.page(DEMO, 200)
    return network


def review_page(client, submission):
    response = client.get(reverse("review:submission", args=[submission.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def rows(page: str) -> dict[str, tuple[str, str]]:
    """{check: (what it found, the rubric signal it supports)} from the checks table."""
    table = page[page.index('class="checks-table"') : page.index("</table>")]
    found = re.findall(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>\s*<td>(.*?)</td>', table)
    return {check: (re.sub(r"<[^>]+>", "", text), signal) for check, text, signal in found}


def checked(network, submission, fixture, **evidence):
    """Run the checks on `submission` with these URLs, GitHub answering from `fixture` (or
    from what the test set up, when None)."""
    if fixture:
        network.github(fixture)
    Submission.objects.filter(pk=submission.pk).update(**evidence)
    return repository_check_run(submission.pk)


def tasks_queued():
    return DBTaskResult.objects.filter(task_path__endswith="run_repository_check").count()


# What the mentor sees


def test_the_mentor_sees_each_check_with_the_signal_it_supports(web, client, mentor, submission):
    repository_check_run(submission.pk)
    client.force_login(mentor)

    page = review_page(client, submission)

    assert rows(page) == {
        "README": ("found, 386 words", "Clear README"),
        "Licence": ("MIT", "Organized structure"),
        "Tests": ("found (test/, 1 file)", "Tests included"),
        "CI": ("not found", "Tests included"),
        "Commits": (
            "24 by 2 authors, 96 % with a meaningful message (merges aside)",
            "Meaningful commits",
        ),
        "Last commit": (rows(page)["Last commit"][0], "Meaningful commits"),
        "Live demo": ("answers (200)", "Deployment instructions or live app"),
    }
    assert re.fullmatch(r"\d+ years? ago", rows(page)["Last commit"][0])
    # the evidence, linked
    assert 'href="https://github.com/karpathy/micrograd/blob/master/README.md"' in page
    assert 'href="https://github.com/karpathy/micrograd/tree/master/test"' in page
    assert 'href="https://github.com/karpathy/micrograd/commits/master"' in page
    assert f'href="{DEMO}"' in page
    assert page.index("Automatic checks") < page.index('id="review-heading"')


def test_a_large_repository_says_which_commits_were_read(network, client, mentor, submission):
    url = "https://github.com/pallets/click/tree/main/src"
    checked(network, submission, "pallets__click", repository_url=url, demo_url="")
    client.force_login(mentor)

    found = rows(review_page(client, submission))

    assert found["Commits"][0] == (
        "3,329 by 471 authors, 100 % of the latest 100 with a meaningful message (merges aside)"
    )
    assert found["CI"][0] == "GitHub Actions (6 workflows)"
    assert found["Licence"][0] == "BSD-3-Clause"
    assert "Live demo" not in found


def test_a_tree_too_large_for_github_to_list_is_said(network, client, mentor, submission):
    tree = recording("pallets__click/tree")
    tree["body"]["truncated"] = True
    network.github("pallets__click")
    network.answer(tree["request"]["url"], tree)
    url = "https://github.com/pallets/click"
    checked(network, submission, None, repository_url=url, demo_url="")
    client.force_login(mentor)

    assert rows(review_page(client, submission))["Tests"][0] == (
        "found (tests/, 34 files); GitHub listed only part of a very large tree"
    )


def test_a_repository_without_readme_tests_or_licence(network, client, mentor, submission):
    url = "https://github.com/Amirulrosli/TicTacToe-Python.git"
    checked(network, submission, "Amirulrosli__TicTacToe-Python", repository_url=url, demo_url="")
    client.force_login(mentor)

    page = review_page(client, submission)

    found = rows(page)
    assert found["README"][0] == found["Tests"][0] == found["Licence"][0] == "not found"
    assert found["Commits"][0] == "10 by 1 author, 10 % with a meaningful message"
    assert page.count('class="check-missing"') == 4  # README, licence, tests, CI


def test_when_the_rate_limit_stops_the_checks_the_mentor_is_told_when_to_try(
    network, client, mentor, submission
):
    network.github("karpathy__micrograd")
    network.fail("https://api.github.com/repos/karpathy/micrograd/readme", "rate_limit_403")
    network.host("micrograd.lena.dev", "93.184.215.14")
    network.page(DEMO, 200)

    check = repository_check_run(submission.pk)
    client.force_login(mentor)
    page = review_page(client, submission)

    assert check.status == CheckStatus.FAILED
    assert "Could not run: GitHub's rate limit was reached; try again after" in page
    assert '<time datetime="2026-12-01T14:05:00+00:00">14:05 UTC' in page
    # the demo does not need GitHub: it is checked all the same
    assert rows(page) == {"Live demo": ("answers (200)", "Deployment instructions or live app")}


@pytest.mark.parametrize(
    "failure, sentence",
    [
        (
            "not_found_404",
            "Could not run: GitHub has no public repository at this address "
            "(it is missing or private).",
        ),
        ("timeout", "Could not run: GitHub did not answer in time."),
        ("server_error_502", "Could not run: GitHub answered with a server error (502)."),
        ("bad_json_200", "Could not run: GitHub's answer was not valid JSON."),
    ],
)
def test_every_failure_says_why_the_checks_could_not_run(
    network, client, mentor, submission, failure, sentence
):
    network.fail("https://api.github.com/repos/karpathy/micrograd", failure)
    Submission.objects.filter(pk=submission.pk).update(demo_url="")

    repository_check_run(submission.pk)
    client.force_login(mentor)
    page = review_page(client, submission)

    assert sentence in page
    assert "checks-table" not in page


def test_an_answer_of_another_shape_than_documented_is_a_failure_not_a_crash(
    network, client, mentor, submission
):
    network.github("karpathy__micrograd")
    network.answer(
        "https://api.github.com/repos/karpathy/micrograd",
        {
            "status": 200,
            "headers": {"content-type": "application/json"},
            "body": ["not", "a", "repo"],
        },
    )
    Submission.objects.filter(pk=submission.pk).update(demo_url="")

    check = repository_check_run(submission.pk)

    assert (check.status, check.reason) == (
        CheckStatus.FAILED,
        "GitHub's answer was not what the checks expect",
    )


def test_other_hosts_are_not_checked_and_that_is_no_error(web, client, mentor, submission):
    Submission.objects.filter(pk=submission.pk).update(
        repository_url="https://gitlab.com/lena/micrograd"
    )

    check = repository_check_run(submission.pk)
    client.force_login(mentor)
    page = review_page(client, submission)

    assert check.status == CheckStatus.NOT_CHECKED
    assert "Repository not checked: only GitHub repositories are checked." in page
    assert "Could not run" not in page
    assert rows(page) == {"Live demo": ("answers (200)", "Deployment instructions or live app")}
    assert not any("api.github.com" in url for url in web.requested())


def test_a_demo_on_this_servers_network_is_refused(web, client, mentor, submission):
    Submission.objects.filter(pk=submission.pk).update(demo_url="http://127.0.0.1:8500/admin/")

    repository_check_run(submission.pk)
    client.force_login(mentor)

    assert rows(review_page(client, submission))["Live demo"][0] == (
        "not checked: 127.0.0.1 is a private or local address"
    )


def test_pending_and_never_run_checks_say_so(client, mentor, submission):
    client.force_login(mentor)
    assert "Not checked yet." in review_page(client, submission)

    RepositoryCheck.objects.create(submission=submission)
    assert "The checks are running" in review_page(client, submission)


def test_the_review_page_costs_the_same_queries_with_and_without_results(
    web, client, mentor, submission, django_assert_max_num_queries
):
    client.force_login(mentor)
    # session, user, the mentor rule (groups), their second factor, the submission with its
    # learner, project, track, level, claimant, review and checks (one query of joins), its
    # screenshots, whether it can be claimed, the earlier iterations
    with django_assert_max_num_queries(8) as without:
        review_page(client, submission)
    repository_check_run(submission.pk)
    with django_assert_max_num_queries(8) as with_results:
        page = review_page(client, submission)

    assert "found, 386 words" in page
    assert len(without.captured_queries) == len(with_results.captured_queries)


# Run the checks again


def run_again(client, submission):
    return client.post(reverse("review:run-checks", args=[submission.pk]), follow=True)


def test_a_mentor_runs_the_checks_again_at_most_once_a_minute(web, client, mentor, submission):
    repository_check_run(submission.pk)
    RepositoryCheck.objects.update(requested_at=timezone.now() - timedelta(minutes=2))
    client.force_login(mentor)

    response = run_again(client, submission)

    assert "The checks are running again" in response.content.decode()
    assert RepositoryCheck.objects.get().status == CheckStatus.PENDING
    assert tasks_queued() == 1

    again = run_again(client, submission).content.decode()

    assert "The checks ran less than a minute ago: try again in a minute." in again
    assert tasks_queued() == 1


def test_a_submission_from_before_the_checks_can_be_checked(web, client, mentor, submission):
    client.force_login(mentor)

    run_again(client, submission)

    assert RepositoryCheck.objects.get(submission=submission).status == CheckStatus.PENDING
    assert tasks_queued() == 1


@pytest.mark.parametrize("persona", ["anonymous", "learner", "other_learner"])
def test_only_mentors_may_run_the_checks(request, client, persona, submission):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("review:run-checks", args=[submission.pk]))

    assert response.status_code == 404
    assert tasks_queued() == 0


def test_a_mentor_cannot_run_the_checks_of_their_own_submission(client, mentor, project):
    own = Submission.objects.create(
        user=mentor, project=project, iteration=1, repository_url=MICROGRAD
    )
    client.force_login(mentor)

    assert client.post(reverse("review:run-checks", args=[own.pk])).status_code == 404
    assert tasks_queued() == 0


def test_running_the_checks_again_is_a_post_with_a_csrf_token(mentor, submission):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentor)
    url = reverse("review:run-checks", args=[submission.pk])

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert tasks_queued() == 0


# From submission to suggestions, through the worker


def test_a_new_submission_is_checked_by_the_worker_not_in_the_request(
    worker_ready, web, client, learner, mentor
):
    project = Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")
    client.force_login(learner)

    response = client.post(
        reverse("portfolio:submission-new", args=[project.track.slug, project.slug]),
        {"repository_url": MICROGRAD, "demo_url": DEMO, "write_up": ""},
    )

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.repository_check.status == CheckStatus.PENDING
    assert web.requests == []  # nothing was read inside the request

    run_worker()

    check = RepositoryCheck.objects.get()
    assert check.status == CheckStatus.DONE
    assert check.findings["readme"]["words"] == 386
    assert check.findings["demo"]["status"] == 200
    client.force_login(mentor)
    assert rows(review_page(client, submission))["README"][0] == "found, 386 words"


def test_checks_that_cannot_run_never_block_the_submission(worker_ready, client, learner):
    project = Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")
    client.force_login(learner)

    client.post(
        reverse("portfolio:submission-new", args=[project.track.slug, project.slug]),
        {"repository_url": MICROGRAD, "demo_url": "", "write_up": ""},
    )
    run_worker()

    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.WAITING
    assert submission.repository_check.status == CheckStatus.FAILED
    assert submission.repository_check.reason == "GitHub could not be reached"


def test_a_submission_deleted_before_the_worker_runs_is_no_error(submission):
    submission_id = submission.pk
    submission.delete()

    assert run_repository_check.call(submission_id) == "gone"
