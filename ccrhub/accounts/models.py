"""Users log in by e-mail; an agency employs them; roles live on partners.Representative."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from ccrhub.lib.models import PublicIdModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(
        "partners.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    unit = models.ForeignKey(
        "partners.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Updated at most once an hour; drives the dormant-account rule (S17).
    last_seen_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        return self.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )


class ApiToken(PublicIdModel):
    """A personal API token; only its SHA-256 digest is stored (the token is 256 random bits)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    read_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class UserSessionQuerySet(models.QuerySet["UserSession"]):
    def of_user(self, user: User) -> "UserSessionQuerySet":
        return self.filter(user=user).order_by("-last_seen_at")


class UserSession(PublicIdModel):
    """One signed-in browser, so people can see and end their sessions (S17).

    The row's existence keeps the Django session valid: SessionLifetimeMiddleware
    signs out any session whose row is gone. Only the SHA-256 of the session key is
    kept, the browser family rather than the user-agent string, and no IP address.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_sessions")
    key_digest = models.CharField(max_length=64, unique=True)
    browser = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.browser or 'Browser'} session of {self.user}"


class Restriction(models.Model):
    """Keeps one case-like object away from a named user or a whole unit (S6).

    A `party` row names a user who is a party to the object (the officer who is the
    accused, say): such a user can never open it, whatever their role.
    """

    class Kind(models.TextChoices):
        USER = "user", "Named user"
        UNIT = "unit", "Whole unit"
        PARTY = "party", "Party to the record"

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="restrictions"
    )
    unit = models.ForeignKey(
        "partners.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                name="restriction_names_user_or_unit",
                condition=(
                    models.Q(kind="unit", unit__isnull=False, user__isnull=True)
                    | models.Q(kind__in=["user", "party"], user__isnull=False, unit__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} restriction on {self.content_type.model}"


class IdempotentRequest(models.Model):
    """An API write sent with an `Idempotency-Key`, and the answer it got (API.md).

    Scoped to the credential that sent it (a digest of the token, or the session), so
    one client's keys never meet another's. `status` is null while the first request
    is still being handled.
    """

    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_per_scope")
        ]

    def __str__(self) -> str:
        return f"Idempotent request {self.pk}"
