"""Pages of /evaluation/: goals, indicators, scorecards, reviews, stories, reports,
exports and the coalition view."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.models import User
from ccrhub.evaluation import actions, disclosure, exports, queries, reports
from ccrhub.evaluation.access import (
    AGGREGATES,
    EXPORTS,
    MANAGE,
    VIEW,
    access_coalition,
    access_export,
    access_goal,
    access_indicator,
    access_story,
    managed_collaborative_ids,
    require_evaluation_role,
    visible_coalition_ids,
)
from ccrhub.evaluation.forms import (
    ExportForm,
    GoalForm,
    IndicatorForm,
    MeasurementForm,
    NewGoalForm,
    ReportSettingsForm,
    ReviewForm,
    StoryForm,
)
from ccrhub.evaluation.models import Coalition, Goal, Source
from ccrhub.lib import tabular
from ccrhub.lib.concurrency import StaleVersion
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.policy import requires
from ccrhub.partners.access import access_collaborative
from ccrhub.partners.models import Collaborative
from ccrhub.partners.queries import can, collaborative_ids_with


def _owners(collaborative_ids: list[int]) -> Any:
    return (
        User.objects.filter(
            representations__collaborative_id__in=collaborative_ids,
            representations__is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


@requires(VIEW)
def scorecard_home(request: HttpRequest) -> HttpResponse:
    ids = require_evaluation_role(request.user)
    context = {
        "collaboratives": queries.collaboratives_of(ids),
        "managed": set(managed_collaborative_ids(request.user)),
        "has_coalitions": bool(visible_coalition_ids(request.user)),
    }
    return render(request, "evaluation/home.html", context)


@requires(VIEW)
def goal_list(request: HttpRequest) -> HttpResponse:
    ids = require_evaluation_role(request.user)
    goals = (
        Goal.objects.filter(collaborative_id__in=ids)
        .select_related("collaborative", "owner")
        .order_by("collaborative__name", "position", "id")
    )
    context = {"goals": goals, "may_create": bool(managed_collaborative_ids(request.user))}
    return render(request, "evaluation/goal_list.html", context)


@requires(VIEW)
def goal_create(request: HttpRequest) -> HttpResponse:
    ids = managed_collaborative_ids(request.user)
    if not ids:
        raise PermissionDenied
    form = NewGoalForm(
        request.POST or None,
        collaboratives=queries.collaboratives_of(ids),
        owners=_owners(ids),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        goal = actions.create_goal(
            data["collaborative"],
            title=data["title"],
            description=data["description"],
            owner=data["owner"],
            position=data["position"] or 0,
            actor=signed_in_user(request),
        )
        messages.success(request, _("Goal added."))
        return redirect("evaluation:goal-detail", public_id=goal.public_id)
    return render(request, "evaluation/goal_form.html", {"form": form, "goal": None})


@requires(VIEW)
def goal_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    goal = access_goal(request.user, public_id)
    audience = disclosure.audience_for(request.user, goal.collaborative)
    goals = list(queries.goals_of(goal.collaborative).filter(pk=goal.pk))
    context = {
        "goal": goal,
        "card": queries.scorecard(goal.collaborative, audience=audience, goals=goals)[0],
        "audience": audience,
        "may_manage": can(request.user, MANAGE, goal.collaborative_id),
        "reviews": queries.reviews_of(goal.collaborative).filter(goal=goal),
    }
    return render(request, "evaluation/goal_detail.html", context)


@requires(VIEW)
def goal_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    goal = access_goal(request.user, public_id, write=True)
    form = GoalForm(request.POST or None, instance=goal, owners=_owners([goal.collaborative_id]))
    if request.method == "POST" and form.is_valid():
        goal.refresh_from_db()
        changes = {name: form.cleaned_data[name] for name in ("title", "description", "owner")}
        changes["position"] = form.cleaned_data["position"] or 0
        try:
            actions.update_goal(
                goal,
                changes=changes,
                expected_version=form.cleaned_data.get("version") or 0,
                actor=signed_in_user(request),
            )
        except StaleVersion:
            form.add_error(None, _("Someone else changed this goal meanwhile. Reload and retry."))
        else:
            messages.success(request, _("Goal saved."))
            return redirect("evaluation:goal-detail", public_id=goal.public_id)
    return render(request, "evaluation/goal_form.html", {"form": form, "goal": goal})


@requires(VIEW)
def indicator_create(request: HttpRequest, public_id: str) -> HttpResponse:
    goal = access_goal(request.user, public_id, write=True)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in IndicatorForm.Meta.fields}
        data["position"] = data["position"] or 0
        try:
            actions.create_indicator(goal, actor=signed_in_user(request), **data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Indicator added."))
            return redirect("evaluation:goal-detail", public_id=goal.public_id)
    context = {"form": form, "goal": goal, "indicator": None}
    return render(request, "evaluation/indicator_form.html", context)


@requires(VIEW)
def indicator_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    indicator = access_indicator(request.user, public_id, write=True)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        indicator.refresh_from_db()
        changes = {name: form.cleaned_data[name] for name in IndicatorForm.Meta.fields}
        changes["position"] = changes["position"] or 0
        try:
            actions.update_indicator(
                indicator,
                changes=changes,
                expected_version=form.cleaned_data.get("version") or 0,
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        except StaleVersion:
            form.add_error(
                None, _("Someone else changed this indicator meanwhile. Reload and retry.")
            )
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("evaluation:goal-detail", public_id=indicator.goal.public_id)
    context = {"form": form, "goal": indicator.goal, "indicator": indicator}
    return render(request, "evaluation/indicator_form.html", context)


@requires(VIEW)
def measurement_create(request: HttpRequest, public_id: str) -> HttpResponse:
    indicator = access_indicator(request.user, public_id, write=True)
    if indicator.source != Source.MANUAL:
        raise Http404
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_measurement(
                indicator, actor=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Figure recorded."))
            return redirect("evaluation:goal-detail", public_id=indicator.goal.public_id)
    measurements = indicator.measurements.all()
    context = {"form": form, "indicator": indicator, "measurements": measurements}
    return render(request, "evaluation/measurement_form.html", context)


@requires(VIEW)
def scorecard(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission=VIEW)
    audience = disclosure.audience_for(request.user, collaborative)
    context = {
        "collaborative": collaborative,
        "cards": queries.scorecard(collaborative, audience=audience),
        "audience": audience,
        "may_manage": can(request.user, MANAGE, collaborative.pk),
        "may_export": can(request.user, EXPORTS, collaborative.pk),
        "latest_review": queries.reviews_of(collaborative).first(),
    }
    return render(request, "evaluation/scorecard.html", context)


@requires(VIEW)
def review_list(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission=VIEW)
    context = {
        "collaborative": collaborative,
        "reviews": queries.reviews_of(collaborative),
        "may_manage": can(request.user, MANAGE, collaborative.pk),
    }
    return render(request, "evaluation/review_list.html", context)


@requires(VIEW)
def review_create(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission=MANAGE)
    form = ReviewForm(
        request.POST or None,
        goals=Goal.objects.filter(collaborative=collaborative),
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_review(collaborative, actor=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Review recorded."))
            return redirect("evaluation:review-list", public_id=collaborative.public_id)
    return render(
        request, "evaluation/review_form.html", {"form": form, "collaborative": collaborative}
    )


@requires(VIEW)
def story_list(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission=VIEW)
    context = {
        "collaborative": collaborative,
        "stories": queries.stories_of(collaborative),
        "may_manage": can(request.user, MANAGE, collaborative.pk),
    }
    return render(request, "evaluation/story_list.html", context)


@requires(VIEW)
def story_create(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission=MANAGE)
    form = StoryForm(request.POST or None, initial={"written_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        actions.write_story(collaborative, actor=signed_in_user(request), **form.cleaned_data)
        messages.success(request, _("Story saved."))
        return redirect("evaluation:story-list", public_id=collaborative.public_id)
    context = {"form": form, "collaborative": collaborative, "story": None}
    return render(request, "evaluation/story_form.html", context)


@requires(VIEW)
def story_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    story = access_story(request.user, public_id, write=True)
    form = StoryForm(request.POST or None, instance=story)
    if request.method == "POST" and form.is_valid():
        story.refresh_from_db()
        actions.update_story(story, actor=signed_in_user(request), changes=dict(form.cleaned_data))
        messages.success(request, _("Story saved."))
        return redirect("evaluation:story-list", public_id=story.collaborative.public_id)
    context = {"form": form, "collaborative": story.collaborative, "story": story}
    return render(request, "evaluation/story_form.html", context)


@requires(VIEW)
def report_settings(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission=MANAGE)
    form = ReportSettingsForm(request.POST or None, instance=queries.settings_of(collaborative))
    if request.method == "POST" and form.is_valid():
        actions.set_report_settings(
            collaborative, actor=signed_in_user(request), **form.cleaned_data
        )
        messages.success(request, _("Report settings saved."))
        return redirect("evaluation:scorecard", public_id=collaborative.public_id)
    return render(
        request, "evaluation/report_settings.html", {"form": form, "collaborative": collaborative}
    )


@requires(VIEW)
def report_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    """The annual (default) or funder (`?kind=funder`) report; public disclosure rule."""
    collaborative = access_collaborative(request.user, public_id, permission=VIEW)
    kind = request.GET.get("kind", "annual")
    if kind not in reports.KINDS:
        raise Http404
    pdf = reports.render_pdf(collaborative, kind=kind)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kind}-report.pdf"'
    return response


@requires(EXPORTS)
def export_create(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission=EXPORTS)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = actions.create_export(
            collaborative,
            actor=signed_in_user(request),
            format=form.cleaned_data["format"],
            purpose=form.cleaned_data["purpose"],
            table=exports.scorecard_table(collaborative),
        )
        context = {"collaborative": collaborative, "export": export}
        return render(request, "evaluation/export_ready.html", context)
    return render(
        request, "evaluation/export_form.html", {"form": form, "collaborative": collaborative}
    )


@requires(EXPORTS)
def export_download(request: HttpRequest, public_id: str) -> HttpResponse:
    export = access_export(request.user, public_id)
    actions.record_download(export, actor=signed_in_user(request))
    filename = f"scorecard.{export.format}"
    return tabular.attachment(bytes(export.content), filename=filename, format=export.format)


@requires(AGGREGATES)
def coalition_list(request: HttpRequest) -> HttpResponse:
    if not collaborative_ids_with(request.user, AGGREGATES):
        raise PermissionDenied
    ids = visible_coalition_ids(request.user)
    coalitions = Coalition.objects.filter(pk__in=ids).select_related("lead")
    return render(request, "evaluation/coalition_list.html", {"coalitions": coalitions})


@requires(AGGREGATES)
def coalition_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    coalition = access_coalition(request.user, public_id)
    members: list[Collaborative] = list(coalition.members.filter(is_active=True).order_by("name"))
    today = timezone.localdate()
    context = {
        "coalition": coalition,
        "rows": queries.coalition_rows(members, today=today),
        "references": queries.REFERENCE_ROWS,
        "window": queries.reference_window(today),
    }
    return render(request, "evaluation/coalition_detail.html", context)
