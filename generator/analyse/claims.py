"""Claims: checkable statements per article, clustered across outlets, with their conflicts.

Per article (:func:`statements_in`, cached): every sentence with a finite verb and at least one
entity, number or date becomes a :class:`Statement`, unless it is a question. It is a "quote" when
direct quotes cover most of it, an "opinion" when the reporter's own words evaluate or hedge
(a lexicon of evaluative words and hedges, or a speculative modal on the main verb), else a "fact".

Bundle-wide (:func:`cluster_claims`): each statement is compared on keys: its content lemmas, each
as its class in a short table of news paraphrases ("warn"/"threaten", "fresh"/"new"/"additional") or
else its stem, and one key per merged entity it names ("Kim" / "Kim Jong Un"). Statements of
different articles are compared only when they share rare keys (an inverted index with capped
postings, each statement keeping the partners it shares most keys with, so the work grows linearly
with the bundle), scored on weighted key overlap where the words of the main event (verb,
subject, objects) count most, with entity and number agreement, and merged greedily best pair
first, at most one statement per article in a claim. Event frames align wordings that share few
words: a predicate (verb or event noun, as its paraphrase class) with the merged entities taking
part in it ("Kim crossed into Russia to meet Putin" / "the meeting between Putin and Kim"); two
statements naming one frame, with compatible dates and figures, score higher and are always
compared, while the same participants doing different main things ("met" / "accused") score lower.
A journey is one frame however it is worded ("crossed into Russia", "the visit of Kim to Russia"),
and what two or more articles say it was for ("to meet Putin") counts as part of it. When a
statement joins a claim through one event frame and its partner's article is already there, the
partner that fits the claim worse gives way. Two statements that look alike but disagree
(different numbers, dates or places; one figure each of different values; opposite polarity,
which one shared event frame is enough for) are kept apart and their claims marked as
contradicting; so are statements about the same agreement where one reports it reached and the
other still pending (a deal in a time clause, "after the deal was signed", is background).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter

from spacy.tokens import Doc, Span, Token

from ..records import (
    Article,
    ArticleAnalysis,
    Claim,
    ClaimSupport,
    Entity,
    EventFrame,
    Mention,
    Quote,
    QuoteGroup,
    Sentence,
    Statement,
)

NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# The reporter's own evaluation of people and things; a journalist's neutral copy avoids them.
EVALUATIVE = frozenset("""
rogue much-heralded vaunted notorious infamous brutal ruthless so-called stern steadfast horrible
terrible disastrous shocking outrageous dramatic theatrical stunning alarming troubling reckless
bizarre ridiculous childish disgraceful shameful brazen brazenly embattled pariah despot thug tyrant
baseless bogus absurd laughable draconian heroic evil shameless disgusting appalling
""".split())
HEDGES = frozenset("""
allegedly reportedly apparently supposedly purportedly seemingly perhaps maybe possibly probably
likely unlikely rumoured rumored speculate speculation
""".split())
SPECULATIVE_MODALS = frozenset({"could", "might", "may", "should"})
HEDGE_VERBS = frozenset({"seem", "appear"})
# "X is believed/thought/said to have ..." reports a belief, not a fact.
BELIEF_PASSIVES = frozenset({"believe", "think", "rumor", "rumour", "suspect", "expect"})
# Speech verbs that only attribute; "warn", "deny", "confirm" carry an event of their own.
ATTRIBUTION_VERBS = frozenset({"say", "tell", "add", "write", "note", "report", "remark", "reply", "respond"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "poss"})
# A verb of motion with a named place to go to is one "travel" event ("crossed into Russia",
# "arrived in London", "flew to Paris"), however the outlet words the journey.
MOTION_VERBS = frozenset("arrive come cross fly go head journey land return travel".split())
DESTINATION_PREPOSITIONS = frozenset({"to", "into", "in"})
PARTICIPANT_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "poss"})
# Dependents that share their governor's subject when they have none ("set to meet", "held talks").
INHERITING = frozenset({"xcomp", "advcl", "dobj", "pobj"})
FOCUS_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "prep", "agent"})
SPEECH_VERBS = frozenset("""
say tell add state claim declare announce assert argue contend note stress emphasize emphasise
underline underscore warn insist explain confirm deny report write remark inform indicate disclose
continue respond reply acknowledge admit
""".split())

AGREEMENT_NOUNS = frozenset("""
agreement deal pact accord treaty contract settlement ceasefire truce
""".split())
NEGOTIATION_NOUNS = frozenset({"talk", "talks", "negotiation", "discussion"})
COMPLETION_VERBS = frozenset("""
reach sign strike seal conclude finalize finalise clinch ink complete agree approve
""".split())
COMPLETION_LINKS = frozenset({"result", "culminate", "end", "lead", "produce", "yield"})
PENDING_VERBS = frozenset("""
negotiate discuss seek pursue consider explore propose plan hope expect want aim try talk enter
fear suspect
""".split())
PENDING_ADJECTIVES = frozenset("""
potential possible proposed prospective likely future planned expected hypothetical
""".split())
PENDING_MODALS = frozenset({"could", "would", "may", "might", "will", "shall", "should", "can"})
TIME_MARKS = frozenset({"after", "before", "since", "when", "until", "once"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "should"})

WORD_NUMBERS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split())
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
     "dozen": 12, "a": 1, "an": 1}
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
               "trillion": 1_000_000_000_000}
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTH_ABBREVIATIONS = {m[:3]: i for m, i in MONTHS.items()} | {"sept": 9}
TIME_UNITS = frozenset("second minute hour day week month year decade century".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
RANGE_SPLIT = re.compile(r"\s*(?:\bto\b|-|–|—)\s*")
FIGURE = re.compile(r"^\d[\d,]*(?:\.\d+)?$")

# Words outlets use interchangeably for one news event, compared as one class. General English
# news usage (wire style guides, thesaurus-level synonyms), not words of any one story; kept short
# because every class also makes unrelated sentences look a little more alike. Stop words ("more",
# "further") never reach the lemmas, so their classes need no entry.
PARAPHRASES = {
    "threaten": "threaten warn warning",  # not "threat": "the threat of protests" is a danger, not an act
    "additional": "new fresh additional extra",                      # "fresh" / "new" / "additional" measures
    "sanction": "sanction penalty",
    "meet": "meet meeting summit talk",                              # "met" / "held talks" / "summit"
    "travel": "travel trip visit journey",
    "supply": "supply provide deliver delivery transfer sell sale ship shipment",
    "weapon": "weapon weaponry arm munition ammunition armament",    # "arms" lemmatises to "arm"
    "agreement": "agreement deal pact accord treaty",
    "document": "document file archive dossier",
    "reveal": "reveal unveil disclose expose",
    "lie": "lie deceive mislead",
}
PARAPHRASE_CLASS = {word: f"~{name}" for name, words in PARAPHRASES.items() for word in words.split()}

# Clustering thresholds, set on benchmarks/gold/claims seeds + netanyahu and on the story-mixing
# count of ``claims_bench.py --scale`` (trump-uk-visit-july was annotated and first measured blind).
SAME_CLAIM = 0.22
SAME_EVENT = 0.5
# Average linkage: the cross pairs of two merging claims must average this share of SAME_CLAIM.
LINKAGE = 0.8
# A word in fewer statements weighs as if it were in this many: a word only one outlet uses (often
# its own paraphrase) cannot be shared, and at full weight it would swamp the words that are.
RARE_COUNT = 2
# Words of the main event (verb, subject, objects) count this much more than those of side clauses.
FOCUS_WEIGHT = 3.0
# Added when two statements share two words of their main events and a name: the same event frame.
SAME_FRAME_BONUS = 0.2
# Statements that both name entities but share none are rarely the same claim ("hope", "time").
UNNAMED_FACTOR = 0.5
# Added when two statements name one event frame (see :func:`same_event`): with any shared word
# that clears SAME_CLAIM; a bonus, not a floor, so the most alike wordings still merge first.
SAME_EVENT_FRAME = 0.2
# Polarity and place are weaker signals ("met in Vladivostok" / "came to Russia"): near-identical only.
SAME_PROPOSITION = 0.75
# Blocking: each statement is indexed under its 20 rarest stems and names; two statements are
# compared when they share two of them; a key held by more than MAX_POSTINGS statements is too
# common to block on, and each statement keeps its CANDIDATES partners sharing the most keys.
# Both caps bound the work per statement, so clustering grows linearly with the bundle.
MAX_POSTINGS = 128
BLOCKING_KEYS = 20
MIN_SHARED_KEYS = 2
CANDIDATES = 40
# Event frames (see :func:`same_event`) also propose pairs, outside that cap: each statement is
# indexed under at most this many of its (predicate, participant, participant) keys.
EVENT_KEYS = 12
# Average linkage compares at most this many members of each claim (its first, strongest ones).
LINKAGE_SAMPLE = 8
# Conflict checks pair statements on an agreement or a counted thing, at most this many per key.
CONFLICT_POSTINGS = 256
# A figure that differs from more other values than this, in unlike sentences, counts something else.
MAX_OTHER_FIGURES = 2
STEM_LENGTH = 5
# "Widely reported": carried by at least this share of the articles (and 3 or more articles).
WIDE_SHARE = 0.6


# --------------------------------------------------------------------------- per article


def statements_in(
    article: Article,
    doc: Doc,
    sentences: tuple[Sentence, ...],
    mentions: tuple[Mention, ...],
    quotes: tuple[Quote, ...],
) -> tuple[Statement, ...]:
    """The sentences of one article that may carry a checkable claim, in text order.

    A sentence qualifies when it has a finite verb, names at least one entity, number or date,
    and is not a question. ``doc`` must be the parse of ``article.text``.
    """
    if doc.text != article.text:
        raise ValueError(f"doc does not match the text of article {article.id!r}")
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_sentence[mention.sentence].append(mention)
    found = (_statement(i, doc, article.text, s, by_sentence[i], quotes) for i, s in enumerate(sentences))
    return tuple(s for s in found if s is not None)


def _statement(
    index: int, doc: Doc, doc_text: str, sentence: Sentence, mentions: list[Mention], quotes: tuple[Quote, ...]
) -> Statement | None:
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    # ``doc_text`` equals doc.text, which spaCy re-joins from all tokens on every access.
    text = " ".join(doc_text[sentence.start:sentence.end].split())
    if span is None or not text or _is_question(text) or not _has_finite_verb(span):
        return None
    names = tuple(dict.fromkeys(m.text for m in mentions if m.label in NAME_LABELS))
    numbers, dates = numbers_in(span)
    if not names and not numbers:
        return None
    covered, quote_id = _quote_cover(sentence, quotes)
    markers = () if covered >= 0.5 else framing_markers(span, quotes)
    kind = "quote" if covered >= 0.5 else "opinion" if markers else "fact"
    places = tuple(dict.fromkeys(m.text for m in mentions if m.label in PLACE_LABELS))
    return Statement(
        sentence=index, text=text, kind=kind, numbers=numbers, entities=names,
        negated=is_negated(span), core=core_text(span), dates=dates, places=places,
        status=agreement_status(span), markers=markers, quote=quote_id, focus=focus_lemmas(span),
        events=event_frames(span, mentions),
    )


def _is_question(text: str) -> bool:
    return text.rstrip("\"'”’)] \n").endswith("?")


def _has_finite_verb(span: Span) -> bool:
    return any("Fin" in t.morph.get("VerbForm") or t.tag_ == "MD" for t in span)


def _quote_cover(sentence: Sentence, quotes: tuple[Quote, ...]) -> tuple[float, str | None]:
    """Share of the sentence inside direct quotes, and the quote (direct or not) overlapping it most."""
    length = max(1, sentence.end - sentence.start)
    overlaps = [(min(q.end, sentence.end) - max(q.start, sentence.start), q) for q in quotes]
    overlaps = [(o, q) for o, q in overlaps if o > 0]
    direct = sum(o for o, q in overlaps if q.direct)
    best = max(overlaps, key=lambda oq: (oq[0], oq[1].id), default=None)
    quote_id = best[1].id if best and best[0] >= 0.5 * length else None
    return min(1.0, direct / length), quote_id


def framing_markers(span: Span, quotes: tuple[Quote, ...] = ()) -> tuple[str, ...]:
    """Evaluative words, hedges and speculative modals in the reporter's own voice."""
    def quoted(t: Token) -> bool:
        return any(q.start <= t.idx < q.end for q in quotes if q.direct)

    found = [t.text for t in span if not quoted(t) and _is_framing(t)]
    return tuple(dict.fromkeys(found))


def _is_framing(token: Token) -> bool:
    lower = token.lower_
    if lower in EVALUATIVE or token.lemma_.lower() in EVALUATIVE or lower in HEDGES:
        return True
    main = token.head
    # "X warned that Y could ..." reports X's forecast: the modal is X's, not the reporter's hedge.
    reported = main.dep_ == "ccomp" and main.head.lemma_ in SPEECH_VERBS
    if token.dep_ == "aux" and lower in SPECULATIVE_MODALS and main.dep_ in ("ROOT", "ccomp") and not reported:
        return True
    if main.dep_ == "ROOT" and token.dep_ == "ROOT" and token.lemma_ in HEDGE_VERBS:
        return True
    passive = any(c.dep_ == "auxpass" for c in token.children)
    return token.dep_ == "ROOT" and passive and token.lemma_ in BELIEF_PASSIVES


def is_negated(span: Span) -> bool:
    """True when the main clause (or the reported clause under a speech verb) is negated."""
    verb = _main_verb(span)
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    arguments = (c for c in verb.children if c.dep_ in ("nsubj", "dobj", "attr", "nsubjpass"))
    return any(d.lower_ == "no" and d.dep_ == "det" for a in arguments for d in a.children)


def _main_verb(span: Span) -> Token:
    root = span.root
    if root.lemma_ in SPEECH_VERBS:
        reported = [c for c in root.children if c.dep_ == "ccomp"]
        if reported:
            return reported[0]
    return root


def focus_lemmas(span: Span) -> tuple[str, ...]:
    """Content lemmas of the main event: the main verb (the reported one under "X said"), the verbs
    it chains to ("threatened to impose"), their subjects, objects and prepositional objects.
    "As Kim travelled to Moscow, the US warned of new sanctions" -> warn, sanction (not travel).
    Bare attribution verbs are left out: "said" is no event of its own ("warned" is)."""
    verbs = [_main_verb(span)]
    for verb in verbs:
        verbs.extend(c for c in verb.children if c.dep_ in ("xcomp", "conj") and c.pos_ in ("VERB", "AUX"))
    arguments = [c for v in verbs for c in v.children if c.dep_ in FOCUS_ARGUMENTS]
    arguments += [o for a in arguments if a.dep_ == "prep" for o in a.children if o.dep_ == "pobj"]
    tokens = sorted({t.i: t for t in verbs + arguments if t.dep_ != "prep"}.values(), key=lambda t: t.i)
    words = (t.lemma_.lower() for t in tokens if t.is_alpha and not t.is_stop)
    return tuple(dict.fromkeys(w for w in words if w not in ATTRIBUTION_VERBS))


def event_frames(span: Span, mentions: Iterable[Mention]) -> tuple[EventFrame, ...]:
    """The events of a sentence that link two or more named participants, in text order.

    A predicate is a content verb (not a bare attribution verb) or a noun; its participants are the
    names heading its subject, objects and prepositional objects (with their conjuncts and
    appositions: "Putin and Kim", "its leader, Kim"). A predicate without a subject of its own takes
    its governor's ("Kim crossed into Russia to meet Putin": meet <- Kim, Putin; "held talks with
    May": talks <- the holder, May), so one event worded with different verbs or nouns still
    names the same participants. A noun needs one participant of its own ("talks with May"), so
    "in the coming days" is no event.
    """
    names = [m for m in mentions if m.label in NAME_LABELS]
    mention_at = {t.i: m.start for m in names for t in span if m.start <= t.idx < m.end}
    place_at = {t.i for m in names if m.label in PLACE_LABELS for t in span if m.start <= t.idx < m.end}
    frames = []
    for token in span:
        if token.i in mention_at or not _is_predicate(token):
            continue
        destinations = [t for t in _destinations(token) if t.i in place_at]
        own = {mention_at[t.i] for t in _participant_heads(token, inherit=False) + destinations if t.i in mention_at}
        if token.pos_ == "NOUN" and not own:
            continue
        inherited = {mention_at[t.i] for t in _participant_heads(token, inherit=True) if t.i in mention_at}
        participants = tuple(sorted(own | inherited))
        if len(participants) >= 2:
            theme = next((c.lemma_.lower() for c in token.children
                          if c.dep_ == "dobj" and c.i not in mention_at and c.is_alpha), "")
            moves = token.pos_ == "VERB" and token.lemma_ in MOTION_VERBS and bool(destinations)
            frames.append(EventFrame("travel" if moves else token.lemma_.lower(), participants, theme))
    return tuple(dict.fromkeys(frames))


def _destinations(predicate: Token) -> list[Token]:
    """Objects of the predicate's "to"/"into"/"in" phrases; for a noun object, also those of its verb,
    where the parser often attaches them ("followed the visit of Kim to Russia")."""
    holders = [predicate]
    if predicate.pos_ == "NOUN" and predicate.dep_ == "dobj":
        holders.append(predicate.head)
    return [o for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in DESTINATION_PREPOSITIONS
            for o in p.children if o.dep_ == "pobj"]


def _is_predicate(token: Token) -> bool:
    if token.pos_ == "VERB":
        return token.lemma_ not in ATTRIBUTION_VERBS
    return token.pos_ == "NOUN" and token.is_alpha


def _participant_heads(predicate: Token, inherit: bool) -> list[Token]:
    """Subject, objects and prepositional objects of ``predicate`` (or, with ``inherit``, the subject
    it takes from its governor), each with its conjuncts and appositions."""
    if inherit:
        has_subject = any(c.dep_ in SUBJECTS for c in predicate.children)
        heads = [] if has_subject else _inherited_subjects(predicate)
    else:
        heads = [c for c in predicate.children if c.dep_ in PARTICIPANT_ARGUMENTS]
        heads += [o for c in predicate.children if c.dep_ in ("prep", "agent") for o in c.children if o.dep_ == "pobj"]
    expanded = list(heads)
    for head in expanded:
        expanded.extend(c for c in head.children if c.dep_ in ("conj", "appos") and c not in expanded)
    return expanded


def _inherited_subjects(predicate: Token) -> list[Token]:
    """The subject of the nearest governing verb, for a predicate with none of its own: a chained
    verb ("set to meet", "crossed ... to meet") or a noun object ("held talks", "came for a meeting")."""
    token = predicate
    for _ in range(3):
        governor = token.head.head if token.dep_ == "pobj" else token.head
        if token.dep_ not in INHERITING or governor is token:
            return []
        subjects = [c for c in governor.children if c.dep_ in SUBJECTS]
        if subjects:
            return subjects
        token = governor
    return []


def core_text(span: Span) -> str:
    """The sentence without its attribution: the reported clause of "X said ...", no "according to"."""
    root = span.root
    reported = [c for c in root.children if c.dep_ == "ccomp"] if root.lemma_ in SPEECH_VERBS else []
    tokens = list(reported[0].subtree) if reported else list(span)
    according = {t.i for a in tokens if a.lower_ == "according" for t in a.subtree}
    kept = [t for t in tokens if t.i not in according and not (t.dep_ == "mark" and t.lower_ == "that"
                                                                 and t.head in reported)]
    while kept and (kept[0].is_punct or kept[0].is_space):
        kept.pop(0)
    while kept and (kept[-1].is_punct or kept[-1].is_space):
        kept.pop()
    if not kept:
        return ""
    text = "".join(t.text_with_ws for t in kept).strip()
    text = re.sub(r"\s+", " ", text)
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------- numbers and dates


def numbers_in(span: Span) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Normalised numbers (dates included) and the dates alone, in text order.

    Figures lose their thousands separators and number words become digits ("four" -> "4");
    a range is "4-5"; a counted noun follows as its lemma ("71,500 personnel" -> "71500 personnel").
    Dates: "Sept. 10" -> "09-10", "September 13, 2023" -> "2023-09-13", "2015", "june", "monday".
    Vague amounts ("tens of thousands", "last week") are left out: nothing there to check.
    """
    numbers: list[str] = []
    dates: list[str] = []
    for ent in span.ents:
        if ent.label_ not in NUMBER_LABELS:
            continue
        date = normalise_date(ent.text) if ent.label_ in ("DATE", "TIME") else None
        value = date or normalise_amount(ent)
        if value:
            numbers.append(value)
        if date:
            dates.append(date)
    return tuple(dict.fromkeys(numbers)), tuple(dict.fromkeys(dates))


def normalise_date(text: str) -> str | None:
    """A calendar date, year, month or weekday in a fixed form; None for relative dates."""
    words = re.findall(r"[A-Za-z]+|\d+", text.lower())
    month = next((MONTHS.get(w) or MONTH_ABBREVIATIONS.get(w) for w in words
                  if w in MONTHS or w in MONTH_ABBREVIATIONS), None)
    year = next((w for w in words if len(w) == 4 and w.isdigit()), None)
    day = next((w for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31), None)
    if month and day:
        return f"{year + '-' if year else ''}{month:02d}-{int(day):02d}"
    if month:
        name = next(m for m, i in MONTHS.items() if i == month)
        return f"{year}-{month:02d}" if year else name
    if year:
        return year
    return next((w for w in words if w in WEEKDAYS), None)


def normalise_amount(ent: Span) -> str | None:
    """A figure or range in digits, followed by the lemma of what it counts when there is one."""
    words = [t for t in ent if t.lower_ not in ("approximately", "about", "roughly", "around",
                                                "nearly", "almost", "some", "over", "than", "more")]
    text = " ".join(t.text for t in words)
    parts = [parse_number(p) for p in RANGE_SPLIT.split(text) if p]
    if not parts or any(p is None for p in parts):
        return None
    value = "-".join(_format(p) for p in parts)
    unit = _counted_noun(ent)
    return f"{value} {unit}" if unit else value


def _counted_noun(ent: Span) -> str:
    last = ent[-1]
    if last.pos_ == "NOUN" and not last.like_num:
        return last.lemma_.lower()
    head = ent.root.head
    if ent.root.dep_ == "nummod" and head.pos_ == "NOUN" and head.i >= ent.end:
        return head.lemma_.lower()
    return ""


def parse_number(text: str) -> float | None:
    """"71,500" -> 71500, "four" -> 4, "1.5 million" -> 1500000; None when not a plain number."""
    total, current, seen = 0.0, 0.0, False
    for word in re.findall(r"[\w.,]+", text.lower()):
        word = word.rstrip(".,")
        if FIGURE.match(word):
            current += float(word.replace(",", ""))
        elif word in WORD_NUMBERS:
            current += WORD_NUMBERS[word]
        elif word in MULTIPLIERS:
            current = max(current, 1.0) * MULTIPLIERS[word]
            if MULTIPLIERS[word] >= 1000:
                total, current = total + current, 0.0
        elif word in ("and", "-") or not word:
            continue
        elif word.isalpha() and seen:
            break
        else:
            return None
        seen = True
    return total + current if seen else None


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


# --------------------------------------------------------------------------- agreement status


def agreement_status(span: Span) -> str:
    """"completed" when an agreement is reported reached, "pending" when under way or hypothetical.

    Completed: an agreement noun is the object of a completion verb ("signed a deal", "reached an
    agreement") or what talks resulted/culminated in. Pending: the noun is "potential"/"possible",
    the object of "negotiate"/"seek"/..., the topic of talks, or its verb is modal or conditional.
    An agreement under "any" is a general rule ("any deal would violate ..."), not an event: "".
    """
    statuses = {_noun_status(t) for t in span
                if t.lemma_.lower() in AGREEMENT_NOUNS and t.pos_ == "NOUN" and not _in_time_clause(t)}
    statuses.discard("")
    if "completed" in statuses:
        return "completed"
    return "pending" if statuses else ""


def _in_time_clause(token: Token) -> bool:
    """Inside "after/before/since/when ..." : background the sentence takes as known ("files were
    moved after the deal was signed" reports the move, not the signing)."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ == "prep" and ancestor.lower_ in TIME_MARKS:
            return True
        if ancestor.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in ancestor.children):
            return True
    return False


def _noun_status(noun: Token) -> str:
    modifiers = {c.lower_ for c in noun.children}
    if "any" in modifiers:
        return ""
    if modifiers & PENDING_ADJECTIVES:
        return "pending"
    link = noun.head if noun.head.pos_ == "ADP" else None
    governor = link.head if link is not None else noun.head
    if governor.lemma_.lower() in NEGOTIATION_NOUNS or governor.lemma_ in PENDING_VERBS:
        return "pending"
    completes = governor.lemma_ in COMPLETION_VERBS and (link is None or noun.dep_ == "pobj")
    completes = completes or (governor.lemma_ in COMPLETION_LINKS and link is not None
                              and link.lower_ in ("in", "to"))
    if not completes:
        return ""
    return "pending" if _is_hypothetical(governor) else "completed"


def _is_hypothetical(verb: Token) -> bool:
    """A modal, a conditional clause or a pending verb above: the event has not happened."""
    for token in [verb, *verb.ancestors]:
        children = list(token.children)
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in PENDING_MODALS for c in children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in children):
            return True
        if token is not verb and token.lemma_ in PENDING_VERBS:
            return True
        if token.dep_ in ("ROOT", "ccomp"):
            return False
    return False


# --------------------------------------------------------------------------- across articles


# An event frame as compared: (predicate key, participant entity keys, theme key).
_Frame = tuple[str, frozenset[str], str]


@dataclass(frozen=True)
class _Item:
    """One statement of one article, with what it is compared on."""

    index: int
    article: int
    statement: Statement
    sentence: Sentence
    lemmas: frozenset[str]
    """Comparison keys (see :func:`comparison_keys`)."""
    names: tuple[frozenset[str], ...]
    group: str | None
    focus: frozenset[str] = frozenset()
    """The keys of :attr:`lemmas` that name the main event (see :func:`focus_lemmas`)."""
    mass: float = 0.0
    """Summed weight of :attr:`lemmas`, set once the weights are known."""
    weights: dict[str, float] = field(default_factory=dict, compare=False)
    """The weight of each of :attr:`lemmas` (see :func:`_weighted`), set with :attr:`mass`: looked
    up, not recomputed, for each pair compared."""
    events: frozenset[tuple[str, frozenset[str], str]] = frozenset()
    """The statement's :class:`EventFrame`s as (predicate key, participant entity keys, theme key)."""


def cluster_claims(
    articles: tuple[Article, ...],
    per_article: tuple[ArticleAnalysis, ...],
    quotes: tuple[Quote, ...],
    groups: tuple[QuoteGroup, ...],
    entities: tuple[Entity, ...] = (),
) -> tuple[Claim, ...]:
    """Cluster the statements of all articles into claims, flagged single-source/omitted/contradicting.

    ``per_article[i]`` must belong to ``articles[i]``; quotes carry their ``group``. ``entities`` (the
    bundle's merged entities) align name forms across articles ("Kim" / "Kim Jong Un"); without them
    names are compared as written. A claim has at
    most one supporting sentence per article and at least one that is a fact or a quote.
    Claims are sorted by number of articles (most first), then id.
    """
    if len(articles) != len(per_article):
        raise ValueError(f"{len(articles)} articles but {len(per_article)} analyses")
    for article, analysis in zip(articles, per_article):
        if article.id != analysis.article:
            raise ValueError(f"analysis {analysis.article!r} does not belong to article {article.id!r}")
    known_groups = {g.id for g in groups}
    group_of = {q.id: q.group for q in quotes if q.group in known_groups}
    unweighted = with_journey_purposes(_items(per_article, group_of, entities))
    weight = lemma_weights(unweighted)
    items = [_weighted(it, weight) for it in unweighted]
    pairs = _scored_pairs(items)
    clusters, conflicts = _cluster(items, pairs)
    conflicts += _event_conflicts(items)
    return _claims(articles, items, clusters, conflicts)


def compared_pairs(
    per_article: tuple[ArticleAnalysis, ...], entities: tuple[Entity, ...] = ()
) -> tuple[tuple[tuple[int, int], tuple[int, int]], ...]:
    """The statement pairs :func:`cluster_claims` scores (what blocking lets through, no quote
    groups), each statement as (index in ``per_article``, index in its ``statements``), sorted."""
    items = _items(per_article, {}, entities)
    position = {it.index: (it.article, n) for a in range(len(per_article))
                for n, it in enumerate(i for i in items if i.article == a)}
    return tuple(sorted((position[x], position[y]) for x, y in _candidates(items)))


def _items(
    per_article: tuple[ArticleAnalysis, ...], group_of: dict[str, str | None], entities: tuple[Entity, ...]
) -> list[_Item]:
    entity_at = {(m.article, m.start): e.name for e in entities for m in e.mentions}
    entity_id_at = {(m.article, m.start): e.id for e in entities for m in e.mentions}
    items: list[_Item] = []
    for a, analysis in enumerate(per_article):
        names_in: dict[int, list[Mention]] = defaultdict(list)
        for mention in analysis.mentions:
            if mention.label in NAME_LABELS:
                names_in[mention.sentence].append(mention)
        for statement in analysis.statements:
            if not 0 <= statement.sentence < len(analysis.sentences):
                raise ValueError(f"statement sentence {statement.sentence} out of range in {analysis.article!r}")
            mentions = names_in[statement.sentence]
            canonical = [entity_at.get((analysis.article, m.start), m.text) for m in mentions]
            participant = {m.start: entity_id_at.get((analysis.article, m.start)) or " ".join(sorted(_name_key(n)))
                           for m, n in zip(mentions, canonical)}
            items.append(_item(len(items), a, analysis.sentences[statement.sentence], statement, mentions,
                               canonical, group_of, _event_keys(statement.events, participant)))
    return items


def with_journey_purposes(items: list[_Item]) -> list[_Item]:
    """Items whose main event is a journey also report what two or more articles say it was for.

    "Kim crossed into Russia to meet Putin" and "Kim came to Russia for a meeting with Putin" make
    the meeting the purpose of Kim's journey to Russia, so "the visit of Kim to Russia" reports the
    meeting too. A purpose is another frame of a sentence with the journey that shares a participant
    with it; the journey must be the same predicate with the same participants.
    """
    travel = _word_key("travel")
    attested: dict[frozenset[str], dict[_Frame, set[int]]] = defaultdict(lambda: defaultdict(set))
    for item in items:
        for predicate, who, _ in item.events:
            if predicate == travel:
                for frame in item.events:
                    if frame[0] != travel and frame[1] & who:
                        attested[who][frame].add(item.article)
    purposes = {who: {f for f, arts in frames.items() if len(arts) >= 2} for who, frames in attested.items()}
    return [_with_purposes(it, travel, purposes) for it in items]


def _with_purposes(item: _Item, travel: str, purposes: dict[frozenset[str], set[_Frame]]) -> _Item:
    """The item with the purposes of its journeys among its events; the item itself when it has none
    to add (most items), as copying every item would cost more than finding them."""
    if travel not in item.focus:
        return item
    found = frozenset(f for p, who, _ in item.events if p == travel for f in purposes.get(who, ()))
    return replace(item, events=item.events | found) if found else item


def _event_keys(
    frames: tuple[EventFrame, ...], participant: dict[int, str]
) -> frozenset[tuple[str, frozenset[str], str]]:
    """Frames with their predicate and theme as comparison keys and their participants as entities
    (merged entity id, else the name's words), so "Kim" and "Kim Jong Un" are one participant."""
    keys = set()
    for frame in frames:
        who = frozenset(participant[p] for p in frame.participants if p in participant)
        if len(who) >= 2:
            keys.add((_word_key(frame.predicate), who, _word_key(frame.theme) if frame.theme else ""))
    return frozenset(keys)


def _item(
    index: int, article: int, sentence: Sentence, statement: Statement, mentions: list[Mention],
    canonical: list[str], group_of: dict[str, str | None], events: frozenset[_Frame],
) -> _Item:
    """The statement with its places under their merged names, so "Washington" / "the United States"
    are not "places differ"."""
    places = tuple(dict.fromkeys(n for m, n in zip(mentions, canonical) if m.label in PLACE_LABELS))
    keys = comparison_keys(sentence.lemmas, [m.text for m in mentions], canonical)
    return _Item(
        index, article, replace(statement, places=places), sentence, keys,
        names=tuple(dict.fromkeys(_name_key(n) for n in canonical)),
        group=group_of.get(statement.quote) if statement.quote else None,
        focus=keys & {_word_key(lemma) for lemma in statement.focus}, events=events,
    )


def comparison_keys(lemmas: Iterable[str], names: Iterable[str], canonical: Iterable[str]) -> frozenset[str]:
    """What a statement is compared on: its content lemmas, each as its paraphrase class or stem,
    with the words of the names it mentions replaced by one key per entity ("@" + stemmed words of
    the entity's canonical name), so "Kim" / "Kim Jong Un" / "Russia" / "Russian" align."""
    name_words = {w for n in names for w in re.findall(r"[\w.]+", n.lower())}
    words = frozenset(_word_key(lemma) for lemma in lemmas if lemma not in name_words)
    entity_keys = {"@" + " ".join(sorted(stem(w) for w in _name_key(n))) for n in canonical}
    return words | {k for k in entity_keys if k != "@"}


@lru_cache(maxsize=65536)
def _word_key(lemma: str) -> str:
    return PARAPHRASE_CLASS.get(lemma) or stem(lemma)


def stem(lemma: str) -> str:
    """Truncation stem: the first five letters, so "weapon"/"weaponry" and "Russia"/"Russian" meet."""
    return lemma[:STEM_LENGTH]


@lru_cache(maxsize=65536)
def _name_key(name: str) -> frozenset[str]:
    """The words of a name, lower-cased, without "the" and possessives (cached: a bundle repeats its
    names thousands of times)."""
    words = re.findall(r"\w+", re.sub(r"['’]s\b", "", name.lower()))
    return frozenset(w for w in words if w != "the")


@lru_cache(maxsize=65536)
def _same_word(a: str, b: str) -> bool:
    """Equal, or a name and its adjective ("russia"/"russian", "ukraine"/"ukrainian")."""
    if a == b:
        return True
    if a[:5] != b[:5]:  # the common prefix must be five letters or more: most pairs stop here
        return False
    prefix = len(next((a[:i] for i in range(min(len(a), len(b)), 0, -1) if a[:i] == b[:i]), ""))
    return prefix >= max(5, min(len(a), len(b)) - 1)


@lru_cache(maxsize=65536)
def names_match(a: frozenset[str], b: frozenset[str]) -> bool:
    """One name's words all found among the other's ("Kim" / "Kim Jong Un")."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return bool(small) and all(w in large or any(_same_word(w, v) for v in large) for w in small)


@lru_cache(maxsize=65536)
def _names_shared(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> int:
    """How many of names ``a`` match one of ``b`` (cached: items of a bundle repeat a few thousand
    combinations of names over hundreds of thousands of pairs)."""
    return sum(any(names_match(x, y) for y in b) for x in a)


def _candidates(items: Sequence[_Item]) -> list[tuple[int, int]]:
    """Pairs of items from different articles that share two of their rarest lemmas or names, or a
    quote group, each item paired with at most :data:`CANDIDATES` others (those sharing the most
    keys; ties to the rarer shared keys, then the earlier item), sorted. Keys held by more than
    :data:`MAX_POSTINGS` items are skipped, so the work is linear in the number of items."""
    partners: dict[int, list[tuple[int, float, int]]] = defaultdict(list)
    for (x, y), (count, rarity) in _shared_keys(items).items():
        partners[x].append((-count, -rarity, y))
        partners[y].append((-count, -rarity, x))
    kept = {(x, y) if x < y else (y, x) for x, ranked in partners.items()
            for _, _, y in (sorted(ranked)[:CANDIDATES] if len(ranked) > CANDIDATES else ranked)}
    return sorted(kept | _event_pairs(items))


def _event_pairs(items: Sequence[_Item]) -> set[tuple[int, int]]:
    """Pairs of items of different articles naming one predicate with two of the same participants
    (see :func:`same_event`). Each item is indexed under at most :data:`EVENT_KEYS` such keys, its
    rarest, and a key held by more than :data:`MAX_POSTINGS` items is skipped: linear work."""
    keys_of = {item.index: _event_index_keys(item) for item in items}
    frequency = Counter(key for keys in keys_of.values() for key in keys)
    postings: dict[str, list[int]] = defaultdict(list)
    for item in items:
        for key in sorted(keys_of[item.index], key=lambda k: (frequency[k], k))[:EVENT_KEYS]:
            postings[key].append(item.index)
    return {(x, y) for members in postings.values() if len(members) <= MAX_POSTINGS
            for i, x in enumerate(members) for y in members[i + 1:] if items[x].article != items[y].article}


def _event_index_keys(item: _Item) -> set[str]:
    return {f"{predicate} {x} {y}" for predicate, who, _ in item.events
            for x in sorted(who) for y in sorted(who) if x < y}


def _shared_keys(items: Sequence[_Item]) -> dict[tuple[int, int], tuple[int, float]]:
    """For pairs of items of different articles sharing :data:`MIN_SHARED_KEYS` or more blocking
    keys: how many (a quote group counts two) and how rare those keys are (summed inverse posting
    sizes, in key order). Each item counts the items after it in its postings at once, so the
    millions of pairs sharing one key cost no step of their own."""
    postings = _blocking_postings(items)
    ahead: dict[int, list[int]] = defaultdict(list)
    keys_of: dict[int, set[str]] = defaultdict(set)
    for key, members in postings.items():
        repeat = 2 if key.startswith("quote group ") else 1
        for position, x in enumerate(members):
            ahead[x] += members[position + 1:] * repeat
            keys_of[x].add(key)
    rarity_of = {key: 1 / len(members) for key, members in postings.items()}
    shared: dict[tuple[int, int], tuple[int, float]] = {}
    for x, later in ahead.items():
        counts = Counter(later)
        for y in [y for y, count in counts.items() if count >= MIN_SHARED_KEYS]:
            if items[x].article != items[y].article:
                rarity = 0.0
                for key in sorted(keys_of[x] & keys_of[y]):
                    rarity += rarity_of[key]
                shared[(x, y)] = (counts[y], rarity)
    return shared


def _blocking_postings(items: Sequence[_Item]) -> dict[str, list[int]]:
    """Each blocking key with the items indexed under it, in item order: an item under its
    :data:`BLOCKING_KEYS` rarest keys and its quote group; keys of more than :data:`MAX_POSTINGS`
    items are left out."""
    keys_of = [_keys(item) for item in items]
    frequency = Counter(key for keys in keys_of for key in keys)
    rank = {key: n for n, key in enumerate(sorted(frequency, key=lambda k: (frequency[k], k)))}
    postings: dict[str, list[int]] = defaultdict(list)
    for item, keys in zip(items, keys_of):
        rare = sorted(keys, key=rank.__getitem__)[:BLOCKING_KEYS]
        for key in dict.fromkeys(rare + [k for k in keys if k.startswith("quote group ")]):
            postings[key].append(item.index)
    return {key: members for key, members in postings.items() if len(members) <= MAX_POSTINGS}


def _keys(item: _Item) -> set[str]:
    keys = set(item.lemmas) | {" ".join(sorted(n)) for n in item.names}
    if item.group:
        keys.add(f"quote group {item.group}")
    return keys


def lemma_weights(items: Sequence[_Item]) -> dict[str, float]:
    """Inverse document frequency of each lemma over the statements: shared rare words count most."""
    frequency = Counter(lemma for item in items for lemma in item.lemmas)
    return {lemma: math.log((1 + len(items)) / max(count, RARE_COUNT)) for lemma, count in frequency.items()}


def similarity(a: _Item, b: _Item) -> float:
    """Weighted overlap of the comparison keys (mean of Jaccard and containment; main-event words
    count :data:`FOCUS_WEIGHT` times), nudged by shared names, numbers and a shared event frame;
    halved when both name entities but none in common."""
    smaller = min(a.mass, b.mass)
    if smaller <= 0:
        return 0.0
    common = a.lemmas & b.lemmas
    # The lesser of the two weights of each shared key, with no Python call per key.
    shared = sum(map(min, map(a.weights.__getitem__, common), map(b.weights.__getitem__, common)))
    jaccard = shared / (a.mass + b.mass - shared)
    containment = shared / smaller if min(len(a.lemmas), len(b.lemmas)) >= 4 else jaccard
    score = (jaccard + containment) / 2
    names = _names_shared(a.names, b.names) / max(1, min(len(a.names), len(b.names)))
    numbers = not set(a.statement.numbers).isdisjoint(b.statement.numbers)
    same_frame = len(a.focus & b.focus) >= 2 and names > 0
    if not names and a.names and b.names:
        score *= UNNAMED_FACTOR
    score = min(1.0, score * (0.8 + 0.2 * names) + 0.1 * numbers + SAME_FRAME_BONUS * same_frame)
    if not (a.events and b.events):  # most pairs: no event frame to share or to tell apart
        return score
    if same_event(a, b):
        return min(1.0, score + SAME_EVENT_FRAME)
    return score * UNNAMED_FACTOR if other_events(a, b) else score


def same_event(a: _Item, b: _Item) -> bool:
    """Both report one event: a shared predicate (or its paraphrase) linking two of the same
    participants, the main event of at least one of the two sentences (so two asides about one
    visit do not chain unrelated sentences), with no differing object ("discussed arms" /
    "discussed space") and nothing that tells two occurrences apart (other dates or figures,
    reached vs pending, denied)."""
    if not shared_frame(a, b) or not _dates_agree(a.statement.dates, b.statement.dates):
        return False
    if _counted(a.statement.numbers, a.statement.dates) != _counted(b.statement.numbers, b.statement.dates):
        return False
    why, _ = disagreement(a.statement, b.statement)
    return not why or why.startswith("places")


def shared_frame(a: _Item, b: _Item) -> bool:
    """A predicate (or its paraphrase) linking two of the same participants in both, the main event
    of at least one of them, with no differing object ("discussed arms" / "discussed space")."""
    return any(pa == pb and len(wa & wb) >= 2 and (not ta or not tb or ta == tb)
               and (pa in a.focus or pb in b.focus)
               for pa, wa, ta in a.events for pb, wb, tb in b.events)


def other_events(a: _Item, b: _Item) -> bool:
    """The same participants doing different things as the main events of both sentences
    ("Biden met Xi" / "Biden accused Xi"): alike in names only, not one claim."""
    main_a = [(p, who) for p, who, _ in a.events if p in a.focus]
    main_b = [(p, who) for p, who, _ in b.events if p in b.focus]
    return any(pa != pb and len(wa & wb) >= 2 for pa, wa in main_a for pb, wb in main_b)


def _counted(numbers: tuple[str, ...], dates: tuple[str, ...]) -> frozenset[str]:
    """The counted figures of a statement ("5 hour"): a figure is a claim of its own, so "the talks
    lasted five hours" is not the bare "they met"."""
    return frozenset(n for n in numbers if " " in n and n not in dates)


def _dates_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """No dates on one side, or a date of each that may be the same day ("july" / "07-13",
    "2023-09-13" / "09-13"; a weekday agrees with any calendar date)."""
    return not a or not b or any(_date_fits(x, y) for x in a for y in b)


def _date_fits(a: str, b: str) -> bool:
    fields_a, fields_b = _date_fields(a), _date_fields(b)
    return all(fields_a[k] == fields_b[k] for k in fields_a.keys() & fields_b.keys())


def _date_fields(date: str) -> dict[str, str]:
    """A normalised date (see :func:`normalise_date`) as its known year, month, day or weekday."""
    if date in WEEKDAYS:
        return {"weekday": date}
    if date in MONTHS:
        return {"month": f"{MONTHS[date]:02d}"}
    parts = date.split("-")
    if len(parts[0]) == 4:
        return dict(zip(("year", "month", "day"), parts))
    return dict(zip(("month", "day"), parts))


def _weighted(item: _Item, weight: dict[str, float]) -> _Item:
    """The item with the weight of each of its keys (:data:`FOCUS_WEIGHT` times for the main
    event's) and their sum."""
    weights = {key: weight[key] * (FOCUS_WEIGHT if key in item.focus else 1.0) for key in item.lemmas}
    return replace(item, mass=sum(weights.values()), weights=weights)


def _scored_pairs(items: Sequence[_Item]) -> list[tuple[float, int, int]]:
    """Candidate pairs, best first. Two sentences of one quote group score 1.0 however worded, but
    a quote of several sentences printed in part elsewhere is one group for all its sentences: a
    sentence scores 1.0 only with the sentence of each other article it is most like (see
    :func:`_group_partners`), and with the rest of the group by its words."""
    likeness = {(x, y): similarity(items[x], items[y]) for x, y in _candidates(items)}
    partners = _group_partners(items, likeness)
    scored = [(1.0 if (x, y) in partners else score, x, y) for (x, y), score in likeness.items()]
    # Best first; the sort is stable, so equal scores stay in candidate order, (x, y) ascending.
    scored.sort(key=itemgetter(0), reverse=True)
    return scored


def _group_partners(items: Sequence[_Item], likeness: dict[tuple[int, int], float]) -> set[tuple[int, int]]:
    """The same-group pairs in which each side is, of its partner's article, the most alike sentence
    of that group."""
    best: dict[tuple[int, int], tuple[float, int]] = {}
    same = [(x, y) for x, y in likeness if items[x].group is not None and items[x].group == items[y].group]
    for x, y in same:
        for one, other in ((x, y), (y, x)):
            key = (one, items[other].article)
            if key not in best or likeness[x, y] > best[key][0]:
                best[key] = (likeness[x, y], other)
    return {(x, y) for x, y in same
            if best[x, items[y].article][1] == y and best[y, items[x].article][1] == x}


POLARITY = ("affirmed vs denied", "denied vs affirmed")


def disagreement(a: Statement, b: Statement) -> tuple[str, float]:
    """Why two statements cannot be one claim ("" when they can), and how alike they must be
    for that difference to be a contradiction rather than two different events."""
    if a.dates and b.dates and not _dates_agree(a.dates, b.dates):
        return f"dates differ: {', '.join(a.dates)} vs {', '.join(b.dates)}", SAME_EVENT
    lone = _lone_figures(a), _lone_figures(b)
    if len(lone[0]) == len(lone[1]) == 1 and lone[0] != lone[1]:
        return f"numbers differ: {lone[0][0]} vs {lone[1][0]}", SAME_CLAIM
    differing = _differing_counts(a.numbers, b.numbers)
    if differing:
        return f"numbers differ: {differing[0]} vs {differing[1]}", SAME_EVENT
    if {a.status, b.status} == {"completed", "pending"}:
        why = "agreed vs under negotiation" if a.status == "completed" else "under negotiation vs agreed"
        return why, SAME_EVENT
    if a.negated != b.negated:
        return POLARITY[0] if b.negated else POLARITY[1], SAME_PROPOSITION
    if a.places and b.places and not _places_shared(a.places, b.places):
        return f"places differ: {', '.join(a.places)} vs {', '.join(b.places)}", SAME_PROPOSITION
    return "", 1.0


@lru_cache(maxsize=65536)
def _differing_counts(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, str] | None:
    """A pair of figures counting the same thing with different values: each statement gives a
    value of that unit the other does not ("25 and 10 percent" / "25 and 15 percent"); a statement
    that only leaves one figure out ("25 percent" alone) does not disagree. Cached: a bundle repeats
    a few combinations of figures over many pairs."""
    units_a, units_b = _figures_by_unit(a), _figures_by_unit(b)
    for unit in sorted(set(units_a) & set(units_b)):
        only_a = [v for v in units_a[unit] if v not in units_b[unit]]
        only_b = [v for v in units_b[unit] if v not in units_a[unit]]
        if only_a and only_b:
            return f"{only_a[0]} {unit}", f"{only_b[0]} {unit}"
    return None


def _figures_by_unit(numbers: tuple[str, ...]) -> dict[str, list[str]]:
    """``("25 percent", "10 percent", "3 ship")`` → ``{"percent": ["25", "10"], "ship": ["3"]}``."""
    units: dict[str, list[str]] = defaultdict(list)
    for number in numbers:
        if " " in number:
            value, unit = number.split(" ", 1)
            units[unit].append(value)
    return dict(units)


def _lone_figures(statement: Statement) -> tuple[str, ...]:
    """The figure the main event counts ("gained 28,000 attendees"), when the statement gives one
    and no other figure but durations: two wordings of one claim that give one figure each, of
    different values, disagree on it even when they count it in other words ("28,000 attendees" /
    "100,000 supporters"); a figure off the main event ("in four years") is no such count."""
    if not statement.numbers:  # most statements: nothing to count
        return ()
    return _main_figure(statement.numbers, statement.dates, statement.focus)


@lru_cache(maxsize=65536)
def _main_figure(numbers: tuple[str, ...], dates: tuple[str, ...], focus: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`_lone_figures` of a statement's figures, cached: each statement is checked against
    many partners."""
    counted = _counted(numbers, dates)
    plain = [n for n in numbers if n not in dates and n not in counted]
    units = {n: n.split(" ", 1)[1] for n in counted if n.split(" ", 1)[1] not in TIME_UNITS}
    main = [n for n, unit in units.items() if unit in focus]
    return tuple(main) if len(main) == len(units) == 1 and not plain else ()


def _places_shared(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    keys_b = [_name_key(p) for p in b]
    return any(names_match(x, y) for x in map(_name_key, a) for y in keys_b)


@dataclass
class _Partition:
    """The claims being formed: each cluster's members, articles and agreement statuses by cluster id."""

    cluster_of: dict[int, int]
    members: dict[int, list[int]]
    articles: dict[int, set[int]]
    statuses: dict[int, set[str]]

    @classmethod
    def of_singletons(cls, items: Sequence[_Item]) -> _Partition:
        return cls({it.index: it.index for it in items}, {it.index: [it.index] for it in items},
                   {it.index: {it.article} for it in items}, {it.index: {it.statement.status} for it in items})

    def absorb(self, cx: int, cy: int, joining: list[int], items: Sequence[_Item]) -> None:
        """Cluster ``cy`` joins ``cx`` with only its ``joining`` members; the others stand alone."""
        for m in joining:
            self.cluster_of[m] = cx
        left = [m for m in self.members[cy] if m not in joining]
        self.members[cx].extend(joining)
        self.articles[cx] |= {items[m].article for m in joining}
        self.statuses[cx] |= {items[m].statement.status for m in joining}
        del self.members[cy], self.articles[cy], self.statuses[cy]
        for m in left:
            self.cluster_of[m], self.members[m] = m, [m]
            self.articles[m], self.statuses[m] = {items[m].article}, {items[m].statement.status}


def _cluster(
    items: Sequence[_Item], pairs: list[tuple[float, int, int]]
) -> tuple[list[list[int]], list[tuple[int, int, str]]]:
    """Greedy best-pair-first merging, one statement per article; returns clusters and conflicts.

    A difference in numbers, dates, places or polarity between two statements alike enough to be
    the same event is a conflict (kept apart, reported); between less alike ones it is ignored.
    The smaller claim joins the larger (less a member that gives way, see :func:`_displaced`), with
    their articles and statuses kept as sets, and the linkage check is bounded
    (:data:`LINKAGE_SAMPLE`), so merging stays near-linear.
    """
    part = _Partition.of_singletons(items)
    conflicts: list[tuple[int, int, str]] = []
    # A statement that gave way stays alone: moved on to its next best partner, it would displace
    # others in turn.
    displaced: set[int] = set()
    for score, x, y in pairs:
        if score < SAME_CLAIM:
            break
        if x in displaced or y in displaced:
            continue
        why = _conflict(items[x], items[y], score)
        if why:
            conflicts.append((x, y, why))
            continue
        cx, cy = sorted((part.cluster_of[x], part.cluster_of[y]), key=lambda c: (-len(part.members[c]), c))
        if cx == cy:
            continue
        loser = _displaced(items, part.members[cx], part.members[cy], (x, y))
        joining = [m for m in part.members[cy] if m != loser]
        statuses = part.statuses[cx] | {items[m].statement.status for m in joining}
        if _collide(part.articles[cx], {items[m].article for m in joining}, statuses):
            continue
        if not _linked(items, part.members[cx][:LINKAGE_SAMPLE], joining[:LINKAGE_SAMPLE]):
            continue
        part.absorb(cx, cy, joining, items)
        if loser is not None:
            displaced.add(loser)
    return [sorted(m) for m in part.members.values()], conflicts


def _conflict(a: _Item, b: _Item, score: float) -> str:
    """Why two statements scored ``score`` alike are opposite claims rather than one, "" if not."""
    if a.group is not None and a.group == b.group:
        return ""
    why, needed = disagreement(a.statement, b.statement)
    if why.startswith(POLARITY) and shared_frame(a, b):
        # One event frame, affirmed in one and denied in the other: opposite claims, however worded.
        needed = SAME_CLAIM
    return why if why and score >= needed else ""


def _displaced(
    items: Sequence[_Item], larger: list[int], joining: list[int], pair: tuple[int, int]
) -> int | None:
    """The partner that gives way when a statement joins, through one event frame (see
    :func:`same_event`), a claim that already has a sentence of the partner's article: the partner
    must fit the merged claim worse than that sentence does ("Kim's visit is his first trip abroad
    since 2019" leaves the claim on the visit to "Kim came to Russia for a meeting with Putin").
    Only a two-statement claim gives way, so merging stays one step per pair. None otherwise."""
    if len(joining) != 2 or not same_event(items[pair[0]], items[pair[1]]):
        return None
    by_article = {items[m].article: m for m in larger}
    shared = [m for m in joining if items[m].article in by_article]
    if len(shared) != 1 or shared[0] in pair:
        return None
    candidate, incumbent = shared[0], by_article[items[shared[0]].article]
    rest = [m for m in larger + joining if m not in (candidate, incumbent)][:LINKAGE_SAMPLE]
    def fit(member: int) -> float:
        return sum(similarity(items[member], items[m]) for m in rest) / max(1, len(rest))
    return candidate if fit(candidate) < fit(incumbent) else None


def _collide(articles_a: set[int], articles_b: set[int], statuses: set[str]) -> bool:
    """True when merging would put two statements of one article in one claim, or a reported
    agreement with anything but the same report. (Other differences only matter between
    near-identical sentences, see :func:`disagreement`.)"""
    if not articles_a.isdisjoint(articles_b):
        return True
    return "completed" in statuses and len(statuses) > 1


def _linked(items: Sequence[_Item], a: list[int], b: list[int]) -> bool:
    """Average linkage between members ``a`` and ``b`` of two claims: the merged claim must hold
    together, not only through one chain link."""
    if len(a) + len(b) <= 2:
        return True
    scores = [1.0 if items[i].group and items[i].group == items[j].group else similarity(items[i], items[j])
              for i in a for j in b]
    return sum(scores) / len(scores) >= SAME_CLAIM * LINKAGE


def _event_conflicts(items: Sequence[_Item]) -> list[tuple[int, int, str]]:
    """Conflicts between statements too unlike to cluster that still report the same event:
    an agreement reached in one and pending in the other about the same parties, or
    different figures for the same counted thing with another content word in common (and few
    values, see :func:`_same_count_only`).
    Only statements with an agreement status or a counted figure are indexed, so this stays small."""
    found, counts = [], []
    for x, y in _conflict_candidates(items):
        a, b = items[x], items[y]
        why, _ = disagreement(a.statement, b.statement)
        if why.startswith(("agreed", "under negotiation")):
            if _names_shared(a.names, b.names) >= 2 or similarity(a, b) >= SAME_EVENT:
                found.append((x, y, why))
        elif why.startswith("numbers") and _shares_more_than_counts(a, b):
            counts.append((x, y, why))
    return found + _same_count_only(items, counts)


def _same_count_only(items: Sequence[_Item], counts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The figure conflicts of statements whose figure differs from at most
    :data:`MAX_OTHER_FIGURES` other values: a figure unlike that many others in sentences this
    unlike counts something else ("25 percent" tariffs on steel against the 30, 15, 13 and 5
    percent of other sentences), while outlets disagreeing on one count give a few values."""
    others: dict[int, set[str]] = defaultdict(set)
    for x, y, _ in counts:
        figures = _differing_counts(items[x].statement.numbers, items[y].statement.numbers)
        if figures:
            others[x].add(figures[1])
            others[y].add(figures[0])
    return [(x, y, why) for x, y, why in counts
            if len(others[x]) <= MAX_OTHER_FIGURES and len(others[y]) <= MAX_OTHER_FIGURES]


def _conflict_candidates(items: Sequence[_Item]) -> list[tuple[int, int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for item in items:
        if item.statement.status:
            postings["agreement"].append(item.index)
        # Durations ("for one day", "over four days") mostly measure different things in sentences
        # this unlike; they are compared only between statements alike enough to cluster.
        for number in item.statement.numbers:
            if " " in number and number.split(" ", 1)[1] not in TIME_UNITS:
                postings["counted " + number.split(" ", 1)[1]].append(item.index)
    pairs = {
        (x, y) for key in sorted(postings) for i, x in enumerate(postings[key][:CONFLICT_POSTINGS])
        for y in postings[key][i + 1:CONFLICT_POSTINGS] if items[x].article != items[y].article
    }
    return sorted(pairs)


def _shares_more_than_counts(a: _Item, b: _Item) -> bool:
    counted = {stem(n.split(" ", 1)[1]) for n in a.statement.numbers + b.statement.numbers if " " in n}
    return bool((a.lemmas & b.lemmas) - counted)


def _claims(
    articles: tuple[Article, ...],
    items: Sequence[_Item],
    clusters: list[list[int]],
    conflicts: list[tuple[int, int, str]],
) -> tuple[Claim, ...]:
    kept = [c for c in clusters if any(items[i].statement.kind != "opinion" for i in c)]
    ordered = sorted(kept, key=lambda c: min((items[i].article, items[i].sentence.start) for i in c))
    ids = _claim_ids(articles, items, ordered)
    claim_of = {i: ids[n] for n, c in enumerate(ordered) for i in c}
    against: dict[str, dict[str, str]] = defaultdict(dict)
    for x, y, why in conflicts:
        cx, cy = claim_of.get(x), claim_of.get(y)
        if cx and cy and cx != cy:
            against[cx].setdefault(cy, why)
            against[cy].setdefault(cx, _reverse(why))
    claims = [_claim(articles, items, c, ids[n], against[ids[n]]) for n, c in enumerate(ordered)]
    return tuple(sorted(claims, key=lambda c: (-len(c.articles), c.id)))


def _reverse(why: str) -> str:
    head, _, rest = why.partition(": ")
    if " vs " not in (rest or head):
        return why
    left, _, right = (rest or head).partition(" vs ")
    return f"{head}: {right} vs {left}" if rest else f"{right} vs {left}"


def _claim_ids(articles: tuple[Article, ...], items: Sequence[_Item], ordered: list[list[int]]) -> list[str]:
    counter: Counter[int] = Counter()
    ids = []
    for cluster in ordered:
        first = min(items[i].article for i in cluster)
        counter[first] += 1
        ids.append(f"c-{articles[first].id}-{counter[first]}")
    return ids


def _claim(
    articles: tuple[Article, ...], items: Sequence[_Item], cluster: list[int], claim_id: str,
    against: dict[str, str],
) -> Claim:
    members = sorted((items[i] for i in cluster), key=lambda it: it.article)
    supports = tuple(
        ClaimSupport(articles[m.article].id, m.statement.text, m.sentence.start, m.sentence.end) for m in members
    )
    outlets = {articles[m.article].outlet_name for m in members}
    group_votes = Counter(m.group for m in members if m.group)
    return Claim(
        id=claim_id,
        text=_claim_text(members),
        articles=tuple(s.article for s in supports),
        supports=supports,
        single_source=len(outlets) == 1,
        contradicts=tuple(sorted(against)),
        conflict="; ".join(dict.fromkeys(against[c] for c in sorted(against))),
        conflicts=tuple(against[c] for c in sorted(against)),
        quote_group=min(group_votes, key=lambda g: (-group_votes[g], g)) if group_votes else None,
        omitted_by=_omitted_by(articles, {m.article for m in members}, outlets),
    )


def _claim_text(members: list[_Item]) -> str:
    """The shortest attribution-free wording among the fact/quote supports (never rewritten)."""
    usable = [m.statement for m in members if m.statement.kind != "opinion"] or [m.statement for m in members]
    return min((s.core or s.text for s in usable), key=lambda t: (len(t), t))


def _omitted_by(articles: tuple[Article, ...], carrying: set[int], outlets: set[str]) -> tuple[str, ...]:
    if len(articles) < 3 or len(carrying) < math.ceil(WIDE_SHARE * len(articles)):
        return ()
    missing = {a.outlet_name for i, a in enumerate(articles) if i not in carrying}
    return tuple(sorted(missing - outlets))
