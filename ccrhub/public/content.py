"""What the public pages say about getting help: data, not settings.

The numbers below are the national lines; a deployment replaces them with its local
24-hour line by editing this module (it is content, reviewed like code).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Hotline:
    name: str | Promise
    phone: str  # as shown
    dial: str  # for the tel: link, digits and "+" only
    hours: str | Promise
    text: str | Promise = ""


@dataclass(frozen=True)
class HelpContent:
    emergency_number: str
    hotline: Hotline


HELP_CONTENT: dict[str, HelpContent] = {
    "us": HelpContent(
        emergency_number="911",
        hotline=Hotline(
            name=_("National Domestic Violence Hotline"),
            phone="1-800-799-7233",
            dial="+18007997233",
            hours=_("24 hours a day, 7 days a week, free and confidential"),
            text=_("You can also text START to 88788."),
        ),
    ),
    "uk": HelpContent(
        emergency_number="999",
        hotline=Hotline(
            name=_("National Domestic Abuse Helpline"),
            phone="0808 2000 247",
            dial="+448082000247",
            hours=_("24 hours a day, 7 days a week, free and confidential"),
        ),
    ),
}


def help_content(jurisdiction: str) -> HelpContent:
    return HELP_CONTENT.get(jurisdiction, HELP_CONTENT["us"])
