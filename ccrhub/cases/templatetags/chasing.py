"""`{% chasing_summary %}`: the dashboard's short word on what needs chasing."""

from typing import Any

from django import template

from ccrhub.cases.access import collaboratives_where
from ccrhub.cases.chasing import chasing_counts

register = template.Library()


@register.inclusion_tag("cases/_chasing_summary.html", takes_context=True)
def chasing_summary(context: dict[str, Any]) -> dict[str, Any]:
    """Counts per kind and a link, for people who work cases; nothing for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not collaboratives_where(user, "cases.view"):
        return {"shown": False}
    counts = chasing_counts(user)
    return {"shown": True, "counts": counts, "total": sum(counts.values())}
