"""The signed-in navigation: one list of entries, shown when their page exists.

Each area adds its entry to `NAVIGATION`. An entry whose URL name does not resolve
(the area is not installed, or not built yet) is skipped, so the list may name
pages ahead of their arrival. The permission flag only hides a link from people who
could not use it anyway; the view itself still decides (S1, S2).
"""

from dataclasses import dataclass
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from ccrhub.lib.policy import public

Area = Literal["primary", "secondary"]


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    # None: any signed-in user; otherwise a permission held in at least one collaborative.
    permission: str | None = None
    # Primary: the work areas; secondary: the user's own account pages.
    area: Area = "primary"
    # "post" entries render as a one-button form (signing out changes state).
    method: Literal["get", "post"] = "get"


NAVIGATION: list[NavEntry] = [
    NavEntry(_("Dashboard"), "dashboard"),
    NavEntry(_("Collaboratives"), "partners:collaborative-list"),
    NavEntry(_("Agencies"), "partners:agency-list"),
    NavEntry(_("Cases"), "cases:case-list", permission="cases.view"),
    NavEntry(_("Imports"), "imports:import-list", permission="cases.write"),
    NavEntry(_("Meetings"), "meetings:meeting-list", permission="meetings.view"),
    NavEntry(_("My actions"), "meetings:action-list", permission="meetings.view"),
    NavEntry(_("Decisions"), "meetings:decision-list", permission="meetings.view"),
    NavEntry(_("Foundations"), "foundations:foundations-home", permission="collaborative.view"),
    NavEntry(_("Outreach"), "outreach:activity-list", permission="meetings.view"),
    NavEntry(_("Protocols"), "protocols:protocol-list", permission="protocols.view"),
    NavEntry(_("Risk assessments"), "risk:assessment-list", permission="risk.assess"),
    NavEntry(_("Survivors"), "survivors:survivor-list", permission="survivors.view"),
    NavEntry(_("Shared with us"), "survivors:shared-list", permission="highrisk.view"),
    NavEntry(_("High-risk"), "highrisk:conference-list", permission="highrisk.view"),
    NavEntry(_("Reviews"), "reviews:review-list", permission="reviews.view"),
    NavEntry(_("Recommendations"), "reviews:recommendation-list", permission="reviews.view"),
    NavEntry(_("Evaluation"), "evaluation:scorecard-home", permission="evaluation.view"),
    NavEntry(_("Which avenue?"), "partners:avenue-list", permission="avenue.use"),
    NavEntry(_("Directory"), "directory:service-list"),
    NavEntry(_("My sessions"), "accounts:sessions", area="secondary"),
    NavEntry(_("API tokens"), "accounts:tokens", area="secondary"),
    NavEntry(_("Two-factor"), "mfa_index", area="secondary"),
    NavEntry(_("Calendar feed"), "meetings:calendar-settings", area="secondary"),
    NavEntry(_("Sign out"), "account_logout", area="secondary", method="post"),
]


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    method: str
    current: bool


@dataclass(frozen=True)
class Navigation:
    primary: list[NavLink]
    secondary: list[NavLink]

    def __bool__(self) -> bool:
        return bool(self.primary or self.secondary)


def _may_see(user: Any, entry: NavEntry) -> bool:
    if entry.permission is None:
        return True
    # Imported here: lib stays importable before the apps are loaded.
    from ccrhub.partners.queries import active_roles
    from ccrhub.partners.roles import role_can

    return any(role_can(role, entry.permission) for role in active_roles(user).values())


def _current_url(request: HttpRequest, candidates: list[tuple[NavEntry, str]]) -> str | None:
    """The one entry to highlight: the page's own, else the deepest section above it
    (a case under the case list; the avenue tool, not the collaboratives above it)."""
    match = getattr(request, "resolver_match", None)
    for entry, url in candidates:
        if match is not None and match.view_name == entry.url_name:
            return url
    sections = [
        url
        for entry, url in candidates
        if url != "/" and entry.method == "get" and request.path.startswith(url)
    ]
    return max(sections, key=len, default=None)


def navigation_for(request: HttpRequest) -> Navigation:
    """The entries this request's user may follow, in order; empty when signed out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Navigation(primary=[], secondary=[])
    candidates: list[tuple[NavEntry, str]] = []
    for entry in NAVIGATION:
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        if _may_see(user, entry):
            candidates.append((entry, url))
    current = _current_url(request, candidates)
    links: dict[str, list[NavLink]] = {"primary": [], "secondary": []}
    for entry, url in candidates:
        links[entry.area].append(NavLink(entry.label, url, entry.method, url == current))
    return Navigation(primary=links["primary"], secondary=links["secondary"])


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher of the signed-in chrome and the login page (a cookie).

    Mounted outside /public/: the public area chooses its language by URL instead,
    because it sets no cookies (S26). Django's view only follows same-host `next`.
    """
    return django_set_language(request)
