from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from portfolio.account_data.deletion import account_delete
from portfolio.account_data.export import account_export
from portfolio.account_data.forms import AccountDeleteForm
from roadmap.ratelimit import rate_limited


@login_required
@require_POST
@rate_limited("account_export")
def export(request):
    """Everything of the user's, as a zip streamed while it is written (a POST: it is heavy,
    so it is rate limited, and a link preview or prefetch never starts one)."""
    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(account_export(request.user), content_type="application/zip")
    filename = f"roadmap-{request.user.username}-{stamp}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("account_delete")
def delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect("home")
    return render(request, "portfolio/account_delete.html", {"form": form})
