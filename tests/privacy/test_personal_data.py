"""The personal-data guard: what it finds, what it leaves alone, and how it says so."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samordna.privacy import Finding, FindingKind, describe, find_personal_data, quoted, spans
from samordna.privacy.personal_data import QUOTED_MAX

PNR = FindingKind.PERSONAL_NUMBER
SAM = FindingKind.COORDINATION_NUMBER
PHONE = FindingKind.PHONE
EMAIL = FindingKind.EMAIL
PLATE = FindingKind.VEHICLE
INTERIM = FindingKind.INTERIM_NUMBER
LIKE = FindingKind.PERSONAL_NUMBER_LIKE
HOME = FindingKind.NAME_AT_HOME


def check_digit(nine: str) -> str:
    """The Luhn check digit that completes a 10-digit personal number."""
    total = 0
    for position, char in enumerate(nine):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def valid(nine: str) -> str:
    return nine + check_digit(nine)


def kinds_and_texts(text: str) -> list[tuple[FindingKind, str]]:
    return [(f.kind, f.text) for f in find_personal_data(text)]


# (text, the one finding's kind, the finding's text)
FOUND = [
    # personal numbers, every written form
    ("Anmälaren 811218-9876 syntes vid porten.", PNR, "811218-9876"),
    ("Född 811218+9876, över hundra år.", PNR, "811218+9876"),
    ("pnr 8112189876 i texten", PNR, "8112189876"),
    ("pnr 19811218-9876 i texten", PNR, "19811218-9876"),
    ("pnr 198112189876 i texten", PNR, "198112189876"),
    ("med mellanslag 811218 9876 också", PNR, "811218 9876"),
    ("tankstreck 811218–9876 från mobilen", PNR, "811218–9876"),
    ("minustecken 811218−9876 från Word", PNR, "811218−9876"),
    ("mellanslag runt 811218 - 9876 bindestreck", PNR, "811218 - 9876"),
    ("pnr:811218-9876.", PNR, "811218-9876"),
    ("(811218-9876)", PNR, "811218-9876"),
    (f"född 2005: {valid('050101238')[:6]}-{valid('050101238')[6:]}", PNR, "050101-2389"),
    (f"skottdag {valid('000229123')}", PNR, valid("000229123")),
    (f"skottdag 20{valid('000229123')}", PNR, "20" + valid("000229123")),
    # coordination numbers: day + 60
    (f"samordningsnummer {valid('811278987')}", SAM, valid("811278987")),
    (f"samordningsnummer 19{valid('811278987')}", SAM, "19" + valid("811278987")),
    (f"dag 91 {valid('810191123')}", SAM, valid("810191123")),
    # coordination numbers with a birth date not fully known: month 00, day 60 (00 + 60)
    ("Skatteverkets testnummer 191500722390 i texten", SAM, "191500722390"),
    (f"dag 60 {valid('811260987')}", SAM, valid("811260987")),
    (
        f"månad 00 {valid('810072987')[:6]}-{valid('810072987')[6:]}",
        SAM,
        f"{valid('810072987')[:6]}-{valid('810072987')[6:]}",
    ),
    # interim numbers: a letter first in the serial
    ("Personen med 000101-T220 sågs vid porten.", INTERIM, "000101-T220"),
    ("nummer 20000101-T220 i texten", INTERIM, "20000101-T220"),
    ("nummer 000101T220 i texten", INTERIM, "000101T220"),
    ("nummer 811278-A123 i texten", INTERIM, "811278-A123"),
    # personal-number shaped, wrong check digit
    ("fel kontrollsiffra 811218-9875", LIKE, "811218-9875"),
    ("fel kontrollsiffra 8112189875", LIKE, "8112189875"),
    ("fel kontrollsiffra 19811218-9875 här", LIKE, "19811218-9875"),
    ("fel kontrollsiffra 811278-9875 samordning", LIKE, "811278-9875"),
    # a name next to a flat, door or floor
    ("Kalle Andersson i lgh 1102 spelar hög musik.", HOME, "Kalle Andersson i lgh 1102"),
    ("Bråk hos familjen Nilsson på 3 tr igen.", HOME, "familjen Nilsson på 3 tr"),
    ("Ahmed i lägenhet 1204 klagade.", HOME, "Ahmed i lägenhet 1204"),
    ("Kalle Andersson, port 4B, ringde.", HOME, "Kalle Andersson, port 4B"),
    ("I lgh 1102 bor Kalle Andersson.", HOME, "lgh 1102 bor Kalle Andersson"),
    ("Det gällde lägenhetsnummer 1102 (Anna Berg).", HOME, "lägenhetsnummer 1102 (Anna Berg"),
    ("Stök hos fam. Svensson på våning 3.", HOME, "fam. Svensson på våning 3"),
    ("Anna-Karin på 4:e våningen såg det.", HOME, "Anna-Karin på 4:e våningen"),
    ("Samtal med Ali i trappa 2 om det.", HOME, "Ali i trappa 2"),
    # phone numbers
    ("Ring 070-123 45 67 om det händer igen.", PHONE, "070-123 45 67"),
    ("Ring 0701234567 om det händer igen.", PHONE, "0701234567"),
    ("Växeln 019-12 34 56 dagtid.", PHONE, "019-12 34 56"),
    ("Ring +46 70 123 45 67 nu", PHONE, "+46 70 123 45 67"),
    ("Ring 0046701234567 nu", PHONE, "0046701234567"),
    ("Ring 0046 70 123 45 67 nu", PHONE, "0046 70 123 45 67"),
    ("Ring 08-123 456 78 nu", PHONE, "08-123 456 78"),
    ("Ring 08-12 34 56 nu", PHONE, "08-12 34 56"),
    ("Ring +46701234567 nu", PHONE, "+46701234567"),
    ("Ring +46 (0)70-123 45 67 nu", PHONE, "+46 (0)70-123 45 67"),
    ("Ring +46 8 123 456 78 nu", PHONE, "+46 8 123 456 78"),
    ("Ring (08) 123 456 78 nu", PHONE, "(08) 123 456 78"),
    ("Ring 070 123 45 67 nu", PHONE, "070 123 45 67"),
    ("Ring 070\u00a0123\u00a045\u00a067 nu", PHONE, "070\u00a0123\u00a045\u00a067"),
    ("Ring 070–123 45 67 nu", PHONE, "070–123 45 67"),
    ("Ring 070 - 123 45 67 nu", PHONE, "070 - 123 45 67"),
    ("Ring 070/123 45 67 nu", PHONE, "070/123 45 67"),
    ("Ring 070-1234567 nu", PHONE, "070-1234567"),
    ("Ring 020-123 456 nu", PHONE, "020-123 456"),
    ("tel:0701234567", PHONE, "0701234567"),
    ("Norskt nummer +47 912 34 567 i texten", PHONE, "+47 912 34 567"),
    ("Danskt nummer 0045 12 34 56 78 i texten", PHONE, "0045 12 34 56 78"),
    ("Jouren 010-123 45 00 dygnet runt", PHONE, "010-123 45 00"),
    ("Ring 070-123 45 67 15 personer var där", PHONE, "070-123 45 67"),
    ("2026-05-03 0701234567", PHONE, "0701234567"),
    ("Ca 15 – 070-123 45 67 – ringde", PHONE, "070-123 45 67"),
    ("Ring kl 070-123 45 67 efter 18", PHONE, "070-123 45 67"),
    # a 10-digit number with a leading 0 and a wrong check digit is a phone number
    ("nummer 0501012385 i texten", PHONE, "0501012385"),
    # e-mail addresses
    ("Mejla anna.svensson@orebro.se om det", EMAIL, "anna.svensson@orebro.se"),
    ("Mejla ANNA@EXEMPEL.SE om det", EMAIL, "ANNA@EXEMPEL.SE"),
    ("Mejla björn.öberg@exempel.se om det", EMAIL, "björn.öberg@exempel.se"),
    ("Mejla a+b@sub.exempel.com om det", EMAIL, "a+b@sub.exempel.com"),
    ("Mejla kalle_k-1@ex-empel.nu.", EMAIL, "kalle_k-1@ex-empel.nu"),
    ("Mejla anna (at) exempel.se om det", EMAIL, "anna (at) exempel.se"),
    ("Mejla anna[at]exempel.se om det", EMAIL, "anna[at]exempel.se"),
    ("Mejla anna(snabel-a)exempel.se om det", EMAIL, "anna(snabel-a)exempel.se"),
    ("<anna@exempel.se>", EMAIL, "anna@exempel.se"),
    # vehicle registration numbers, upper case
    ("Bilen ABC 123 stod vid porten.", PLATE, "ABC 123"),
    ("Bilen ABC123 stod vid porten.", PLATE, "ABC123"),
    ("Bilen ABC 12A stod vid porten.", PLATE, "ABC 12A"),
    ("Bilen ABC-123 stod vid porten.", PLATE, "ABC-123"),
    ("Bilen KRN 45W stod vid porten.", PLATE, "KRN 45W"),
    ("ABC123:s förare", PLATE, "ABC123"),
    ("BUS 123 är en möjlig skylt", PLATE, "BUS 123"),
    ("Bilen (XYZ 987) stod", PLATE, "XYZ 987"),
]


@pytest.mark.parametrize(("text", "kind", "found"), FOUND)
def test_finds_personal_data_with_the_exact_span(text, kind, found):
    findings = find_personal_data(text)
    start = text.index(found)
    assert findings == [Finding(kind, start, start + len(found), found)]


NOTHING = [
    # dates and times
    "Det hände 2026-11-21 vid porten.",
    "Det hände 21/11 vid porten.",
    "Det hände 21.11.2026 vid porten.",
    "Det hände 20261121 vid porten.",
    "Det hände 05-11-2026 vid porten.",
    "Det hände 01/11/2026 vid porten.",
    "Det hände 01/01/2000 15 personer",
    "Det hände 01/01 15 15",
    "Det hände 05-11 12 34 56",
    "kl 0600-1400 15 personer",
    "Det hände 2025-01-01 – 2025-03-31.",
    "Klockan 22:30 samlades några.",
    "Klockan 22.30 samlades några.",
    "kl 1930 varje fredag",
    "kl 0100 15 15",
    "klockan 0915 12 ungdomar",
    "kl 0800-1600 vardagar",
    "kl 0700–1500 vardagar",
    "kl 07.30–09.00 på morgonen",
    "07:45 och 23:59",
    "vecka 2026-W47 och tertial 2026-T3",
    "Året 2025 var lugnare.",
    # places and codes
    "Vid Vivallagatan 12 finns en port.",
    "Vid Rudbecksgatan 12B finns en port.",
    "Postadress 702 81 Örebro",
    "port 3, uppgång B",
    "Rum 104 och hus 12A",
    "lag (2023:196) om kommuners ansvar",
    "SFS 2023:196",
    # amounts, counts, percentages
    "Skadan kostade 1 500 kr.",
    "Skadan kostade 12 000 SEK.",
    "Skadan kostade 3,5 miljoner.",
    "Budget 1 000 000 kr",
    "Ökning +30 000 000 kr",
    "Plus 5 grader, +5",
    "15 personer samlades.",
    "En ökning med 45 % sedan förra året.",
    "0,5 promille",
    "0 kr",
    # numbers that are neither personal numbers nor phone numbers
    "Det hände 20261121 1530 vid porten.",
    "Kvittot 8112189875 kr",
    f"dag 60 fel kontrollsiffra 811260987{(int(check_digit('811260987')) + 1) % 10}",
    f"månad 13 {valid('811318987')}",
    f"30 februari {valid('810230987')}",
    f"dag 92 {valid('811292987')}",
    f"sekel 21 21{valid('811218987')}",
    f"1900 inget skottår 19{valid('000229123')}",
    "organisationsnummer 556677-8899",
    "kort nummer 070-123 45",
    "för långt 0701234567890123",
    "ordernummer 0012345678",
    "lägenhet nr 0902 0903",
    "kameror 0900 0930 1000",
    # not plates
    "abc123 i gemener",
    "ABC 12O med O sist",
    "AIC 123 med I",
    "AQB 123 med Q",
    "VBC 123 med V",
    "TSI 123 och LVU 123",
    "SEK 500 i kontanter",
    "ABC 1234 fyra siffror",
    "ABCD 123 fyra bokstäver",
    "ÅBC 123 med Å",
    "ABC 12 två siffror",
    "E18 och RV 50",
    # places, times and numbers near a flat or door are not a name at a home
    "Vid Vivallagatan 12 port 3 var det klotter.",
    "Ungdomar samlades i trappa 3 kl 22-23.",
    "Det var bråk i lgh 1102.",
    "Baronbackarna trappa 3: klotter.",
    "Buss 12 stannade vid port 4.",
    "kl 22-23 vid port 4, 2026-12-06",
    "Klotter på 3:e våningen. Kalle Andersson ringde.",
    "Glas krossat i Vivalla centrum vid port 4.",
    "Grannar i lgh 1102 och 1103 klagade.",
    "Linje 4 och linje 12 går förbi port 2.",
    "Skadan kostade 1 500 kr i port 3.",
    "Det hände 2026-12-06 kl 22-23.",
    "Brand i soprummet, trappa 2.",
    "I Brickebacken trappa 3 sågs röken.",
    # not e-mail addresses
    "vi ses @ torget",
    "info@ utan domän",
    "anna@exempel utan toppdomän",
    "(at) hemma",
    # Unicode and empty
    "",
    "   ",
    "Åbytorget – ungdomar samlades − lugnt efteråt.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_finds_nothing_in_ordinary_report_text(text):
    assert find_personal_data(text) == []


def test_a_personal_number_is_not_also_a_phone_number():
    pnr = valid("050101238")  # leading 0: also has a phone number's shape
    assert kinds_and_texts(f"nummer {pnr}") == [(PNR, pnr)]


def test_an_email_address_is_reported_whole():
    text = "skicka till 0701234567@sms.exempel.se eller ABC123@exempel.se"
    assert kinds_and_texts(text) == [
        (EMAIL, "0701234567@sms.exempel.se"),
        (EMAIL, "ABC123@exempel.se"),
    ]


def test_several_findings_come_in_text_order():
    text = "ABC 123 ringde 070-123 45 67, mejl a@b.se, pnr 811218-9876."
    assert kinds_and_texts(text) == [
        (PLATE, "ABC 123"),
        (PHONE, "070-123 45 67"),
        (EMAIL, "a@b.se"),
        (PNR, "811218-9876"),
    ]


def test_spans_count_characters_not_bytes():
    text = "Åå 🚲 811218-9876"
    [finding] = find_personal_data(text)
    assert (finding.start, finding.end) == (5, 16)


def test_a_very_long_text_is_searched_to_the_end():
    text = "Ungdomar vid porten, lugnt efteråt. " * 30_000 + "Ring 070-123 45 67."
    [finding] = find_personal_data(text)
    assert finding.kind == PHONE
    assert text[finding.start : finding.end] == "070-123 45 67"


def test_finding_is_frozen_and_labelled_in_swedish():
    finding = Finding(PNR, 0, 11, "811218-9876")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 1  # type: ignore[misc]
    labels = {kind: Finding(kind, 0, 1, "x").label for kind in FindingKind}
    assert labels == {
        PNR: "personnummer",
        SAM: "samordningsnummer",
        PHONE: "telefonnummer",
        EMAIL: "e-postadress",
        PLATE: "registreringsnummer",
        INTERIM: "personnummer (interimsnummer)",
        LIKE: "personnummer",
        HOME: "namn med lägenhet eller port",
    }
    assert [str(kind) for kind in FindingKind] == [
        "personal_number",
        "coordination_number",
        "phone",
        "email",
        "vehicle",
        "interim_number",
        "personal_number_like",
        "name_at_home",
    ]


def test_describe_quotes_each_finding_instead_of_counting_characters():
    text = "Hej, pnr är 811218-9876 och han har 070-123 45 67."
    message = describe(find_personal_data(text))
    assert message == (
        "”811218-9876” ser ut som ett personnummer och ”070-123 45 67” som ett "
        "telefonnummer. Ta bort dem innan du skickar."
    )
    assert "tecken" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "mejla a@b.se",
            "”a@b.se” ser ut som en e-postadress. Ta bort den innan du skickar.",
        ),
        (
            "ABC 123",
            "”ABC 123” ser ut som ett registreringsnummer. Ta bort det innan du skickar.",
        ),
        (
            "Personen 000101-T220 sågs.",
            "”000101-T220” ser ut som ett personnummer (interimsnummer). "
            "Ta bort det innan du skickar.",
        ),
        (
            "fel siffra 811218-9875",
            "”811218-9875” ser ut som ett personnummer. Ta bort det innan du skickar.",
        ),
        (
            "ABC 123, a@b.se och 070-123 45 67",
            "”ABC 123” ser ut som ett registreringsnummer, ”a@b.se” som en e-postadress "
            "och ”070-123 45 67” som ett telefonnummer. Ta bort dem innan du skickar.",
        ),
        ("Lugnt vid porten.", ""),
    ],
)
def test_describe_speaks_swedish(text, expected):
    assert describe(find_personal_data(text)) == expected


def test_a_long_finding_is_quoted_shortened_in_the_middle():
    text = "Kalle Andersson som alltid står där, lgh 1102"
    [finding] = find_personal_data(text.replace("som alltid står där", "x" * 80))
    assert quoted(finding.text).startswith("”Kalle Andersson")
    assert "…" in quoted(finding.text)
    assert len(quoted(finding.text)) <= QUOTED_MAX + 3


def test_spans_give_positions_for_highlighting():
    text = "Ring 070-123 45 67, Ahmed i lgh 1204."
    assert spans(find_personal_data(text)) == [
        {"start": 5, "end": 18, "kind": "phone", "text": "070-123 45 67"},
        {"start": 20, "end": 36, "kind": "name_at_home", "text": "Ahmed i lgh 1204"},
    ]


def test_known_places_are_not_names():
    # given a sentence-initial place that the guard cannot tell from a given name
    text = "Vivalla, port 4: klotter."
    # then it is a name by default, and not once the caller names its places
    assert kinds_and_texts(text) == [(HOME, "Vivalla, port 4")]
    assert find_personal_data(text, places={"vivalla"}) == []


# Properties ----------------------------------------------------------------------

WORDS = st.sampled_from(
    ["ungdomar", "vid", "porten", "på", "torget", "kl", "lugnt", "efteråt", "Åbytorget",
     "skadegörelse", "–", "och", "är", "samlades", "glas", "krossat", "15", "personer"]
)  # fmt: skip
SENTENCE = st.lists(WORDS, max_size=8).map(" ".join)


@st.composite
def personal_numbers(draw: st.DrawFn) -> tuple[str, FindingKind]:
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    coordination = draw(st.booleans())
    day = born.day + 60 if coordination else born.day
    nine = f"{born:%y%m}{day:02d}{draw(st.integers(0, 999)):03d}"
    ten = valid(nine)
    century = f"{born.year // 100}"
    written = draw(
        st.sampled_from(
            [
                f"{ten[:6]}-{ten[6:]}",
                f"{ten[:6]}+{ten[6:]}",
                ten,
                f"{ten[:6]} {ten[6:]}",
                f"{ten[:6]}–{ten[6:]}",
                f"{century}{ten[:6]}-{ten[6:]}",
                f"{century}{ten}",
            ]
        )
    )
    return written, SAM if coordination else PNR


@given(SENTENCE, personal_numbers(), SENTENCE)
def test_a_valid_personal_number_among_words_is_always_found(before, number, after):
    written, kind = number
    text = f"{before} {written} {after}"
    start = len(before) + 1
    assert find_personal_data(text) == [Finding(kind, start, start + len(written), written)]


DATE_FORMATS = st.sampled_from(
    ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y%m%d", "%d/%m", "%-d/%-m",
     "%Y-%m-%d %H:%M", "kl %H:%M", "kl %H.%M", "kl %H%M", "%H%M-%H%M"]
)  # fmt: skip


@given(
    SENTENCE,
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.times(),
    DATE_FORMATS,
    SENTENCE,
)
def test_dates_and_times_are_never_findings(before, day, moment, fmt, after):
    written = datetime.combine(day, time(moment.hour, moment.minute)).strftime(fmt)
    assert find_personal_data(f"{before} {written} {after}") == []


MOBILE_FORMATS = ["07{}-{}{}{} {}{} {}{}", "07{} {}{}{} {}{} {}{}", "+46 7{} {}{}{} {}{} {}{}",
                  "07{}-{}{}{}{}{}{}{}", "+46 (0)7{}-{}{}{} {}{} {}{}"]  # fmt: skip


@given(
    SENTENCE,
    st.sampled_from(MOBILE_FORMATS),
    st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8),
    SENTENCE,
)
def test_a_mobile_number_among_words_is_always_found(before, fmt, digits, after):
    written = fmt.format(*digits)
    text = f"{before} {written} {after}"
    start = len(before) + 1
    assert find_personal_data(text) == [Finding(PHONE, start, start + len(written), written)]


@given(st.text(alphabet="0123456789 -–+@.()ABCSEKabc:/åö\u00a0", max_size=80))
def test_findings_are_ordered_disjoint_and_match_the_text(text):
    findings = find_personal_data(text)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.start < finding.end
    for first, second in pairwise(findings):
        assert first.end <= second.start


@st.composite
def interim_numbers(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    letter = draw(st.sampled_from("ABCDEFGHJKLMNPRSTUWXYZ"))
    serial = f"{letter}{draw(st.integers(0, 999)):03d}"
    return draw(st.sampled_from([f"{born:%y%m%d}-{serial}", f"{born:%Y%m%d}-{serial}"]))


@given(SENTENCE, interim_numbers(), SENTENCE)
def test_an_interim_number_among_words_is_always_found(before, number, after):
    text = f"{before} {number} {after}"
    start = len(before) + 1
    assert find_personal_data(text) == [Finding(INTERIM, start, start + len(number), number)]


HOMES = st.sampled_from(["lgh 1102", "port 4B", "trappa 3", "3 tr", "våning 2", "lägenhet 1204"])


@given(SENTENCE, HOMES, SENTENCE)
def test_a_flat_or_door_among_ordinary_words_is_no_finding(before, home, after):
    # Ordinary report words (one capitalised: "Åbytorget", a place) around a flat number.
    assert find_personal_data(f"{before} {home} {after}") == []


@given(SENTENCE, st.sampled_from(["Kalle Andersson", "familjen Nilsson", "Ahmed"]), HOMES)
def test_a_name_just_before_a_flat_or_door_is_always_found(before, name, home):
    text = f"{before}. {name} i {home}"
    assert kinds_and_texts(text) == [(HOME, f"{name} i {home}")]
