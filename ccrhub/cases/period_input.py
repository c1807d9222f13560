"""A period asked for in a query string (`from`/`to`), read the same way by every
figures endpoint (tracking measures, evaluation indicators)."""

import datetime

from ccrhub.cases import metrics


class InvalidPeriod(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("invalid period")
        self.errors = errors


def parse_period(start: str | None, end: str | None) -> metrics.Period:
    """`from`/`to` as ISO dates (either may be left out, but not sent empty);
    InvalidPeriod names the bad ones."""
    errors: dict[str, list[str]] = {}
    dates: dict[str, datetime.date | None] = {}
    for name, value in (("from", start), ("to", end)):
        dates[name] = None
        if value is not None:
            try:
                dates[name] = datetime.date.fromisoformat(value)
            except ValueError:
                errors[name] = ["Enter a date as YYYY-MM-DD."]
    if not errors and dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        errors["to"] = ["The end of the period is before its start."]
    if errors:
        raise InvalidPeriod(errors)
    return metrics.Period(dates["from"], dates["to"])
