"""The one way product e-mail leaves CCR Hub.

`send(...)` queues a message with `transaction.on_commit`: nothing leaves when the
transaction that decided to write it rolls back, and a slow or failing mail server never
holds a transaction open. After commit, a background task (django-tasks, `TASKS` in
settings; `manage.py db_worker` runs it) sends the message. The task carries plain JSON
(subject, body, recipients, optional reply-to and headers), never a model.

A failed send is logged by kind of error only (no addresses, no subject) and raised, so
the task backend records the failure.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from smtplib import SMTPException

from django.core import mail
from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    to: Sequence[str]
    reply_to: Sequence[str] = ()
    headers: dict[str, str] = field(default_factory=dict)
    from_email: str | None = None

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["to"] = list(self.to)
        data["reply_to"] = list(self.reply_to)
        return data


def send(
    subject: str,
    body: str,
    to: Sequence[str],
    *,
    reply_to: Sequence[str] = (),
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> None:
    """Queue one message, to leave after the current transaction commits."""
    send_all([Message(subject, body, list(to), list(reply_to), dict(headers or {}), from_email)])


def send_all(messages: Iterable[Message]) -> int:
    """Queue several messages (one task each) after commit; returns how many."""
    payloads = [message.as_json() for message in messages if message.to]
    for payload in payloads:
        transaction.on_commit(lambda payload=payload: deliver.enqueue(payload))  # type: ignore[misc]
    return len(payloads)


def _email(payload: dict[str, object]) -> mail.EmailMessage:
    return mail.EmailMessage(
        subject=str(payload["subject"]),
        body=str(payload["body"]),
        from_email=payload.get("from_email") or None,  # type: ignore[arg-type]
        to=list(payload["to"]),  # type: ignore[call-overload]
        reply_to=list(payload.get("reply_to") or []),  # type: ignore[call-overload]
        headers=dict(payload.get("headers") or {}),  # type: ignore[call-overload]
    )


@task()
def deliver(payload: dict[str, object]) -> int:
    """Send one queued message; the only place product e-mail is handed to Django."""
    try:
        return _email(payload).send()
    except (SMTPException, OSError) as error:
        logger.warning("outbox: sending failed (%s)", type(error).__name__)
        raise
