"""Which avenue for community-organising work: join, sub-group or a new group?

The questions and the reasons paraphrase the tool "Determining the best avenue for
collaborative community organizing work" (a guide comparing Coordinated Community
Response teams and Sexual Assault Response Teams): it says when to work with an
existing collaborative, when to form a sub-group of one, and when a new community
organising group is needed. `recommend` is a pure function of the answers.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

SOURCE = "Determining the best avenue for collaborative community organizing work"

YES_NO: tuple[tuple[str, StrOrPromise], ...] = (
    ("yes", pgettext_lazy("answer", "Yes")),
    ("no", pgettext_lazy("answer", "No")),
    ("unsure", pgettext_lazy("answer", "Not sure")),
)


@dataclass(frozen=True)
class Question:
    key: str
    text: StrOrPromise
    choices: tuple[tuple[str, StrOrPromise], ...]


QUESTIONS: tuple[Question, ...] = (
    Question(
        "purposes",
        _("How do the purposes of your planned work and the existing collaborative line up?"),
        (
            ("wholly", _("They align wholly, with a focus on community organising")),
            ("partly", _("They overlap, but the existing group has other purposes too")),
            ("not", _("They do not overlap")),
        ),
    ),
    Question(
        "does_organising",
        _(
            "Is the existing group already doing ongoing community organising to end sexual "
            "and domestic violence?"
        ),
        YES_NO,
    ),
    Question(
        "partners",
        _("Are the partners the same in both groups?"),
        (
            ("same", _("The same partners")),
            ("overlapping", _("Some of the same partners")),
            ("different", _("Mostly different partners")),
        ),
    ),
    Question(
        "duplication",
        _(
            "Would working apart from the existing group duplicate efforts, people or time "
            "in the community?"
        ),
        YES_NO,
    ),
    Question(
        "true_collaboration",
        _(
            "Is the existing group committed to true collaboration, beyond simple "
            "partnership or advisory functions?"
        ),
        YES_NO,
    ),
    Question(
        "attention_elsewhere",
        _(
            "Do the existing group's other purposes keep its time, energy and attention on "
            "other work?"
        ),
        YES_NO,
    ),
    Question(
        "existing_kind",
        _("What kind of group is the existing collaborative?"),
        (
            ("ccr", _("A coordinated community response team (CCR)")),
            ("sart", _("A sexual assault response team (SART)")),
            ("other", _("Another kind of group")),
        ),
    ),
)

QUESTION_KEYS = tuple(q.key for q in QUESTIONS)
DEFAULT_ANSWER = {"purposes": "partly", "partners": "overlapping", "existing_kind": "other"}

JOIN = "join"
SUBGROUP = "subgroup"
NEW_GROUP = "new_group"


@dataclass(frozen=True)
class Recommendation:
    outcome: str
    reasons: list[str] = field(default_factory=list)


def clean_answers(answers: Mapping[str, object]) -> dict[str, str]:
    """Only known questions with known choices; anything else becomes the neutral answer."""
    cleaned: dict[str, str] = {}
    for question in QUESTIONS:
        value = str(answers.get(question.key, ""))
        allowed = {code for code, _label in question.choices}
        cleaned[question.key] = (
            value if value in allowed else DEFAULT_ANSWER.get(question.key, "unsure")
        )
    return cleaned


def recommend(answers: Mapping[str, object]) -> Recommendation:
    """The avenue the answers point to, with the reasons that led there."""
    a = clean_answers(answers)
    if a["purposes"] == "not":
        return _new_group(a, [str(_("The purposes of the two groups do not overlap."))])

    join_reasons = _join_reasons(a)
    if join_reasons is not None:
        return Recommendation(JOIN, join_reasons)

    # An existing group that neither organises nor truly collaborates is not a good fit.
    if a["does_organising"] != "yes" and a["true_collaboration"] == "no":
        return _new_group(
            a,
            [
                str(_("The existing group is not doing ongoing community organising.")),
                str(_("The existing group is not committed to true collaboration.")),
            ],
        )

    subgroup_reasons = _subgroup_reasons(a)
    if subgroup_reasons:
        return Recommendation(SUBGROUP, subgroup_reasons + _kind_note(a))

    return _new_group(
        a,
        [
            str(
                _(
                    "No existing group is doing ongoing collaborative community organising "
                    "to end sexual and domestic violence."
                )
            )
            if a["does_organising"] != "yes"
            else str(_("The existing group does not meet all the conditions for joining it."))
        ],
    )


def _join_reasons(a: Mapping[str, str]) -> list[str] | None:
    """All five conditions for working with the existing group, or None."""
    if not (
        a["purposes"] == "wholly"
        and a["does_organising"] == "yes"
        and a["partners"] == "same"
        and a["duplication"] != "no"
        and a["true_collaboration"] == "yes"
    ):
        return None
    return [
        str(_("The purposes of both groups align wholly, with a focus on community organising.")),
        str(_("The existing group already does ongoing community organising.")),
        str(_("The partners are the same in both groups.")),
        str(
            _(
                "Not working with the existing group risks duplicating efforts and the "
                "community's people and time."
            )
        )
        if a["duplication"] == "yes"
        else str(_("Check whether working apart would duplicate efforts; it likely would.")),
        str(_("The existing group is committed to true collaboration, beyond partnership.")),
    ]


def _subgroup_reasons(a: Mapping[str, str]) -> list[str]:
    reasons: list[str] = []
    if a["attention_elsewhere"] == "yes":
        reasons.append(
            str(
                _(
                    "The purposes overlap, but the existing group's other purposes keep its "
                    "time, energy and attention on other work."
                )
            )
        )
    elif a["purposes"] == "partly":
        reasons.append(str(_("The purposes overlap without aligning wholly.")))
    if a["partners"] != "same":
        reasons.append(str(_("The partners in the two groups are not all the same people.")))
    return reasons


def _kind_note(a: Mapping[str, str]) -> list[str]:
    if a["existing_kind"] not in {"ccr", "sart"}:
        return []
    return [
        str(
            _(
                "CCRs and SARTs coordinate systems and often involve cross-communication "
                "rather than true collaboration, so as they stand they are often not the "
                "right home for community organising."
            )
        )
    ]


def _new_group(a: Mapping[str, str], reasons: list[str]) -> Recommendation:
    reasons = reasons + _kind_note(a)
    reasons.append(
        str(
            _(
                "Discuss forming the new group with the existing group(s) and make sure "
                "they support it."
            )
        )
    )
    return Recommendation(NEW_GROUP, reasons)


def answer_labels(answers: Mapping[str, object]) -> list[tuple[str, str]]:
    """(question, chosen answer) pairs in the questionnaire's order, for the result page."""
    cleaned = clean_answers(answers)
    rows = []
    for question in QUESTIONS:
        labels = dict(question.choices)
        rows.append((str(question.text), str(labels[cleaned[question.key]])))
    return rows
