"""Questions one area asks and another answers, without importing it.

An area may import only in the allowed direction: `survivors` cannot import `highrisk`,
which builds on it, yet a release must be refused when the high-risk team knows its giver
as the perpetrator. So `survivors` declares a hook, `highrisk` answers it in its
`AppConfig.ready()`, and `survivors` asks it. A hook nobody answered fails the system
check at start-up (`manage.py check`, `migrate`, `runserver`), and asking it raises: a
guard never silently does nothing because its other half is missing.
"""

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

Answer = TypeVar("Answer", bound=Callable[..., Any])


class Unanswered(ImproperlyConfigured):
    """A hook was asked before any area answered it."""


class Hook(Generic[Answer]):
    """One question: `answer(function)` once, from the answering area; `ask` from the
    asking one."""

    def __init__(self, name: str, *, answered_by: str) -> None:
        self.name = name
        self.answered_by = answered_by
        self._answer: Answer | None = None

    def answer(self, function: Answer) -> Answer:
        if self._answer is not None and self._answer is not function:
            raise ImproperlyConfigured(f"The hook {self.name} is answered twice.")
        self._answer = function
        return function

    @property
    def answered(self) -> bool:
        return self._answer is not None

    @property
    def ask(self) -> Answer:
        if self._answer is None:
            raise Unanswered(f"The hook {self.name} has no answer: {self.answered_by} gives it.")
        return self._answer


HOOKS: dict[str, Hook[Any]] = {}


def declare(name: str, *, answered_by: str) -> Hook[Any]:
    """A new hook, known to the start-up check. Names are unique."""
    if name in HOOKS:
        raise ImproperlyConfigured(f"The hook {name} is declared twice.")
    hook: Hook[Any] = Hook(name, answered_by=answered_by)
    HOOKS[name] = hook
    return hook


def check_hooks(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check: every declared hook has its answer."""
    return [
        checks.Error(
            f"The hook {hook.name} has no answer.",
            hint=f"{hook.answered_by} must answer it in its AppConfig.ready().",
            id="ccrhub.hooks.E001",
        )
        for hook in HOOKS.values()
        if not hook.answered
    ]
