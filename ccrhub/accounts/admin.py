"""Admin for accounts and tokens. Administrators never see or set passwords (S15):
a new account gets an e-mailed link to choose its own; deactivation goes through
its action so that sessions and tokens end at once (S7)."""

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts import actions
from ccrhub.accounts.forms import UserAddForm, UserChangeForm
from ccrhub.accounts.invitations import send_invitation
from ccrhub.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserChangeForm
    add_form = UserAddForm
    list_display = ["email", "full_name", "agency", "is_active", "is_staff", "last_seen_at"]
    list_filter = ["is_active", "is_staff", "agency"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    filter_horizontal = ["groups", "user_permissions"]
    readonly_fields = ["public_id", "is_active", "last_login", "last_seen_at", "date_joined"]
    actions = ["deactivate_selected", "reactivate_selected"]

    def get_form(
        self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None) -> Any:
        if obj is None:
            return [(None, {"fields": UserAddForm.Meta.fields})]
        return [
            (None, {"fields": ["email", "full_name", "agency", "unit"]}),
            (
                _("Access"),
                {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
            ),
            (_("Activity"), {"fields": ["public_id", "last_login", "last_seen_at", "date_joined"]}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> Any:
        return [] if obj is None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        user = actions.invite_user(
            email=data["email"],
            full_name=data["full_name"],
            agency=data["agency"],
            unit=data["unit"],
            is_staff=data["is_staff"],
            actor=request.user,  # type: ignore[arg-type]
        )
        # The admin goes on to use `obj` (messages, redirects): make it the saved row.
        obj.pk, obj.password, obj.public_id = user.pk, user.password, user.public_id
        obj._state.adding = False
        transaction.on_commit(lambda: send_invitation(request, user))

    @admin.action(description=_("Deactivate selected accounts (ends sessions and tokens)"))
    def deactivate_selected(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset.filter(is_active=True):
            actions.deactivate_user(user, actor=request.user)  # type: ignore[arg-type]
            count += 1
        self.message_user(request, _("%(n)d account(s) deactivated.") % {"n": count})

    @admin.action(description=_("Reactivate selected accounts"))
    def reactivate_selected(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset.filter(is_active=False):
            actions.reactivate_user(user, actor=request.user)  # type: ignore[arg-type]
            count += 1
        self.message_user(request, _("%(n)d account(s) reactivated.") % {"n": count})


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are listed and revoked here; they are made by their owners or the command."""

    list_display = ["prefix", "name", "user", "read_only", "expires_at", "revoked_at"]
    list_filter = ["read_only"]
    search_fields = ["user__email", "name", "prefix"]
    fields = ["prefix", "name", "user", "read_only", "created_at", "expires_at", "revoked_at"]
    readonly_fields = [
        "prefix",
        "name",
        "user",
        "read_only",
        "created_at",
        "expires_at",
        "revoked_at",
    ]
    actions = ["revoke_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke selected tokens"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            actions.revoke_api_token(token, actor=request.user)  # type: ignore[arg-type]
        self.message_user(request, _("Tokens revoked."), messages.SUCCESS)
