"""Facilitation templates: agenda items with questions to put to the room, kept as data
in `data/facilitation_templates.json` (with their source)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "facilitation_templates.json"


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    minutes: int
    prompts: tuple[str, ...]


@cache
def all_templates() -> tuple[Template, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(
        Template(
            key=entry["key"],
            title=entry["title"],
            minutes=int(entry["minutes"]),
            prompts=tuple(entry["prompts"]),
        )
        for entry in data["templates"]
    )


def get(key: str) -> Template | None:
    return next((t for t in all_templates() if t.key == key), None)


def choices() -> list[tuple[str, str]]:
    return [(t.key, t.title) for t in all_templates()]
