"""Import pages: upload, preview, start, progress (htmx), error report; saved mappings."""

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.cases import imports
from ccrhub.cases.models import ColumnMapping, ImportStatus
from ccrhub.lib import tabular
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Agency, Collaborative

SAMPLE_ROWS = 500
MAX_CODES_PER_COLUMN = 50
MAX_CODE_CHARS = 40
EVENT_SLOTS = 6

# --- Forms ----------------------------------------------------------------------------


class UploadForm(forms.Form):
    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id"
    )
    mapping = forms.ModelChoiceField(
        queryset=ColumnMapping.objects.none(),
        to_field_name="public_id",
        required=False,
        label=gettext_lazy("Saved mapping"),
        help_text=gettext_lazy("Leave empty for a file in the canonical event format."),
    )
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = imports.import_collaboratives(user)  # type: ignore[attr-defined]
        self.fields["mapping"].queryset = imports.usable_mappings(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mapping, collaborative = data.get("mapping"), data.get("collaborative")
        if mapping and collaborative and mapping.collaborative_id != collaborative.pk:
            raise forms.ValidationError(_("That mapping belongs to another collaborative."))
        return data


class SampleForm(forms.Form):
    """Step 1 of a mapping: where it belongs, its name, and a sample export."""

    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id"
    )
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), to_field_name="public_id")
    name = forms.CharField(max_length=100, label=gettext_lazy("Mapping name"))
    file = forms.FileField(label=gettext_lazy("A sample export (CSV or XLSX)"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        collaboratives = imports.import_collaboratives(user)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]
        agency_ids: set[int] = set()
        for collaborative in collaboratives:
            agency_ids |= set(
                imports.mapping_agencies(user, collaborative.pk).values_list("pk", flat=True)
            )
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=agency_ids)  # type: ignore[attr-defined]


def _json_field(name: str) -> forms.CharField:
    return forms.CharField(widget=forms.HiddenInput, max_length=200_000)


class ColumnsForm(forms.Form):
    """Step 2: a source column for each canonical column, and the events a row produces."""

    collaborative = forms.UUIDField(widget=forms.HiddenInput)
    agency = forms.UUIDField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=100, widget=forms.HiddenInput)
    headers = _json_field("headers")
    codes = _json_field("codes")

    SINGLE = ("case_ref", "offender_ref", "agency_column", "charge_ref", "victim_ref")
    CODED = ("offender_sex", "victim_sex", "primary_aggressor")

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((h, h) for h in headers)]
        labels = {
            "case_ref": _("Case reference (case_ref)"),
            "offender_ref": _("Offender identifier (offender_ref)"),
            "agency_column": _("Agency (optional; else the mapping's agency)"),
            "charge_ref": _("Charge or order (charge_ref, becomes the track)"),
            "victim_ref": _("Opaque victim reference (victim_ref)"),
            "offender_sex": _("Offender's sex"),
            "victim_sex": _("Victim's sex"),
            "primary_aggressor": _("Primary-aggressor determination"),
        }
        for key in (*self.SINGLE, *self.CODED):
            self.fields[key] = forms.ChoiceField(
                choices=choices,
                required=key in ("case_ref", "offender_ref"),
                label=labels[key],
            )
        stage_choices = [("", "—"), ("column", _("From a column")), *imports_stage_choices()]
        for slot in range(EVENT_SLOTS):
            number = slot + 1
            self.fields[f"e{slot}_stage"] = forms.ChoiceField(
                choices=stage_choices,
                required=False,
                label=_("Event %(n)d: stage") % {"n": number},
            )
            for part, label in (
                ("stage_column", _("stage column")),
                ("date_column", _("date column")),
                ("outcome_column", _("outcome column")),
            ):
                self.fields[f"e{slot}_{part}"] = forms.ChoiceField(
                    choices=choices,
                    required=False,
                    label=_("Event %(n)d: %(part)s") % {"n": number, "part": label},
                )
            self.fields[f"e{slot}_case_level"] = forms.BooleanField(
                required=False,
                label=_("Event %(n)d happens once per case, not once per charge") % {"n": number},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        events = []
        for slot in range(EVENT_SLOTS):
            stage = data.get(f"e{slot}_stage")
            if not stage:
                continue
            spec = {"date_column": data.get(f"e{slot}_date_column", "")}
            if stage == "column":
                spec["stage_column"] = data.get(f"e{slot}_stage_column", "")
            else:
                spec["stage"] = stage
            if data.get(f"e{slot}_outcome_column"):
                spec["outcome_column"] = data[f"e{slot}_outcome_column"]
            if data.get(f"e{slot}_case_level"):
                spec["case_level"] = True
            events.append(spec)
        if not events:
            raise forms.ValidationError(_("Describe at least one event."))
        columns: dict[str, Any] = {}
        for key in (*self.SINGLE, *self.CODED):
            if data.get(key):
                columns["agency" if key == "agency_column" else key] = data[key]
        if len(events) == 1 and events[0].get("stage_column") and "case_level" not in events[0]:
            # One event per row: blank dates are errors, not "no event".
            columns["stage"] = events[0]["stage_column"]
            columns["occurred_on"] = events[0]["date_column"]
            if events[0].get("outcome_column"):
                columns["outcome"] = events[0]["outcome_column"]
        else:
            columns["events"] = events
        problems = imports.check_mapping(columns, {})
        if problems:
            raise forms.ValidationError(problems)
        data["columns"] = columns
        return data


def imports_stage_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in sorted(imports.stage_codes())]


class ValuesForm(forms.Form):
    """Step 3: each code found in the sample, mapped onto a canonical value."""

    collaborative = forms.UUIDField(widget=forms.HiddenInput)
    agency = forms.UUIDField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=100, widget=forms.HiddenInput)
    columns = _json_field("columns")

    def __init__(self, *args: Any, targets: dict[str, list[str]], **kwargs: Any) -> None:
        """`targets`: canonical key → the sample's codes for it."""
        super().__init__(*args, **kwargs)
        self.slots: list[tuple[str, str, str]] = []
        for key, codes in targets.items():
            allowed = sorted(imports.allowed_values(key))
            choices = [("", _("— not mapped —")), *((v, v) for v in allowed)]
            for index, code in enumerate(codes):
                field_name = f"v_{key}_{index}"
                initial = code.lower() if code.lower() in allowed else ""
                self.fields[field_name] = forms.ChoiceField(
                    choices=choices,
                    required=False,
                    initial=initial,
                    label=f"{key}: {code}",
                )
                self.slots.append((field_name, key, code))

    def values(self) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for field_name, key, code in self.slots:
            target = self.cleaned_data.get(field_name)
            if target:
                found.setdefault(key, {})[code] = target
        return found


# --- Jobs -----------------------------------------------------------------------------


@requires("cases.write")
def import_list(request: HttpRequest) -> HttpResponse:
    imports.require_import_role(request.user)
    user = signed_in_user(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = imports.create_job(
                collaborative=data["collaborative"],
                upload=data["file"],
                actor=user,
                mapping=data["mapping"],
            )
        except imports.FileProblem as refused:
            form.add_error("file", str(refused))
        else:
            return redirect("imports:import-detail", job_id=job.public_id)
    jobs = imports.visible_jobs(user)[:50]
    return render(request, "cases/import_list.html", {"form": form, "jobs": jobs})


@requires("cases.write")
def import_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    job = imports.access_job(request.user, job_id)
    drafts: list[imports.Draft] = []
    errors: list[dict[str, Any]] = []
    if job.status == ImportStatus.PENDING and job.created_by_id == request.user.pk:
        drafts, errors = imports.preview(job, request.user)
    agencies = dict(Agency.objects.values_list("pk", "short_code")) if drafts else {}
    context = {
        "job": job,
        "preview": [(draft, agencies.get(draft.agency_id, "")) for draft in drafts],
        "preview_errors": errors,
        "may_start": job.status == ImportStatus.PENDING
        and job.queued_at is None
        and job.created_by_id == request.user.pk,
    }
    return render(request, "cases/import_detail.html", context)


@require_POST
@requires("cases.write")
def import_start(request: HttpRequest, job_id: str) -> HttpResponse:
    job = imports.access_job(request.user, job_id)
    if job.created_by_id != request.user.pk:
        raise PermissionDenied
    if imports.start_job(job):
        messages.info(request, _("The import has started."))
    return redirect("imports:import-detail", job_id=job.public_id)


@requires("cases.write")
def import_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    job = imports.access_job(request.user, job_id)
    return render(request, "cases/import_progress.html", {"job": job})


@requires("cases.write")
def import_errors(request: HttpRequest, job_id: str) -> HttpResponse:
    job = imports.access_job(request.user, job_id)
    content = tabular.export(
        imports.error_report_table(job),
        action="imports.error_report_downloaded",
        purpose="Rows an import refused, to correct at the source",
        actor=signed_in_user(request),
        target=job,
    )
    return tabular.attachment(content, filename=f"import-{job.public_id}-errors.csv")


# --- Mappings -------------------------------------------------------------------------


@requires("cases.write")
def mapping_list(request: HttpRequest) -> HttpResponse:
    imports.require_import_role(request.user)
    mappings = imports.usable_mappings(request.user).order_by("collaborative__name", "name")
    return render(request, "cases/import_mapping_list.html", {"mappings": mappings})


@requires("cases.write")
def mapping_detail(request: HttpRequest, mapping_id: str) -> HttpResponse:
    mapping = imports.access_mapping(request.user, mapping_id)
    pretty = json.dumps({"columns": mapping.columns, "values": mapping.values}, indent=2)
    return render(
        request, "cases/import_mapping_detail.html", {"mapping": mapping, "pretty": pretty}
    )


@requires("cases.write")
def mapping_new(request: HttpRequest) -> HttpResponse:
    """Three steps on one URL: sample → columns → values, then the mapping is saved."""
    imports.require_import_role(request.user)
    user = signed_in_user(request)
    step = request.POST.get("step", "sample") if request.method == "POST" else "sample"
    if step == "columns":
        return _columns_step(request, user)
    if step == "values":
        return _values_step(request, user)
    form = SampleForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            headers, codes = _read_sample(form.cleaned_data["file"])
        except imports.FileProblem as refused:
            form.add_error("file", str(refused))
        else:
            columns_form = ColumnsForm(
                initial=_carry(form.cleaned_data, headers=headers, codes=codes), headers=headers
            )
            return _render_step(request, "columns", columns_form)
    return _render_step(request, "sample", form)


def _columns_step(request: HttpRequest, user: Any) -> HttpResponse:
    headers = _json_list(request.POST.get("headers", "[]"))
    form = ColumnsForm(request.POST, headers=headers)
    if not form.is_valid():
        return _render_step(request, "columns", form)
    columns = form.cleaned_data["columns"]
    codes = _json_dict(form.cleaned_data["codes"])
    targets = _code_targets(columns, codes)
    values_form = ValuesForm(
        initial={**_carry(form.cleaned_data), "columns": json.dumps(columns)}, targets=targets
    )
    return _render_step(request, "values", values_form, targets=targets)


def _values_step(request: HttpRequest, user: Any) -> HttpResponse:
    columns = _json_dict(request.POST.get("columns", "{}"))
    targets = _clean_targets(_json_dict(request.POST.get("targets", "{}")))
    form = ValuesForm(request.POST, targets=targets)
    if not form.is_valid():
        return _render_step(request, "values", form, targets=targets)
    collaborative = (
        imports.import_collaboratives(user)
        .filter(public_id=form.cleaned_data["collaborative"])
        .first()
    )
    agency = Agency.objects.filter(public_id=form.cleaned_data["agency"]).first()
    values = form.values()
    if collaborative is None or agency is None or imports.check_mapping(columns, values):
        raise PermissionDenied
    existing = imports.usable_mappings(user, collaborative.pk).filter(
        agency=agency, name=form.cleaned_data["name"]
    )
    mapping = imports.save_mapping(
        collaborative=collaborative,
        agency=agency,
        name=form.cleaned_data["name"],
        columns=columns,
        values=values,
        actor=user,
        mapping=existing.first(),
    )
    messages.success(request, _("Mapping saved."))
    return redirect("imports:mapping-detail", mapping_id=mapping.public_id)


def _render_step(
    request: HttpRequest, step: str, form: forms.Form, targets: Any = None
) -> HttpResponse:
    context = {
        "step": step,
        "form": form,
        "targets_json": json.dumps(targets or {}),
        "multipart": step == "sample",
    }
    return render(request, "cases/import_mapping_new.html", context)


def _carry(data: dict[str, Any], **more: Any) -> dict[str, Any]:
    """What each step hands on to the next in hidden fields."""
    carried = {
        "collaborative": str(getattr(data["collaborative"], "public_id", data["collaborative"])),
        "agency": str(getattr(data["agency"], "public_id", data["agency"])),
        "name": data["name"],
    }
    return {**carried, **{key: json.dumps(value) for key, value in more.items()}}


def _read_sample(upload: Any) -> tuple[list[str], dict[str, list[str]]]:
    """The header and, per column, the distinct short codes of the first rows."""
    upload.seek(0)
    rows = imports.read_rows(upload)
    header = [imports.cell_text(cell) for cell in next(rows, [])]
    if not any(header) or len(header) > imports.MAX_COLUMNS:
        raise imports.FileProblem(_("The sample has no usable header row."))
    repeated = imports.duplicate_column(header)
    if repeated is not None:
        raise imports.FileProblem(imports.duplicate_message(repeated))
    seen: list[set[str]] = [set() for _name in header]
    for count, cells in enumerate(rows):
        if count >= SAMPLE_ROWS:
            break
        for index, cell in enumerate(cells[: len(header)]):
            text = imports.cell_text(cell)
            if text and len(text) <= MAX_CODE_CHARS and len(seen[index]) <= MAX_CODES_PER_COLUMN:
                seen[index].add(text)
    codes = {
        name: sorted(values)
        for name, values in zip(header, seen, strict=True)
        if name and 0 < len(values) <= MAX_CODES_PER_COLUMN
    }
    return [name for name in header if name], codes


def _code_targets(columns: dict[str, Any], codes: dict[str, Any]) -> dict[str, list[str]]:
    """Canonical key → the sample's codes in the source columns chosen for it."""
    sources: dict[str, list[str]] = {}
    specs = columns.get("events") or [
        {"stage_column": columns.get("stage", ""), "outcome_column": columns.get("outcome", "")}
    ]
    if isinstance(specs, list):
        for spec in specs:
            if isinstance(spec, dict):
                sources.setdefault("stage", []).append(str(spec.get("stage_column", "")))
                sources.setdefault("outcome", []).append(str(spec.get("outcome_column", "")))
    for key in ("offender_sex", "victim_sex", "primary_aggressor"):
        sources[key] = [str(columns.get(key, ""))]
    targets: dict[str, list[str]] = {}
    for key, names in sources.items():
        found: set[str] = set()
        for name in names:
            listed = codes.get(name) if name else None
            if isinstance(listed, list):
                found |= {str(code)[:MAX_CODE_CHARS] for code in listed[:MAX_CODES_PER_COLUMN]}
        if found:
            targets[key] = sorted(found)
    return targets


def _clean_targets(raw: dict[str, Any]) -> dict[str, list[str]]:
    """The codes carried from step 2 to step 3, bounded and allow-listed by key."""
    targets: dict[str, list[str]] = {}
    for key in imports.VALUE_KEYS:
        codes = raw.get(key)
        if isinstance(codes, list):
            targets[key] = [str(code)[:MAX_CODE_CHARS] for code in codes[:MAX_CODES_PER_COLUMN]]
    return targets


def _json_list(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except ValueError:
        return []
    if not isinstance(value, list):
        return []
    return [str(item)[: imports.MAX_NAME_CHARS] for item in value[: imports.MAX_COLUMNS]]


def _json_dict(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
