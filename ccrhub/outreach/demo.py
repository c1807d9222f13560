"""The demo county's outreach: six activities of the Riverbend CCR across the
individual, community and societal levels, and none at the relationship level, so
the coverage page shows a gap to talk about."""

import datetime

from django.utils import timezone

from ccrhub.outreach import actions
from ccrhub.outreach.models import Kind, Level, Setting
from ccrhub.partners.demo import County, demo_part

IND, COM, SOC = Level.INDIVIDUAL, Level.COMMUNITY, Level.SOCIETAL

# (title, kind, days ago, days long, agency key, audience, languages, setting, levels)
ACTIVITIES = (
    (
        "Healthy relationships assembly, Riverbend High",
        Kind.EVENT,
        75,
        0,
        "schools",
        420,
        "English, Spanish",
        Setting.SCHOOLS,
        (IND,),
    ),
    (
        "Safe Harbor table at the county fair",
        Kind.EVENT,
        60,
        2,
        "vsp",
        650,
        "English, Spanish",
        Setting.FAIRS,
        (IND, COM),
    ),
    (
        "Responding to disclosure: training for faith leaders",
        Kind.TRAINING,
        45,
        0,
        "coordination",
        34,
        "English",
        Setting.FAITH,
        (COM,),
    ),
    (
        "Domestic Violence Awareness Month radio campaign",
        Kind.CAMPAIGN,
        40,
        30,
        "coordination",
        None,
        "English, Spanish",
        Setting.MEDIA,
        (SOC,),
    ),
    (
        "Workplace responses to domestic violence, hospital staff",
        Kind.TRAINING,
        20,
        0,
        "vsp",
        58,
        "English",
        Setting.WORKPLACES,
        (IND, COM),
    ),
    (
        "Protection orders explained: community night",
        Kind.EVENT,
        7,
        0,
        "police",
        41,
        "English, Spanish",
        Setting.FAIRS,
        (IND,),
    ),
)


@demo_part
def seed_demo_outreach(county: County) -> None:
    coordinator, ccr = county.users["coordinator"], county.collaboratives["ccr"]
    today = timezone.localdate()
    for title, kind, ago, days, agency, audience, languages, setting, levels in ACTIVITIES:
        starts_on = today - datetime.timedelta(days=ago)
        actions.record_activity(
            ccr,
            title=title,
            kind=kind,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=days) if days else None,
            agency=county.agencies[agency],
            audience_size=audience,
            languages=languages,
            setting=setting,
            levels=[level.value for level in levels],
            actor=coordinator,
        )
