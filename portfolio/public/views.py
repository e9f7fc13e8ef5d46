from hashlib import blake2b

from django.db.models import Count, Max
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.models import User
from curriculum.cache import public_page_of
from portfolio.models import Submission, SubmissionStatus
from portfolio.public.work import approved_work
from roadmap.markdown import html_to_text


def _public_users():
    return User.objects.filter(is_active=True, portfolio_public=True)


def _public_owner(username):
    # Handles are unique in lower case (accounts_user_username_unique_ci): looking them up the
    # same way uses that index; iexact's UPPER() read all 40,000 users.
    handle = Lower("username")
    return _public_users().alias(handle=handle).filter(handle=username.lower()).first()


def _what_the_portfolio_shows(request, username):
    """Beside the catalog, what the page of `username` shows: the owner's public fields and
    their approved work (how many, the newest), read on every request, so that a visitor's
    cached page changes with them (a portfolio made private is a 404 at once: no owner, no
    cache). None for an address that is not a public portfolio's own."""
    owner = _public_owner(username)
    if owner is None or owner.username != username:
        return None
    request.portfolio_owner = owner  # the view's, without asking again
    approved = Submission.objects.filter(user=owner, status=SubmissionStatus.APPROVED)
    work = approved.aggregate(count=Count("pk"), newest=Max("pk"))
    public_fields = repr((owner.name, owner.github_username, owner.bio_html)).encode()
    return (owner.pk, blake2b(public_fields, digest_size=8).hexdigest(), *work.values())


@public_page_of(_what_the_portfolio_shows)
def public_portfolio(request, username):
    """A learner's approved work, for anyone, once the learner has opted in. Every other
    handle is a 404, so the page doesn't tell who has an account. A handle given up lately
    redirects to the new one; another case of the handle, to the handle as written."""
    owner = getattr(request, "portfolio_owner", None) or _public_owner(username)
    if owner is None or owner.username != username:
        owner = owner or _public_users().by_old_handle(username)
        if owner is None:
            raise Http404
        return redirect("portfolio-public:detail", owner.username, permanent=True)
    work = approved_work(owner)
    share_image = work.first_screenshot
    context = {
        "owner": owner,
        "work": work,
        "description": html_to_text(owner.bio_html)
        or f"{owner.name}’s Python projects, reviewed and approved by mentors on Roadmap.",
        # Without the query string: shares of one page all point at one URL.
        "page_url": request.build_absolute_uri(request.path),
        "share_image": share_image,
        "share_image_url": (
            request.build_absolute_uri(share_image.get_absolute_url()) if share_image else ""
        ),
    }
    return render(request, "portfolio/public.html", context)
