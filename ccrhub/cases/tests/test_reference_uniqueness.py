"""A taken case reference tells nobody whether they could see the case (S3, S6).

The patrol officer is the accused in RPD-2026-0002, restricted against him. Trying to
open a case under its reference — on the page, through the API or in an import — must
not tell him that a case he cannot see holds it: the answer is the one anybody gets for
a reference already taken, even by a case they can see, and his attempt is audited as a
restricted denial that alerts the coordinator.
"""

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccrhub.audit.models import Alert, AlertRule, AuditEvent
from ccrhub.cases import actions, imports
from ccrhub.cases.models import Case, Event, ImportStatus

pytestmark = pytest.mark.django_db
NEUTRAL = "This case reference cannot be used. If you think it should be, ask your coordinator."


def body_for(personas: Any, reference: str) -> dict[str, str]:
    return {
        "collaborative": str(personas.ccr.public_id),
        "external_ref": reference,
        "offender_ref": "P-4411",
        "opened_on": "2026-05-01",
    }


def refusals(user: Any, case: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action="restricted.denied", actor=user, object_id=str(case.public_id)
        )
    )


def test_the_api_answers_a_hidden_and_a_visible_taken_reference_alike(
    personas: Any, api_as: Any, ccr_case: Any, party_case: Any
) -> None:
    api = api_as(personas.party_officer)
    hidden = api.post("/api/v1/cases/", body_for(personas, party_case.external_ref), format="json")
    seen = api.post("/api/v1/cases/", body_for(personas, ccr_case.external_ref), format="json")
    assert hidden.status_code == seen.status_code == 409
    assert hidden["Content-Type"] == seen["Content-Type"] == "application/problem+json"
    assert hidden.json() == seen.json()
    assert hidden.json()["detail"] == NEUTRAL
    assert hidden.json()["errors"] == {"external_ref": [NEUTRAL]}
    assert "exist" not in hidden.content.decode()
    assert Case.objects.count() == 2


def test_trying_the_reference_of_a_hidden_case_is_audited_and_alerts_the_coordinator(
    personas: Any, api_as: Any, ccr_case: Any, party_case: Any, anomaly_rules_run: Any
) -> None:
    api = api_as(personas.party_officer)
    with anomaly_rules_run():
        api.post("/api/v1/cases/", body_for(personas, party_case.external_ref), format="json")
    (denial,) = refusals(personas.party_officer, party_case)
    assert denial.outcome == "denied" and denial.collaborative_id == personas.ccr.pk
    assert party_case.external_ref not in json.dumps([denial.details, denial.reason])
    assert Alert.objects.filter(
        rule=AlertRule.RESTRICTED, actor=personas.party_officer, collaborative=personas.ccr
    ).exists()
    # A reference taken by a case he can see is no attempt on a hidden record.
    api.post("/api/v1/cases/", body_for(personas, ccr_case.external_ref), format="json")
    assert not refusals(personas.party_officer, ccr_case)


def test_the_page_shows_the_same_form_error_instead_of_failing(
    personas: Any, client_as: Any, ccr_case: Any, party_case: Any
) -> None:
    client = client_as(personas.party_officer)
    answers = [
        client.post(reverse("cases:case-open"), body_for(personas, reference))
        for reference in (party_case.external_ref, ccr_case.external_ref)
    ]
    for answer in answers:
        assert answer.status_code == 200
        assert NEUTRAL in answer.content.decode()
    assert refusals(personas.party_officer, party_case)
    assert Case.objects.count() == 2


def test_a_reference_taken_while_opening_gets_the_same_answer(
    personas: Any, api_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    create = actions._create_case

    def raced(*args: Any, **kwargs: Any) -> Case:
        # Another request opens the same reference between the check and the insert.
        Case.objects.create(
            collaborative=personas.ccr,
            external_ref=kwargs["external_ref"],
            offender_key="k" * 64,
            opened_on="2026-05-01",
        )
        return create(*args, **kwargs)

    monkeypatch.setattr(actions, "_create_case", raced)
    answer = api_as(personas.police_officer).post(
        "/api/v1/cases/", body_for(personas, "RPD-RACE-1"), format="json"
    )
    assert answer.status_code == 409 and answer.json()["detail"] == NEUTRAL
    assert Case.objects.filter(external_ref="RPD-RACE-1").count() == 1


def test_an_import_row_for_a_hidden_case_says_nothing_of_it(
    personas: Any, party_case: Any, settings: Any, tmp_path: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    content = (
        b"case_ref,offender_ref,stage,occurred_on,agency,outcome\n"
        + f"{party_case.external_ref},P-1,arrest,2019-01-01,police,single\n".encode()
    )
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=SimpleUploadedFile("party.csv", content, content_type="text/csv"),
        actor=personas.party_officer,
    )
    job = imports.run_import(str(job.public_id))
    assert job.status == ImportStatus.FAILED and Event.objects.count() == 0
    (error,) = job.errors
    assert error["message"] == NEUTRAL and error["row"] == 2
    assert "this case" not in error["message"]
    assert refusals(personas.party_officer, party_case)
