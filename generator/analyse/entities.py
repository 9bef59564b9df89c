"""Entities stage: sentences, named-entity mentions and roles per article; one Entity per real thing.

Per article (cached by content hash, so only the one article's Doc is used):
:func:`sentences_in`, :func:`mentions_in` (NER plus type repairs that need only
this article) and :func:`roles_in` (titles and appositions describing persons).

Bundle-wide, :func:`merge_entities` repairs types with evidence from every
article, then merges name forms: persons by full-name keys and surname /
first-name indexes, organisations and places by normalised keys, acronyms and
a small table of standard country names. Every merge leaves a line in
:attr:`Entity.why_merged`. Candidates are always looked up by key, so the merge
is near-linear in the number of mentions.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..records import (
    Alias, Article, ArticleAnalysis, Entity, EntityMention, EntityRole, Mention, Role, Sentence,
)
from ..safe import slugify

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
_TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")

# Forms of address: stripped from a person's name and never a role ("Mr. Putin").
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "mme", "messrs"})
# General English titles (not taken from any bundle): stripped from the name, kept as a role
# when the parse shows them modifying the name ("President Vladimir Putin").
_TITLES = frozenset({
    "president", "vice", "prime", "minister", "secretary", "senator", "sen", "rep", "representative",
    "gov", "governor", "gen", "general", "col", "colonel", "lt", "sgt", "capt", "captain", "adm",
    "admiral", "judge", "justice", "king", "queen", "prince", "princess", "pope", "chancellor",
    "mayor", "ambassador", "speaker", "chairman", "chairwoman", "premier", "sheikh", "rev",
    "reverend", "prof", "professor", "director", "commissioner", "chief", "supreme", "leader",
    "deputy", "foreign", "defence", "defense", "spokesman", "spokeswoman", "spokesperson", "envoy",
    "attorney", "lord", "lady", "emperor", "sultan", "emir", "ayatollah", "cardinal", "bishop",
    "advisor", "adviser", "aide", "counsellor", "counselor",
})
# Prepositions that take places, hardly ever people ("conflict in X", "near X").
_LOCATIVE = frozenset({"in", "inside", "near", "outside", "across", "throughout", "within"})
_CREDIT_BEFORE = re.compile(r"(?i)(?:photo|file|credit|image|picture|photograph)(?:\s+by)?\s*[:|-]?\s*$")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "npadvmod", "nummod"})
_ROLE_MAX_TOKENS = 15
# Head nouns of descriptions that only fit organisations or places ("a South Korean newspaper,
# X"; "the port city of X" is not a person): general English, not from any bundle.
_ORG_NOUNS = frozenset({
    "newspaper", "paper", "daily", "tabloid", "magazine", "broadcaster", "network", "channel", "outlet",
    "agency", "company", "firm", "group", "party", "ministry", "department", "bank", "university",
    "organisation", "organization", "airline", "club", "team", "website", "site", "app", "platform",
    "publication", "station", "television", "radio", "newswire", "wire", "service", "committee",
})
_PLACE_NOUNS = frozenset({
    "city", "town", "village", "capital", "province", "region", "state", "country", "port", "island",
    "river", "district", "county", "neighbourhood", "neighborhood", "suburb", "resort", "estate",
})
# A small general table: ISO 3166 formal names and common short forms of countries that
# news writes several ways. Keys and values are compact keys (see _compact).
_COUNTRY_VARIANTS = {
    "unitedstatesofamerica": "unitedstates", "usa": "unitedstates", "us": "unitedstates",
    "america": "unitedstates",
    "unitedkingdomofgreatbritainandnorthernireland": "unitedkingdom", "uk": "unitedkingdom",
    "britain": "unitedkingdom", "greatbritain": "unitedkingdom",
    "democraticpeoplesrepublicofkorea": "northkorea", "dprk": "northkorea",
    "republicofkorea": "southkorea", "rok": "southkorea",
    "russianfederation": "russia", "peoplesrepublicofchina": "china", "prc": "china",
    "islamicrepublicofiran": "iran", "syrianarabrepublic": "syria", "uae": "unitedarabemirates",
    "republicofindia": "india", "federalrepublicofgermany": "germany", "frenchrepublic": "france",
}
# Capitalised function words that sit inside organisation names ("Manos Sin Fronteras",
# "Neighbours For Justice") but never inside a personal name: English and Romance /
# German prepositions and determiners, leaving out name particles ("de", "van", "al", "bin").
_NOT_IN_PERSONAL_NAMES = frozenset({
    "for", "with", "without", "against", "and", "of", "the", "from", "into",
    "sin", "con", "por", "para", "sobre", "entre", "contra", "hacia", "desde", "otro", "otra", "otros", "otras",
    "nuestro", "nuestra", "sans", "avec", "pour", "sur", "chez", "ohne", "mit", "fur", "und", "senza",
})
_ALSO_FAMILY_NAMES = frozenset({"sin", "con", "sur", "mit", "und", "entre"})
# Description test for roles: the head noun of a description of a person names a person.
# Words with these endings mostly do ("adviser", "director", "economist", "immigrant",
# "correspondent", "chairman", "refugee"); _PERSON_NOUNS lists common ones that do not end so.
_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee", "eer", "ier", "yst",
                    "crat", "aire", "eur")
# Things, not people, that have those endings and often head a phrase near a name.
_THING_NOUNS = frozenset({
    "committee", "center", "centre", "number", "paper", "order", "border", "sector", "matter", "letter", "water",
    "power", "corridor", "error", "factor", "floor", "door", "chapter", "quarter", "register", "theater",
    "theatre", "agreement", "statement", "government", "department", "parliament", "movement", "content",
    "incident", "event", "percent", "comment", "element", "segment", "document", "investment", "amendment",
})
_PERSON_NOUNS = frozenset({
    "wife", "husband", "son", "child", "boy", "girl", "host", "fan", "diplomat", "rival", "head", "counsel",
    "friend", "ally", "nominee", "candidate", "expert", "official", "lawmaker", "citizen", "native", "veteran",
    "victim", "suspect", "guest", "pilot", "nurse", "chef", "heir", "widow", "spouse", "colleague", "coach",
    "critic", "monarch", "deputy", "delegate", "uncle", "aunt", "cousin", "nephew", "niece", "fiance", "fiancee",
    "girlfriend", "boyfriend", "cleric", "imam", "priest", "rabbi", "monk", "nun", "consul", "pundit", "poet",
    "artist", "star", "athlete", "tycoon", "mogul", "magnate", "boss", "chair", "clerk", "plaintiff", "witness",
    "inmate", "mp", "ceo", "cfo", "coo", "dad", "mom", "mum", "baby", "kid", "teen", "teenager", "adult", "mate",
    "agent", "sergeant", "chief", "hero", "icon", "legend", "scholar", "czar", "tsar", "vicar", "secretary",
    "emissary", "dignitary", "adversary", "missionary", "notary", "actress", "princess", "heiress", "hostess",
    "empress", "countess", "duchess", "executive", "representative", "detective", "relative", "operative",
    "man", "woman", "celebrity", "architect", "surrogate", "fellow", "associate", "liaison", "protege", "heavyweight",
})
# US party-and-state tags written after a legislator's name: "(R-Ohio)", "D-Mo.".
_PARTY_TAG = re.compile(r"[DIR]-[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?")
# Titles that only ever precede a person's name: an untyped proper noun after one is a name
# ("Miss" is left out: "Miss Universe", and "Miss." abbreviates Mississippi).
_PERSON_TITLES = (_HONORIFICS - {"miss"}) | frozenset({
    "prince", "princess", "king", "queen", "pope", "president", "senator", "sen", "rep", "gov", "governor",
    "sheikh", "ayatollah", "emperor", "sultan", "emir",
})
# Nouns that describe nothing but people ("Russian lawyer X"), for names the model typed as places.
_ONLY_PERSONS = _PERSON_NOUNS - {"star", "icon", "legend", "host", "head", "chair", "agent"} | frozenset({
    "lawyer", "mother", "father", "brother", "sister", "daughter", "grandmother", "grandfather", "stepfather",
    "stepmother", "teacher", "farmer", "soldier", "reporter", "singer", "writer", "actor", "doctor", "pastor",
    "activist", "economist", "journalist", "politician", "businessman", "businesswoman", "spokesman",
    "spokeswoman", "spokesperson", "immigrant", "migrant", "refugee", "student", "president", "senator",
    "minister", "secretary", "ambassador", "governor", "mayor", "professor", "adviser", "advisor", "aide",
})
_GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv"})
_DOMINANT = 3
"""A candidate named this many times more often than every other one is who a bare name means."""
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "'s", "’s", "on", "in"})


# --------------------------------------------------------------------------- per article


def sentences_in(doc: Doc) -> tuple[Sentence, ...]:
    """Every sentence of ``doc`` with the lower-case lemmas of its content words (no stop words, punctuation or spaces)."""
    return tuple(
        Sentence(sent.start_char, sent.end_char, tuple(
            token.lemma_.lower() for token in sent
            if not (token.is_stop or token.is_punct or token.is_space) and any(c.isalnum() for c in token.text)
        ))
        for sent in doc.sents
    )


def mentions_in(doc: Doc) -> tuple[Mention, ...]:
    """Named-entity mentions of ``doc`` (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT) in text order.

    Spans are trimmed (leading "the", trailing possessive, person titles such as
    "Mr." or "President" stay out of the name) and repaired with evidence from
    this article only; photo credits and person "names" that cannot be names
    are dropped; names with function words no personal name has ("Sin", "For")
    are organisations; names typed otherwise that an age, "said he/she" or a
    person noun ("lawyer X") shows to be people are persons. Bare surnames of
    people this article names in full, untyped names after a person's title and
    untyped full names of one-word persons that the model missed are added.
    ``Mention.repair`` says why a label was changed or a mention added.
    """
    text = doc.text  # Doc.text re-joins every token on each access: read it once
    sentence_starts = [sent.start_char for sent in doc.sents]
    found: list[tuple[Span, str, str]] = []
    for ent, model_label, mended in _entity_spans(doc):
        span = _trimmed(ent) if model_label in ENTITY_LABELS else None
        label, repair = _repaired_label(span, model_label, text) if span is not None else (None, "")
        if label is not None:
            found.append((span, label, repair or mended))
    found += _missed_surnames(doc, found)
    found += _missed_full_names(doc, found)
    return tuple(
        Mention(span.text, label, span.start_char, span.end_char,
                max(bisect_right(sentence_starts, span.start_char) - 1, 0), repair)
        for span, label, repair in sorted(found, key=lambda item: item[0].start)
    )


def _entity_spans(doc: Doc) -> list[tuple[Span, str, str]]:
    """The model's entities with its label, mended where it cut a name badly (and why, else "").

    Two adjacent one-word proper nouns with the same label other than PERSON become one
    span ("Oksana" GPE + "Petrenko" GPE): :func:`_person_cue` then decides whether it is a
    name. "X of Y" typed ORG/GPE, where X is typed PERSON elsewhere in the article, is the
    person X ("Ion Popescu of Romania").
    """
    persons = {ent.text for ent in doc.ents if ent.label_ == "PERSON"}
    spans: list[tuple[Span, str, str]] = []
    for ent in doc.ents:
        previous = spans[-1][0] if spans else None
        if (previous is not None and ent.label_ != "PERSON" and spans[-1][1] == ent.label_ and len(ent) == 1
                and len(previous) == 1 and previous.end == ent.start and previous.text.istitle() and ent.text.istitle()
                and previous[0].pos_ == ent[0].pos_ == "PROPN"):
            spans[-1] = (doc[previous.start:ent.end], ent.label_, "")
            continue
        of = next((t.i for t in ent if t.lower_ == "of"), None)
        if ent.label_ != "PERSON" and of is not None and doc[ent.start:of].text in persons:
            spans.append((doc[ent.start:of], "PERSON", f"model said {ent.label_} for '{ent.text}'; "
                                                       "the name before 'of' is a person in this article"))
        else:
            spans.append((ent, ent.label_, ""))
    return spans


def _missed_surnames(doc: Doc, found: list[tuple[Span, str, str]]) -> list[tuple[Span, str, str]]:
    """Stand-alone proper-noun tokens spelling the surname of a person named in full here, not already a mention.

    The small model misses some bare surnames ("Okafor, a former IMF economist, said") or
    types them oddly ("Lammy" as WORK_OF_ART). The token must be tagged a proper noun and
    carry no other entity type kept here nor DATE, so the month "May" or a modal verb
    never becomes "Theresa May".
    """
    surnames = {span[-1].text: span.text for span, label, _ in found if label == "PERSON" and len(span) > 1
                and span[-1].text[:1].isupper()}
    covered = {i for span, _, _ in found for i in range(span.start, span.end)}
    added = []
    for token in doc:
        if (token.text not in surnames or token.i in covered or token.pos_ != "PROPN"
                or token.ent_type_ in ENTITY_LABELS | {"DATE", "TIME"}):
            continue
        neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        if any(n.pos_ == "PROPN" and _word_key(n.text) not in _HONORIFICS | _TITLES for n in neighbours):
            continue
        added.append((doc[token.i:token.i + 1], "PERSON", f"missed by the model; surname of {surnames[token.text]}"))
    return added


def _missed_full_names(doc: Doc, found: list[tuple[Span, str, str]]) -> list[tuple[Span, str, str]]:
    """Untyped names the model missed: after a person's title ("Prince Henrik"), or a one-word person's full name.

    "Li" typed PERSON in one sentence and "Li Qiang" untyped in another: the latter is the
    full name. Only proper nouns that carry no entity type and no mention here count, and
    not in a title-case headline.
    """
    covered = {i for span, _, _ in found for i in range(span.start, span.end)}
    singles = {span.text for span, label, _ in found if label == "PERSON" and len(span) == 1}
    added: list[tuple[Span, str, str]] = []
    for token in doc:
        if token.i in covered or token.ent_type_ or not token.text[:1].isupper():
            continue
        run = _untyped_name_after(doc, token.i + 1, covered)
        if run is None or _in_title_case(token):  # the sentence walk last: it costs the most
            continue
        if token.text in singles:
            added.append((doc[token.i:run.end], "PERSON",
                          f"missed by the model; full name of '{token.text}' named here"))
        elif _word_key(token.text) in _PERSON_TITLES:
            added.append((run, "PERSON", f"missed by the model; a name after the title '{token.text}'"))
        covered.update(range(token.i, run.end))
    return added


def _in_title_case(token: Token) -> bool:
    """True when ``token``'s sentence is a title-case headline ("Mayor Mocks Smith Camp"): capitals prove nothing.

    Words of four letters or more past the first count: none in lower case, or as many capitalised
    common words as lower-case ones. A sentence full of names with a lower-case verb is no headline.
    """
    words = [t for t in token.sent[1:] if t.is_alpha and len(t) > 3]
    lower = sum(t.text.islower() for t in words)
    return lower == 0 or sum(t.text[0].isupper() and t.pos_ != "PROPN" for t in words) >= lower


def _untyped_name_after(doc: Doc, start: int, covered: set[int]) -> Span | None:
    """The run of 1-3 capitalised proper nouns from ``start`` with no entity type, ending the name, else None."""
    end = start
    while (end < len(doc) and end - start < 3 and end not in covered and doc[end].pos_ == "PROPN"
           and doc[end].is_alpha and doc[end].text[:1].isupper() and not doc[end].ent_type_
           and _word_key(doc[end].text) not in _TITLES | _HONORIFICS):
        end += 1
    if end == start or (end < len(doc) and doc[end].pos_ == "PROPN"):
        return None
    return doc[start:end]


def _trimmed(ent: Span) -> Span | None:
    """``ent`` without a leading "the", trailing possessive or punctuation, or (for persons) leading titles."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if ent.label_ == "PERSON":
        while end - start > 1 and _word_key(doc[start].text) in _HONORIFICS | _TITLES:
            start += 1
        end = next((t.i for t in doc[start + 1:end] if _ends_name(t)), end)
        # The model stops at a hyphen inside a romanised given name ("Moon Jae" of "Moon Jae-in").
        if (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
                and doc[end + 1].is_alpha and (end + 2 == len(doc) or doc[end + 2].text != "-")):
            end += 2
    return doc[start:end] if end > start else None


def _ends_name(token: Token) -> bool:
    """True when a word inside a PERSON span cannot be part of the name, so the name stops before it.

    A separate lower-case function word ("King Abdullah of") or a verb ("Trump Is Coming",
    a title-case headline) is not a name; "Jae-in" (no space before "in") and "Theresa May"
    (a proper noun) are.
    """
    spaced = token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
    return spaced and ((token.is_lower and token.is_stop) or token.pos_ in {"VERB", "AUX"})


def _repaired_label(span: Span, label: str, text: str) -> tuple[str | None, str]:
    """The label ``span`` should carry (None: drop it) and why it differs from the model's ``label``;
    ``text`` is ``span.doc.text``.

    Only PERSON is second-guessed: the small model's errors that hurt readers most
    are places, outlets and page furniture shown as people.
    """
    if label != "PERSON":
        return ("PERSON", f"model said {label}; {cue}") if (cue := _person_cue(span, text)) else (label, "")
    if _is_not_a_name(span, text):
        return None, ""
    letters = [c for c in span.text if c.isalpha()]
    # All capitals: a short single word is an acronym (an organisation); longer ones are
    # section labels or shouted headlines ("WORLD NEWS").
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return ("ORG", "model said PERSON; an all-capitals acronym") if len(span) == 1 and len(letters) <= 5 \
            else (None, "")
    # Some of these words also romanise a family name ("Sin", "Sur"): only inside a name do they count.
    function_word = next((t.text for t in span if _word_key(t.text) in _NOT_IN_PERSONAL_NAMES
                          and (t.i > span.start or _word_key(t.text) not in _ALSO_FAMILY_NAMES)), None)
    if len(span) > 1 and function_word:
        return "ORG", f"model said PERSON; '{function_word}' is a function word, never part of a personal name"
    # A country's short name inside a "person" ("U.S. Border") makes it a body of that country.
    if len(span) > 1 and any(_word_key(t.text) in _COUNTRY_VARIANTS for t in span):
        return "ORG", "model said PERSON; contains a country name"
    before = span.doc[span.start - 1] if span.start > 0 else None
    # English does not put "the" before a person's bare name: "the Kremlin", "the Pentagon"
    # (but "the Biden administration" is fine: there "the" belongs to "administration").
    if before is not None and before.lower_ == "the" and before.head.i in range(span.start, span.end):
        return "ORG", "model said PERSON; preceded by 'the' (an institution)"
    root = span.root
    if len(span) == 1 and root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE:
        return "GPE", f"model said PERSON; object of locative '{root.head.text}'"
    return _described_label(span)


_AGE_AFTER = re.compile(r"^,\s*\d{1,3}\s*,")
_SAID_PERSONALLY = re.compile(r"^\s+(?:said|says|told|tells)\s+(?:he|she|him|her)\b")


def _person_cue(span: Span, text: str) -> str:
    """Why a multi-word name the model typed otherwise is a person ("X, 23, ...", "X said he ..."), else "".
    ``text`` is ``span.doc.text``."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    if len(span) < 2 or not all(t.text[:1].isupper() for t in span) or (before is not None and before.lower_ == "the"):
        return ""
    after = text[span.end_char:span.end_char + 30]
    if _AGE_AFTER.match(after):
        return "followed by an age"
    if _SAID_PERSONALLY.match(after):
        return "said he/she"
    for tokens in (_description(found) for found in (_premodifier(span), _apposition(span), _apposition_head(span))):
        if tokens and any(t.lower_ == "old" and t.nbor(-1).text == "-" for t in tokens[1:]) and _names_a_person(tokens):
            return "described with an age"
    # "Russian lawyer X": only a noun that names nothing but people counts ("distributor X" can be a firm).
    if before is not None and before.pos_ == "NOUN" and _word_key(before.text) in _ONLY_PERSONS:
        return f"right after '{before.text}'"
    return ""


def _is_not_a_name(span: Span, doc_text: str) -> bool:
    """True for PERSON spans that are no person of the story: photo credits, digits, no capital letter.
    ``doc_text`` is ``span.doc.text``."""
    text = span.text
    line_before = doc_text[doc_text.rfind("\n", 0, span.start_char) + 1:span.start_char]
    # "Name/AP", "[File: Name/AP photo]": a photographer's credit, not someone in the story.
    if "/" in text or doc_text[span.end_char:span.end_char + 1] == "/" or _CREDIT_BEFORE.search(line_before):
        return True
    # Names carry no digits and start with a capital: "COVID-19" or "briefed" are not people.
    return any(c.isdigit() for c in text) or not any(c.isupper() for c in text)


def _described_label(span: Span) -> tuple[str, str]:
    """ORG or GPE when the text describes the "person" as an institution or place ("a newspaper, X")."""
    for tokens in (_premodifier(span), _apposition(span), _apposition_head(span)):
        heads = [t for t in tokens if t.head not in tokens or t.head == t]
        # Only a common noun describes; a capitalised head is part of a name the parse hung here.
        noun = heads[0].lemma_.lower() if len(heads) == 1 and heads[0].pos_ == "NOUN" and not heads[0].ent_type_ else ""
        if noun in _ORG_NOUNS:
            return "ORG", f"model said PERSON; described as a {noun}"
        if noun in _PLACE_NOUNS:
            return "GPE", f"model said PERSON; described as a {noun}"
    return "PERSON", ""


def roles_in(doc: Doc, mentions: tuple[Mention, ...]) -> tuple[Role, ...]:
    """Descriptions of PERSON ``mentions`` in ``doc``: title pre-modifiers and appositions, in text order.

    "State Department spokesperson Matthew Miller" gives "State Department
    spokesperson"; "Dmitry Peskov, the Kremlin's spokesman" gives "Kremlin's
    spokesman". Forms of address ("Mr.") are not roles, nor is a phrase holding another
    person's name (a bad parse of "Queen Margrethe greeting President X").
    """
    roles = []
    persons = [m for m in mentions if m.label == "PERSON"]
    for mention in persons:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            raise ValueError(f"mention outside the document: {mention!r}")
        for tokens in (_premodifier(span), _apposition(span), _apposition_head(span)):
            named = any(other.start <= t.idx < other.end for t in tokens for other in persons)
            text = "" if named else _role_text(tokens)
            if text:
                roles.append(Role(text, mention.start))
    return tuple(roles)


def _premodifier(span: Span) -> list[Token]:
    """The contiguous run of the name's left modifiers just before ``span`` ("Russian President")."""
    owned: set[int] = set()
    for child in (child for token in span for child in token.lefts):
        if child.i < span.start and child.dep_ in _PREMODIFIER_DEPS:
            owned.update(t.i for t in child.subtree)
    start = span.start
    while start - 1 in owned:
        start -= 1
    return list(span.doc[start:span.start])


def _apposition(span: Span) -> list[Token]:
    """The apposition that follows the name ("Dmitry Peskov, the Kremlin's spokesman")."""
    for child in span.root.rights:
        if child.dep_ == "appos" and child.i >= span.end and child.ent_type_ != "PERSON":
            tokens = []
            for token in child.subtree:
                if token.dep_ in {"relcl", "acl"} or (token.text == "," and token.i > child.i):
                    break
                tokens.append(token)
            return tokens
    return []


def _apposition_head(span: Span) -> list[Token]:
    """The description the name is an apposition to ("the spokesperson of the X, Matthew Miller").

    Without a comma the name must follow its head noun directly ("the nonprofit group X").
    """
    root = span.root
    head = root.head
    before = span.doc[span.start - 1] if span.start > 0 else None
    if root.dep_ != "appos" or head.i >= span.start or head.ent_type_ == "PERSON" or before is None:
        return []
    if before.text == ",":
        return list(span.doc[head.left_edge.i:before.i])
    return list(span.doc[head.left_edge.i:head.i + 1]) if before == head else []


def _role_text(tokens: list[Token]) -> str:
    """The role as written, or "" when ``tokens`` are no description of a person."""
    tokens = _description(tokens)
    if not tokens or len(tokens) > _ROLE_MAX_TOKENS or not _names_a_person(tokens):
        return ""
    if any(t.ent_type_ == "PERSON" or t.pos_ in {"VERB", "AUX"} and t.dep_ != "amod" for t in tokens):
        return ""
    # A description needs a word naming a function, not only names of places or bodies.
    if not any(t.pos_ in {"NOUN", "PROPN"} and (not t.ent_type_ or _word_key(t.text) in _TITLES) for t in tokens):
        return ""
    if all(_word_key(t.text) in _HONORIFICS for t in tokens):
        return ""
    # A title ends in a function word ("spokesperson", "President", "MP"), not in a name the parse
    # wrongly hung on the person ("opposition Ana" from a name cut short by the model).
    last = tokens[-1]
    if (last.pos_ == "PROPN" and _word_key(last.text) not in _TITLES and not last.text.isupper()
            and last.dep_ != "appos" and not last.ent_type_):
        return ""
    text = " ".join(_covered_text(tokens).split())
    # A quotation cut in half by the span ('self-confessed "big fan') loses its lone mark.
    return text.replace('"', "") if text.count('"') % 2 else text


def _description(tokens: list[Token]) -> list[Token]:
    """``tokens`` without a leading determiner, pronoun or punctuation, and without a dangling end.

    A description cut short by a clause ends in no function word or pronoun ("head of state
    to", "adviser who", "director he").
    """
    while tokens and (tokens[0].dep_ == "det" or tokens[0].is_punct or tokens[0].pos_ == "PRON"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].pos_ in {"ADP", "PART", "DET", "CCONJ", "SCONJ", "PRON"}):
        tokens = tokens[:-1]
    return tokens


def _covered_text(tokens: list[Token]) -> str:
    """The text from the first token to the end of the last, as written."""
    # A Span's text, not Doc.text: that one re-joins the whole document on every access.
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1].text


def _names_a_person(tokens: list[Token]) -> bool:
    """True when the head word of the description names a person or a title ("adviser", "Secretary", "MP").

    The head is the last word whose syntactic head lies outside ``tokens``; "possible attempt
    by his son-in-law" (head "attempt") or a stray "program" describe no person.
    """
    if _PARTY_TAG.fullmatch(_covered_text(tokens)):
        return True
    heads = [t for t in tokens if t.head.i not in range(tokens[0].i, tokens[-1].i + 1) or t.head == t]
    head = heads[-1] if heads else tokens[-1]
    # "one of the main organizers of X": the description is of the group "one" is taken from.
    of = next((c for c in head.rights if c.lower_ == "of"), None) if head.lower_ == "one" else None
    head = next((c for c in of.children if c.dep_ == "pobj"), head) if of is not None else head
    return _is_person_word(head.text)


def _is_person_word(word: str) -> bool:
    """True for a word naming a person by function or relation: a title, a listed noun, a person-noun ending."""
    if _PARTY_TAG.fullmatch(word):
        return True
    key = _word_key(word.split("-")[-1] if "-in-law" not in word.lower() else word.split("-")[0])
    singular = key[:-1] if key.endswith("s") and not key.endswith("ss") else key
    if {key, singular} & (_TITLES | _PERSON_NOUNS | _HONORIFICS):
        return True
    letters = [c for c in word if c.isalpha()]
    if 2 <= len(letters) <= 5 and all(c.isupper() for c in letters):
        return True
    return len(singular) > 3 and singular.endswith(_PERSON_SUFFIXES) and singular not in _THING_NOUNS


# --------------------------------------------------------------------------- keys


def _fold(text: str) -> str:
    """Lower case, typographic apostrophes straightened, accents and other combining marks removed."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word_key(word: str) -> str:
    """A word compared without case, accents, dots, hyphens or apostrophes ("Jong-un" == "jongun")."""
    return "".join(c for c in _fold(word) if c.isalnum())


def _compact(text: str) -> str:
    """A name compared without case, accents, spacing, punctuation or a leading "the"."""
    folded = _fold(text).strip()
    if folded.startswith("the "):
        folded = folded[4:]
    return "".join(c for c in folded if c.isalnum())


def _words(text: str) -> tuple[str, ...]:
    """Word keys of a name split at spaces (a hyphenated word stays one word), without "Jr." or "III"."""
    words = tuple(key for key in (_word_key(w) for w in text.split()) if key)
    while len(words) > 1 and words[-1] in _GENERATIONAL:
        words = words[:-1]
    return words


def _acronym(text: str) -> str:
    """Initials of the significant words ("Democratic People's Republic of Korea" -> "dprk")."""
    words = re.split(r"[\s\-]+", _fold(text).replace("'s", ""))
    return "".join(w[0] for w in words if w and w not in _ACRONYM_SKIP and w[0].isalnum())


# --------------------------------------------------------------------------- bundle-wide


@dataclass(frozen=True)
class _Occurrence:
    """One mention with its article and its bundle-wide label."""

    article: str
    mention: Mention
    label: str
    repair: str
    paragraph: int
    """Index of the line of the article text the mention is on."""


def merge_entities(articles: tuple[Article, ...], per_article: tuple[ArticleAnalysis, ...]) -> tuple[Entity, ...]:
    """Merge every article's mentions into entities, one per real person, organisation or place.

    Types are repaired with bundle-wide evidence first (see :func:`_bundle_labels`),
    then name forms are merged (persons: :func:`_person_clusters`; others:
    :func:`_thing_clusters`). Entities come sorted by type, mention count and name;
    ids are slugs of the name, unique, with ``-2``, ``-3`` ... on collisions.
    """
    if len(articles) != len(per_article) or any(a.id != p.article for a, p in zip(articles, per_article)):
        raise ValueError(f"per_article does not match articles: {[p.article for p in per_article]!r}")
    occurrences = _bundle_labels(articles, per_article)
    roles: dict[tuple[str, int], list[str]] = defaultdict(list)
    for analysis in per_article:
        for role in analysis.roles:
            roles[(analysis.article, role.mention_start)].append(role.text)
    persons = [o for o in occurrences if o.label == "PERSON"]
    things = [o for o in occurrences if o.label != "PERSON"]
    clusters = [*_person_clusters(persons), *_thing_clusters(things)]
    return _with_ids([_entity(members, why, roles) for members, why in clusters])


def _bundle_labels(articles: tuple[Article, ...], per_article: tuple[ArticleAnalysis, ...]) -> list[_Occurrence]:
    """Every mention with its label after the bundle-wide repairs of :func:`_bundle_label`; dropped ones left out."""
    evidence = _Evidence(
        outlets=frozenset(_compact(a.outlet.value) for a in articles if a.outlet.value),
        votes=_label_votes(per_article),
        introduced=_introduced_words(articles, per_article),
        surnames=Counter(words[-1] for p in per_article for m in p.mentions
                         if m.label == "PERSON" and len(words := _words(m.text)) > 1),
        quoted=_words_before(_SPEECH_AFTER, articles, per_article, 1),
        reporting=_words_before(_REPORTED_AFTER, articles, per_article, 2),
        person_words=Counter(word for p in per_article for m in p.mentions if m.label == "PERSON"
                             for word in set(_words(m.text))),
    )
    occurrences = []
    for article, analysis in zip(articles, per_article):
        line_starts = [m.end() for m in re.finditer("\n", article.text)]
        for mention in analysis.mentions:
            label, repair = _bundle_label(mention, evidence)
            if label is not None:
                paragraph = bisect_right(line_starts, mention.start)
                occurrences.append(_Occurrence(article.id, mention, label, repair or mention.repair, paragraph))
    return occurrences


@dataclass(frozen=True)
class _Evidence:
    """What the whole bundle says about names, for type repair."""

    outlets: frozenset[str]
    """Compact keys of the outlet names the articles state."""
    votes: dict[str, Counter[str]]
    """Compact key -> how often each label was given to that string."""
    introduced: frozenset[str]
    """Word keys that the bundle shows to be parts of person names."""
    surnames: Counter[str]
    """Last words of the multi-word person names in the bundle, with how often each is written."""
    quoted: frozenset[str]
    """Compact keys of one-word PERSON names written right before a speech verb ("Li said")."""
    reporting: frozenset[str]
    """Compact keys of two-word PERSON names written right before "reported" / "reports"."""
    person_words: Counter[str]
    """Word key -> how many PERSON mentions contain it."""

    def is_place(self, word: str) -> bool:
        """True when the bundle types ``word`` on its own a place (GPE/LOC) more often than not, twice or more."""
        votes = self.votes.get(word, Counter())
        return votes["GPE"] + votes["LOC"] >= max(2, sum(votes.values()) - votes["GPE"] - votes["LOC"] + 1)


def _label_votes(per_article: tuple[ArticleAnalysis, ...]) -> dict[str, Counter[str]]:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for analysis in per_article:
        for mention in analysis.mentions:
            votes[_compact(mention.text)][mention.label] += 1
    return votes


def _introduced_words(articles: tuple[Article, ...], per_article: tuple[ArticleAnalysis, ...]) -> frozenset[str]:
    """Words that are parts of person names: in a multi-word name, after a title or honorific, or described by a role."""
    words: set[str] = set()
    for article, analysis in zip(articles, per_article):
        described = {role.mention_start for role in analysis.roles}
        for mention in analysis.mentions:
            if mention.label != "PERSON":
                continue
            name = _words(mention.text)
            before = article.text[max(0, mention.start - 40):mention.start].split()
            titled = bool(before) and _word_key(before[-1]) in _HONORIFICS | _TITLES
            if len(name) > 1 or titled or mention.start in described:
                words.update(name)
    return frozenset(words)


# "Kyiv said it would ..." is a government speaking through its capital, not a person.
_SPEECH_AFTER = re.compile(r"^[,\s]*(?:said|says|told|tells|added|adds|asked|wrote|writes|tweeted|replied|insisted|"
                           r"argued|warned|explained|recalled)\b(?!\s+(?:it|its)\b)")

_REPORTED_AFTER = re.compile(r"^\s+(?:reported|reports|has reported|first reported)\b")


def _words_before(verb: re.Pattern[str], articles: tuple[Article, ...], per_article: tuple[ArticleAnalysis, ...],
                  n_words: int) -> frozenset[str]:
    """Compact keys of ``n_words``-word PERSON mentions that ``verb`` matches right after ("Li said")."""
    return frozenset(
        _compact(m.text) for article, analysis in zip(articles, per_article) for m in analysis.mentions
        if m.label == "PERSON" and len(_words(m.text)) == n_words and verb.match(article.text[m.end:m.end + 20])
    )


def _bundle_label(mention: Mention, evidence: _Evidence) -> tuple[str | None, str]:
    """The bundle-wide label of ``mention`` (None: not an entity worth listing) and the reason for a change.

    - A string that is (or starts with) an outlet's name in this bundle is that outlet (ORG):
      "Breitbart London" when an article's outlet is "Breitbart".
    - Two words written once, before "reported", the second a place the bundle names and the
      first in no other person name, are an outlet's branch ("Harbor Post London"), not a person.
    - A string the model types one way more often elsewhere in the bundle takes the majority
      type: one sentence can fool the model, the bundle as a whole rarely does. A person
      typed otherwise elsewhere keeps PERSON when the bundle shows the word in a full name.
    - A single word typed PERSON that the bundle never shows as part of a full name, after a
      title or with a description is not listed as a person: news introduces people by full
      name, so such words are places ("Kiev"), brands ("Twitter"), capitalised common words and
      headline fragments ("Arrival of ...").
      A word the model types only PERSON, and at least once right before a speech verb
      ("Li said"), is kept: places and brands are not quoted.
    - A single word typed ORG that is the surname of a person named in full in the bundle is
      that person ("Lammy added"): the model often types bare surnames ORG. Typed as a place
      or nationality ("Olsen's statement" as GPE), it is the person when the full name is
      written at least as often as the word is typed that way (so "Jordan" the country stays).
    """
    key = _compact(mention.text)
    if key in evidence.outlets or any(key[:n] in evidence.outlets for n in range(4, len(key))):
        return "ORG", "" if mention.label == "ORG" else f"model said {mention.label}; the name of an outlet in this bundle"
    votes = evidence.votes[key]
    best, count = max(sorted(votes.items()), key=lambda item: item[1])
    words = _words(mention.text)
    if mention.label == "PERSON" and _is_outlet_branch(key, words, evidence):
        return "ORG", f"model said PERSON; '{words[0]}' + a place the bundle names, named once, before 'reported'"
    if mention.label != "PERSON" and _is_bare_surname(mention, words, evidence):
        return "PERSON", f"model said {mention.label}; the surname of a person named in full in the bundle"
    # A word the bundle shows as part of a person's name stays a person ("the Trump administration"
    # makes the model say ORG for "Trump" often, which is no evidence against the person).
    introduced = mention.label == "PERSON" and all(word in evidence.introduced for word in words)
    if best != mention.label and count > votes[mention.label] and "PERSON" in {best, mention.label} and not introduced:
        return best, f"model said {mention.label} here; {best} {count} times vs {votes[mention.label]} in the bundle"
    quoted = key in evidence.quoted and set(votes) == {"PERSON"}
    if mention.label == "PERSON" and len(words) == 1 and words[0] not in evidence.introduced and not quoted:
        return None, ""
    return mention.label, ""


def _is_outlet_branch(key: str, words: tuple[str, ...], evidence: _Evidence) -> bool:
    """True for a two-word "person" written once before "reported": a word no other person
    name uses, then a place the bundle names ("Harbor Post London reported")."""
    return (len(words) == 2 and evidence.is_place(words[1]) and evidence.votes[key]["PERSON"] == 1
            and evidence.person_words[words[0]] == 1 and key in evidence.reporting)


def _is_bare_surname(mention: Mention, words: tuple[str, ...], evidence: _Evidence) -> bool:
    """True for one word, not in capitals, that ends full person names of the bundle: always when
    typed ORG, else when the full names are written at least as often as it is typed this way."""
    if len(words) != 1 or mention.text.isupper() or not evidence.surnames[words[0]]:
        return False
    typed_so = evidence.votes[_compact(mention.text)][mention.label]
    return mention.label == "ORG" or evidence.surnames[words[0]] >= typed_so


def _person_clusters(persons: list[_Occurrence]) -> Iterator[tuple[list[_Occurrence], list[str]]]:
    """Persons merged: full names by key and variant rules, then single names by surname/first-name index."""
    full = [o for o in persons if len(_words(o.mention.text)) > 1]
    groups: dict[str, list[_Occurrence]] = defaultdict(list)
    for occurrence in full:
        groups[_compact(occurrence.mention.text)].append(occurrence)
    union = _Union(groups)
    _join_same_name(groups, union)
    _join_name_variants(groups, union)
    clusters = union.clusters()
    singles = _attach_single_names([o for o in persons if len(_words(o.mention.text)) == 1], clusters)
    for root in sorted(clusters):
        members, why = clusters[root]
        yield members + singles.attached[root], why + singles.why[root]
    for word in sorted(singles.unresolved):
        members = singles.unresolved[word]
        yield members, singles.why_unresolved[word]


class _Union:
    """Union-find over group keys that keeps one explanation line per merge."""

    def __init__(self, groups: dict[str, list[_Occurrence]]) -> None:
        self.groups = groups
        self.parent = {key: key for key in groups}
        self.why: dict[str, list[str]] = defaultdict(list)

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str, reason: str) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra != rb:
            self.parent[rb] = ra
            self.why[ra] += self.why.pop(rb, []) + [f"'{_form(self.groups[b])}' = '{_form(self.groups[a])}': {reason}"]

    def clusters(self) -> dict[str, tuple[list[_Occurrence], list[str]]]:
        members: dict[str, list[_Occurrence]] = defaultdict(list)
        for key in sorted(self.groups):
            members[self.find(key)].extend(self.groups[key])
        return {root: (found, self.why[root]) for root, found in members.items()}


def _form(occurrences: list[_Occurrence]) -> str:
    """The most frequent written form among ``occurrences`` (ties: alphabetical)."""
    counts = Counter(o.mention.text for o in occurrences)
    return min(counts, key=lambda text: (-counts[text], text))


def _join_same_name(groups: dict[str, list[_Occurrence]], union: _Union) -> None:
    """Explain groups whose forms differ only in spacing, hyphens, dots, accents (or are country-name variants)."""
    for key, members in groups.items():
        forms = sorted({o.mention.text for o in members})
        for form in forms[1:]:
            reason = ("same name apart from spacing, hyphens, dots or accents" if _compact(form) == _compact(forms[0])
                      else "standard short/formal country name variant")
            union.why[key].append(f"'{form}' = '{forms[0]}': {reason}")


def _tokens(text: str) -> tuple[str, ...]:
    """Word keys of a name split at spaces and hyphens ("Moon Jae-in" -> moon, jae, in)."""
    return _words(text.replace("-", " ").replace("‐", " "))


def _join_name_variants(groups: dict[str, list[_Occurrence]], union: _Union) -> None:
    """Join full names that are forms of one name; candidates come only from shared-key indexes.

    - same first and last word, up to transliteration spellings (a middle name or initial added
      or left out; "Sergei"/"Sergey", "Zelensky"/"Zelenskyy");
    - a name that is the start or the end of exactly one longer name (the model cut "Moon Jae-in"
      to "Moon Jae", "Ana Maria Nunez" to "Maria Nunez");
    - same last word and a first name that is the initial or clipped form of exactly one other
      first name ("J. Okafor"/"James Okafor", "Don McGahn"/"Donald F. McGahn II").
    """
    tokens = {key: _tokens(_form(members)) for key, members in groups.items()}
    by_ends, by_last, by_prefix = _variant_indexes(tokens)
    for keys in by_ends.values():
        for other in keys[1:]:
            union.join(keys[0], other, "same first and last name (up to transliteration spelling)")
    for key in sorted(groups):
        longer = by_prefix.get(tokens[key], [])
        if len({union.find(k) for k in longer}) == 1:
            union.join(longer[0], key, "the start of the only longer name that begins this way")
        ending = [k for k in by_last[tokens[key][-1]] if len(tokens[k]) > len(tokens[key])
                  and tokens[k][-len(tokens[key]):] == tokens[key]]
        if len({union.find(k) for k in ending}) == 1:
            union.join(ending[0], key, "the end of the only longer name that ends this way")
        spelled = [k for k in by_last[tokens[key][-1]] if _shortened(tokens[key][0], tokens[k][0])]
        if len({union.find(k) for k in spelled}) == 1:
            union.join(spelled[0], key, "same surname; the first name is an initial or short form of the other's")


def _variant_indexes(tokens: dict[str, tuple[str, ...]]) -> tuple[
        dict[tuple[str, str], list[str]], dict[str, list[str]], dict[tuple[str, ...], list[str]]]:
    """Group keys by (first, last) transliteration keys, by last word, and by each proper prefix of words."""
    by_ends: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_last: dict[str, list[str]] = defaultdict(list)
    by_prefix: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key in sorted(tokens):
        by_ends[(_transliteration_key(tokens[key][0]), _transliteration_key(tokens[key][-1]))].append(key)
        by_last[tokens[key][-1]].append(key)
        for n in range(2, len(tokens[key])):
            by_prefix[tokens[key][:n]].append(key)
    return by_ends, by_last, by_prefix


def _shortened(short: str, full: str) -> bool:
    """True when first name ``short`` is the initial ("j"/"james"), a clipped form ("don"/"donald") or a
    clipped form with the diminutive -y/-ie ("rudy"/"rudolph", "andy"/"andrew") of ``full``."""
    # Clipped by at least two letters: "tony"/"tonya" and "eric"/"erica" are different names.
    if len(full) > len(short) and full.startswith(short) and (len(short) == 1 or 3 <= len(short) <= len(full) - 2):
        return True
    stem = short[:-2] if short.endswith("ie") else short[:-1] if short.endswith("y") else ""
    # The full name is longer than the stem by a syllable or more, so "tony" is not "tonya".
    return len(stem) >= 3 and len(full) >= len(stem) + 3 and full.startswith(stem)


def _transliteration_key(word: str) -> str:
    """``word`` with the spelling choices of romanised Slavic names collapsed ("sergey" -> "sergi").

    Only ASCII words change: ks/x, y/i, ei/i and ii/i are where romanisations of one
    Cyrillic name differ; two different Latin names rarely differ only there.
    """
    if not word.isascii():
        return word
    key = word.replace("ks", "x").replace("y", "i")
    return key.replace("ei", "i").replace("ii", "i")


@dataclass
class _Singles:
    attached: dict[str, list[_Occurrence]]
    why: dict[str, list[str]]
    unresolved: dict[str, list[_Occurrence]]
    why_unresolved: dict[str, list[str]]


def _attach_single_names(singles: list[_Occurrence], clusters: dict[str, tuple[list[_Occurrence], list[str]]]) -> _Singles:
    """Attach each one-word name to the full name it stands for, or keep it apart when that is ambiguous.

    Candidates share the word as last word of a full name (surname); if none does, as
    first word (given name, or family name of East-Asian names written family-first:
    "Kim" for "Kim Jong Un"). The only candidate in the bundle wins; several (people
    sharing a surname) are settled by :func:`_choose_candidate`, which keeps the name
    apart rather than guess.
    """
    last_index, first_index, positions = _name_indexes(clusters)
    names = {root: _full_name(members) for root, (members, _) in clusters.items()}
    sizes = {root: len(members) for root, (members, _) in clusters.items()}
    result = _Singles(defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list))
    explained: set[tuple[str, str]] = set()
    for occurrence in singles:
        word = _words(occurrence.mention.text)[0]
        part, candidates = ("surname", last_index[word]) if last_index.get(word) else ("first name", first_index.get(word, set()))
        root, reason = _choose_candidate(occurrence, candidates, positions[occurrence.article], part, names, sizes)
        target = result.attached[root] if root else result.unresolved[word]
        target.append(occurrence)
        line_key = (root or word, reason)
        if line_key not in explained:
            explained.add(line_key)
            (result.why[root] if root else result.why_unresolved[word]).append(reason)
    return result


def _name_indexes(clusters: dict[str, tuple[list[_Occurrence], list[str]]]) -> tuple[
        dict[str, set[str]], dict[str, set[str]], dict[str, list[tuple[int, int, str]]]]:
    """Last-word and first-word indexes of full names, and each article's (start, paragraph, cluster) of them."""
    last_index: dict[str, set[str]] = defaultdict(set)
    first_index: dict[str, set[str]] = defaultdict(set)
    positions: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for root, (members, _) in clusters.items():
        for occurrence in members:
            words = _words(occurrence.mention.text)
            last_index[words[-1]].add(root)
            first_index[words[0]].add(root)
            positions[occurrence.article].append((occurrence.mention.start, occurrence.paragraph, root))
    for found in positions.values():
        found.sort()
    return last_index, first_index, positions


def _choose_candidate(occurrence: _Occurrence, candidates: set[str], positions: list[tuple[int, int, str]], part: str,
                      names: dict[str, str], sizes: dict[str, int]) -> tuple[str | None, str]:
    """The cluster a one-word name belongs to (None: ambiguous or unknown) and the explanation line.

    With several candidates (people sharing a name) the order is: the nearest one named
    before it in the same paragraph; one the bundle names far more often than the others
    (``_DOMINANT`` times); the nearest one named before it in the article; else none.
    """
    text, article, start = occurrence.mention.text, occurrence.article, occurrence.mention.start
    if not candidates:
        return None, f"'{text}' in article {article}: no full name in the bundle"
    if len(candidates) == 1:
        root = next(iter(candidates))
        where = f"article {article}" if any(r == root for _, _, r in positions) else "the bundle"
        return root, f"'{text}' → {names[root]}: {part} of the only such full name in {where}"
    others = ", ".join(sorted(names[r] for r in candidates))
    before = [(p, root) for s, p, root in positions if root in candidates and s < start]
    if before and before[-1][0] == occurrence.paragraph:
        return before[-1][1], (f"'{text}' → {names[before[-1][1]]}: the bundle has several ({others}); "
                               f"the nearest named before it in the same paragraph of article {article}")
    ranked = sorted(candidates, key=lambda r: (-sizes[r], r))
    if sizes[ranked[0]] >= _DOMINANT * sizes[ranked[1]]:
        return ranked[0], (f"'{text}' (article {article}) → {names[ranked[0]]}: the bundle has several ({others}); "
                           f"this one is named {sizes[ranked[0]]} times, the next {sizes[ranked[1]]}")
    if before:
        return before[-1][1], (f"'{text}' → {names[before[-1][1]]}: the bundle has several ({others}); "
                               f"the nearest named before it in article {article}")
    return None, f"'{text}' in article {article} kept apart: could be {others}, none named before it there"


def _full_name(members: list[_Occurrence]) -> str:
    """The fullest form: most words, fewest initials, most mentions, longest, most accents kept, alphabetical."""
    counts = Counter(o.mention.text for o in members)

    def fullness(text: str) -> tuple[int, int, int, int, int, str]:
        tokens = _tokens(text)
        accents = sum(not c.isascii() for c in text)
        return -len(tokens), sum(len(t) == 1 for t in tokens), -counts[text], -len(text), -accents, text
    return min(counts, key=fullness)


def _thing_clusters(things: list[_Occurrence]) -> Iterator[tuple[list[_Occurrence], list[str]]]:
    """Organisations, places and the rest merged by compact key, country-name table and acronyms.

    Nationalities (NORP) stay apart from places ("Russian" is not "Russia").
    """
    groups: dict[str, list[_Occurrence]] = defaultdict(list)
    for occurrence in things:
        groups[_thing_key(occurrence)].append(occurrence)
    union = _Union(groups)
    _join_same_name(groups, union)
    _join_acronyms(groups, union)
    for _, (members, why) in sorted(union.clusters().items()):
        yield members, why


def _thing_key(occurrence: _Occurrence) -> str:
    compact = _compact(occurrence.mention.text)
    kind = "norp" if occurrence.label == "NORP" else "thing"
    return f"{kind}:{_COUNTRY_VARIANTS.get(compact, compact)}"


def _join_acronyms(groups: dict[str, list[_Occurrence]], union: _Union) -> None:
    """Join acronyms to the long form they abbreviate.

    An all-capitals form ("NSC", "U.N.") joins the only long form whose initials it spells;
    long forms with the same initials and last word join ("UN Security Council" and
    "United Nations Security Council").
    """
    spelled_out: dict[tuple[str, str], list[str]] = defaultdict(list)
    abbreviated: list[tuple[str, tuple[str, str]]] = []
    for key in sorted(groups):
        words = _form(groups[key]).split()
        if len(words) > 1:
            index = (key.split(":")[0] + _initials(words), _word_key(words[-1]))
            if any(_is_acronym(word) for word in words):
                abbreviated.append((key, index))
            else:
                spelled_out[index].append(key)
    for key, index in abbreviated:
        if len(spelled_out.get(index, ())) == 1:
            union.join(spelled_out[index][0], key, "same name with an acronym spelled out")
    _join_bare_acronyms(groups, union)


def _is_acronym(word: str) -> bool:
    """True for an all-capitals word of two or more letters ("UN", "U.S.")."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _initials(words: list[str]) -> str:
    """Initials of a name where an all-capitals word counts as its own letters ("UN Security" -> "uns")."""
    return "".join(_word_key(word) if _is_acronym(word) else _acronym(word) for word in words)


def _join_bare_acronyms(groups: dict[str, list[_Occurrence]], union: _Union) -> None:
    """Join an all-capitals form ("NSC", "U.N.") to the only long form whose initials it spells."""
    long_forms: dict[str, set[str]] = defaultdict(set)
    for key, members in groups.items():
        for text in {o.mention.text for o in members}:
            if len(text.split()) > 1 and len(_acronym(text)) > 1:
                long_forms[f"{key.split(':')[0]}:{_acronym(text)}"].add(key)
    for key in sorted(groups):
        candidates = long_forms.get(key, set()) - {key}
        if _is_acronym(_form(groups[key])) and len(candidates) == 1:
            union.join(next(iter(candidates)), key, "acronym of the long form")


# --------------------------------------------------------------------------- records


def _entity(members: list[_Occurrence], why: list[str], roles: dict[tuple[str, int], list[str]]) -> Entity:
    """One Entity (id left empty) from its member mentions."""
    labels = Counter(o.label for o in members)
    kind = min(labels, key=lambda label: (-labels[label], _type_rank(label)))
    name = _full_name(members) if kind == "PERSON" else _thing_name(members)
    ordered = sorted(members, key=lambda o: (o.article, o.mention.start))
    return Entity(
        id="",
        name=name,
        type=kind,
        aliases=_aliases(ordered),
        roles=_entity_roles(ordered, roles),
        mentions=tuple(EntityMention(o.article, o.mention.text, o.mention.start, o.mention.end) for o in ordered),
        articles=tuple(sorted({o.article for o in members})),
        why_merged=tuple(why) + _repairs(ordered),
    )


def _type_rank(label: str) -> int:
    return _TYPE_ORDER.index(label) if label in _TYPE_ORDER else len(_TYPE_ORDER)


def _thing_name(members: list[_Occurrence]) -> str:
    """The most used form that is not an acronym, else the most used form (ties: longer, then alphabetical)."""
    counts = Counter(o.mention.text for o in members)
    return min(counts, key=lambda text: (_is_acronym(text), -counts[text], -len(text), text))


def _aliases(members: list[_Occurrence]) -> tuple[Alias, ...]:
    by_text: dict[str, set[str]] = defaultdict(set)
    for occurrence in members:
        by_text[occurrence.mention.text].add(occurrence.article)
    return tuple(Alias(text, tuple(sorted(found))) for text, found in sorted(by_text.items(), key=lambda i: (-len(i[1]), i[0])))


def _entity_roles(members: list[_Occurrence], roles: dict[tuple[str, int], list[str]]) -> tuple[EntityRole, ...]:
    """Each description of the entity (grouped without case or typography) with the articles using it.

    Most articles first, then most uses, then alphabetical.
    """
    written: dict[str, Counter[str]] = defaultdict(Counter)
    articles: dict[str, set[str]] = defaultdict(set)
    for occurrence in members:
        for text in roles.get((occurrence.article, occurrence.mention.start), []):
            key = " ".join(_fold(text).split())
            written[key][text] += 1
            articles[key].add(occurrence.article)
    shown = {key: min(forms, key=lambda t: (-forms[t], t)) for key, forms in written.items()}
    ranked = sorted(written, key=lambda k: (-len(articles[k]), -sum(written[k].values()), shown[k]))
    return tuple(EntityRole(shown[key], tuple(sorted(articles[key]))) for key in ranked)


def _repairs(members: list[_Occurrence]) -> tuple[str, ...]:
    """One line per type repair applied to a form of the entity, with the articles where it applied."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for occurrence in members:
        if occurrence.repair:
            found[(occurrence.mention.text, occurrence.repair)].add(occurrence.article)
    return tuple(f"'{text}' ({', '.join(sorted(arts))}): {repair}" for (text, repair), arts in sorted(found.items()))


def _with_ids(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """Entities sorted (type, most mentioned, name) with unique slug ids; collisions get -2, -3 ... in that order."""
    ordered = sorted(entities, key=lambda e: (_type_rank(e.type), -len(e.mentions), e.name, e.mentions[0].article,
                                              e.mentions[0].start))
    taken: set[str] = set()
    result = []
    for entity in ordered:
        slug = _entity_slug(entity.name, taken)
        taken.add(slug)
        result.append(Entity(slug, entity.name, entity.type, entity.aliases, entity.roles, entity.mentions,
                             entity.articles, entity.why_merged))
    return tuple(result)


def _entity_slug(name: str, taken: set[str]) -> str:
    """``safe.slugify(name)``, with the first free ``-2``, ``-3`` ... suffix when it is taken."""
    slug = slugify(name)
    n = 1
    while slug in taken:
        n += 1
        slug = f"{slugify(name, max_len=60 - len(str(n)) - 1)}-{n}"
    return slug
