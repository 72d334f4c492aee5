"""The navigation and start page a role gets: the menu grouped by the EST cycle."""

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


@dataclass(frozen=True)
class NavGroup:
    """One step of the EST cycle in the menu, with the entries a role can use."""

    label: str | Promise
    items: tuple[NavItem, ...]


REPORTING = frozenset({Role.REPORTER, Role.COORDINATOR, Role.PARTNER})
# Everyone in the EST work except the reporter, whose menu holds only what a reporter does.
EST_WORK = EST_ROLES - {Role.REPORTER}
RUNNERS = frozenset({Role.COORDINATOR, Role.ADMIN})
# Who reads the law's checklist (the county app).
LAW_READERS = frozenset({Role.COORDINATOR, Role.ANALYST, Role.MANAGEMENT, Role.ADMIN})

# The menu follows the EST cycle: report, the week, problems and interventions,
# follow-up and the plan, then administration (issue 17).
NAV_GROUPS: list[NavGroup] = [
    NavGroup(
        _("Rapportera"),
        (
            NavItem(_("Rapportera"), "reports:submit", REPORTING),
            NavItem(_("Mina rapporter"), "reports:mine", REPORTING),
            NavItem(_("Återkoppling"), "reports:feedback", REPORTING),
            NavItem(_("Importera"), "reports_import:upload", frozenset({Role.COORDINATOR})),
        ),
    ),
    NavGroup(
        _("Veckan"),
        (
            NavItem(_("Granskning"), "reports_review:queue", RUNNERS),
            NavItem(_("Lägesbild"), "situation:index", EST_WORK),
            NavItem(_("Veckomöte"), "meetings:list", EST_WORK),
            NavItem(_("Kommungrupper"), "groups:index", EST_WORK),
        ),
    ),
    NavGroup(
        _("Problem och insatser"),
        (
            NavItem(_("Problem"), "problems:list", EST_WORK),
            NavItem(_("Insatser"), "interventions:list", EST_WORK),
            NavItem(_("Tertialanalys"), "problems:tertial_list", EST_WORK),
        ),
    ),
    NavGroup(
        _("Uppföljning och plan"),
        (
            NavItem(_("Översikt"), "problems:overview", EST_WORK),
            NavItem(_("Åtgärdsplan"), "plans:index", EST_WORK),
            NavItem(_("Lagens krav"), "county:checklist", LAW_READERS),
            NavItem(_("Mål"), "goals:list", EST_WORK),
            NavItem(_("Trygghetsmätningar"), "surveys:list", EST_WORK),
        ),
    ),
    NavGroup(
        _("Administration"),
        (
            NavItem(_("Områden"), "core:area_list", EST_WORK),
            NavItem(_("Kategorier"), "reports_categories:list", RUNNERS),
            NavItem(_("Offentlig sida"), "public:settings", RUNNERS),
            NavItem(_("Dela med länet"), "county:sharing", frozenset({Role.ADMIN})),
            NavItem(_("Organisationer"), "core:organisation_list", EST_WORK | TSI_ROLES),
            NavItem(_("Personer och roller"), "core:people", frozenset({Role.ADMIN})),
            NavItem(_("Säkerhet"), "core:security", frozenset({Role.ADMIN})),
            NavItem(_("Granskningslogg"), "core:audit_list", frozenset({Role.ADMIN})),
        ),
    ),
    # TSI (the cases app): only its own roles ever see the entries.
    NavGroup(
        _("TSI"),
        (
            NavItem(
                _("TSI-ärenden"),
                "cases:list",
                frozenset({Role.TSI_PARTICIPANT, Role.TSI_COORDINATOR}),
            ),
            NavItem(_("TSI-möten"), "cases:meetings", TSI_ROLES),
            NavItem(
                _("Ledningsgrupp (TSI)"), "cases:leadership", TSI_ROLES - {Role.TSI_PARTICIPANT}
            ),
        ),
    ),
]


# The installation's operator is no municipality role but a flag on the user
# (`User.is_operator`); the shell adds this group for them (core.context_processors).
OPERATOR = "operator"
NAV_GROUPS.append(
    NavGroup(
        _("Drift"),
        (NavItem(_("Kommuner"), "operations:municipalities", frozenset({OPERATOR})),),
    )
)


def nav_for(role: str | None) -> list[NavGroup]:
    """The groups holding at least one entry the role can use, with only those entries."""
    groups = []
    for group in NAV_GROUPS:
        items = tuple(item for item in group.items if role in item.roles)
        if items:
            groups.append(NavGroup(group.label, items))
    return groups


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
