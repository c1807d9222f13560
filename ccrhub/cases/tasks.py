"""Background work of the cases app, run by the task backend (`TASKS` in settings).

With the database backend a worker runs them: `python manage.py db_worker`.
"""

from django_tasks import task

from ccrhub.cases import imports


@task()
def run_import_task(job_public_id: str) -> str:
    """Validate and commit one import job; returns its final status."""
    return str(imports.run_import(job_public_id).status)
