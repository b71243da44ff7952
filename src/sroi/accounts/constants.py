from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CONTRACTOR = "contractor", _("Contractor")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")
    BUYER = "buyer", _("Buyer (read only)")


class OrganisationKind(models.TextChoices):
    CONTRACTOR = "contractor", _("Contractor")
    BUYER = "buyer", _("Buyer")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Expired")


INVITATION_VALID_DAYS = 14
