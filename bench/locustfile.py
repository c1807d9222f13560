"""The load of `make bench`: the main tracking pages and API endpoints, as one coordinator.

Targets (token, session cookie, case ids, collaborative) come from the JSON file named
by BENCH_TARGETS, written by bench/run.py. Weights follow what people do most: lists
and case pages; the figures (funnel, measures) now and then.
"""

import json
import os
import random

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115


class Coordinator(HttpUser):
    wait_time = between(0, 0.05)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", TARGETS["session"])
        self.api = {"Authorization": f"Bearer {TARGETS['token']}"}

    def case(self) -> str:
        return random.choice(TARGETS["cases"])  # noqa: S311

    @task(4)
    def case_list_page(self) -> None:
        self.client.get("/cases/", name="page /cases/")

    @task(4)
    def case_page(self) -> None:
        self.client.get(f"/cases/{self.case()}/", name="page /cases/<id>/")

    @task(4)
    def api_case_list(self) -> None:
        self.client.get("/api/v1/cases/", headers=self.api, name="api /cases/")

    @task(4)
    def api_case(self) -> None:
        self.client.get(f"/api/v1/cases/{self.case()}", headers=self.api, name="api /cases/<id>")

    @task(4)
    def api_case_events(self) -> None:
        self.client.get(
            f"/api/v1/cases/{self.case()}/events", headers=self.api, name="api /cases/<id>/events"
        )

    @task(1)
    def api_funnel(self) -> None:
        self.client.get(
            f"/api/v1/metrics/funnel?collaborative={TARGETS['collaborative']}",
            headers=self.api,
            name="api /metrics/funnel",
        )
