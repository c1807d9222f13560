"""The recommendations tracker."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.reviews import actions, queries
from ccrhub.reviews.access import (
    VIEW,
    access_recommendation,
    may_manage_recommendation,
    require_reviews_role,
)
from ccrhub.reviews.forms import (
    RecommendationEditForm,
)
from ccrhub.reviews.models import (
    RecommendationStatus,
    SourceKind,
)
from ccrhub.reviews.views.base import _attempt


@requires(VIEW)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    require_reviews_role(request.user)
    params = request.GET
    filters = queries.TrackerFilters(
        owner_agency=params.get("owner_agency", "")[:40],
        status=params.get("status", "")
        if params.get("status") in RecommendationStatus.values
        else "",
        theme=params.get("theme", "")[:80],
        source_kind=params.get("source_kind", "")
        if params.get("source_kind") in SourceKind.values
        else "",
        overdue=params.get("overdue") == "1",
    )
    if filters.owner_agency:
        try:
            parse_public_id(filters.owner_agency)
        except Http404:
            filters = queries.TrackerFilters()
    today = timezone.localdate()
    recommendations = list(queries.tracker(request.user, filters, today))
    context = {
        "recommendations": recommendations,
        "filters": filters,
        "themes": queries.themes(request.user),
        "statuses": RecommendationStatus.choices,
        "sources": SourceKind.choices,
        "agencies": sorted({r.owner_agency for r in recommendations}, key=lambda a: a.name),
        "status_counts": queries.status_counts(recommendations),
        "today": today,
    }
    return render(request, "reviews/recommendation_list.html", context)


@requires(VIEW)
def recommendation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    recommendation = access_recommendation(request.user, public_id)
    manage = may_manage_recommendation(request.user, recommendation)
    initial = {
        "status": recommendation.status,
        "due_on": recommendation.due_on,
        "theme": recommendation.theme,
        "action_plan": recommendation.action_plan,
        "evidence": recommendation.evidence,
        "version": recommendation.version,
    }
    form = RecommendationEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            done = _attempt(
                form,
                lambda: actions.update_recommendation(
                    recommendation, version=version, changes=data, actor=signed_in_user(request)
                ),
            )
            if done is not None:
                messages.success(request, _("Recommendation saved."))
                return redirect("reviews:recommendation-detail", public_id=recommendation.public_id)
    context = {
        "recommendation": recommendation,
        "form": form,
        "may_manage": manage,
        "overdue": recommendation.is_overdue(timezone.localdate()),
    }
    return render(request, "reviews/recommendation_detail.html", context)
