"""Comparing quotes across articles: typography-blind wording, word diffs and statement groups.

Two printings of a statement differ in *words* only when their normalised word
sequences differ. Normalising removes typography: case, punctuation, quotation
marks, apostrophes and dashes (they are not words), "U.S." vs "US", and British
vs American spelling (-our/-or, -ise/-ize, -yse/-yze, -re/-er, -ogramme/-ogram,
-lled/-led and a short list of single words).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz

from generator.records import DiffToken, Quote, QuoteGroup, QuoteVersion

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_INITIALISM = re.compile(r"\b([A-Z])\.(?=[A-Z]\b)")
_SPELLING = (
    (re.compile(r"ogramme(s?)$"), r"ogram\1"),
    (re.compile(r"^([a-z]{2,})our(s|ed|ing|ite|ites|able|ably|er|ers)?$"), r"\1or\2"),
    (re.compile(r"^([a-z]{3,})is(e|es|ed|ing|ation|ations)$"), r"\1iz\2"),
    (re.compile(r"^([a-z]{2,})ys(e|es|ed|ing)$"), r"\1yz\2"),
    (re.compile(r"^([a-z]{2,}[^aeiou\W])re(s?)$"), r"\1er\2"),
    (re.compile(r"^([a-z]{2,}[aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
)
_UK_WORDS = {
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "judgement": "judgment", "ageing": "aging", "grey": "gray", "tyre": "tire", "aluminium": "aluminum",
    "sceptic": "skeptic", "sceptical": "skeptical", "manoeuvre": "maneuver", "plough": "plow",
    "jewellery": "jewelry", "cheque": "check", "kerb": "curb", "whilst": "while", "amongst": "among",
}
_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those we our us you your he him his she her they them their i me my not no so do
    does did have has had will would can could should may might must there here what which who whom
    about into than then also just very more most any all some such""".split()
)
SAME_WORDING = 80
"""token_set_ratio (0-100) above which two direct printings are the same statement reworded."""
SAME_CONTENT = 70
"""Content-word token_set_ratio above which a paraphrase and a quote are the same statement."""
SHARED_CONTENT = 0.5
"""Share of the shorter quote's content words the other must print too (paraphrase vs quote)."""
BLOCK_WORDS = 6
"""How many of a quote's rarest content words it is indexed under for comparison."""
MAX_BLOCK = 60
"""An index word shared by more quotes than this is too common to compare on."""
TOPIC_SHARE = 0.15
"""A word printed by more than this share of the bundle's quotes (and by more than 4) is the
story's topic ("nuclear", "weapons"): a paraphrase must share two words besides such words."""


@lru_cache(maxsize=65536)
def normalise_word(word: str) -> str:
    """One word with typography and British spelling removed ("Armoured" -> "armored")."""
    w = word.lower().replace("’", "'").replace("'", "")
    w = _UK_WORDS.get(w, w)
    for pattern, repl in _SPELLING:
        w = pattern.sub(repl, w)
    return w


def key_words(text: str) -> tuple[str, ...]:
    """The normalised words of ``text``: what two printings must share to be the same wording."""
    return tuple(normalise_word(w) for w in _WORD.findall(_INITIALISM.sub(r"\1", text)))


def _common_words(text: str) -> tuple[str, ...]:
    """Content words that are not capitalised names."""
    return _content(tuple(normalise_word(w) for w in _WORD.findall(text) if not w[0].isupper()))


def _content(keys: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k for k in keys if k not in _STOP and len(k) > 2)


def word_diff(reference: str, version: str) -> tuple[DiffToken, ...]:
    """Runs of equal, deleted (in reference only) and inserted (in version only) words, typography
    ignored. Reference words before the first or after the last word the version shares with it are
    ``omitted``, not deleted: the version prints part of the statement, which changes no word."""
    ref, ver = reference.split(), version.split()
    ref_keys = [" ".join(key_words(w)) for w in ref]
    ver_keys = [" ".join(key_words(w)) for w in ver]
    tokens: list[DiffToken] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ref_keys, ver_keys, autojunk=False).get_opcodes():
        if op == "equal":
            tokens.append(DiffToken("equal", " ".join(ver[j1:j2])))
            continue
        if i2 > i1:
            tokens.append(DiffToken("delete", " ".join(ref[i1:i2])))
        if j2 > j1:
            tokens.append(DiffToken("insert", " ".join(ver[j1:j2])))
    return _omitted_edges(tokens)


def _omitted_edges(tokens: list[DiffToken]) -> tuple[DiffToken, ...]:
    """``tokens`` with a deleted run at either end that borders an equal run marked omitted."""
    for end, inner in ((0, 1), (-1, -2)):
        if len(tokens) > 1 and tokens[end].op == "delete" and tokens[inner].op == "equal":
            tokens[end] = DiffToken("omitted", tokens[end].text)
    return tuple(tokens)


def changes_words(diff: tuple[DiffToken, ...]) -> bool:
    """True when an inserted or deleted run holds a word (not only a dash or a mark); words left
    out at either end (``omitted``) change none.

    A deletion replaced by the same letters differently split ("Jong Un" / "Jong-un",
    "won’t" / "wont") is typography too.
    """
    changed = [t for t in diff if t.op in ("insert", "delete") and key_words(t.text)]
    for before, after in zip(diff, diff[1:]):
        if before.op == "delete" and after.op == "insert" and "".join(key_words(before.text)) == "".join(
            key_words(after.text)
        ):
            changed = [t for t in changed if t is not before and t is not after]
    return bool(changed)


def is_excerpt(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` appears word for word inside ``long`` (a fragment quoted from a fuller version)."""
    return 0 < len(short) <= len(long) and f" {' '.join(short)} " in f" {' '.join(long)} "


def _speaker_key(q: Quote) -> str:
    if q.speaker_id:
        return q.speaker_id
    return f"name:{key_words(q.speaker_name)[-1]}" if q.speaker_start is not None and key_words(q.speaker_name) else ""


def _candidate_pairs(quotes: list[Quote], keys: dict[str, tuple[str, ...]]) -> set[tuple[int, int]]:
    """Pairs worth comparing: quotes sharing two of their rarest content words, or one and the speaker.

    Each quote is indexed under its BLOCK_WORDS rarest content words that some other quote
    also prints (a word no other quote has cannot pair it), and an index
    entry holding more than MAX_BLOCK quotes is skipped, so the work grows with the bundle,
    not with its square.
    """
    content = [set(_content(keys[q.id])) for q in quotes]
    df = Counter(w for words in content for w in words)
    blocks: dict[str, list[int]] = {}
    for i, words in enumerate(content):
        for w in sorted((w for w in words if df[w] > 1), key=lambda w: (df[w], w))[:BLOCK_WORDS]:
            blocks.setdefault(w, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for members in blocks.values():
        if len(members) <= MAX_BLOCK:
            shared.update(combinations(members, 2))
    return {(a, b) for (a, b), n in shared.items()
            if n >= 2 or (_speaker_key(quotes[a]) and _speaker_key(quotes[a]) == _speaker_key(quotes[b]))
            or min(len(content[a]), len(content[b])) <= 1}


def topic_words(quotes: list[Quote]) -> frozenset[str]:
    """The common words (see TOPIC_SHARE) printed by too many of ``quotes`` to tell statements apart."""
    df = Counter(w for q in quotes for w in set(_common_words(q.text)))
    limit = max(4, TOPIC_SHARE * len(quotes))
    return frozenset(w for w, n in df.items() if n > limit)


def _similarity(a: Quote, b: Quote, keys: dict[str, tuple[str, ...]], topic: frozenset[str]) -> float:
    """0-100 likeness of two quotes as the same statement; 0 when they cannot be one."""
    sa, sb = _speaker_key(a), _speaker_key(b)
    overlapping = a.article == b.article and a.start < b.end and b.start < a.end
    if (sa and sb and sa != sb) or overlapping:
        return 0.0
    ka, kb = keys[a.id], keys[b.id]
    short, long = sorted((ka, kb), key=len)
    if sa and sa == sb and len(short) >= 2 and is_excerpt(short, long):
        return 100.0
    if a.direct and b.direct:
        ca, cb = set(_content(ka)), set(_content(kb))
        score = fuzz.token_set_ratio(" ".join(ka), " ".join(kb))
        return score if score >= SAME_WORDING and len(ca & cb) >= min(4, len(ca), len(cb)) else 0.0
    # Names recur in every article of a story; a paraphrase must share the other words.
    ca, cb = set(_common_words(a.text)), set(_common_words(b.text))
    shared = len(ca & cb)
    score = fuzz.token_set_ratio(" ".join(sorted(ca)), " ".join(sorted(cb)))
    enough = shared >= 3 and shared >= SHARED_CONTENT * min(len(ca), len(cb)) and len((ca & cb) - topic) >= 2
    return score if score >= SAME_CONTENT and enough and (sa == sb or not (sa and sb)) else 0.0


def _merge(quotes: list[Quote], links: list[tuple[float, int, int]]) -> list[list[int]]:
    """Union of linked quotes, strongest links first, never joining two known speakers."""
    parent = list(range(len(quotes)))
    speakers = [{_speaker_key(q)} - {""} for q in quotes]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, a, b in sorted(links, key=lambda link: (-link[0], link[1], link[2])):
        ra, rb = root(a), root(b)
        if ra != rb and len(speakers[ra] | speakers[rb]) <= 1:
            parent[max(ra, rb)] = min(ra, rb)
            speakers[min(ra, rb)] |= speakers[max(ra, rb)]
    groups: dict[int, list[int]] = {}
    for i in range(len(quotes)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _reference(members: list[Quote], keys: dict[str, tuple[str, ...]]) -> Quote:
    """The most printed direct wording, then the longest, then the earliest; else the longest quote."""
    direct = [q for q in members if q.direct and not q.mixed] or members
    counts = Counter(keys[q.id] for q in direct)
    return min(direct, key=lambda q: (-counts[keys[q.id]], -len(keys[q.id]), members.index(q)))


def _version(q: Quote, ref: Quote, keys: dict[str, tuple[str, ...]]) -> QuoteVersion:
    if q.id == ref.id or not (q.direct and ref.direct) or q.mixed or ref.mixed:
        return QuoteVersion(q.id, (), False)
    diff = word_diff(ref.text, q.text)
    excerpt = is_excerpt(keys[q.id], keys[ref.id]) or is_excerpt(keys[ref.id], keys[q.id])
    return QuoteVersion(q.id, diff, changes_words(diff) and not excerpt)


def _group(members: list[Quote], keys: dict[str, tuple[str, ...]]) -> QuoteGroup:
    ref = _reference(members, keys)
    ids = Counter(q.speaker_id for q in members if q.speaker_id)
    speaker_id = min(ids, key=lambda i: (-ids[i], i)) if ids else None
    names = Counter(q.speaker_name for q in members if q.speaker_name and q.speaker_id == speaker_id)
    name = min(names, key=lambda s: (-names[s], -len(s), s)) if names else ""
    versions = tuple(_version(q, ref, keys) for q in members)
    return QuoteGroup(f"g-{members[0].id}", speaker_id, name, tuple(q.id for q in members), ref.id,
                      versions, any(v.changed_words for v in versions))


def _same_wording(ordered: list[Quote], keys: dict[str, tuple[str, ...]]) -> tuple[list[tuple[float, int, int]], list[int]]:
    """Links between quotes with the same words and speaker, and the first quote of each wording."""
    first: dict[tuple[tuple[str, ...], str], int] = {}
    links: list[tuple[float, int, int]] = []
    for i, q in enumerate(ordered):
        wording = (keys[q.id], _speaker_key(q))
        if wording in first:
            links.append((100.0, first[wording], i))
        else:
            first[wording] = i
    return links, sorted(first.values())


def group_statements(quotes: tuple[Quote, ...]) -> tuple[tuple[Quote, ...], tuple[QuoteGroup, ...]]:
    """Group quotes that print the same statement; every quote gets a group (see quotes.group_quotes)."""
    ordered = sorted(quotes, key=lambda q: (q.article, q.start, q.id))
    keys = {q.id: key_words(q.text) for q in ordered}
    links, distinct = _same_wording(ordered, keys)
    pairs = ((distinct[a], distinct[b]) for a, b in _candidate_pairs([ordered[i] for i in distinct], keys))
    topic = topic_words(ordered)
    scored = ((_similarity(ordered[a], ordered[b], keys, topic), a, b) for a, b in pairs)
    links += [link for link in scored if link[0] > 0]
    groups = [_group([ordered[i] for i in sorted(c)], keys) for c in _merge(ordered, links)]
    group_of = {qid: g.id for g in groups for qid in g.quotes}
    return (tuple(replace(q, group=group_of[q.id]) for q in quotes),
            tuple(sorted(groups, key=lambda g: g.id)))
