"""The pages that add a note to a review, one per kind of note, from one table: what
differs between the family involvement log and quality-assurance feedback is a row of
`NOTE_PAGES`, not a copy of the view."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.policy import requires
from ccrhub.reviews import actions
from ccrhub.reviews.access import MANAGE, VIEW, access_review
from ccrhub.reviews.forms import FamilyForm, QualityForm
from ccrhub.reviews.models import NoteKind
from ccrhub.reviews.views.base import _attempt, _form_page, _to


@dataclass(frozen=True)
class NotePage:
    permission: str
    form: type[forms.Form]
    title: Promise
    done: Promise


NOTE_PAGES = {
    NoteKind.FAMILY: NotePage(
        permission=MANAGE,
        form=FamilyForm,
        title=_("Log family involvement"),
        done=_("Family contact logged."),
    ),
    NoteKind.QUALITY: NotePage(
        permission=VIEW,
        form=QualityForm,
        title=_("Quality-assurance feedback on the draft"),
        done=_("Feedback added."),
    ),
}


def _note_page(kind: NoteKind) -> Callable[[HttpRequest, str], HttpResponse]:
    page = NOTE_PAGES[kind]
    rule = actions.NOTE_RULES[kind]

    @requires(page.permission)
    def view(request: HttpRequest, public_id: str) -> HttpResponse:
        review = access_review(request.user, public_id, manage=rule.manage)
        if rule.death_only and not review.is_death:
            raise Http404
        form = page.form(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = _attempt(
                form,
                lambda: actions.add_note(
                    review, kind=kind, actor=signed_in_user(request), **form.cleaned_data
                ),
            )
            if done is not None:
                messages.success(request, str(page.done))
                return _to(review)
        return _form_page(request, review, form, title=str(page.title))

    view.__name__ = view.__qualname__ = f"note_{kind.value}"
    return view


family_log = _note_page(NoteKind.FAMILY)
quality_add = _note_page(NoteKind.QUALITY)
