"""Background work of the audit trail, run by the task worker (`manage.py db_worker`).

The anomaly rules read the trail with counts over the last hour; run on the request
path they made every audited request slower. Each committed event is queued here
instead, so an alert appears as soon as the worker picks the task up: within its poll
interval (1 s by default) of the commit when the queue is idle, later while the worker
is busy with a long task such as a large import.
"""

from django_tasks import task

from ccrhub.audit import anomalies
from ccrhub.audit.models import AuditEvent


@task()
def evaluate_anomalies(event_id: int) -> int:
    """Run every anomaly rule on one committed event; the number of alerts raised."""
    event = AuditEvent.objects.filter(pk=event_id).first()
    if event is None:  # purged by retention before the worker reached it
        return 0
    return len(anomalies.evaluate(event))
