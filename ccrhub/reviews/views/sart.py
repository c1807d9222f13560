"""SART protocol review pages: the checklist answers and protocol adherence."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.policy import requires
from ccrhub.reviews import actions, queries
from ccrhub.reviews.access import (
    VIEW,
    access_part,
    require_reviews_role,
)
from ccrhub.reviews.forms import (
    CheckForm,
)
from ccrhub.reviews.models import (
    ChecklistItem,
    Review,
)
from ccrhub.reviews.views.base import _attempt, _form_page, _to


@requires(VIEW)
def check_answer(request: HttpRequest, public_id: str) -> HttpResponse:
    item = access_part(request.user, ChecklistItem, public_id)
    review = item.review
    initial = {
        "contacted": item.contacted,
        "fulfilled": item.fulfilled,
        "went_well": item.went_well,
        "did_not": item.did_not,
    }
    form = CheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.answer_check(item, actor=signed_in_user(request), **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("Answer saved."))
            return _to(review)
    intro = _("%(agency)s — %(role)s. No case details beyond what the review needs.") % {
        "agency": item.agency.name,
        "role": item.role_label,
    }
    return _form_page(request, review, form, title=_("Protocol checklist"), intro=intro)


@requires(VIEW)
def adherence(request: HttpRequest) -> HttpResponse:
    ids = require_reviews_role(request.user)
    periods, rows = queries.adherence(ids, Review.objects.of_member(request.user, ids))
    return render(request, "reviews/adherence.html", {"periods": periods, "rows": rows})
