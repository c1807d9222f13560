"""Pages of /risk/: the agency's assessments, the form per instrument, the instruments."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.policy import requires
from ccrhub.partners.queries import collaborative_ids_with
from ccrhub.risk import actions, instruments, queries
from ccrhub.risk.access import (
    access_assessment,
    access_survivor_to_assess,
    assessments_of_agency,
    require_assessor,
)
from ccrhub.risk.forms import AssessmentForm
from ccrhub.survivors.access import agency_of


@requires("risk.assess")
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = queries.assessments_for_list(assessments_of_agency(request.user))
    context = {
        "assessments": assessments,
        "instruments": instruments.available(scorable_only=True),
        "due": queries.reassessments_due(agency_id=request.user.agency_id),  # type: ignore[union-attr]
    }
    return render(request, "risk/assessment_list.html", context)


def _default_instrument() -> str:
    return "dash" if settings.JURISDICTION == "uk" else "lap"


@requires("risk.assess")
def assessment_create(request: HttpRequest) -> HttpResponse:
    """?instrument=<id>&survivor=<public id>; without a survivor, a new minimal record
    of the assessor's agency is created with the assessment."""
    require_assessor(request.user)
    survivor_id = request.GET.get("survivor")
    survivor = access_survivor_to_assess(request.user, survivor_id) if survivor_id else None
    try:
        instrument = instruments.get(request.GET.get("instrument") or _default_instrument())
    except instruments.InstrumentError:
        raise Http404 from None
    if instrument.schema_only:
        raise Http404
    wording = queries.wording_for(instrument)
    form = AssessmentForm(
        request.POST if request.method == "POST" else None, instrument=instrument, wording=wording
    )
    if request.method == "POST" and form.is_valid():
        actor = signed_in_user(request)
        try:
            assessment = actions.record_assessment(
                survivor,
                instrument.id,
                form.answers(),
                actor=actor,
                agency=agency_of(actor),
                assessed_on=form.cleaned_data["assessed_on"],
                judgement_raised=form.cleaned_data["judgement_raised"],
                judgement_reasons=form.cleaned_data["judgement_reasons"],
                version=instrument.version,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("risk:assessment-detail", public_id=assessment.public_id)
    context = {
        "form": form,
        "instrument": instrument,
        "survivor": survivor,
        "verbatim": bool(wording),
        "choices": instruments.available(scorable_only=True),
    }
    return render(request, "risk/assessment_form.html", context)


@requires("risk.assess")
def assessment_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    assessment = access_assessment(request.user, public_id)
    try:
        instrument = instruments.get(assessment.instrument_id, assessment.instrument_version)
    except instruments.InstrumentError:
        instrument = None
    wording = queries.wording_for(instrument, assessment.language) if instrument else {}
    rows = []
    if instrument is not None:
        for item in instrument.items:
            entry = assessment.answers.get(item.id, {})
            text = wording.get(item.id) or item.gist
            answer = instruments.answer_label(entry.get("answer"))
            rows.append({"item": item, "text": text, **entry, "answer_label": answer})
    context = {
        "assessment": assessment,
        "instrument": instrument,
        "rows": rows,
        "band_label": instrument.band_label(assessment.band) if instrument else assessment.band,
        # Referring is the high-risk team's page; offered when the outcome calls for it.
        "may_refer": assessment.referral_indicated
        and bool(collaborative_ids_with(request.user, "highrisk.refer")),
    }
    return render(request, "risk/assessment_detail.html", context)


@requires("risk.assess")
def instrument_list(request: HttpRequest) -> HttpResponse:
    require_assessor(request.user)
    listed = [
        {"instrument": instrument, "pack": queries.content_pack_of(instrument)}
        for instrument in instruments.available()
    ]
    return render(request, "risk/instrument_list.html", {"listed": listed})
