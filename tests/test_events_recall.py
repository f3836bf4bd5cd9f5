"""Whole-article core recall (issue 14): acts the coder used to miss, on sentences the team wrote."""
from support import triples


# ---- an order to one's own side is the act ------------------------------------------------------------------------
def test_an_order_to_ones_own_troops_is_the_act_itself(code):
    # a decision taken, as "decided to" is: the withdrawal, done to the country the troops are in
    assert ("RUSGOV", "087", "LBY") in triples(
        code("The Russian president ordered a rapid withdrawal of Russian troops in Libya."))
    assert ("RUSMIL", "087", "LBY") in triples(
        code("The Russian president has ordered Russian troops to withdraw from Libya."))
    # ordering an act of force is making it
    assert ("FRAGOV", "195", "MLI") in triples(code("Macron ordered air strikes on militant camps in Mali."))


def test_an_order_to_anyone_else_stays_a_demand(code):
    assert triples(code("Russia ordered Ukraine to withdraw its troops from Donbas.")) == [("RUS", "1056", "UKR")]
    got = triples(code("A Kenyan court ordered the government to release the detained journalists."))
    assert ("KENJUD", "1053", "KENGOV") in got, got


# ---- a demand's addressee is the subject of the clause demanded ---------------------------------------------------
def test_the_one_asked_is_the_subject_of_the_demanded_clause_even_when_the_act_is_deeper(code):
    got = triples(code("Russia has demanded that Turkey use its influence in Idlib to disarm the rebels."))
    assert got and all(s == "RUS" and c.startswith("10") and t == "TUR" for s, c, t in got), got
    # the act directly demanded keeps its subject as the one asked
    assert ("USAGOV", "1056", "RUSGOV") in triples(
        code("Washington demanded that Moscow withdraw its troops from Georgia."))
