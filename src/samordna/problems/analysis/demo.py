"""The demo's cause analysis: moped driving in Varberga (core.demo.story.GROWING_PROBLEM).

Called by samordna.demo.loader after the problems are loaded. Idempotent: a second run finds
the analysis and its causes and changes nothing. Synthetic, about places and situations.
"""

from __future__ import annotations

from datetime import date

from samordna.core.demo.story import GROWING_PROBLEM
from samordna.core.models import Municipality
from samordna.problems.analysis import services as analysis_services
from samordna.problems.models import CauseAnalysis, Problem

TRIANGLE = {
    "offender": {
        "text": "Grupper om 3–6 unga, 14–17 år, på mopeder och crossar, kvällar och helger.",
        "controller": "Vårdnadshavare, fritidsgården och skolans personal (handlers).",
    },
    "target": {
        "text": "Gående och cyklister på gång- och cykelvägarna, boende som störs av buller.",
        "controller": "Grannar, fältassistenter och bostadsbolagets bovärdar (guardians).",
    },
    "place": {
        "text": "Gång- och cykelvägen vid Varberga centrum, parkeringsdäcket och grusplanen.",
        "controller": "Bostadsbolaget, kommunens gatuenhet och centrumets fastighetsägare "
        "(managers).",
    },
}
FISHBONE = {
    "victim": [
        "Boende vågar inte gå genom gångtunneln på kvällen",
        "Få rapporterar störningarna till polisen",
    ],
    "offender": [
        "Lätt att skaffa och trimma moped",
        "Spänning och status i gruppen",
        "Lite att göra kvällstid efter att fritidsgården stänger",
    ],
    "place": [
        "Öppna gång- och cykelvägar utan hinder",
        "Mörkt parkeringsdäck med flera in- och utfarter",
        "Olåsta förråd där mopeder ställs",
    ],
}
EVENT_CHAINS = [
    {
        "title": "Från behov till störande körning",
        "links": [
            "Behov av moped",
            "Anskaffning",
            "Trimning",
            "Förvaring",
            "Körning i området",
            "Störande körning",
        ],
    }
]
CAUSE_TREE = [
    {
        "text": "Mopeder körs störande i Varberga",
        "children": [
            {
                "text": "Mopeder är lätta att trimma",
                "children": [
                    {"text": "Trimdelar säljs fritt på nätet", "children": []},
                    {"text": "Kunskapen sprids i gruppen", "children": []},
                ],
            },
            {
                "text": "Platsen inbjuder till körning",
                "children": [
                    {"text": "Gång- och cykelvägar utan hinder", "children": []},
                    {"text": "Dålig belysning på parkeringsdäcket", "children": []},
                ],
            },
            {
                "text": "Få vuxna ute kvällstid",
                "children": [{"text": "Fritidsgården stänger kl. 21", "children": []}],
            },
        ],
    }
]
FACTORS = [
    {"level": "individual", "kind": "risk", "text": "Spänningssökande och låg riskmedvetenhet"},
    {"level": "individual", "kind": "protective", "text": "Intresse för motor som kan kanaliseras"},
    {"level": "family", "kind": "risk", "text": "Låg tillsyn kvällstid"},
    {"level": "family", "kind": "protective", "text": "Föräldrar som deltar i nattvandring"},
    {"level": "school", "kind": "risk", "text": "Hög frånvaro i årskurs 8–9"},
    {"level": "school", "kind": "protective", "text": "Trafikundervisning med mopedutbildning"},
    {"level": "area", "kind": "risk", "text": "Öppna ytor och mörka platser utan insyn"},
    {"level": "area", "kind": "protective", "text": "Aktiv bostadsbolagsvärd och fältassistenter"},
]
HYPOTHESES = [
    {
        "text": "Körningen ökar när fritidsgården har stängt",
        "for": "Nästan alla iakttagelser är mellan 21 och 24, fredag och lördag.",
        "against": "Några iakttagelser sker på eftermiddagar under loven.",
        "status": "supported",
    },
    {
        "text": "Mopederna kommer utifrån området",
        "for": "Några rapporter nämner mopeder som kör in från Oxhagen.",
        "against": "Bovärdarna känner igen mopederna från förråden i området.",
        "status": "rejected",
    },
]
SOURCES = (
    "Iakttagelser i Samordna (fordon och mopeder, Varberga), polisens händelser, "
    "bostadsbolagets felanmälningar och samtal med fältassistenterna. Begränsning: "
    "störningar rapporteras oftare när personal är i tjänst."
)
SUMMARY = (
    "Störande mopedkörning i Varberga växer. Körningen hänger ihop med att mopeder är "
    "lätta att trimma och förvara, att platsen inbjuder till körning och att få vuxna är "
    "ute när fritidsgården stänger."
)
CAUSES = [
    ("Mopeder trimmas och förvaras olåst i området", "individual"),
    ("Gång- och cykelvägarna saknar hinder mot motorfordon", "area"),
    ("Dålig belysning och insyn på parkeringsdäcket", "area"),
    ("Få vuxna ute kvällstid efter att fritidsgården stänger", "family"),
    ("Frånvaro i skolan och lite meningsfull fritid", "school"),
]


def load_demo_analysis(municipality: Municipality, today: date) -> int:
    """The growing problem's cause analysis; the number of causes added (0 if none)."""
    problem = Problem.objects.filter(municipality=municipality, title=GROWING_PROBLEM).first()
    if problem is None or CauseAnalysis.objects.filter(problem=problem).exists():
        return 0
    analysis = analysis_services.analysis_update(
        actor=None,
        problem=problem,
        changes={
            "triangle": TRIANGLE,
            "fishbone": FISHBONE,
            "event_chains": EVENT_CHAINS,
            "cause_tree": CAUSE_TREE,
            "factors": FACTORS,
            "hypotheses": HYPOTHESES,
            "sources": SOURCES,
            "summary": SUMMARY,
        },
    )
    for text, level in CAUSES:
        analysis_services.cause_add(actor=None, problem=problem, text=text, level=level)
    analysis_services.analysis_share(actor=None, analysis=analysis, shared=True)
    return len(CAUSES)
