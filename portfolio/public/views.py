from django.shortcuts import get_object_or_404, render

from accounts.models import User
from portfolio.public.work import approved_work
from roadmap.markdown import html_to_text


def public_portfolio(request, username):
    """A learner's approved work, for anyone, once the learner has opted in. Every other
    username is a 404, so the page doesn't tell who has an account."""
    owner = get_object_or_404(User, username=username, is_active=True, portfolio_public=True)
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
        "share_image_url": request.build_absolute_uri(share_image.image.url) if share_image else "",
    }
    return render(request, "portfolio/public.html", context)
