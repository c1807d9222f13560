"""The signed-in navigation: one list of entries.

Each area adds its entry to `NAVIGATION`; every entry names a page that exists (a name
that does not resolve fails every page, not just its link). The permission flag only
hides a link from people who could not use it anyway; the view itself still decides
(S1, S2). An entry's permission is not written here: it is the one its page declares
with `requires` (read from the routed view), so the menu and the page cannot disagree.
"""

from dataclasses import dataclass
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from ccrhub.lib.policy import holds_any, permissions_of, public, scope_of

Area = Literal["primary", "secondary"]


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    # Primary: the work areas; secondary: the user's own account pages.
    area: Area = "primary"
    # "post" entries render as a one-button form (signing out changes state).
    method: Literal["get", "post"] = "get"
    # Primary entries of one section share a menu under this label (one visible entry
    # shows as a plain link).
    group: str | Promise | None = None


NAVIGATION: list[NavEntry] = [
    NavEntry(_("Dashboard"), "dashboard"),
    NavEntry(_("Collaboratives"), "partners:collaborative-list", group=_("Partners")),
    NavEntry(_("Agencies"), "partners:agency-list", group=_("Partners")),
    NavEntry(_("Foundations"), "foundations:foundations-home", group=_("Partners")),
    NavEntry(_("Which avenue?"), "partners:avenue-list", group=_("Partners")),
    NavEntry(_("Cases"), "cases:case-list", group=_("Tracking")),
    NavEntry(_("Imports"), "imports:import-list", group=_("Tracking")),
    NavEntry(_("Chasing and court dockets"), "chasing:list", group=_("Tracking")),
    NavEntry(_("Measures"), "metrics:measures-home", group=_("Tracking")),
    NavEntry(_("Meetings"), "meetings:meeting-list", group=_("Meetings")),
    NavEntry(_("My actions"), "meetings:action-list", group=_("Meetings")),
    NavEntry(_("Decisions"), "meetings:decision-list", group=_("Meetings")),
    NavEntry(_("Outreach"), "outreach:activity-list", group=_("Meetings")),
    NavEntry(_("Protocols"), "protocols:protocol-list"),
    NavEntry(_("Conferences"), "highrisk:conference-list", group=_("High-risk")),
    NavEntry(_("Risk assessments"), "risk:assessment-list", group=_("High-risk")),
    NavEntry(_("Survivors"), "survivors:survivor-list", group=_("High-risk")),
    NavEntry(_("Shared with us"), "survivors:shared-list", group=_("High-risk")),
    NavEntry(_("Reviews"), "reviews:review-list", group=_("Reviews")),
    NavEntry(_("Recommendations"), "reviews:recommendation-list", group=_("Reviews")),
    NavEntry(_("Scorecards"), "evaluation:scorecard-home", group=_("Evaluation")),
    NavEntry(_("Goals"), "evaluation:goal-list", group=_("Evaluation")),
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
    # A section's menu: its links (the section itself has no page of its own).
    children: tuple["NavLink", ...] = ()


@dataclass(frozen=True)
class Navigation:
    primary: list[NavLink]
    secondary: list[NavLink]

    def __bool__(self) -> bool:
        return bool(self.primary or self.secondary)


def _may_see(user: Any, entry: NavEntry) -> bool:
    """Whether the user passes the entry's page's own `requires` (any signed-in user
    passes a page without one)."""
    view = resolve(reverse(entry.url_name)).func
    permissions = permissions_of(view)
    return not permissions or holds_any(user, permissions, scope_of(view))


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
        if _may_see(user, entry):
            candidates.append((entry, reverse(entry.url_name)))
    current = _current_url(request, candidates)
    primary: list[NavLink | str] = []  # a link, or the key of a section's menu
    sections: dict[str, tuple[str | Promise, list[NavLink]]] = {}
    secondary: list[NavLink] = []
    for entry, url in candidates:
        link = NavLink(entry.label, url, entry.method, url == current)
        if entry.area == "secondary":
            secondary.append(link)
        elif entry.group is None:
            primary.append(link)
        else:
            key = str(entry.group)
            if key not in sections:
                sections[key] = (entry.group, [])
                primary.append(key)  # the section stands where its first entry is
            sections[key][1].append(link)
    menus = [item if isinstance(item, NavLink) else _menu(*sections[item]) for item in primary]
    return Navigation(primary=menus, secondary=secondary)


def _menu(label: str | Promise, links: list[NavLink]) -> NavLink:
    """A section's links as one menu; a section with one visible link is that link."""
    if len(links) == 1:
        return links[0]
    current = any(link.current for link in links)
    return NavLink(label, links[0].url, "get", current, tuple(links))


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher of the signed-in chrome and the login page (a cookie).

    Mounted outside /public/: the public area chooses its language by URL instead,
    because it sets no cookies (S26). Django's view only follows same-host `next`.
    """
    return django_set_language(request)
