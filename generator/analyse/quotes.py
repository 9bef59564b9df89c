"""Quotes stage: who said what in each article, linked to entities and grouped across outlets.

Per article (:func:`extract_quotes`) three kinds of statement are found:

* **direct** passages inside quotation marks that stand as a sentence of their own
  (``"…," Miller said``; ``Miller said: "…"``; a quote paragraph with no cue, which
  continues the previous speaker). A passage interrupted only by its attribution
  (``"…," he said, "…"``) is **one** quote: its text joins the pieces with a space
  and its offsets run from the first opening mark to the last closing mark.
* **indirect** reported speech: the clausal complement (ccomp/xcomp) of a reporting
  verb whose subject is the speaker, and ``according to X``.
* **mixed**: reported speech holding a quoted fragment, or quoted words on the object
  of a speech or labelling verb (``called the request "a tactic"``); ``direct`` follows
  the PolNeAR rule (at least half of the content's words inside marks).

Quoted fragments with no reporting verb around them (scare quotes) are not quotes, nor
are open questions after a verb that then asserts nothing ("would not say whether …").
Speakers are resolved inside the article only: a name mention, else a pronoun or a
definite role noun ("the spokesperson", "the former mayor") resolved to the last
compatible speaker or the person who carried that role, an indefinite one ("a
spokeswoman") to the person named with that role right after; a quote paragraph with
no cue goes to a person newly made the subject just before it, else continues the
previous speaker. Anything else keeps the text's own words with ``speaker_start`` None.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from generator.analyse.quote_diff import group_statements
from generator.records import Article, Entity, Mention, Quote, QuoteGroup

CUE_LEMMAS = frozenset(
    """say tell add state claim warn argue contend assert insist note explain emphasize
    emphasise stress underline underscore announce declare confirm deny report write tweet
    post acknowledge admit suggest indicate reveal disclose inform remark respond reply answer
    ask urge pledge vow promise threaten predict accuse allege caution complain observe concede
    maintain reiterate repeat recall signal affirm mention comment testify estimate agree boast joke
    quip demand counter highlight""".split()
)
SPEECH_NOUNS = frozenset(
    """comment remark statement word tweet post letter speech testimony message note memo op-ed
    column interview response reply answer announcement""".split()
)
"""What a person says or writes: as a subject ("Trump's remarks suggested") it stands for its author."""
DIRECT_ONLY_CUES = frozenset({"continue", "conclude", "begin", "go", "read"})
"""Verbs that attribute a direct quote ("the speaker continued", "the sign read") but never report speech alone."""
XCOMP_CUES = frozenset({"urge", "pledge", "vow", "promise", "threaten", "ask", "tell", "warn", "demand"})
PRESS_OBJECTS = frozenset({"reporters", "journalists", "the press", "press", "the reporters"})
ROLE_NOUNS = frozenset(
    """speaker spokesperson president minister secretary leader advisor adviser senator
    governor ambassador director chairman chairwoman chair chief candidate lawmaker diplomat envoy
    commander general mayor premier chancellor prosecutor attorney judge coach
    captain detective officer professor dr mr mrs ms rev sen rep gov lt sgt col pastor bishop
    councillor councilor sheriff inspector lord lady sir prince princess king queen pope
    superintendent""".split()
)
"""Nouns naming a person's office or title; "the official", "the source" are left out on purpose:
they usually refer to an unnamed person, so they are never resolved to the last named speaker."""
_ROLE_SYNONYMS = {"spokesman": "spokesperson", "spokeswoman": "spokesperson", "adviser": "advisor"}
_PAST_MARKS = frozenset({"former", "ex", "ex-", "outgoing", "previous", "erstwhile"})
_PERSON_PRONOUNS = frozenset({"he", "she"})
_GROUP_PRONOUNS = frozenset({"they", "we"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")
_DOUBLE_OPENERS = "“„"
_OPEN_CONTEXT = "([{—–-/ \t"
_SPLIT_GAP_WORDS = 12
"""Longest attribution ("Miller told reporters on Monday in Washington") that splits one quote."""


# --------------------------------------------------------------------------- quotation marks


@dataclass(frozen=True)
class Marked:
    """One passage inside quotation marks."""

    start: int
    """Offset of the opening mark."""
    end: int
    """Offset just past the closing mark, or the paragraph end when the mark never closes."""
    pieces: tuple[tuple[int, int], ...]
    """Inner ranges (between the marks); several when the passage runs over paragraphs."""
    single: bool
    """Delimited by ‘…’ rather than double marks."""


def paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of the non-blank lines of ``text``, leading spaces left out."""
    spans = []
    for m in _PARAGRAPH.finditer(text):
        lead = len(m.group()) - len(m.group().lstrip())
        spans.append((m.start() + lead, m.end()))
    return tuple(spans)


def _opens_at(text: str, i: int, start: int, end: int) -> bool:
    before_ok = i == start or text[i - 1] in _OPEN_CONTEXT or text[i - 1] in _DOUBLE_OPENERS
    return before_ok and i + 1 < end and not text[i + 1].isspace()


def _closes_single_at(text: str, i: int, end: int) -> bool:
    # ’ is also the apostrophe: it closes only before a non-letter ("Russia’s" stays one word).
    return (i + 1 == end or not text[i + 1].isalnum()) and not text[i - 1].isspace()


def _scan(text: str, start: int, end: int) -> tuple[list[tuple[int, int, bool]], int | None]:
    """Closed passages of one paragraph as (open offset, close offset, single), and a mark left open."""
    spans: list[tuple[int, int, bool]] = []
    stack: list[tuple[str, int]] = []
    single_open: int | None = None
    for i in range(start, end):
        c = text[i]
        if c == '"':
            if i > start and text[i - 1].isdigit():
                continue  # inch or second mark: 6'2", 5"
            if not stack and _closes_only(text, i, start, end):
                continue  # the closing mark of a quote whose opening mark the scrape lost
            if stack and not (_opens_at(text, i, start, end) and _may_nest(text, i, start, end, stack[-1])):
                _close(stack, spans, i)
            else:
                stack.append((c, i))
        elif c in _DOUBLE_OPENERS and stack and text[i - 1] in ",.?!" and (i + 1 == end or text[i + 1].isspace()):
            _close(stack, spans, i)  # a typo'd closing mark: ,“ said Smith
        elif c in _DOUBLE_OPENERS:
            stack.append((c, i))
        elif c == "”" and stack:
            _close(stack, spans, i)
        elif c == "‘" and not stack and single_open is None and _opens_at(text, i, start, end):
            single_open = i
        elif c == "’" and single_open is not None and not stack and _closes_single_at(text, i, end):
            spans = [span for span in spans if span[0] < single_open]  # ‘a "b" c’ is one passage
            spans.append((single_open, i, True))
            single_open = None
    return spans, (stack[0][1] if stack else None)


def _closes_only(text: str, i: int, start: int, end: int) -> bool:
    """A straight mark after a word and before a space (``entry," he said``) can only close."""
    return i > start and not text[i - 1].isspace() and (i + 1 == end or text[i + 1].isspace())


def _may_nest(text: str, i: int, start: int, end: int, outer: tuple[str, int]) -> bool:
    """A straight mark that looks like an opener nests inside the open quote (\"a \"Caravans\" b\")
    when the outer mark really opened, it follows a word, and the paragraph still holds two marks."""
    if outer[0] != '"':
        return True
    follows_word = text[start:i].rstrip()[-1:].isalnum()
    return _opens_at(text, outer[1], start, end) and follows_word and text.count('"', i + 1, end) >= 2


def _close(stack: list[tuple[str, int]], spans: list[tuple[int, int, bool]], i: int) -> None:
    _, opened = stack.pop()
    if not stack:
        spans.append((opened, i, False))


def marked_passages(text: str) -> tuple[Marked, ...]:
    """Every quoted passage of ``text`` in order.

    A mark still open at a paragraph's end continues into the next paragraph when
    that one opens with a quotation mark (newspaper convention); otherwise the
    passage is capped at its paragraph, so a stray mark never swallows the text.
    """
    found: list[Marked] = []
    carried: Marked | None = None
    for p_start, p_end in paragraphs(text):
        spans, dangling = _scan(text, p_start, p_end)
        passages = [Marked(o, c + 1, ((o + 1, c),), single) for o, c, single in spans]
        if dangling is not None:
            passages.append(Marked(dangling, p_end, ((dangling + 1, p_end),), False))
        if carried is not None:
            if passages and passages[0].start == p_start and not passages[0].single:
                first = passages.pop(0)
                passages.insert(0, Marked(carried.start, first.end, carried.pieces + first.pieces, False))
            else:
                found.append(carried)
        carried = passages.pop() if dangling is not None else None
        found.extend(passages)
    if carried is not None:
        found.append(carried)
    return tuple(found)


def words(text: str) -> list[str]:
    """Word tokens of ``text`` (apostrophes kept inside words)."""
    return _WORD.findall(text)


# --------------------------------------------------------------------------- article context


@dataclass(frozen=True)
class _Context:
    """Look-ups over one parsed article that every extraction step needs."""

    doc: Doc
    text: str
    """``doc.text``, read once: spaCy re-joins every token on each read of ``Doc.text``."""
    paragraphs: tuple[tuple[int, int], ...]
    passages: tuple[Marked, ...]
    mention_of_token: dict[int, Mention]
    roles: tuple[tuple[str, Mention], ...]
    """(role noun, PERSON mention it describes), in text order."""
    token_starts: tuple[int, ...]
    person_names: frozenset[str] = frozenset()
    """Last words of the names the model labels PERSON somewhere in the article."""

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect_right([p[0] for p in self.paragraphs], offset) - 1)

    def tokens(self, start: int, end: int) -> Span | tuple[()]:
        span = self.doc.char_span(start, end, alignment_mode="contract") if start < end else None
        return span if span is not None else ()

    def sentence_of(self, offset: int) -> Span:
        """The sentence of the token at ``offset``, or of the token just before it (in a space)."""
        i = bisect_right(self.token_starts, offset) - 1
        return self.doc[max(i, 0)].sent


@dataclass(frozen=True)
class _Speaker:
    name: str
    start: int | None
    end: int | None
    kind: str
    """"person" (he/she may refer to it), "group" (they/we may) or "none"."""


_NO_SPEAKER = _Speaker("", None, None, "none")


@dataclass(frozen=True)
class _Draft:
    """A quote found in the text, before its speaker is resolved in reading order."""

    start: int
    end: int
    text: str
    direct: bool
    cue: Token | None
    subject: Token | None
    paragraph: int
    mixed: bool = False


def _context(article: Article, doc: Doc, mentions: tuple[Mention, ...]) -> _Context:
    text = article.text
    if doc.text != text:
        raise ValueError(f"doc is not a parse of article {article.id!r}")
    mention_of: dict[int, Mention] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        for t in span if span is not None else ():
            mention_of.setdefault(t.i, m)
    return _Context(doc, text, paragraphs(text), marked_passages(text), mention_of,
                    _roles(doc, mentions), tuple(t.idx for t in doc),
                    frozenset(m.text.split()[-1] for m in mentions if m.label == "PERSON" and m.text.split()))


def _role_key(lemma: str) -> str:
    low = lemma.lower()
    return _ROLE_SYNONYMS.get(low, low)


def _roles(doc: Doc, mentions: tuple[Mention, ...]) -> tuple[tuple[str, Mention], ...]:
    """Role nouns describing each PERSON mention: "spokesman Matthew Miller", "Jeon, a spokesperson"."""
    found = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if m.label != "PERSON" or span is None:
            continue
        root = span.root
        related = [c for c in root.children if c.dep_ in ("compound", "amod", "appos", "nmod")]
        related += [root.head] if root.dep_ == "appos" else []
        found += [(_office(t), m) for t in related if t.i not in range(span.start, span.end)
                  and t.pos_ in ("NOUN", "PROPN")]
        found += [(_role_key(t.lemma_), m) for t in span if t.i != root.i and _is_person_noun(t)]  # NER kept the title
    return tuple(found)


# --------------------------------------------------------------------------- cues and speakers


def _is_according(t: Token) -> bool:
    return t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to"


def _is_cue(t: Token, direct: bool) -> bool:
    """A reporting verb in the active voice ("said", "told"), or "according to"."""
    if _is_according(t):
        return True
    if t.pos_ != "VERB":  # most tokens: decided before their children are walked
        return False
    lemma = t.lemma_.lower()
    lemmas = CUE_LEMMAS | DIRECT_ONLY_CUES if direct else CUE_LEMMAS
    pointed_out = lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in t.children)
    return (lemma in lemmas or pointed_out) and not any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)


def _cue_text(t: Token) -> str:
    if _is_according(t):
        return "according to"
    particle = next((c for c in t.children if c.dep_ == "prt"), None)
    if particle is not None:
        return f"{t.text} {particle.text}"  # "pointed out"
    for c in t.rights:
        if c.dep_ in ("dobj", "dative") and t.doc[c.left_edge.i : c.i + 1].text.lower() in PRESS_OBJECTS:
            return f"{t.text} {t.doc[c.left_edge.i : c.i + 1].text}"
        if c.dep_ in ("prep", "dative") and c.lower_ == "to" and " ".join(w.lower_ for w in c.subtree) in PRESS_OBJECTS | {"to reporters"}:
            return f"{t.text} to {c.doc[c.i + 1 : c.right_edge.i + 1].text}"
    return t.text


def _subject_of(cue: Token) -> Token | None:
    """The token naming who speaks: nsubj, "according to X", a participle's governor, "said Miller"."""
    if _is_according(cue):
        return next((c for c in cue.doc[cue.i + 1].children if c.dep_ == "pobj"), None)
    subjects = [c for c in cue.children if c.dep_ == "nsubj"]
    if subjects:
        return subjects[-1]
    if cue.dep_ in ("conj", "xcomp") or (cue.dep_ in ("advcl", "dep") and cue.tag_ in ("VBG", "VB")):
        return _subject_of(cue.head) if cue.head is not cue else None
    issuer = next((t for t in cue.head.ancestors if t.pos_ == "VERB"), None) if cue.dep_ == "acl" else None
    if issuer is not None and cue.tag_ == "VBG":
        return _subject_of(issuer)  # "issued a statement (to reporters) saying …": who issued it
    return next((c for c in cue.rights if c.pos_ == "PROPN" and c.dep_ != "compound"), None)


def _phrase(tok: Token) -> Span:
    """The subject's own words: its left modifiers and prepositional tail, without relative clauses."""
    right = tok
    for c in tok.rights:
        if c.dep_ in ("prep", "compound", "flat", "amod") and c.right_edge.i > right.i:
            right = c.right_edge
    return tok.doc[tok.left_edge.i : right.i + 1]


def _mention_speaker(m: Mention, ctx: _Context, person: bool = False) -> _Speaker:
    """The speaker a mention names, without a title the model kept inside it ("Coach Ana Ruiz")."""
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    tokens = list(span) if span is not None and m.label == "PERSON" else []
    while len(tokens) > 1 and (_is_person_noun(tokens[0]) or tokens[0].lower_ == "the"):
        tokens.pop(0)
    start = tokens[0].idx if tokens else m.start
    kind = "person" if person or m.label == "PERSON" else "group"
    return _Speaker(ctx.text[start : m.end], start, m.end, kind)


def _named(tok: Token, ctx: _Context) -> Mention | None:
    """The name mention of the subject itself, or of a person in apposition to it."""
    own = ctx.mention_of_token.get(tok.i)
    if own is not None and own.label in _NAME_LABELS:
        return own
    for c in tok.children:
        m = ctx.mention_of_token.get(c.i)
        if c.dep_ in ("appos", "compound") and m is not None and m.label == "PERSON":
            return m
    return None


def _office(tok: Token) -> str:
    """The role a noun names, "former " kept: the former mayor is not the mayor."""
    past = any(c.lower_ in _PAST_MARKS for c in tok.children if c.i < tok.i)
    return ("former " if past else "") + _role_key(tok.lemma_)


def _author_of(tok: Token, ctx: _Context) -> Mention | None:
    """The person whose words the subject is: "Mr. Trump's comments suggested" -> Mr. Trump."""
    if tok.lemma_.lower() not in SPEECH_NOUNS:
        return None
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    named = ctx.mention_of_token.get(owner.i) if owner is not None else None
    return named if named is not None and named.label == "PERSON" else None


def _sentence_subject(tok: Token, ctx: _Context) -> Mention | None:
    """The organisation or place heading the sentence that "it"/"they" sits in further on
    ("Israel presented what it said was evidence" -> Israel)."""
    for verb in list(tok.head.ancestors):
        for c in verb.children:
            m = ctx.mention_of_token.get(c.i)
            if c.dep_ == "nsubj" and c.i < tok.i and m is not None and m.label in ("ORG", "GPE", "NORP"):
                return m
    return None


def _called_person(m: Mention, ctx: _Context) -> bool:
    """A PERSON mention, or a name the model labels PERSON elsewhere in the article ("Trump" tagged ORG once)."""
    name = m.text.split()
    return m.label == "PERSON" or (m.label != "GPE" and bool(name) and name[-1] in ctx.person_names)


def _role_holder(tok: Token, ctx: _Context) -> Mention | None:
    """The last person given this role before ``tok`` whose sentence also holds the role's
    qualifiers ("the Florida senator" is not the Vermont senator)."""
    key, qualifiers = _office(tok), _qualifiers(tok)
    holders = [m for role, m in ctx.roles if role == key and m.start < tok.idx
               and all(q in ctx.sentence_of(m.start).text.lower() for q in qualifiers)]
    return max(holders, key=lambda m: m.start) if holders else None


def _qualifiers(tok: Token) -> list[str]:
    """Words narrowing a role noun: "Florida", "Democratic" in "the Democratic Florida senator"."""
    return [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i
            and c.lower_ not in _PAST_MARKS]


def _is_person_noun(tok: Token) -> bool:
    key = _role_key(tok.lemma_)
    return key in ROLE_NOUNS or key.endswith(("person", "man", "woman"))


def _is_subject(tok: Token) -> bool:
    """A clause subject, a name in apposition to one ("The manager, Owen Bracegirdle, was ..."),
    or its possessor ("Trump's ire stems from ..."); not in a clause that describes a noun ("said
    Torres, who is protected by the program that Trump has been trying to end": not Trump)."""
    subject = ("nsubj", "nsubjpass")
    if tok.dep_ in ("appos", "poss") and tok.head.dep_ in subject:
        tok = tok.head
    elif tok.dep_ not in subject:
        return False
    return not any(t.dep_ in ("relcl", "acl") for t in (tok.head, *tok.head.ancestors))


def _latest_person(ctx: _Context, before: int, after: int = 0, subjects: bool = False) -> _Speaker | None:
    """The last PERSON mention in [after, before), or the last one that is a clause subject."""
    people = [m for i, m in ctx.mention_of_token.items()
              if _called_person(m, ctx) and after <= m.start and m.end <= before
              and (not subjects or _is_subject(ctx.doc[i]))
              and not any(p.start < m.start < p.end for p in ctx.passages)]  # "“Donald,” he said": not him
    return _mention_speaker(max(people, key=lambda m: m.start), ctx, person=True) if people else None


def _own_words(tok: Token) -> _Speaker:
    """The subject phrase as written, within its line; a name loses a leading title ("Coach")."""
    phrase = [t for t in _phrase(tok) if t.text.strip(",[]") and "\n" not in t.text]
    while tok.pos_ == "PROPN" and len(phrase) > 1 and phrase[0].i < tok.i and _is_person_noun(phrase[0]):
        phrase.pop(0)
    own = tok.doc[phrase[0].i : phrase[-1].i + 1].text if phrase else tok.text
    kind = "person" if tok.tag_ in ("NN", "NNP") else "group"
    return _Speaker(own.split("\n")[-1].strip(" ,[]"), None, None, kind)


def _resolve_speaker(tok: Token | None, ctx: _Context, last: _Speaker, last_person: _Speaker,
                     since: int) -> _Speaker:
    """Who ``tok`` (the subject of a cue) refers to, given the speakers met so far in reading order
    (``since``: the end of the last person speaker's quote)."""
    if tok is None:
        return _NO_SPEAKER
    if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "the officials who said" -> the officials
    named = _named(tok, ctx)
    if named is not None:
        return _mention_speaker(named, ctx, _is_person_noun(tok) or _called_person(named, ctx))
    if tok.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS | {"it"}:
        return _resolve_pronoun(tok, ctx, last, last_person, since)
    author = _author_of(tok, ctx)
    if author is not None:
        return _mention_speaker(author, ctx)
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)
    if tok.pos_ == "NOUN" and tok.tag_ == "NN" and definite:
        holder = _role_holder(tok, ctx)
        if holder is not None:
            return _mention_speaker(holder, ctx)
        if _is_person_noun(tok) and last_person.name and not _qualifiers(tok):
            return last_person
    named_next = _named_next(tok, ctx) if _is_person_noun(tok) and not definite else None
    return _mention_speaker(named_next, ctx) if named_next is not None else _own_words(tok)


def _resolve_pronoun(tok: Token, ctx: _Context, last: _Speaker, last_person: _Speaker, since: int) -> _Speaker:
    """he/she: a person made a subject since ``since``, else the last person speaker, else the last
    person named; it/they/we: the organisation heading the sentence, else (they/we) the last group."""
    if tok.lower_ in _PERSON_PRONOUNS:
        newcomer = _latest_person(ctx, tok.idx, after=since, subjects=True)
        found = newcomer or (last_person if last_person.name else _latest_person(ctx, tok.idx))
        return found or _own_words(tok)
    host = _sentence_subject(tok, ctx)
    if host is not None:
        return _mention_speaker(host, ctx)
    return last if last.kind == "group" and tok.lower_ != "it" else _own_words(tok)


def _named_next(tok: Token, ctx: _Context) -> Mention | None:
    """"a spokeswoman" named right after as "The spokeswoman, Dana Whitcombe," (same or next paragraph)."""
    key, last_paragraph = _office(tok), ctx.paragraph_of(tok.idx) + 1
    later = [m for role, m in ctx.roles if role == key and m.start > tok.idx
             and ctx.paragraph_of(m.start) <= last_paragraph
             and f"the {tok.lower_}" in ctx.text[max(0, m.start - 40) : m.start].lower()]
    return min(later, key=lambda m: m.start) if later else None


# --------------------------------------------------------------------------- direct quotes


_SENTENCE_END = re.compile(r"[.?!]\s+[A-Z]")
_SENTENCE_INSIDE = re.compile(r"(?<!\b[A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr))(?<!\bMrs)[.?!][\"”’]?\s+[\"“‘]?[A-Z]")
"""A sentence break inside a passage; "U.S. President" and "Mr. Kim" are not one."""


def _stands_alone(p: Marked, ctx: _Context) -> bool:
    """A passage that is a sentence of its own, not a fragment woven into the writer's sentence."""
    text = ctx.text
    para_start = ctx.paragraphs[ctx.paragraph_of(p.start)][0]
    before = text[para_start : p.start].rstrip()
    inner = text[p.pieces[0][0] : p.pieces[0][1]].rstrip()
    if not before or before[-1] in ".?!:;”\"’" or _SENTENCE_INSIDE.search(text[p.pieces[0][0] : p.pieces[-1][1]]):
        return True
    if before[-1] == "," and _cue_before(p, ctx) is not None:
        return True
    if inner.endswith((",", "?", "!")) and _cue_after(p, ctx, len(text)) is not None:
        return not _clause_before(p, ctx)
    preceding = ctx.tokens(para_start, p.start)
    return bool(preceding) and _is_cue(preceding[-1], direct=True) and _ends_clause(p, ctx.text)


def _ends_clause(p: Marked, text: str) -> bool:
    """The marks close the clause: ``said "…."`` but not ``said "thousands of us" will come``."""
    inner = text[p.pieces[-1][0] : p.pieces[-1][1]].rstrip()
    after = text[p.end : p.end + 2].lstrip(" ")
    return inner.endswith((".", ",", "?", "!", "…")) or not after or after[0] in ",.;:!?—–-)\n"


def _clause_before(p: Marked, ctx: _Context) -> bool:
    """The writer's own clause leads into the marks ("Russia will win the struggle to “…,”"): a fragment."""
    sentence = ctx.sentence_of(p.start)
    para_start = ctx.paragraphs[ctx.paragraph_of(p.start)][0]
    return any(t.pos_ in ("VERB", "AUX") for t in ctx.tokens(max(para_start, sentence.start_char), p.start))


def _attributes(cue: Token, p: Marked, ctx: _Context) -> bool:
    """A cue belongs to a quote unless it reports a clause of the writer's own (unquoted, in its line)."""
    if not _is_cue(cue, direct=True):
        return False
    line = ctx.text.rfind("\n", 0, cue.idx) + 1, ctx.text.find("\n", cue.idx) % (len(ctx.text) + 1)
    comps = [c for c in cue.children if _reports(cue, c) and line[0] <= c.idx < line[1]
             and not (c.i > cue.i and _leads_into(p, cue, ctx.text))]
    quoted = (p, *ctx.passages)
    return all(any(q.start <= c.idx < q.end for q in quoted) for c in comps)


def _leads_into(p: Marked, cue: Token, text: str) -> bool:
    """``"…," Claros said as the crowd gathered``: a quote ending in a comma hands over to its cue,
    so a clause the parser hangs to the right of the cue is not what the cue reports."""
    inner = text[p.pieces[-1][0] : p.pieces[-1][1]].rstrip()
    return p.end <= cue.idx and inner.endswith((",", "?", "!"))


def _ends_with_mark(p: Marked, text: str) -> bool:
    """The quoted words end with "?" or "!", where a writer cannot put the comma before a cue."""
    return text[p.pieces[-1][0] : p.pieces[-1][1]].rstrip(" ’'").endswith(("?", "!"))


def _cue_after(p: Marked, ctx: _Context, limit: int) -> Token | None:
    """The cue right after a quote in its sentence (``"…," Miller said``), before ``limit``."""
    sentence = ctx.sentence_of(min(p.end, len(ctx.text) - 1))
    para_end = ctx.paragraphs[ctx.paragraph_of(p.end - 1)][1]
    if sentence.end_char <= p.end and _ends_with_mark(p, ctx.text) and sentence.end < len(ctx.doc):
        sentence = ctx.doc[sentence.end].sent  # '“Blink twice!” one person tweeted': the parser split at "!"
    region = list(ctx.tokens(p.end, min(limit, sentence.end_char, para_end)))
    for k, t in enumerate(region):
        if _attributes(t, p, ctx) and _directly_after(region[:k], t):
            return t
    return None


def _directly_after(between: list[Token], cue: Token) -> bool:
    """No clause of the writer's own stands between a closing mark and its cue (the speaker's
    description may hold verbs: ``"…," Trump, who won the primary, said``)."""
    modifiers = [c for c in cue.children if c.dep_ in ("prep", "advmod", "npadvmod", "advcl") and c.i < cue.i]
    subject = _subject_of(cue)
    described = {t.i for m in [*modifiers, *([subject] if subject is not None else [])] for t in m.subtree}
    described |= {t.i for t in _raising_chain(cue)}
    return all(t.i in described for t in between if t.pos_ in ("VERB", "AUX"))


def _raising_chain(cue: Token) -> list[Token]:
    """The verbs a cue hangs from as an infinitive, with their auxiliaries ("Mueller planned to ask")."""
    chain = []
    while cue.dep_ == "xcomp" and cue.head.i != cue.i:
        cue = cue.head
        chain += [cue, *(c for c in cue.children if c.dep_ in ("aux", "neg"))]
    return chain


def _cue_before(p: Marked, ctx: _Context) -> Token | None:
    """The cue leading into a quote in its sentence (``Miller said, "…"``) or a colon lead-in."""
    para_start = ctx.paragraphs[ctx.paragraph_of(p.start)][0]
    sentence = ctx.sentence_of(p.start)
    region = ctx.tokens(max(para_start, sentence.start_char), p.start)
    if not "".join(t.text for t in region).strip(" “\"‘"):
        region = _colon_lead_in(p, ctx)
    return next((t for t in reversed(list(region)) if _attributes(t, p, ctx)), None)


def _colon_lead_in(p: Marked, ctx: _Context) -> Span | tuple[()]:
    """The sentence before a quote when it ends with a colon ("Miller told reporters:")."""
    text = ctx.text
    before = text[: p.start].rstrip()
    if not before.endswith(":"):
        return ()
    sentence = ctx.sentence_of(len(before) - 1)
    return ctx.tokens(sentence.start_char, len(before))


def _colon_subject(p: Marked, ctx: _Context) -> Token | None:
    """The subject of a lead-in with no reporting verb: "The board was blunt in its findings: "…"."""
    lead_in = _colon_lead_in(p, ctx)
    if not lead_in:
        return None
    inside = {t.i for t in lead_in}
    heads = [t for t in lead_in if t.head.i not in inside or t.head.i == t.i]
    return next((c for t in heads for c in t.children if c.dep_ == "nsubj" and c.i in inside), None)


def _split_cue(a: Marked, b: Marked, ctx: _Context) -> tuple[bool, Token | None]:
    """``"…," he said, "…"``: whether the gap between two passages holds only an attribution, and its cue."""
    if ctx.paragraph_of(a.start) != ctx.paragraph_of(b.start) or a.single or b.single:
        return False, None
    joined = Marked(a.start, b.end, a.pieces + b.pieces, False)
    gap = ctx.text[a.end : b.start].strip()
    if gap.endswith((".", "?", "!")) or _SENTENCE_END.search(gap):
        return False, None  # '"…," she said. She added: "…"' is two quotes
    cue = next((t for t in ctx.tokens(a.end, b.start) if _attributes(t, joined, ctx)), None)
    gap_words = words(gap)
    return not gap_words or (len(gap_words) <= _SPLIT_GAP_WORDS and cue is not None), cue


def _direct_blocks(ctx: _Context) -> list[tuple[Marked, Token | None]]:
    """Stand-alone passages, split quotes joined, each with the cue that attributes it (if any)."""
    standing = [p for p in ctx.passages if _stands_alone(p, ctx)]
    blocks: list[tuple[Marked, Token | None]] = []
    for i, p in enumerate(standing):
        limit = standing[i + 1].start if i + 1 < len(standing) else len(ctx.text)
        after = _cue_after(p, ctx, limit)
        split, gap_cue = _split_cue(blocks[-1][0], p, ctx) if blocks and after is None else (False, None)
        if split:
            prev, prev_cue = blocks.pop()
            p, after = Marked(prev.start, p.end, prev.pieces + p.pieces, False), gap_cue or prev_cue
        blocks.append((p, after or _cue_before(p, ctx)))
    kept: list[tuple[Marked, Token | None]] = []
    for p, cue in blocks:
        continues = bool(kept) and kept[-1][0].single and ctx.paragraph_of(kept[-1][0].start) == ctx.paragraph_of(p.start)
        if _is_speech(p, cue, ctx) or (p.single and continues):
            kept.append((p, cue))
    return kept


def _is_speech(p: Marked, cue: Token | None, ctx: _Context) -> bool:
    """Scare quotes (two words or fewer, no cue) and ‘single-quoted’ passages with no cue are not quotes."""
    if cue is not None:
        return True
    inner = " ".join(ctx.text[a:b] for a, b in p.pieces)
    return not p.single and len(words(inner)) > 2


def _quoted_words(p: Marked, text: str) -> str:
    return " ".join(text[a:b].strip() for a, b in p.pieces).strip(" ,")


# --------------------------------------------------------------------------- reported speech


_ADVERBIAL_MARKS = frozenset({"as", "if", "when", "because", "while", "although", "since", "after", "before"})


def _reports(cue: Token, child: Token) -> bool:
    """``child`` is the clause ``cue`` reports (not an adverbial clause the parser attached as ccomp)."""
    if child.dep_ == "xcomp":
        return child.i > cue.i and cue.lemma_.lower() in XCOMP_CUES
    if child.i < cue.i and any(t.text == ";" for t in cue.doc[child.right_edge.i + 1 : cue.i]):
        return False  # "Japan is worried; each has threatened the other": two clauses, not a report
    return child.dep_ == "ccomp" and not any(
        c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in child.children)


def _content_span(cue: Token) -> tuple[int, int] | None:
    """Character span of what a cue reports: its clausal complement, or the rest of the sentence."""
    if _is_according(cue):
        phrase = list(cue.subtree)
        sent = cue.sent
        left, right = cue.doc[sent.start : phrase[0].i], cue.doc[phrase[-1].i + 1 : sent.end]
        part = left if len(left) >= len(right) else right
    elif cue.dep_ == "parataxis" and not any(c.dep_ == "ccomp" for c in cue.children):
        part = cue.sent  # a parenthetical cue ("the plan, she said, failed") reports its whole sentence
    else:
        comps = sorted((c for c in cue.children if _reports(cue, c)), key=lambda c: (c.i < cue.i, c.i))
        if not comps:
            return None
        part = cue.doc[comps[0].left_edge.i : comps[0].right_edge.i + 1]
    tokens = [t for t in part if not t.is_space]
    while tokens and (tokens[0].is_punct or tokens[0].lower_ == "that") and tokens[0].text not in "“\"‘":
        tokens.pop(0)
    when = next((i for i, t in enumerate(tokens) if t.ent_type_ not in ("DATE", "TIME")), 0)
    if 0 < when < len(tokens) - 1 and tokens[when].text == "," and tokens[0].i == cue.i + 1:
        tokens = tokens[when + 1 :]  # "said Monday, the files are real": the date is the cue's
    if len(tokens) >= 3:  # a lone piece of a split word is no clause to complete
        tokens = tokens[:-1] + _whole_word_end(tokens[-1])
    while tokens and tokens[-1].is_punct and tokens[-1].text not in "”\"’":
        tokens.pop()
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1])) if tokens else None


def _whole_word_end(last: Token) -> list[Token]:
    """``last`` and, when the tokenizer split its word at a hyphen ("open to re-negotiating the
    deal" parsed as ending at "re"), the rest of that word and what depends on it, within the sentence."""
    doc, end = last.doc, last.sent.end
    tail = [last]
    while not tail[-1].whitespace_ and tail[-1].i + 2 < end and doc[tail[-1].i + 1].text == "-":
        word = doc[tail[-1].i + 2]
        tail += list(doc[tail[-1].i + 1 : max(word.i, min(word.right_edge.i, end - 1)) + 1])
    return tail


def _reported_speech(ctx: _Context, blocks: list[tuple[Marked, Token | None]]) -> list[_Draft]:
    """Indirect and mixed quotes: what reporting verbs outside direct quotes report."""
    text = ctx.text
    drafts = []
    for cue in ctx.doc:
        if not _is_cue(cue, direct=False) or _cue_taken(cue, ctx, blocks):
            continue
        span = _clamp(_content_span(cue), ctx.paragraphs[ctx.paragraph_of(cue.idx)])
        if span is None or _subject_of(cue) is None or not _is_statement(text[span[0] : span[1]], cue, span[0]):
            continue
        if any(p.start < span[1] and span[0] < p.end for p, _ in blocks):
            continue  # the cue of a direct quote, already taken
        if _is_according(cue) and any(t is not None and span[0] <= t.idx < span[1] for _, t in blocks):
            continue  # '"…?" Mueller planned to ask, according to the list': a source of that quote
        inside = _quoted_share(span, ctx)
        drafts.append(_Draft(span[0], span[1], text[span[0] : span[1]], inside >= 0.5,
                             cue, _subject_of(cue), ctx.paragraph_of(span[0]), inside > 0))
    return drafts


def _cue_taken(cue: Token, ctx: _Context, blocks: list[tuple[Marked, Token | None]]) -> bool:
    """A verb inside quotation marks is the speaker's own word, and a direct quote's cue is spent."""
    if any(p.start <= cue.idx < p.end for p in ctx.passages):
        return True
    return any(taken is not None and taken.i == cue.i and _leads_into(p, cue, ctx.text)
               for p, taken in blocks)


_QUESTION_WORDS = frozenset({"how", "what", "why", "whether", "when", "where", "who", "which"})
_UNSAID_CUES = frozenset({"predict", "reveal", "suggest", "indicate", "signal", "highlight", "confirm", "deny"})
"""Verbs that assert nothing when followed by a question ("revealed how", "would not confirm whether")."""


def _is_statement(content: str, cue: Token, start: int) -> bool:
    """Three words or more, and not an open question after a verb that then asserts nothing
    ("declined to predict how he would respond", "would not say whether", "revealed how …")."""
    found = words(content)
    if len(found) < 3:
        return False
    question = start > cue.idx and found[0].lower() in _QUESTION_WORDS
    return not question or not (cue.lemma_.lower() in _UNSAID_CUES or _withheld(cue))


def _withheld(cue: Token) -> bool:
    """"would not say", "declined to say", "refused to confirm"."""
    negated = any(c.dep_ == "neg" for c in cue.children)
    return negated or (cue.dep_ == "xcomp" and cue.head.lemma_.lower() in ("decline", "refuse"))


LABEL_VERBS = frozenset(
    """call describe dub label brand term accuse praise congratulate thank criticize criticise blast slam
    condemn denounce dismiss hail toast""".split()
)
"""Verbs that put someone's quoted words on a noun: 'called the request "a tactic"'."""


def _quoted_labels(ctx: _Context, blocks: list[tuple[Marked, Token | None]], reported: list[_Draft]) -> list[_Draft]:
    """Mixed quotes whose quoted words hang on a noun object of a speech verb, not on a clause."""
    taken = [(p.start, p.end) for p, _ in blocks] + [(d.start, d.end) for d in reported]
    drafts = []
    for p in ctx.passages:
        if any(a < p.end and p.start < b for a, b in taken):
            continue
        verb = _governing_verb(p, ctx)
        span = _clamp(_object_span(verb), ctx.paragraphs[ctx.paragraph_of(p.start)]) if verb is not None else None
        if span is None or not span[0] <= p.start < span[1]:
            continue
        inside = _quoted_share(span, ctx)
        drafts.append(_Draft(span[0], span[1], ctx.text[span[0] : span[1]], inside >= 0.5,
                             verb, _subject_of(verb), ctx.paragraph_of(span[0]), True))
        taken.append(span)
    return drafts


_SETTING_PREPS = frozenset({"on", "in", "at", "during", "from", "with", "by"})


def _governing_verb(p: Marked, ctx: _Context) -> Token | None:
    """The active speech or labelling verb with a subject that the passage's words depend on."""
    inner = ctx.tokens(p.pieces[0][0], p.pieces[0][1])
    if not inner:
        return None
    verb = next((t for t in inner.root.ancestors
                 if t.pos_ == "VERB" and t.lemma_.lower() in LABEL_VERBS | CUE_LEMMAS), None)
    if verb is None or not _is_cue_voice(verb):
        return None
    path = [t for t in inner.root.ancestors if t.i != verb.i and verb.is_ancestor(t)]
    if any(t.dep_ == "prep" and t.lower_ in _SETTING_PREPS for t in path):
        return None  # 'told Bret Baier on "Special Report"': a title, not words of the speaker
    subject = _subject_of(verb)
    return verb if subject is not None and subject.tag_ not in ("WDT", "WP") else None


def _is_cue_voice(verb: Token) -> bool:
    return not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _object_span(verb: Token) -> tuple[int, int] | None:
    """From the word after the verb to the end of its right dependents."""
    rights = [c for c in verb.rights if c.dep_ not in ("punct", "cc", "conj")]
    if not rights:
        return None
    tokens = [t for t in verb.doc[verb.i + 1 : max(c.right_edge.i for c in rights) + 1] if not t.is_space]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in "”\"’":
        tokens.pop()
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1])) if tokens else None


def _clamp(span: tuple[int, int] | None, paragraph: tuple[int, int]) -> tuple[int, int] | None:
    """Reported speech never runs over its paragraph (a missed sentence break must not swallow text)."""
    if span is None or span[1] <= paragraph[0] or span[0] >= paragraph[1]:
        return None
    return max(span[0], paragraph[0]), min(span[1], paragraph[1])


def _quoted_share(span: tuple[int, int], ctx: _Context) -> float:
    """Share of the span's words inside quotation marks (PolNeAR: direct when at least half)."""
    total = len(words(ctx.text[span[0] : span[1]]))
    inside = sum(len(words(ctx.text[max(a, span[0]) : min(b, span[1])]))
                 for p in ctx.passages for a, b in p.pieces if a < span[1] and span[0] < b)
    return inside / total if total else 0.0


# --------------------------------------------------------------------------- public stage functions


def extract_quotes(article: Article, doc: Doc, mentions: tuple[Mention, ...]) -> tuple[Quote, ...]:
    """Direct, mixed and indirect quotes of one article, in text order, speakers resolved in the article.

    ``doc`` must be the parse of ``article.text``; ``mentions`` are its NER mentions.
    Ids are ``<article id>-q<n>`` (n from 1); ``speaker_id`` and ``group`` stay None.
    """
    ctx = _context(article, doc, mentions)
    blocks = _direct_blocks(ctx)
    drafts = [_Draft(p.start, p.end, _quoted_words(p, ctx.text), True, cue,
                     _subject_of(cue) if cue is not None else _colon_subject(p, ctx), ctx.paragraph_of(p.start))
              for p, cue in blocks]
    reported = _reported_speech(ctx, blocks)
    drafts = sorted(drafts + reported + _quoted_labels(ctx, blocks, reported), key=lambda d: (d.start, -d.end))
    return tuple(_resolve_in_order(article.id, drafts, ctx))


def _resolve_in_order(article_id: str, drafts: list[_Draft], ctx: _Context) -> list[Quote]:
    """Speakers in reading order: pronouns and roles look back; cue-less quotes continue the last speaker."""
    last, last_person, last_paragraph, last_person_at = _NO_SPEAKER, _NO_SPEAKER, -2, 0
    quotes: list[Quote] = []
    for n, d in enumerate(drafts, start=1):
        if d.subject is None:
            since = max(quotes[-1].end if quotes else 0, ctx.paragraphs[max(d.paragraph - 1, 0)][0])
            newcomer = _latest_person(ctx, d.start, after=since, subjects=True) if d.direct else None
            speaker = newcomer or (last if d.paragraph - last_paragraph <= 1 else _NO_SPEAKER)
        else:
            speaker = _resolve_speaker(d.subject, ctx, last, last_person, last_person_at)
        if speaker.name:
            last, last_paragraph = speaker, d.paragraph
        if speaker.kind == "person" and speaker.name:
            last_person, last_person_at = speaker, max(d.end, d.cue.idx + len(d.cue) if d.cue else 0)
        quotes.append(Quote(f"{article_id}-q{n}", article_id, d.text, d.start, d.end, d.direct,
                            _cue_text(d.cue) if d.cue is not None else "", speaker.name,
                            speaker.start, speaker.end, mixed=d.mixed))
    return quotes


def link_speakers(quotes: tuple[Quote, ...], entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    """Set ``speaker_id``: the entity with a mention covering the speaker offsets, else the only entity
    whose name or alias is the speaker's name (preferring one seen in the quote's article); else None."""
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    by_alias: dict[str, list[Entity]] = {}
    for e in entities:
        for m in e.mentions:
            by_article.setdefault(m.article, []).append((m.start, m.end, e.id))
        for name in {e.name.lower()} | {a.text.lower() for a in e.aliases}:
            by_alias.setdefault(name, []).append(e)
    return tuple(replace(q, speaker_id=_entity_for(q, by_article, by_alias)) for q in quotes)


def _entity_for(q: Quote, by_article: dict[str, list[tuple[int, int, str]]],
                by_alias: dict[str, list[Entity]]) -> str | None:
    if q.speaker_start is not None:
        hits = sorted(eid for s, e, eid in by_article.get(q.article, ()) if s <= q.speaker_start < e)
        if hits:
            return hits[0]
    named = by_alias.get(q.speaker_name.lower(), []) if q.speaker_name else []
    local = [e for e in named if q.article in e.articles]
    chosen = local if len(local) == 1 else named
    return chosen[0].id if len(chosen) == 1 else None


def group_quotes(quotes: tuple[Quote, ...],
                 articles: tuple[Article, ...]) -> tuple[tuple[Quote, ...], tuple[QuoteGroup, ...]]:
    """Group the same statement across articles (verbatim, reworded, paraphrased, fragment).

    Returns the quotes with ``group`` set (every quote gets one; singletons too) and
    the groups ordered by id. Comparisons are blocked by speaker and rare words.
    """
    known = {a.id for a in articles}
    stray = sorted({q.article for q in quotes} - known)
    if stray:
        raise ValueError(f"quotes of articles not in the bundle: {stray}")
    return group_statements(quotes)
