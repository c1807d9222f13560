"""What every review page shares: the redirect to the workspace, the form page and the
action attempt that turns refusals into form errors."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ccrhub.lib.concurrency import StaleVersion
from ccrhub.lib.forms import add_action_errors
from ccrhub.partners.models import Agency, AgencyMembership
from ccrhub.reviews.models import (
    Review,
)

STALE = _("Someone else changed this since you opened it; your change was not saved.")


def _to(review: Review) -> HttpResponse:
    return redirect("reviews:review-detail", public_id=review.public_id)


def _member_agencies(collaborative_id: int) -> Any:
    ids = AgencyMembership.objects.filter(collaborative_id=collaborative_id, is_active=True).values(
        "agency_id"
    )
    return Agency.objects.filter(pk__in=ids).order_by("name")


def _form_page(
    request: HttpRequest,
    review: Review | None,
    form: Any,
    *,
    title: str,
    intro: str = "",
    multipart: bool = False,
    back: str = "",
) -> HttpResponse:
    context = {
        "review": review,
        "form": form,
        "title": title,
        "intro": intro,
        "multipart": multipart,
        "back": back,
    }
    return render(request, "reviews/form.html", context)


def _attempt(form: Any, act: Callable[[], Any]) -> Any:
    """Run an action; its ValidationError lands on the form and None is returned."""
    try:
        return act()
    except ValidationError as error:
        add_action_errors(form, error)
    except StaleVersion:
        form.add_error(None, STALE)
    return None
