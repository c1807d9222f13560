import json
import logging

import pytest

from ccrhub.lib.logformat import JsonFormatter


@pytest.mark.django_db
def test_health_answers_ok_without_a_cookie(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert not response.cookies
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord(
        "ccrhub", logging.WARNING, __file__, 1, "import %s failed", ("7",), None
    )
    record.request_id = "req-1"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "import 7 failed"
    assert (entry["level"], entry["request_id"]) == ("WARNING", "req-1")
