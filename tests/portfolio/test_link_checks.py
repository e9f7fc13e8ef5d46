"""Whether a link answers (the live demo, approved portfolio links), never reaching this
server's own network, and the monthly re-check that tells a learner once when a link breaks."""

import socket
from datetime import timedelta

import httpx
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from curriculum.models import Project
from portfolio.models import (
    LinkKind,
    Notification,
    PortfolioLink,
    ProjectProgress,
    ProjectStatus,
    Submission,
    SubmissionStatus,
)
from portfolio.review.checks.links import portfolio_links_due, recheck_portfolio_links
from portfolio.review.checks.web import PublicOnlyBackend, RefusedAddress, link_check
from tests.conftest import run_worker
from tests.network import REAL_HANDLE_REQUEST, recording

PUBLIC_IP = "93.184.215.14"
DEMO = "https://md2html.lena.dev/"
REPOSITORY = "https://github.com/lena/md2html"


@pytest.fixture
def web(network):
    network.host("md2html.lena.dev", PUBLIC_IP)
    network.host("github.com", "140.82.121.4")
    return network


# Does it answer?


def test_a_page_that_answers_head_is_not_downloaded(web):
    web.page(DEMO, 200)

    answer = link_check(DEMO)

    assert (answer.answers, answer.status, answer.problem) == (True, 200, "")
    assert web.requested("HEAD") == [DEMO]
    assert web.requested("GET") == []


@pytest.mark.parametrize("refused_head", [405, 501, 403, 404])
def test_a_server_that_refuses_head_is_asked_with_get(web, refused_head):
    web.page(DEMO, 200, head=refused_head)

    answer = link_check(DEMO)

    assert (answer.answers, answer.status) == (True, 200)
    assert web.requested("GET") == [DEMO]


def test_redirects_are_followed_to_the_page_that_answers(web):
    web.page("http://md2html.lena.dev/", 301, headers={"location": DEMO})
    web.page(DEMO, 200)

    answer = link_check("http://md2html.lena.dev/")

    assert (answer.answers, answer.status) == (True, 200)
    assert web.requested("HEAD") == ["http://md2html.lena.dev/", DEMO]


def test_an_error_status_does_not_answer(web):
    web.page(DEMO, 404)

    answer = link_check(DEMO)

    assert (answer.answers, answer.status) == (False, 404)
    assert answer.problem == "answers with an error (404)"


def test_a_redirect_loop_does_not_answer(web):
    web.page(DEMO, 302, headers={"location": DEMO})

    assert link_check(DEMO).problem == "more than 5 redirects"


def test_a_server_that_never_answers_times_out(web):
    web.answer(DEMO, recording("_failures/timeout"), method="HEAD")

    answer = link_check(DEMO)

    assert (answer.answers, answer.problem) == (False, "no answer within 10 seconds")


def test_a_name_that_does_not_resolve_is_unreachable(web):
    answer = link_check("https://gone.lena.dev/")

    assert not answer.answers
    assert answer.problem == "unreachable (gone.lena.dev could not be found)"


# Never this server's own network (SSRF)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8500/",
        "http://localhost:8500/admin/",
        "http://10.0.0.7/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0:8500/",
        "http://[::1]:8500/",
        "http://[::ffff:127.0.0.1]:8500/",
        "http://[64:ff9b::a00:7]/",
        "http://[fd00::7]/",
        "http://224.0.0.1/",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(web, url):
    answer = link_check(url)

    assert not answer.answers
    assert answer.problem.startswith("not checked:")
    assert web.requests == []  # nothing was sent


def test_a_name_that_resolves_to_a_private_address_is_refused(web):
    web.host("intranet.lena.dev", "10.0.0.7")
    web.host("both.lena.dev", PUBLIC_IP, "127.0.0.1")

    assert link_check("https://intranet.lena.dev/").problem == (
        "not checked: intranet.lena.dev is a private or local address"
    )
    assert link_check("https://both.lena.dev/").problem.startswith("not checked:")
    assert web.requests == []


def test_a_redirect_to_a_private_address_is_not_followed(web):
    metadata = "http://169.254.169.254/latest/meta-data/"
    web.page(DEMO, 302, headers={"location": metadata})
    web.page(metadata, 200)

    answer = link_check(DEMO)

    assert not answer.answers
    assert answer.problem.startswith("not checked:")
    assert metadata not in web.requested("HEAD") + web.requested("GET")


def test_only_http_and_https_are_checked(web):
    web.page(DEMO, 302, headers={"location": "file:///etc/passwd"})

    assert not link_check("file:///etc/passwd").answers
    assert not link_check("gopher://md2html.lena.dev/").answers
    assert not link_check(DEMO).answers


def test_the_connection_itself_refuses_a_name_that_turns_private(monkeypatch, web):
    """DNS rebinding: the name is public when checked and loopback when the socket connects.
    The real transport (not the fake) must refuse it before connecting."""
    listener = socket.create_server(("127.0.0.1", 8531))
    listener.settimeout(0.2)
    answers = iter([[PUBLIC_IP], ["127.0.0.1"]])
    real = web.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.lena.dev":
            web.host(host, *next(answers))
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", REAL_HANDLE_REQUEST)

    answer = link_check("http://rebind.lena.dev:8531/")

    assert answer.problem == "not checked: rebind.lena.dev is a private or local address"
    with pytest.raises(TimeoutError):
        listener.accept()  # nobody connected
    listener.close()


def test_the_socket_backend_refuses_loopback_by_itself():
    with pytest.raises(RefusedAddress):
        PublicOnlyBackend().connect_tcp("localhost", 8531, timeout=1)
    with pytest.raises(RefusedAddress):
        PublicOnlyBackend().connect_tcp("::1", 8531, timeout=1)


# Approved portfolio links, re-checked


@pytest.fixture
def project():
    return Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")


def approved(user, project, **urls):
    ProjectProgress.objects.create(
        user=user,
        project=project,
        status=ProjectStatus.APPROVED,
        started_at=timezone.now(),
        last_activity_at=timezone.now(),
    )
    return Submission.objects.create(
        user=user,
        project=project,
        iteration=1,
        repository_url=urls.get("repository_url", REPOSITORY),
        demo_url=urls.get("demo_url", DEMO),
        status=SubmissionStatus.APPROVED,
    )


def days(n):
    return timezone.now() + timedelta(days=n)


def demo_link():
    return PortfolioLink.objects.get(kind=LinkKind.DEMO)


def test_every_approved_link_is_checked_once_a_month(web, learner, other_learner, project):
    approved(learner, project)
    waiting = approved(other_learner, project, demo_url="")
    Submission.objects.filter(pk=waiting.pk).update(status=SubmissionStatus.WAITING)
    web.page(REPOSITORY, 200)
    web.page(DEMO, 200)

    assert recheck_portfolio_links(now=days(0)) == (2, 0, 0)
    assert recheck_portfolio_links(now=days(1)) == (0, 0, 0)  # not due yet
    assert recheck_portfolio_links(now=days(31)) == (2, 0, 0)
    assert set(PortfolioLink.objects.values_list("kind", flat=True)) == {
        "repository_url",
        "demo_url",
    }
    assert Notification.objects.count() == 0


def test_one_failure_is_not_a_breakage_and_is_confirmed_the_next_day(web, learner, project):
    approved(learner, project, repository_url="https://gitlab.com/lena/md2html")
    web.host("gitlab.com", "172.65.251.78")
    web.page("https://gitlab.com/lena/md2html", 200)
    web.page(DEMO, 200)
    recheck_portfolio_links(now=days(0))
    web.page(DEMO, 404)

    assert recheck_portfolio_links(now=days(31)) == (2, 1, 0)
    assert demo_link().failures == 1
    assert Notification.objects.count() == 0
    assert [link.kind for link in portfolio_links_due(now=days(32))] == ["demo_url"]

    assert recheck_portfolio_links(now=days(32)) == (1, 1, 1)

    notice = Notification.objects.get(user=learner)
    assert notice.message == (
        "The live demo link of your Markdown → HTML Converter is broken "
        f"(answers with an error (404)): {DEMO}"
    )
    assert notice.url == f"{project.get_absolute_url()}#submissions"


def test_a_broken_link_is_told_once_until_it_works_again(web, learner, project):
    approved(learner, project)
    web.page(REPOSITORY, 200)
    web.answer(DEMO, recording("_failures/connection_error"), method="HEAD")
    for day in (0, 1, 31, 61):
        recheck_portfolio_links(now=days(day))
    assert Notification.objects.filter(user=learner).count() == 1

    web.page(DEMO, 200)
    recheck_portfolio_links(now=days(91))
    assert demo_link().failures == 0
    assert demo_link().broken_notified_at is None

    web.page(DEMO, 503)
    recheck_portfolio_links(now=days(121))
    recheck_portfolio_links(now=days(122))
    assert Notification.objects.filter(user=learner).count() == 2  # a new breakage


def test_a_link_that_flaps_is_never_reported(web, learner, project):
    approved(learner, project, demo_url="")
    for day, status in [(0, 404), (1, 200), (31, 404), (32, 200), (62, 404)]:
        web.page(REPOSITORY, status)
        recheck_portfolio_links(now=days(day))

    assert Notification.objects.count() == 0


def test_too_many_requests_counts_neither_way_and_asks_again_next_run(web, learner, project):
    approved(learner, project, demo_url="")
    web.page(REPOSITORY, 404)
    recheck_portfolio_links(now=days(0))
    web.page(REPOSITORY, 429)

    assert recheck_portfolio_links(now=days(1)) == (1, 0, 0)
    assert recheck_portfolio_links(now=days(2)) == (1, 0, 0)  # still due
    link = PortfolioLink.objects.get()
    assert (link.failures, link.last_status) == (1, 404)


def test_the_command_reports_what_it_did(web, learner, project, capsys):
    approved(learner, project, demo_url="")
    web.page(REPOSITORY, 200)

    call_command("recheck_portfolio_links")

    assert capsys.readouterr().out == "1 link(s) checked, 0 not answering, 0 learner(s) told\n"


def test_the_learner_is_emailed_about_a_broken_link_by_the_worker(worker_ready, web, learner):
    project = Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")
    approved(learner, project, demo_url="")
    web.page(REPOSITORY, 404)
    recheck_portfolio_links(now=days(0))
    recheck_portfolio_links(now=days(1))
    assert mail.outbox == []

    run_worker()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [learner.email]
    assert mail.outbox[0].subject == "[Roadmap] A link of your Markdown → HTML Converter is broken"
    assert REPOSITORY in mail.outbox[0].body
    assert "answers with an error (404)" in mail.outbox[0].body
