"""Forms of the directory: the public search, and the maintenance pages.

Maintenance forms list their fields explicitly (the actions accept only those too).
"""

from typing import Any

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from ccrhub.directory import queries
from ccrhub.directory.models import (
    LANGUAGES,
    Location,
    Organization,
    PhoneType,
    Service,
    TaxonomyTerm,
    Weekday,
)
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative

# Public search ---------------------------------------------------------------------------


class PublicSearchForm(forms.Form):
    """A GET form: no CSRF token, nothing stored, nothing logged."""

    need = forms.ChoiceField(label=_("What do you need?"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    q = forms.CharField(label=_("Words to look for"), required=False, max_length=100)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    open_24_7 = forms.BooleanField(label=_("Open 24 hours, 7 days a week"), required=False)
    culturally_specific = forms.BooleanField(
        label=_("Culturally-specific services"), required=False
    )
    community_based = forms.BooleanField(
        label=_("Community-based support (not police, courts or hospitals)"), required=False
    )

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs = {str(t.public_id): t for t in queries.public_needs()}
        anything = [("", _("Any"))]
        self.fields["need"].choices = anything + [  # type: ignore[attr-defined]
            (key, term.label(lang)) for key, term in self.needs.items()
        ]
        self.fields["language"].choices = anything + [  # type: ignore[attr-defined]
            (code, LANGUAGES.get(code, code)) for code in queries.public_languages()
        ]
        self.fields["area"].choices = anything + [  # type: ignore[attr-defined]
            (name, name) for name in queries.public_areas()
        ]

    def filters(self) -> queries.PublicFilters:
        data = self.cleaned_data
        return queries.PublicFilters(
            need=self.needs.get(data.get("need") or ""),
            language=data.get("language") or "",
            area=data.get("area") or "",
            open_now=bool(data.get("open_now")),
            open_24_7=bool(data.get("open_24_7")),
            culturally_specific=bool(data.get("culturally_specific")),
            community_based=bool(data.get("community_based")),
            text=(data.get("q") or "").strip(),
        )


# Maintenance -----------------------------------------------------------------------------


def initial_of(instance: Any, form_class: Any) -> dict[str, Any]:
    """A form's initial values from an entry, which stays out of the form (see ServiceForm)."""
    return model_to_dict(instance, fields=form_class._meta.fields)


class OrganizationForm(forms.ModelForm[Organization]):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "alternate_name", "description", "email", "website"]


class OrganizationCreateForm(OrganizationForm):
    collaborative = forms.ModelChoiceField(queryset=Collaborative.objects.none())
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Its staff keep the organisation's services up to date."),
    )

    class Meta(OrganizationForm.Meta):
        fields = ["collaborative", "agency", *OrganizationForm.Meta.fields]

    def __init__(self, *args: Any, collaborative_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = Collaborative.objects.filter(  # type: ignore[attr-defined]
            pk__in=collaborative_ids
        )
        members = AgencyMembership.objects.filter(
            collaborative_id__in=collaborative_ids, is_active=True
        ).values("agency_id")
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=members)  # type: ignore[attr-defined]


class LocationForm(forms.ModelForm[Location]):
    class Meta:
        model = Location
        fields = [
            "name",
            "description",
            "is_confidential",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "country",
            "latitude",
            "longitude",
            "transportation",
            "accessibility",
        ]


class ServiceForm(forms.ModelForm[Service]):
    url = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")
    taxonomy_terms = forms.ModelMultipleChoiceField(
        label=_("Needs it meets"),
        queryset=TaxonomyTerm.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=list(LANGUAGES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.CharField(
        label=_("Areas served"),
        required=False,
        help_text=_("Separate them with commas, e.g. Riverbend County, Lakeside County."),
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Where it is offered"),
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phone_number = forms.CharField(label=_("Main phone"), required=False, max_length=50)
    phone_type = forms.ChoiceField(label=_("Phone type"), choices=PhoneType.choices)
    phone_description = forms.CharField(label=_("About the phone"), required=False, max_length=200)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Open on"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.TimeField(label=_("Opens at"), required=False)
    closes_at = forms.TimeField(label=_("Closes at"), required=False)

    class Meta:
        model = Service
        fields = [
            "name",
            "alternate_name",
            "description",
            "status",
            "url",
            "email",
            "application_process",
            "interpretation_services",
            "alert",
            "is_24_7",
            "is_free",
            "fees_description",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "gender_served",
            "accepts_children",
            "accepts_pets",
            "any_immigration_status",
            "disability_access",
            "culturally_specific",
            "communities_served",
            "faith_based",
            "community_based",
            "accepting_referrals",
            "places_available",
        ]

    def __init__(
        self,
        *args: Any,
        organization: Organization,
        service: Service | None = None,
        **kwargs: Any,
    ) -> None:
        # The entry being changed is never the form's instance: validating a bound
        # form would write into it, and the action must see what it was before.
        if service is not None:
            kwargs["initial"] = model_to_dict(service, fields=self._meta.fields)
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = organization.locations.all()  # type: ignore[attr-defined]
        if service is not None and not self.is_bound:
            phone = service.phones.order_by("id").first()
            schedules = list(service.schedules.all())
            self.initial.update(
                {
                    "taxonomy_terms": list(service.taxonomy_terms.all()),
                    "languages": list(service.languages.values_list("code", flat=True)),
                    "areas": ", ".join(service.areas.values_list("name", flat=True)),
                    "locations": [sal.location for sal in service.at_locations.all()],
                    "phone_number": phone.number if phone else "",
                    "phone_type": phone.type if phone else PhoneType.VOICE,
                    "phone_description": phone.description if phone else "",
                    "weekdays": [s.weekday for s in schedules],
                    "opens_at": schedules[0].opens_at if schedules else None,
                    "closes_at": schedules[0].closes_at if schedules else None,
                }
            )

    def values(self) -> dict[str, Any]:
        """What the actions take: the model fields and the related rows."""
        data = dict(self.cleaned_data)
        data["areas"] = [a for a in (data.get("areas") or "").split(",") if a.strip()]
        return data


class CapacityForm(forms.Form):
    accepting_referrals = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes"
    )
    places_available = forms.IntegerField(min_value=0, max_value=999, required=False)


# HSDS data packages ----------------------------------------------------------------------


class PackageImportForm(forms.Form):
    """Which collaborative's directory a package goes into, and the package."""

    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id", label=_("Into")
    )
    file = forms.FileField(
        label=_("HSDS data package"),
        help_text=_("A zip of the CSV files with datapackage.json, or one JSON file."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only: report what would change, save nothing"), required=False
    )

    def __init__(self, *args: Any, collaborative_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = Collaborative.objects.filter(  # type: ignore[attr-defined]
            pk__in=collaborative_ids, is_active=True
        )
