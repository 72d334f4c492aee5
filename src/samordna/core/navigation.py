"""The navigation and start page a role gets. Later issues add their entries here."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samordna.core.roles import EST_ROLES, TSI_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Start"), "core:home", frozenset(Role)),
    NavItem(_("Områden"), "core:area_list", frozenset(Role)),
    NavItem(
        _("Rapportera"),
        "reports:submit",
        frozenset({Role.REPORTER, Role.COORDINATOR, Role.PARTNER}),
    ),
    NavItem(
        _("Mina rapporter"),
        "reports:mine",
        frozenset({Role.REPORTER, Role.COORDINATOR, Role.PARTNER}),
    ),
    NavItem(
        _("Lägesbild"),
        "situation:index",
        EST_ROLES,
    ),
    NavItem(_("Granskning"), "reports_review:queue", frozenset({Role.COORDINATOR, Role.ADMIN})),
    NavItem(_("Importera"), "reports_import:upload", frozenset({Role.COORDINATOR})),
    NavItem(_("Kategorier"), "reports_categories:list", frozenset({Role.COORDINATOR, Role.ADMIN})),
    NavItem(
        _("Veckomöte"),
        "meetings:list",
        frozenset({Role.COORDINATOR, Role.ADMIN, Role.PARTNER, Role.ANALYST, Role.MANAGEMENT}),
    ),
    NavItem(_("Problem"), "problems:list", EST_ROLES),
    NavItem(
        _("Insatser"),
        "interventions:list",
        EST_ROLES,
    ),
    NavItem(_("Tertialanalys"), "problems:tertial_list", EST_ROLES),
    NavItem(
        _("Översikt"),
        "problems:overview",
        frozenset({Role.MANAGEMENT, Role.COORDINATOR, Role.ANALYST, Role.ADMIN, Role.PARTNER}),
    ),
    NavItem(_("Åtgärdsplan"), "plans:index", EST_ROLES),
    NavItem(_("Mål"), "goals:list", EST_ROLES),
    NavItem(
        _("Trygghetsmätningar"),
        "surveys:list",
        EST_ROLES,
    ),
    NavItem(_("Offentlig sida"), "public:settings", frozenset({Role.COORDINATOR, Role.ADMIN})),
    NavItem(_("Organisationer"), "core:organisation_list", frozenset(Role)),
    NavItem(_("Personer och roller"), "core:people", frozenset({Role.ADMIN})),
    NavItem(_("Säkerhet"), "core:security", frozenset({Role.ADMIN})),
    NavItem(_("Granskningslogg"), "core:audit_list", frozenset({Role.ADMIN})),
    # TSI (the cases app): only its own roles ever see the entry.
    NavItem(
        _("TSI-ärenden"), "cases:list", frozenset({Role.TSI_PARTICIPANT, Role.TSI_COORDINATOR})
    ),
    NavItem(_("TSI-möten"), "cases:meetings", TSI_ROLES),
    NavItem(_("Ledningsgrupp (TSI)"), "cases:leadership", TSI_ROLES - {Role.TSI_PARTICIPANT}),
]


def nav_for(role: str | None) -> list[NavItem]:
    return [item for item in NAV_ITEMS if role in item.roles]


# What each role's start page leads with: (heading, text).
START_PAGES: dict[str, tuple[Promise, Promise]] = {
    Role.REPORTER: (
        _("Rapportera det du ser"),
        _("Skicka in veckans iakttagelser och se vad som hände med dem."),
    ),
    Role.COORDINATOR: (
        _("Veckans lägesbild"),
        _("Granska inkomna rapporter, sammanställ lägesbilden och led veckomötet."),
    ),
    Role.ANALYST: (
        _("Analys"),
        _("Tertialanalys, orsaksanalys och uppföljning av insatsers effekt."),
    ),
    Role.PARTNER: (
        _("Samverkan"),
        _("Veckomötet, fastställda lägesbilder och de insatser din organisation äger."),
    ),
    Role.MANAGEMENT: (
        _("Ledning och styrning"),
        _("Lägesbilder, åtgärdsplanen och uppföljningen av den."),
    ),
    Role.ADMIN: (
        _("Administration"),
        _("Organisationer, användare, roller, tvåstegsverifiering och granskningslogg."),
    ),
    Role.TSI_PARTICIPANT: (
        _("TSI – tidiga samordnade insatser"),
        _("Ärendena där du ingår i teamet och vårdnadshavarna har samtyckt."),
    ),
    Role.TSI_COORDINATOR: (
        _("TSI-samordning"),
        _("Ärenden, samtycken, ansvarsfrågor och mötena i programmen du samordnar."),
    ),
    Role.LEADERSHIP: (
        _("Ledningsgruppen (TSI)"),
        _("Sammanställningar utan enskilda barn: behov, ansvarsfrågor och studsar."),
    ),
}
