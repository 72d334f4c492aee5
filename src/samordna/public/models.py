"""What a municipality chooses to publish on its public, sign-in-free page."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality
from samordna.core.querysets import RestrictedManager

# Below this no threshold protects anybody: a municipality may raise it, never go lower.
MIN_THRESHOLD = 3


def default_min_count() -> int:
    return int(getattr(settings, "SAMORDNA_PUBLIC_MIN_COUNT", 5))


class Publication(models.Model):
    """A municipality's publication choices. No row, or `is_published` off: no page (404)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="publication"
    )
    is_published = models.BooleanField(_("publicera den offentliga sidan"), default=False)
    show_pictures = models.BooleanField(_("visa iakttagelser per område och kvartal"), default=True)
    show_surveys = models.BooleanField(_("visa trygghetsmätningarnas huvudsiffror"), default=True)
    min_count = models.PositiveSmallIntegerField(
        _("minsta tal som visas"),
        default=default_min_count,
        validators=[MinValueValidator(MIN_THRESHOLD), MaxValueValidator(100)],
    )
    intro = models.TextField(_("inledande text"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager["Publication"]()

    class Meta:
        verbose_name = _("offentlig sida")
        verbose_name_plural = _("offentliga sidor")

    def __str__(self) -> str:
        return f"{self.municipality}: {'publicerad' if self.is_published else 'inte publicerad'}"
