"""The commitments and responsibilities register: who does what, by when.

Rule-based Danish extraction over the sentences of an ingest. One job a module:
``lexicon`` (words and actor terms), ``record`` (the row), ``dates`` (due
dates), ``topics`` (situations and topics), ``actors`` (naming actors),
``grammar`` (clause and actor matching), ``agents`` (actors named indirectly), ``kinds``
(the kind a cue makes of a statement), ``document`` (sections, pages,
lines of one document), ``extract`` (the walk over a document) and ``llm``
(the optional LLM pass). The SQLite table ``commitments`` inside each index
generation is written by ``index.register_store``.

What counts as a statement (the conventions the gold set in
``evals/commitments_gold.jsonl`` follows too):

* an identified actor *shall*, *will*, *may* (a competence in an agreement)
  do something, is responsible for it (``har ansvaret for``, ``påhviler``,
  ``varetager``, ``er forpligtet til``, ``er tovholder``), commits to it
  (``forpligter sig til``, ``ønsker at``, ``er enige om``) or has it as a
  goal (``Mål: Vi vil …``, ``N. Målsætning: …``); in an agreement or a goal
  list a present-tense task (``Hospitalet sender udskrivningsrapport``)
  counts too;
* something is to be done by a stated time (a date, a year, ``inden for 90
  dage``, ``i aftaleperioden``) even when no agent is named; the actor is
  then the one of the statement just before (``Arbejdet afsluttes i
  2019.``), a body named as the place of the work (``i klyngerne``), or the
  document's *vi*.

Not extracted: background and history, descriptions of the current state
(``har allerede``, ``i dag``), the reasons of a ``Hvorfor?`` block,
present-tense *vi* values (``Vi sætter borgeren først``), possibilities
(``kan`` outside an agreement), needs (``har behov for``), passives without
agent and time, and sentences whose subject is the agreement, a goal or an
effort rather than an actor.

Actors are normalised: ``kommunen``, ``regionen``, ``hospitalet``,
``psykiatrien``, ``almen praksis`` (egen/praktiserende læge, vagtlæge),
``borgeren``, ``pårørende``, ``parterne`` (*vi* in an agreement, parterne,
or several sectors together) or a named body (``Sundhedskoordinationsudvalget``,
``Sundhedsstyregruppen``, ``Temagrupperne``, ``Klyngerne``, ``KKR``, ``KL``).
*Vi* is the municipalities in a paper issued by KKR or the municipalities,
and a named body where the text says so (``Vi er i
Sundhedskoordinationsudvalget …``). Region-side actors together (hospitals
and the region's practice department) are ``regionen``.

Kinds: ``deadline`` when a concrete time limit is stated; ``responsibility``
for duties, competences and task distribution; ``commitment`` for
intentions, pledges, goals and development work in the agreement period.
"""
