"""Shared words of the prevention work: Brå's focus areas, used to tag problems and
interventions (seeds/002: the five focus areas of Brå's support to municipalities)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FocusArea(models.TextChoices):
    RECRUITMENT = "recruitment", _("Unga som rekryteras till kriminalitet")
    PARALLEL = "parallel", _("Parallella samhällsstrukturer")
    SITUATIONAL = "situational", _("Situationellt och platsbaserat brottsförebyggande arbete")
    EXTREMISM = "extremism", _("Våldsbejakande extremism")
    WELFARE = "welfare", _("Välfärdsbrottslighet")
