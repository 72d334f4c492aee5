"""TSI models: the case and its sharing rules (`case`), and the work on it (`work`)."""

from samordna.cases.models.case import (
    CLOSE_REASONS,
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
from samordna.cases.models.escalation import Escalation
from samordna.cases.models.work import CaseMeeting, Factor, Goal, MeetingCase, SupportAction

__all__ = [
    "CLOSE_REASONS",
    "LEGAL_BASES",
    "Case",
    "CaseAccess",
    "CaseMeeting",
    "CaseTeamMember",
    "Consent",
    "Disclosure",
    "Domain",
    "Escalation",
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
