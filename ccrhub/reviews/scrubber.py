"""The publication scrubber of death reviews: finds every place where a real name or a
date of birth of a person the review is about remains, and substitutes pseudonyms.

Names are matched case-insensitively on word boundaries, as the full name and as each
part of three letters or more (a first name alone still identifies). Dates of birth
are matched in the common written forms: 1984-03-07, 07/03/1984, 03/07/1984, 7/3/1984,
07.03.1984, 7 March 1984, 7th March 1984, March 7, 1984, 7 Mar 1984, Mar 7 1984.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ORDINAL = r"(?:st|nd|rd|th)?"


@dataclass(frozen=True)
class PersonKey:
    """What the scrubber needs of a person: never shown, only matched."""

    pseudonym: str
    real_name: str
    date_of_birth: datetime.date | None


@dataclass(frozen=True)
class Part:
    """A text part of the draft: where it is (for people to find it) and its text."""

    where: str
    text: str


@dataclass(frozen=True)
class Place:
    where: str
    what: str  # "name" or "date of birth"
    pseudonym: str  # whose: named by the pseudonym, never the real name


def name_pattern(real_name: str) -> re.Pattern[str] | None:
    words = [w for w in re.split(r"\s+", real_name.strip()) if w]
    if not words:
        return None
    alternatives = [r"\s+".join(re.escape(w) for w in words)]
    alternatives += [re.escape(w) for w in words if len(w.strip(".")) >= 3]
    # Longest first, so the full name is replaced as a whole.
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def date_pattern(day: datetime.date) -> re.Pattern[str]:
    d, m, y = day.day, day.month, day.year
    long, short = MONTHS[m - 1], MONTHS[m - 1][:3]
    dd, mm = f"0?{d}", f"0?{m}"
    forms = [
        rf"{y}-{m:02d}-{d:02d}",
        rf"{dd}[/.\-]{mm}[/.\-]{y}",
        rf"{mm}[/.\-]{dd}[/.\-]{y}",
        rf"{d}{ORDINAL}\s+(?:{long}|{short}\.?),?\s+{y}",
        rf"(?:{long}|{short}\.?)\s+{d}{ORDINAL},?\s+{y}",
    ]
    return re.compile(r"(?<!\d)(?:" + "|".join(forms) + r")(?!\d)", re.IGNORECASE)


def find_places(parts: Iterable[Part], persons: Iterable[PersonKey]) -> list[Place]:
    """Every part where a real name or date of birth remains."""
    checks: list[tuple[re.Pattern[str], str, str]] = []
    for person in persons:
        pattern = name_pattern(person.real_name)
        if pattern is not None:
            checks.append((pattern, "name", person.pseudonym))
        if person.date_of_birth is not None:
            checks.append((date_pattern(person.date_of_birth), "date of birth", person.pseudonym))
    places: list[Place] = []
    for part in parts:
        for pattern, what, pseudonym in checks:
            if pattern.search(part.text):
                places.append(Place(part.where, what, pseudonym))
    return places


def pseudonymise(text: str, persons: Iterable[PersonKey]) -> str:
    """Real names replaced by pseudonyms, dates of birth by a neutral phrase."""
    for person in persons:
        pattern = name_pattern(person.real_name)
        if pattern is not None:
            text = pattern.sub(person.pseudonym, text)
        if person.date_of_birth is not None:
            text = date_pattern(person.date_of_birth).sub("[date of birth removed]", text)
    return text
