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
    REVOKED = "revoked", _("Revoked")


INVITATION_VALID_DAYS = 14

# The role of a user invited into an organisation of this kind (colleagues take the kind's role).
ROLE_FOR_ORGANISATION_KIND = {
    OrganisationKind.CONTRACTOR: Role.CONTRACTOR,
    OrganisationKind.BUYER: Role.BUYER,
}
