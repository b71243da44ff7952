from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sroi.accounts.constants import InvitationStatus, OrganisationKind, Role
from sroi.core.validators import no_bsn


class Organisation(models.Model):
    """A contractor's company (opdrachtnemer) or a buyer (opdrachtgever, ``kind``). Several
    users belong to one organisation; ``User.organisation_admin`` marks who invites colleagues."""

    name = models.CharField(_("company name"), max_length=200, validators=[no_bsn])
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True, validators=[no_bsn])
    street = models.CharField(_("street"), max_length=200, blank=True, validators=[no_bsn])
    house_number = models.CharField(
        _("house number"), max_length=20, blank=True, validators=[no_bsn]
    )
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[no_bsn])
    city = models.CharField(_("place"), max_length=100, blank=True, validators=[no_bsn])
    contact_name = models.CharField(
        _("contact person Social Return"), max_length=200, blank=True, validators=[no_bsn]
    )
    contact_function = models.CharField(
        _("function"), max_length=200, blank=True, validators=[no_bsn]
    )
    contact_email = models.EmailField(_("e-mail"), blank=True, validators=[no_bsn])
    contact_phone = models.CharField(
        _("telephone number"), max_length=20, blank=True, validators=[no_bsn]
    )
    # A contractor's company, or a buyer (opdrachtgever) of the region whose users read its
    # contracts (``sroi.plans.models.Buyer.organisation``).
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.CONTRACTOR,
    )
    # Created by a sign-up whose e-mail address is not verified yet: not shown to coordinators
    # until it is (``services.organisation_verify``).
    awaiting_verification = models.BooleanField(_("awaiting e-mail verification"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMINISTRATOR)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an e-mail address. No username."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True, validators=[no_bsn])
    full_name = models.CharField(_("name"), max_length=200, blank=True, validators=[no_bsn])
    first_name = models.CharField(_("first name"), max_length=150, blank=True, validators=[no_bsn])
    last_name = models.CharField(_("last name"), max_length=150, blank=True, validators=[no_bsn])
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONTRACTOR)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )

    # An administrator of the organisation: invites colleagues (contractor or buyer side).
    organisation_admin = models.BooleanField(_("administrator of the organisation"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    @property
    def is_coordinator(self) -> bool:
        return self.role in {Role.COORDINATOR, Role.ADMINISTRATOR}

    @property
    def is_contractor(self) -> bool:
        return self.role == Role.CONTRACTOR

    @property
    def is_buyer(self) -> bool:
        """A buyer's contract manager: reads that buyer's contracts, never writes."""
        return self.role == Role.BUYER


def invitation_token_hash(token: str) -> str:
    """The stored form of an invitation token: only its SHA-256 digest is kept."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Invitation(models.Model):
    """An invitation to create an account, into an existing or a new organisation: sent by a
    coordinator, or by an organisation's administrator to a colleague.

    The link in the mail carries a random token; the database keeps only its hash.
    """

    email = models.EmailField(_("e-mail address"), validators=[no_bsn])
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
        help_text=_("Leave empty to let the invitee register a new organisation."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONTRACTOR)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # Withdrawn before it was used (``services.invitation_revoke``): the link no longer works.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.email

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING
