"""Who may see and import surveys.

Everyone in a municipality's EST work reads its survey results (aggregates, small
cells suppressed); coordinators and analysts import. Respondent rows of own surveys
are read by nobody through a policy: only the selectors aggregate them, after the
survey itself was found through `Survey.objects.restrict(user)`.
"""

from __future__ import annotations

from samordna.core.policies import TenantPolicy, register
from samordna.core.roles import Role
from samordna.surveys.models import Survey, SurveyItem, SurveyResponse, SurveyResult

READERS = frozenset(
    {Role.REPORTER, Role.COORDINATOR, Role.ANALYST, Role.PARTNER, Role.MANAGEMENT, Role.ADMIN}
)
IMPORTERS = frozenset({Role.COORDINATOR, Role.ANALYST})


@register(Survey)
class SurveyPolicy(TenantPolicy):
    readers = READERS
    writers = IMPORTERS


@register(SurveyItem)
class SurveyItemPolicy(TenantPolicy):
    readers = READERS
    writers = IMPORTERS


@register(SurveyResult)
class SurveyResultPolicy(TenantPolicy):
    readers = READERS
    writers = IMPORTERS


@register(SurveyResponse)
class SurveyResponsePolicy(TenantPolicy):
    readers = frozenset()
    writers = IMPORTERS
