from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.models import User
from portfolio.public.work import approved_work
from roadmap.markdown import html_to_text


def public_portfolio(request, username):
    """A learner's approved work, for anyone, once the learner has opted in. Every other
    handle is a 404, so the page doesn't tell who has an account. A handle given up lately
    redirects to the new one; another case of the handle, to the handle as written."""
    public = User.objects.filter(is_active=True, portfolio_public=True)
    # Handles are unique in lower case (accounts_user_username_unique_ci): looking them up the
    # same way uses that index; iexact's UPPER() read all 40,000 users.
    owner = public.alias(handle=Lower("username")).filter(handle=username.lower()).first()
    if owner is None or owner.username != username:
        owner = owner or public.by_old_handle(username)
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
