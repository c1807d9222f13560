"""Input parsing for account pages and the admin; forms validate, actions save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts.actions import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS
from ccrhub.accounts.models import User


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “records system nightly import”."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        initial=DEFAULT_TOKEN_DAYS,
    )
    read_only = forms.BooleanField(
        label=_("Read-only: the token may read but never change anything"),
        required=False,
        initial=True,
    )


class UserAddForm(forms.ModelForm):
    """Creating an account in the admin: no password field; an invitation goes out."""

    class Meta:
        model = User
        fields = ["email", "full_name", "agency", "unit", "is_staff"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address exists."))
        return email


class UserChangeForm(forms.ModelForm):
    """Editing an account in the admin: never the password, never is_active directly
    (deactivation goes through its action so sessions and tokens end too)."""

    class Meta:
        model = User
        fields = [
            "email",
            "full_name",
            "agency",
            "unit",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        ]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An account with this e-mail address exists."))
        return email
