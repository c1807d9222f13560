"""Every change to referrals, conferences, research returns and SMART actions; each
audited in the transaction that makes it. Audit details hold ids, flags and counts
only: names, contacts, returns, action wording and minutes never enter the trail.

The actions live in one module per responsibility; this package re-exports them so
callers keep importing from `ccrhub.highrisk.actions`."""

from ccrhub.highrisk.actions.conferences import (
    ACTION_CHANGES,
    OWNER_CHANGES,
    build_agenda,
    close_conference,
    record_action,
    record_attendance,
    record_discussion,
    save_minutes,
    schedule_conference,
    submit_return,
    update_action,
)
from ccrhub.highrisk.actions.distribution import chase_returns, distribute_minutes
from ccrhub.highrisk.actions.referrals import (
    DASH,
    DASH_HIGH_RISK,
    DIVERSITY,
    REFERRAL_CHANGES,
    Prefill,
    prefill_from,
    record_survivor_view,
    refer_to_conference,
    transfer_referral,
    update_referral,
    update_team_settings,
)
from ccrhub.lib.concurrency import StaleVersion

__all__ = [
    "ACTION_CHANGES",
    "DASH",
    "DASH_HIGH_RISK",
    "DIVERSITY",
    "OWNER_CHANGES",
    "REFERRAL_CHANGES",
    "Prefill",
    "StaleVersion",
    "build_agenda",
    "chase_returns",
    "close_conference",
    "distribute_minutes",
    "prefill_from",
    "record_action",
    "record_attendance",
    "record_discussion",
    "record_survivor_view",
    "refer_to_conference",
    "save_minutes",
    "schedule_conference",
    "submit_return",
    "transfer_referral",
    "update_action",
    "update_referral",
    "update_team_settings",
]
