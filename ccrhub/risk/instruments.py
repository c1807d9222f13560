"""The instrument engine: definitions are data files in `ccrhub/risk/data/`.

A definition names its items (stable ids and CCR Hub's own short gists), the answers
an item takes, the scoring rule, the referral threshold, the bands, a version, a
language and a licence note. Schema-only instruments (factor names, no weights) can
be listed but not scored. Verbatim wording never ships here: it comes from a content
pack an agency installs after obtaining permission (`install_content_pack`).

Rules understood:
- scoring `count_yes`: the number of items answered "yes";
- threshold `score_at_least`: the score reaches `score` (DASH: 14, visible high risk);
- threshold `any_or_at_least`: any "yes" among `any_of`, or at least `at_least` "yes"
  among `count_of` (the LAP screen: any of 1–3, or 4 or more of 4–11).
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy

DATA_DIR = Path(__file__).resolve().parent / "data"

YES, NO, DONT_KNOW, NOT_ANSWERED = "yes", "no", "dont_know", "not_answered"
# How each stored answer reads on a page.
ANSWER_LABELS = {
    YES: gettext_lazy("Yes"),
    NO: gettext_lazy("No"),
    DONT_KNOW: gettext_lazy("Don't know"),
    NOT_ANSWERED: gettext_lazy("Not answered"),
}
# What the API and shorthand callers may send for "don't know".
ANSWER_ALIASES = {"unknown": DONT_KNOW, "dk": DONT_KNOW, "": NOT_ANSWERED}


class InstrumentError(ValueError):
    """An unknown instrument, an unknown item or an answer the item does not take."""


class NotScorable(InstrumentError):
    """A schema-only instrument: its weights are not shipped."""


@dataclass(frozen=True)
class Item:
    id: str
    gist: str
    number: int


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    min: int


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    language: str
    title: str
    items: tuple[Item, ...]
    answers: tuple[str, ...]
    scoring: Mapping[str, Any]
    threshold: Mapping[str, Any]
    bands: tuple[Band, ...]
    licence_ref: str
    licence_note: str
    jurisdictions: tuple[str, ...] = ()
    schema_only: bool = False
    outcome_bands: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    per_item: tuple[str, ...] = ("source", "comment")

    @property
    def item_ids(self) -> list[str]:
        return [item.id for item in self.items]

    @property
    def threshold_label(self) -> str:
        return str(self.threshold.get("label", ""))

    def normalise(self, answers: Mapping[str, Any]) -> dict[str, dict[str, str]]:
        """Every item with `answer`, `source`, `comment`; shorthand `{id: "yes"}` accepted.
        Items not given are "not_answered"; unknown items or answers raise."""
        unknown = set(answers) - set(self.item_ids)
        if unknown:
            raise InstrumentError(f"Unknown items for {self.id}: {sorted(unknown)}")
        result: dict[str, dict[str, str]] = {}
        for item in self.items:
            raw = answers.get(item.id, NOT_ANSWERED)
            entry = dict(raw) if isinstance(raw, Mapping) else {"answer": raw}
            answer = str(entry.get("answer") or NOT_ANSWERED).strip().lower()
            answer = ANSWER_ALIASES.get(answer, answer)
            if answer not in self.answers:
                raise InstrumentError(f"Item {item.id} of {self.id} does not take '{answer}'.")
            result[item.id] = {
                "answer": answer,
                "source": str(entry.get("source") or ""),
                "comment": str(entry.get("comment") or ""),
            }
        return result

    def _yes(self, answers: Mapping[str, Any]) -> set[str]:
        return {key for key, entry in self.normalise(answers).items() if entry["answer"] == YES}

    def score(self, answers: Mapping[str, Any]) -> int:
        if self.schema_only or self.scoring.get("rule") != "count_yes":
            raise NotScorable(f"{self.id} is schema-only: its scoring is not shipped.")
        return len(self._yes(answers))

    def band(self, score: int, *, met: bool | None = None) -> str:
        """The band id of a score; for outcome-banded screens (LAP), of the outcome."""
        if self.outcome_bands and met is not None:
            return self.outcome_bands["met" if met else "not_met"]["id"]
        chosen = ""
        for band in sorted(self.bands, key=lambda b: b.min):
            if score >= band.min:
                chosen = band.id
        return chosen

    def band_label(self, band_id: str) -> str:
        for band in self.bands:
            if band.id == band_id:
                return band.label
        for outcome in self.outcome_bands.values():
            if outcome.get("id") == band_id:
                return outcome.get("label", band_id)
        return band_id

    def meets_threshold(self, answers: Mapping[str, Any]) -> bool:
        rule = self.threshold.get("rule")
        yes = self._yes(answers)
        if rule == "score_at_least":
            return self.score(answers) >= int(self.threshold["score"])
        if rule == "any_or_at_least":
            if yes & set(self.threshold["any_of"]):
                return True
            return len(yes & set(self.threshold["count_of"])) >= int(self.threshold["at_least"])
        raise NotScorable(f"{self.id} has no shipped threshold.")

    def outcome(self, answers: Mapping[str, Any]) -> tuple[int, str, bool]:
        """(score, band, threshold met) for one answer set."""
        score = self.score(answers)
        met = self.meets_threshold(answers)
        return score, self.band(score, met=met if self.outcome_bands else None), met


def _dash_bands(bands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Local DASH bands from RISK_DASH_BANDS ("10,14": medium from 10, high from 14)."""
    configured = settings.RISK_DASH_BANDS
    medium, high = (int(value) for value in configured)
    lows = {"standard": 0, "medium": medium, "high": high}
    return [{**band, "min": lows.get(band["id"], band["min"])} for band in bands]


def _build(raw: dict[str, Any]) -> Instrument:
    bands = raw.get("bands", [])
    if raw["id"] == "dash":
        bands = _dash_bands(bands)
    return Instrument(
        id=raw["id"],
        version=str(raw["version"]),
        language=raw.get("language", "en"),
        title=raw["title"],
        items=tuple(
            Item(id=item["id"], gist=item["gist"], number=number)
            for number, item in enumerate(raw["items"], start=1)
        ),
        answers=tuple(raw["answers"]),
        scoring=raw.get("scoring", {}),
        threshold=raw.get("threshold", {}),
        bands=tuple(Band(id=b["id"], label=b["label"], min=int(b["min"])) for b in bands),
        licence_ref=raw["licence"]["ref"],
        licence_note=raw["licence"]["note"],
        jurisdictions=tuple(raw.get("jurisdictions", ())),
        schema_only=bool(raw.get("schema_only", False)),
        outcome_bands=raw.get("outcome_bands", {}),
        per_item=tuple(raw.get("per_item", ("source", "comment"))),
    )


@cache
def _load(bands_key: tuple[int, ...]) -> tuple[Instrument, ...]:
    del bands_key  # part of the cache key only: settings overrides reload
    loaded = []
    for path in sorted(DATA_DIR.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            loaded.append(_build(json.load(handle)))
    return tuple(loaded)


def all_instruments() -> list[Instrument]:
    """Every definition, in file order (id, version, language)."""
    return list(_load(tuple(settings.RISK_DASH_BANDS)))


def available(*, jurisdiction: str | None = None, scorable_only: bool = False) -> list[Instrument]:
    """The definitions for the deployment's jurisdiction (default: settings.JURISDICTION)."""
    mode = jurisdiction or settings.JURISDICTION
    return [
        instrument
        for instrument in all_instruments()
        if (not instrument.jurisdictions or mode in instrument.jurisdictions)
        and not (scorable_only and instrument.schema_only)
    ]


def get(instrument_id: str, version: str | None = None) -> Instrument:
    """The instrument with this id (latest version unless `version` names one)."""
    matches = [
        instrument
        for instrument in all_instruments()
        if instrument.id == instrument_id and (version is None or instrument.version == version)
    ]
    if not matches:
        raise InstrumentError(f"Unknown instrument {instrument_id} {version or ''}".strip())
    return max(matches, key=lambda instrument: instrument.version)


def answer_label(answer: str | None) -> str:
    """The words for a stored answer ("yes" → "Yes"); an unknown code is shown as it is."""
    code = answer or NOT_ANSWERED
    return str(ANSWER_LABELS.get(code, code))


def find(instrument_id: str, version: str) -> Instrument | None:
    """The definition an assessment used, or None when it is no longer installed."""
    try:
        return get(instrument_id, version)
    except InstrumentError:
        return None
