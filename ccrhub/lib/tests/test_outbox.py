"""E-mail leaves only through the outbox, and only after the transaction commits."""

import ast
import pathlib
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from ccrhub.lib import outbox

pytestmark = pytest.mark.django_db(transaction=True)


class Rollback(Exception):
    pass


def test_a_message_written_in_a_rolled_back_transaction_never_leaves() -> None:
    with pytest.raises(Rollback), transaction.atomic():
        outbox.send("Minutes ready", "Read them after signing in.", ["ann@example.org"])
        raise Rollback
    assert mail.outbox == []


def test_a_committed_message_leaves_after_commit_not_before() -> None:
    with transaction.atomic():
        outbox.send(
            "Minutes ready",
            "Read them after signing in.",
            ["ann@example.org"],
            reply_to=["coordinator@example.org"],
            headers={"X-CCRHub-Kind": "minutes"},
        )
        assert mail.outbox == []
    [message] = mail.outbox
    assert message.to == ["ann@example.org"]
    assert message.reply_to == ["coordinator@example.org"]
    assert message.extra_headers["X-CCRHub-Kind"] == "minutes"


def test_each_message_is_its_own_task_and_empty_recipients_are_dropped() -> None:
    with transaction.atomic():
        queued = outbox.send_all(
            [
                outbox.Message("One", "Body", ["a@example.org"]),
                outbox.Message("Nobody", "Body", []),
                outbox.Message("Two", "Body", ["b@example.org"]),
            ]
        )
    assert queued == 2
    assert [m.subject for m in mail.outbox] == ["One", "Two"]


def test_a_failed_send_is_logged_without_the_address(
    monkeypatch: Any, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(self: Any, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("mail.example.org refused ann@example.org")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    payload = outbox.Message("Subject", "Body", ["ann@example.org"]).as_json()
    with pytest.raises(ConnectionRefusedError):
        outbox.deliver.call(payload)
    assert "ConnectionRefusedError" in caplog.text
    assert "ann@example.org" not in caplog.text


SENDING_CALLS = {"send_mail", "send_messages", "send_mass_mail", "mail_admins", "mail_managers"}
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _direct_senders(path: pathlib.Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module == "django.core.mail":
            found += [f"imports {alias.name}" for alias in node.names]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            receiver = node.func.value
            # allauth's adapter is ours (`accounts.adapters`): its send_mail uses the outbox.
            if name in SENDING_CALLS and "adapter" not in ast.unparse(receiver):
                found.append(f"calls {name}")
            constructor = getattr(receiver, "func", None)
            if name == "send" and ast.unparse(constructor or receiver).endswith(
                ("EmailMessage", "EmailMultiAlternatives")
            ):
                found.append("calls EmailMessage(...).send")
    return found


def test_no_product_module_sends_mail_but_the_outbox() -> None:
    offenders = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or relative == pathlib.Path("lib/outbox.py"):
            continue
        if found := _direct_senders(path):
            offenders[str(relative)] = found
    assert offenders == {}


def test_the_grep_would_catch_a_direct_sender(tmp_path: pathlib.Path) -> None:
    module = tmp_path / "sender.py"
    module.write_text(
        "from django.core import mail\n"
        "def go():\n"
        "    mail.EmailMessage('s', 'b', to=['x@example.org']).send()\n"
        "    mail.get_connection().send_messages([])\n"
    )
    assert _direct_senders(module) == [
        "calls send_messages",
        "calls EmailMessage(...).send",
    ] or set(_direct_senders(module)) == {"calls send_messages", "calls EmailMessage(...).send"}
