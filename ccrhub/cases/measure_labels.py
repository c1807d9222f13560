"""What each tracking measure is called on pages, in reports and in reviews."""

from django.utils.translation import gettext_lazy

MEASURE_LABELS = {
    "arrest_rate": gettext_lazy("Arrest rate (incidents with an arrest)"),
    "dual_arrest_rate": gettext_lazy("Dual-arrest rate (incidents)"),
    "prosecution_rate": gettext_lazy("Prosecution rate (arrests charged)"),
    "conviction_rate": gettext_lazy("Conviction rate (arrests convicted)"),
    "plea_share": gettext_lazy("Plea share (convictions by plea)"),
    "time_to_disposition": gettext_lazy("Days from arrest to disposition"),
    "time_to_disposition_from_charge": gettext_lazy("Days from charge to disposition"),
    "bip_enrolment_rate": gettext_lazy("BIP enrolment (of referrals)"),
    "bip_completion_rate": gettext_lazy("BIP completion (of referrals)"),
    "bip_days_to_enrolment": gettext_lazy("Days from BIP referral to enrolment"),
    "violation_response_days": gettext_lazy("Days from violation to first response"),
    "violation_response_within_limit": gettext_lazy("Violations answered within the limit"),
    "protection_order_service_days": gettext_lazy("Days from order issued to served"),
    "recidivism_1y": gettext_lazy("New incident within 1 year"),
    "recidivism_2y": gettext_lazy("New incident within 2 years"),
}
