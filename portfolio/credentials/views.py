"""Credential pages and documents.

Public by design: the verification page, the status (revocation list), the issuer profile
and its keys, which any verifier must reach without an account. Only the holder: the list
of their credentials, the downloads, JSON Resume and the bundle (someone else's id is a 404).
"""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from portfolio.credentials.issuer import issuer_profile, jwks, published_jwk
from portfolio.credentials.portable import credentials_bundle, json_resume
from portfolio.credentials.sharing import linkedin_add_url
from portfolio.credentials.verify import claims_in_words, credential_check, revocation_list
from portfolio.models import Credential, SigningKey


def _get_credential_for_user(user, credential_id) -> Credential:
    return get_object_or_404(Credential, pk=credential_id, user=user)


def _public_json(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    # Verifiers may run in a browser on another origin: these documents are public anyway.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _attachment(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def credential_list(request):
    credentials = list(Credential.objects.filter(user=request.user))
    now = timezone.now()
    for credential in credentials:
        credential.expired = credential.is_expired(now)
        credential.linkedin_url = linkedin_add_url(credential)
    return render(request, "portfolio/credentials/list.html", {"credentials": credentials})


@require_safe
def credential_verify(request, credential_id):
    """Anyone with the link: the credential checked now (signature, revocation, dates) and
    what its signed claims say."""
    credential = get_object_or_404(
        Credential.objects.select_related("signing_key"), pk=credential_id
    )
    check = credential_check(credential)
    is_holder = request.user.is_authenticated and request.user.pk == credential.user_id
    context = {
        "credential": credential,
        "check": check,
        "words": claims_in_words(check.claims) if check.claims else None,
        "is_holder": is_holder,
        "linkedin_url": linkedin_add_url(credential) if is_holder and check.is_valid else "",
        "page_url": request.build_absolute_uri(request.path),
    }
    return render(request, "portfolio/credentials/verify.html", context)


@never_cache
@require_safe
def credential_status(request, credential_id):
    credential = get_object_or_404(
        Credential.objects.only("id", "document", "revoked_at", "revocation_reason"),
        pk=credential_id,
    )
    return _public_json(revocation_list(credential))


@login_required
def credential_download(request, credential_id, fmt):
    credential = _get_credential_for_user(request.user, credential_id)
    if fmt == "jwt":
        content, content_type = credential.jwt, "application/jwt"
    else:
        content = json.dumps(credential.document, indent=2, ensure_ascii=False)
        content_type = "application/json"
    return _attachment(
        content, content_type=content_type, filename=f"credential-{credential.pk}.{fmt}"
    )


@cache_control(public=True, max_age=3600)
@require_safe
def issuer(request):
    return _public_json(issuer_profile())


@cache_control(public=True, max_age=3600)
@require_safe
def signing_key(request, name):
    return _public_json(published_jwk(get_object_or_404(SigningKey, name=name)))


@cache_control(public=True, max_age=3600)
@require_safe
def jwks_document(request):
    return _public_json(jwks())


@login_required
def resume_download(request):
    resume = json.dumps(json_resume(request.user), indent=2, ensure_ascii=False)
    stamp = timezone.localdate().isoformat()
    return _attachment(
        resume, content_type="application/json", filename=f"roadmap-resume-{stamp}.json"
    )


@login_required
def bundle_download(request):
    stamp = timezone.localdate().isoformat()
    return _attachment(
        credentials_bundle(request.user),
        content_type="application/zip",
        filename=f"roadmap-credentials-{stamp}.zip",
    )
