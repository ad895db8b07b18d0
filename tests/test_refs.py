"""References as ministries write them, built from the structure's Ref (never from strings)."""

from __future__ import annotations

from relationel_bundlinje.pipeline import parse
from relationel_bundlinje.statement.refs import describe, describe_outer, stk_list, subject

AMENDING = """Forslag til Lov om ændring af lov om social service

§ 1

I lov om social service, jf. lovbekendtgørelse nr. 1129 af 22. september 2025, foretages følgende ændringer:

1. Efter § 137 c indsættes:
»§ 137 d. Kommunalbestyrelsen kan træffe afgørelse om, at en beboer kun må modtage besøg på fastsatte tidspunkter.
Stk. 2. En afgørelse efter stk. 1 må ikke hindre besøg af beboerens ægtefælle.
Stk. 3. Afgørelsen skal tidsbegrænses.
Stk. 4. Afgørelsen skal begrundes.«

2. § 86 ophæves.

3. I § 148, stk. 2, ændres »4 uger« til: »6 uger«.

§ 2

Loven træder i kraft den 1. juli 2027.
"""

ACT = """Bekendtgørelse af lov om social service

§ 6. Kommunalbestyrelsen skal sørge for, at der er de nødvendige tilbud.
Stk. 2. Tilbuddene skal være tilgængelige.
Stk. 3. Kommunalbestyrelsen kan samarbejde med andre kommuner.
§ 7. Kommunalbestyrelsen skal føre tilsyn med tilbuddene.
§ 8. Kommunalbestyrelsen skal tilbyde aflastning til pårørende.
"""


def test_stk_ranges_are_merged() -> None:
    assert stk_list([1, 2, 3]) == "stk. 1-3"
    assert stk_list([1, 2]) == "stk. 1 og 2"
    assert stk_list([1, 2, 3, 5]) == "stk. 1-3 og 5"
    assert stk_list([2, 4]) == "stk. 2 og 4"


def test_inserted_provision_is_named_in_the_law_with_the_bills_change_point() -> None:
    bill = parse(AMENDING)
    refs = ["§ 1, nr. 1 (§ 137 d, stk. 2)", "§ 1, nr. 1 (§ 137 d, stk. 1)"]
    assert describe(refs, bill) == "den foreslåede § 137 d, stk. 1 og 2, i lov om social service (lovforslagets § 1, nr. 1)"


def test_change_point_by_reference_names_what_it_changes() -> None:
    bill = parse(AMENDING)
    assert describe(["§ 1, nr. 2"], bill) == "lovforslagets § 1, nr. 2, der ophæver § 86 i lov om social service"
    assert describe(["§ 1, nr. 3"], bill) == "lovforslagets § 1, nr. 3, der ændrer § 148, stk. 2, i lov om social service"


def test_act_in_force_is_loven_and_consecutive_stk_merge_without_repeating_the_prefix() -> None:
    bill = parse(ACT)
    assert subject(bill) == "Loven"
    text = describe(["§ 6, stk. 1", "§ 6, stk. 2", "§ 6, stk. 3", "§ 7"], bill)
    assert text == "lovens § 6, stk. 1-3, og § 7"
    assert text.count("lovens") == 1


def test_many_provisions_name_the_central_ones_after_bl_a() -> None:
    bill = parse(ACT)
    text = describe(["§ 8", "§ 6, stk. 1", "§ 7", "§ 6, stk. 3"], bill, limit=2)
    # »bl.a. lovens § …« says before the list that it is not complete (a trailing »m.fl.« comes too late).
    assert text.startswith("bl.a. ") and "m.fl." not in text
    assert "§ 8" in text and "og 41 andre" not in text


def test_bill_is_lovforslaget_and_outer_refs_are_compact() -> None:
    bill = parse(AMENDING)
    assert subject(bill) == "Lovforslaget"
    assert describe_outer(["§ 1, nr. 1 (§ 137 d, stk. 1)", "§ 1, nr. 2", "§ 1, nr. 3"], bill) == "lovforslagets § 1, nr. 1-3"


PASSED_AMENDMENT = """Lov om ændring af lov om social service (Regulering af besøgsrestriktioner)

§ 137 d. Afgørelser efter § 137 b træffes af kommunalbestyrelsen.
Stk. 2. Forvaltningen kan træffe foreløbige afgørelser.
§ 137 e. Afgørelsen skal begrundes.
"""


def test_an_amending_act_kept_as_its_new_provisions_names_the_act_they_belong_to() -> None:
    # The source kept only the provisions the act inserts: they are the amended act's, not "lovens".
    bill = parse(PASSED_AMENDMENT)
    assert bill.kind == "aendringslov"
    assert describe(["§ 137 d, stk. 2"], bill) == "den nye § 137 d, stk. 2, i lov om social service"
    assert describe(["§ 137 d, stk. 1", "§ 137 e"], bill) == "de nye § 137 d, stk. 1, og § 137 e i lov om social service"
    assert describe_outer(["§ 137 e"], bill) == "den nye § 137 e i lov om social service"


def test_an_amending_act_of_several_acts_does_not_guess_which_act_a_provision_belongs_to() -> None:
    bill = parse(PASSED_AMENDMENT.replace("lov om social service (", "lov om social service og lov om leje ("))
    assert describe(["§ 137 d, stk. 2"], bill) == "den nye § 137 d, stk. 2"


def test_the_comma_before_og_closes_the_stk_of_the_item_before_it() -> None:
    from relationel_bundlinje.danish import join_with_commas

    assert join_with_commas(["§ 3, stk. 2", "§ 4"]) == "§ 3, stk. 2, og § 4"
    assert join_with_commas(["§ 3, stk. 2", "§ 29", "§ 34, stk. 1"]) == "§ 3, stk. 2, § 29 og § 34, stk. 1"
    assert join_with_commas(["§ 29", "§ 34"]) == "§ 29 og § 34"
    # A parenthesis or an act's name closes the item; a relative clause needs its closing comma.
    assert join_with_commas(["den foreslåede § 84 a, stk. 1, i lov om social service (lovforslagets § 1, nr. 1)", "§ 5"]) == (
        "den foreslåede § 84 a, stk. 1, i lov om social service (lovforslagets § 1, nr. 1) og § 5")
    assert join_with_commas(["lovforslagets § 1, nr. 2, der ophæver § 86 i lov om social service", "§ 5"]) == (
        "lovforslagets § 1, nr. 2, der ophæver § 86 i lov om social service, og § 5")


def test_whole_paragraphs_take_the_double_sign() -> None:
    from relationel_bundlinje.statement.refs import provisions

    assert provisions(["§ 4", "§ 7", "§ 8", "§ 10"]) == "§§ 4, 7, 8 og 10"
    assert provisions(["§ 3, stk. 2", "§ 4"]) == "§ 3, stk. 2, og § 4"
    bill = parse(ACT)
    assert describe(["§ 7", "§ 8"], bill) == "lovens §§ 7 og 8"


def test_the_one_amended_act_is_named_at_its_first_mention_only() -> None:
    from relationel_bundlinje.statement.refs import name_the_act_once

    bill = parse(AMENDING)
    texts = [
        "Den foreslåede § 137 d, stk. 1, i lov om social service (lovforslagets § 1, nr. 1) vurderes at begrænse …",
        "Den foreslåede § 137 d, stk. 2, i lov om social service (lovforslagets § 1, nr. 1) vurderes derimod …",
        "Lovforslagets § 1, nr. 3, der ændrer § 148, stk. 2, i lov om social service, indgår ikke …",
        "Lovforslagets § 1, nr. 2, der ophæver § 86 i lov om social service, indgår ikke …",
    ]
    assert name_the_act_once(texts, bill) == [
        texts[0],
        "Den foreslåede § 137 d, stk. 2 (lovforslagets § 1, nr. 1) vurderes derimod …",
        "Lovforslagets § 1, nr. 3, der ændrer § 148, stk. 2, indgår ikke …",
        "Lovforslagets § 1, nr. 2, der ophæver § 86, indgår ikke …",
    ]


def test_whole_paragraphs_next_to_each_other_share_the_double_sign() -> None:
    from relationel_bundlinje.statement.refs import provisions

    assert provisions(["§ 7", "§ 8", "§ 9, stk. 1", "§ 10"]) == "§§ 7 og 8, § 9, stk. 1, og § 10"
    assert provisions(["§ 2, stk. 1 og 2", "§ 3", "§ 4"]) == "§ 2, stk. 1 og 2, og §§ 3 og 4"
    assert provisions(["§ 7 a, stk. 1-5", "§ 8", "§ 12", "§ 18 a, stk. 1"]) == "§ 7 a, stk. 1-5, §§ 8 og 12 samt § 18 a, stk. 1"


def test_naming_the_act_once_never_touches_a_quotation() -> None:
    from relationel_bundlinje.statement.refs import name_the_act_once

    bill = parse(AMENDING)
    quoted = "Af den foreslåede § 137 d fremgår: »Ydelse efter § 83 i lov om social service gives ikke.«"
    texts = [quoted, "Den foreslåede § 137 d, stk. 2, i lov om social service (lovforslagets § 1, nr. 1) vurderes …"]
    # The quotation keeps its words, and a mention inside it is not the section naming the act.
    assert name_the_act_once(texts, bill) == texts
    named_first = ["Den foreslåede § 137 d i lov om social service vurderes …", quoted]
    assert name_the_act_once(named_first, bill) == named_first
