"""TSI models: the case and its sharing rules (`case`), and the work on it (`work`)."""

from samordna.cases.models.case import (
    LEGAL_BASES,
    Case,
    CaseAccess,
    CaseTeamMember,
    Consent,
    Disclosure,
    Domain,
    Guardian,
    Need,
    NeedEvent,
    OtherBasis,
    Programme,
    ProgrammeMember,
)
from samordna.cases.models.work import CaseMeeting, Factor, Goal, MeetingCase, SupportAction

__all__ = [
    "LEGAL_BASES",
    "Case",
    "CaseAccess",
    "CaseMeeting",
    "CaseTeamMember",
    "Consent",
    "Disclosure",
    "Domain",
    "Factor",
    "Goal",
    "Guardian",
    "MeetingCase",
    "Need",
    "NeedEvent",
    "OtherBasis",
    "Programme",
    "ProgrammeMember",
    "SupportAction",
]
