"""The verb a who-question asks about, and whether the quote's actor is the one who does it."""

from assistant.agent_name import agent_of, named_agent, subject_doing
from assistant.asked import function_words
from assistant.predicate import AskedAct, asked_forms, asked_verb, does_asked, is_form

SKIP = function_words()


class TestAskedVerb:
    def test_the_verb_after_the_question_word_and_its_auxiliaries(self):
        assert asked_verb("Hvem sender udskrivningsrapporten?", SKIP).verb == "sender"
        assert asked_verb("hvem skal tilbyde genoptræning", SKIP).verb == "tilbyde"
        assert asked_verb("Hvem bliver inviteret til konferencen?", SKIP).verb == "inviteret"
        assert asked_verb("Who should be brought in?", SKIP).verb == "brought"
        assert asked_verb("Hvem skal ifølge aftalen sende planen?", SKIP).verb == "sende"
        assert asked_verb("Who, according to the agreement, pays for it?", SKIP).verb == "pays"

    def test_being_responsible_is_read_by_the_act_it_names(self):
        assert asked_verb("Hvem sørger for at henvise rygere?", SKIP).verb == "henvise"
        assert asked_verb("Who is responsible for launching the analysis?", SKIP).verb == "launching"
        # "for dosisdispensering" names a task, not an act: any act of the actor answers
        assert asked_verb("Hvem står for dosisdispensering?", SKIP) is None
        assert asked_verb("hvem er tovholder for forløbet", SKIP) is None
        assert asked_verb("Who is in charge of the discharge?", SKIP) is None

    def test_a_passive_question_asks_who_the_act_is_done_to(self):
        assert asked_verb("Hvem bliver inviteret til konferencen?", SKIP) == AskedAct("inviteret", passive=True)
        assert asked_verb("Hvem skal inddrages i planen?", SKIP) == AskedAct("inddrages", passive=True)
        assert asked_verb("Who should be brought in?", SKIP) == AskedAct("brought", passive=True)
        assert asked_verb("Who is involved in the plan?", SKIP) == AskedAct("involved", passive=True)
        assert asked_verb("Hvem sender planen?", SKIP) == AskedAct("sender", passive=False)
        assert asked_verb("Who is responsible for the plan?", SKIP) is None
        assert asked_verb("Hvem er formanden?", SKIP) is None  # a definite noun, no participle

    def test_the_perfect_asks_about_its_participle(self):
        assert asked_verb("hvem har godkendt praksisplanen?", SKIP) == AskedAct("godkendt")
        assert asked_verb("Who has approved the plan?", SKIP) == AskedAct("approved")
        # a noun in -et after "har" is no perfect: who has the responsibility asks about any act
        assert asked_verb("Hvem har ansvaret for planen?", SKIP) is None

    def test_no_verb_where_the_question_asks_no_who(self):
        assert asked_verb("Hvornår sendes rapporten?", SKIP) is None
        assert asked_verb("Hvem af parterne betaler?", SKIP) is None  # the verb comes after a phrase


class TestDoesAsked:
    def test_the_verb_beside_the_actor_in_any_form(self):
        assert does_asked("Kommunerne sender indlæggelsesrapport til hospitalet.", "Kommunerne", ["sender"], SKIP)
        assert does_asked("Efter udskrivelse kan egen læge evt. genopstarte dosisdispenseringen.", "egen læge",
                          ["genopstarter"], SKIP)  # before and after the actor, past an abbreviation's full stop
        assert does_asked("Det er byrådene, der træffer beslutningerne.", "byrådene", ["træffer"], SKIP)
        assert does_asked("Regionen igangsætter arbejdet.", "Regionen", ["sætter"], SKIP)  # the last part of a compound
        assert does_asked("Hospitalerne vurderer behovet og udarbejder en genoptræningsplan.", "Hospitalerne",
                          ["udarbejder"], SKIP)  # a second verb joined to the first

    def test_a_passive_joined_after_the_agent_is_not_the_agents_act(self):
        # the tests are taken by the team and analysed (by someone else): the team does not analyse them
        blood = "Blodprøver tages af akutteamet og analyseres på sygehusets laboratorium."
        assert not does_asked(blood, "akutteamet", ["analysere"], SKIP)
        assert does_asked(blood, "akutteamet", ["tage"], SKIP)  # the passive the team is the agent of
        assert does_asked("Epikrisen sendes af sygehuset.", "sygehuset", ["sende"], SKIP)

    def test_an_actor_that_sees_to_it_answers_any_act(self):
        assert does_asked("Kommunen sørger for, at sygehuset har en indlæggelsesrapport.", "Kommunen", ["sender"], SKIP)
        assert does_asked("Det påhviler kommunerne at udlevere hjælpemidler.", "kommunerne", ["leverer"], SKIP)
        assert does_asked("Sygehuset vurderer, om borgeren har behov, og udarbejder en plan.", "Sygehuset", ["udarbejder"], SKIP)
        # seeing to another thing is no answer: the referral is sent by someone else
        assert not does_asked("Før et barn henvises, sørger kommunen for en vurdering fra PPR, som vedlægges henvisningen.",
                              "kommunen", ["sender"], SKIP)

    def test_an_actor_responsible_for_the_thing_asked_answers_any_act_on_it(self):
        diagnosis = [("diagnosen", "diagnose")]
        text = "Den praktiserende læge har ansvaret for opsporing og diagnose."
        assert does_asked(text, "Den praktiserende læge", ["stiller"], SKIP, objects=diagnosis)
        # responsible for another thing: no answer to who makes the diagnosis
        assert not does_asked("Kommunen har ansvaret for genoptræningen.", "Kommunen", ["stiller"], SKIP, objects=diagnosis)
        assert not does_asked(text, "Den praktiserende læge", ["stiller"], SKIP)  # nothing asked about named

    def test_another_act_or_the_asked_word_as_an_object_is_no_answer(self):
        refer = "Praktiserende læger og hospital henviser borgere til kommunale rygestoptilbud."
        assert not does_asked(refer, "Praktiserende læger og hospital", ["tilbyder"], SKIP)
        assert not does_asked(refer, "Praktiserende læger og hospital", ["tilbud"], SKIP)  # the object, not the verb
        assert not does_asked("Kommunerne arrangerer en konference om kompetenceudvikling.", "Kommunerne",
                              ["inviteret"], SKIP)
        # another clause of the sentence holds the verb's noun
        assert not does_asked("Kommunerne har i 2012, i samarbejde med centret, iværksat en efteruddannelse.",
                              "Kommunerne", ["samarbejdede"], SKIP)

    def test_a_passive_question_is_answered_by_a_passive_sentence_only(self):
        assert not does_asked("Kommunerne inviterer repræsentanterne.", "Kommunerne", ["inviteret"], SKIP, passive=True)
        assert does_asked("Repræsentanterne inviteres til at deltage.", "Repræsentanterne", ["inviteret"], SKIP, passive=True)
        assert does_asked("Lægerne er inviteret til mødet.", "Lægerne", ["inviteret"], SKIP, passive=True)
        # an English verb with no Danish form: an active sentence's subject cannot be told from the one asked for
        assert not does_asked("Patienterne bør være udredt.", "Patienterne", [], SKIP, passive=True)

    def test_nothing_to_check_is_no_objection(self):
        assert does_asked("Kommunerne sender rapporten.", "Kommunerne", [], SKIP)
        assert does_asked("Kommunerne sender rapporten.", "Regionen", ["modtager"], SKIP)  # actor not in this text


class TestAgent:
    TEXT = "Planen er udarbejdet af Planudvalget og godkendt af regionsrådet den 3. maj 2027."

    def test_the_agent_of_a_passive_does_that_act_alone(self):
        assert not does_asked(self.TEXT, "Planudvalget", ["godkendt", "godkende"], SKIP)  # it drew the plan up
        assert does_asked(self.TEXT, "Planudvalget", ["udarbejdet"], SKIP)
        assert does_asked(self.TEXT, "regionsrådet", ["godkendt"], SKIP)
        assert not does_asked(self.TEXT, "regionsrådet", ["godkendt"], SKIP, passive=True)  # an agent is no one done to

    def test_the_agent_of_the_asked_verb_is_found_by_its_participle(self):
        assert agent_of(self.TEXT, lambda w: is_form(w, ["godkendt", "godkende"])) == "regionsrådet"
        assert agent_of(self.TEXT, lambda w: is_form(w, ["udarbejdet"])) == "Planudvalget"
        assert agent_of("Budgettet godkendes af byrådet.", lambda w: is_form(w, ["godkende"])) == "byrådet"
        assert agent_of(self.TEXT, lambda w: is_form(w, ["sende"])) == ""  # no passive of that verb
        # what is done in a body that deliberates is done by it; a place is no agent
        handled = "Rapporten er behandlet i Sundhedssamarbejdsudvalget den 3. april 2027."
        assert agent_of(handled, lambda w: is_form(w, ["behandlet"])) == "Sundhedssamarbejdsudvalget"
        assert named_agent(handled) == "Sundhedssamarbejdsudvalget"
        assert named_agent("Borgeren er behandlet i hjemmet.") == ""

    def test_a_body_no_actor_word_knows_is_the_subject_of_the_asked_verb(self):
        """"Formandskabet udpeger medlemmerne" for "hvem udpeger medlemmerne?": the subject that opens the sentence
        with the verb asked, also after a modal; not an adverb that opens it, nor the subject of another verb."""
        def appoints(w: str) -> bool:
            return is_form(w, ["udpeger", "udpege"])

        assert subject_doing("Formandskabet udpeger medlemmerne.", appoints) == "Formandskabet"
        assert subject_doing("Styregruppen skal udpege to medlemmer.", appoints) == "Styregruppen"
        assert subject_doing("KOSU udpeger formanden.", appoints) == "KOSU"
        # a body with what it is for, and a verb's past in -de ("lagde", "sagde")
        def presented(w: str) -> bool:
            return is_form(w, ["fremlagde"])

        assert subject_doing("Styregruppen for ældreområdet fremlagde et forslag.", presented) == "Styregruppen for ældreområdet"
        assert subject_doing("Herunder udpeger de to parter en formand.", appoints) == ""
        assert subject_doing("Formandskabet godkender medlemmerne.", appoints) == ""
        assert subject_doing("Herunder skal sundhedsaftalen bidrage.", lambda w: is_form(w, ["sundhedsaftalen"])) == ""

    def test_the_asked_forms_are_the_verb_and_its_danish_alternatives(self):
        assert asked_forms("hvem udpeger medlemmerne?", (("udpeger", "udpege"), ("medlemmerne",)), "da") == (
            ("udpeger", "udpeger", "udpege"), False)
        assert asked_forms("Who appoints the members?", (("udpege", "appoints"), ("members",)), "en") == (("udpege",), False)
        assert asked_forms("hvem har ansvaret?", (("ansvaret",),), "da") == ((), False)
