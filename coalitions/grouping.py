"""Suggested learning groups for the registrations of a learning trajectory.

Pure: no database, and the same input always gives the same output. Each pair of registrations
gets points, and every point comes with a reason staff can read:

- a named wish (3 points each way): under "learn with whom" one names the other's organisation or
  municipality ("Buurtkracht Zutphen names Lochem as someone to learn with");
- the same municipality (2) or else the same province (1) ("same province: Gelderland");
- the same kind of municipality (1): big city, medium-sized or small ("both a small
  municipality");
- shared words (1 each, at most 3) in the learning question and the why: words of five letters
  or more, not on the list of common words, and used by at most half of all registrations
  (a word everybody uses says nothing) ("both name ‘eenzaamheid’").

Groups: the number of groups is the one that brings the group size closest to the middle of
the size range (default 4–6), never above the maximum. The pairs with the most points join first
(average points between two groups, a group never grows beyond its share); registrations left
over go to the group they have the most points with, the emptier group first when equal.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from coalitions.municipalities import BIG, MEDIUM, SMALL, normalise, province_of, size_of

WISH_POINTS = 3
SAME_MUNICIPALITY_POINTS = 2
SAME_PROVINCE_POINTS = 1
SAME_KIND_POINTS = 1
MAX_WORD_POINTS = 3
MIN_WORD_LENGTH = 5

# Words that say nothing about a theme in this kind of answer (after normalise()).
_COMMON = """
    aanpak activiteiten alleen altijd andere anders bepaalde betere bewoner bewoners
    bewonersinitiatief bewonersinitiatieven bijvoorbeeld buurten daarbij daarin daarom daarna
    daarvoor deelnemers dezelfde doordat elkaar echter eerst eigen eigenlijk ervaring
    ervaringen gaan gemeente gemeenten goede graag groot grote hebben hierbij hoeveel
    initiatief initiatieven kunnen laten leren leertraject lokale maken manier meedoen mensen
    minder moeten mogelijk nieuwe omdat onder onderling onderwerp organisatie organisaties
    partners professionals samen samenwerken samenwerking sommige staan steeds tussen vanuit
    verder vinden vooral waarbij waarin waarom welke welzijn welzijnsorganisatie
    welzijnsorganisaties willen wijken worden zelfde zetten zeggen zouden zoals
    vragen weinig krijgen voelen wonen vaste helpen zitten komen werken houden horen weten
    lastig moeilijk binnen iemand niemand nodig plekken week elke vaak soms zelfs echt
    daarvoor hierover graag wordt werkt nemen geven doen gebeurt
"""
COMMON_WORDS = frozenset(_COMMON.split())

SIZE_LABELS = {
    BIG: lambda: _("both a big city"),
    MEDIUM: lambda: _("both a medium-sized municipality"),
    SMALL: lambda: _("both a small municipality"),
}


@dataclass(frozen=True)
class Registration:
    """What grouping needs of one registration."""

    id: int
    name: str  # how staff recognise it, e.g. the lead organisation
    municipality: str = ""
    organisations: tuple[str, ...] = ()  # lead and partners: what another may name in a wish
    learning_text: str = ""  # the learning question and why
    wish_text: str = ""  # "with whom would you like to learn?"


@dataclass(frozen=True)
class Link:
    """Why two registrations fit together."""

    a: Registration
    b: Registration
    points: int
    reasons: tuple[str, ...]
    words: tuple[str, ...] = ()  # the shared theme words, as written


@dataclass
class Suggestion:
    name: str
    members: list[Registration]
    links: list[Link] = field(default_factory=list)  # inside the group, most points first
    loose: list[Registration] = field(default_factory=list)  # no reason to be here: size only

    @property
    def ids(self) -> list[int]:
        return [member.id for member in self.members]


# --- Words -----------------------------------------------------------------------------------
def _stem(word: str) -> str:
    """A rough Dutch stem, so 'jongeren' meets 'jongere' and 'vrijwilligers' 'vrijwilliger'."""
    if word.endswith("heden"):
        word = word[:-5] + "heid"
    elif word.endswith("en") and len(word) > 6:
        word = word[:-2]
    elif len(word) > 6 and (word.endswith("e") or (word.endswith("s") and word[-2] != "s")):
        word = word[:-1]
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def theme_words(text: str) -> dict[str, str]:
    """{stem: the word as written (the shortest form)} of the words that may carry a theme."""
    words: dict[str, str] = {}
    for word in re.findall(r"[a-z]+", normalise(text)):
        if len(word) < MIN_WORD_LENGTH or word in COMMON_WORDS:
            continue
        stem = _stem(word)
        if stem in COMMON_WORDS:
            continue
        known = words.get(stem)
        if known is None or (len(word), word) < (len(known), known):
            words[stem] = word
    return words


def _mentions(text: str, name: str) -> bool:
    """Whether `text` names `name` as a whole (both normalised)."""
    return bool(name) and re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", text) is not None


# --- Pairs -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Facts:
    """What is compared, worked out once per registration."""

    place: str  # normalised municipality
    province: str
    size: str
    wish: str  # normalised
    names: tuple[tuple[str, str], ...]  # (normalised, as written) of its organisations
    words: dict


def _facts(registration: Registration, words: dict) -> _Facts:
    return _Facts(
        place=normalise(registration.municipality),
        province=province_of(registration.municipality),
        size=size_of(registration.municipality),
        wish=normalise(registration.wish_text),
        names=tuple((normalise(name), name) for name in registration.organisations),
        words=words,
    )


def _wish(who: Registration, wishes: _Facts, other: Registration, facts: _Facts) -> str | None:
    """The part of `other` that `who` names as someone to learn with, if any."""
    if not wishes.wish:
        return None
    for normalised, name in facts.names:
        if _mentions(wishes.wish, normalised):
            return name
    if facts.place and facts.place != wishes.place and _mentions(wishes.wish, facts.place):
        return other.municipality
    return None


def links_between(registrations: list[Registration]) -> dict[tuple[int, int], Link]:
    """Every pair with at least one reason, keyed by (smaller id, larger id)."""
    registrations = sorted(registrations, key=lambda r: r.id)
    words = {r.id: theme_words(r.learning_text) for r in registrations}
    used_by = Counter(stem for r in registrations for stem in words[r.id])
    limit = max(2, len(registrations) // 2)  # a word (nearly) everybody uses says nothing
    facts = {
        r.id: _facts(r, {s: w for s, w in words[r.id].items() if used_by[s] <= limit})
        for r in registrations
    }
    links = {}
    for index, a in enumerate(registrations):
        fa = facts[a.id]
        for b in registrations[index + 1 :]:
            fb = facts[b.id]
            points, reasons = 0, []
            for who, wishes, other, other_facts in ((a, fa, b, fb), (b, fb, a, fa)):
                named = _wish(who, wishes, other, other_facts)
                if named:
                    points += WISH_POINTS
                    reasons.append(
                        _("%(who)s names %(whom)s as someone to learn with")
                        % {"who": who.name, "whom": named}
                    )
            if fa.place and fa.place == fb.place:
                points += SAME_MUNICIPALITY_POINTS
                reasons.append(_("same municipality: %(name)s") % {"name": a.municipality})
            elif fa.province and fa.province == fb.province:
                points += SAME_PROVINCE_POINTS
                reasons.append(_("same province: %(name)s") % {"name": fa.province})
            if fa.size and fa.size == fb.size:
                points += SAME_KIND_POINTS
                reasons.append(SIZE_LABELS[fa.size]())
            shared = sorted(set(fa.words) & set(fb.words))
            shown = sorted(min(fa.words[s], fb.words[s], key=len) for s in shared)
            if shown:
                points += min(len(shown), MAX_WORD_POINTS)
                quoted = ", ".join(f"‘{word}’" for word in shown[:MAX_WORD_POINTS])
                reasons.append(_("both name %(words)s") % {"words": quoted})
            if points:
                links[(a.id, b.id)] = Link(a, b, points, tuple(reasons), tuple(shown))
    return links


# --- Groups ----------------------------------------------------------------------------------
def group_count(total: int, min_size: int = 4, max_size: int = 6) -> int:
    """How many groups: sizes closest to the middle of the range, never above the maximum."""
    if total <= 0:
        return 0
    fewest = math.ceil(total / max_size)
    most = max(1, total // min_size)
    middle = round(total / ((min_size + max_size) / 2)) or 1
    return min(max(middle, fewest), max(most, fewest))


def group_sizes(total: int, count: int) -> list[int]:
    """As equal as possible, the bigger groups first: 15 in 3 → [5, 5, 5]; 13 → [5, 4, 4]."""
    base, extra = divmod(total, count)
    return [base + 1] * extra + [base] * (count - extra)


def _partition(ids: list[int], points, sizes: list[int]) -> list[list[int]]:
    count, cap = len(sizes), sizes[0]
    clusters = {i: [i] for i in ids}  # keyed by the cluster's smallest id
    # Sum of the points between two clusters, keyed by their smallest ids (smaller first).
    between = {
        (a, b): points(a, b) for n, a in enumerate(ids) for b in ids[n + 1 :] if points(a, b)
    }

    while len(clusters) > count:
        # The pair with the highest average points that fits; on a tie the smallest ids.
        best, best_total, best_size = None, 0, 1
        for pair, total in between.items():
            x, y = clusters[pair[0]], clusters[pair[1]]
            if len(x) + len(y) > cap:
                continue
            size = len(x) * len(y)
            # total / size compared without fractions: a/b > c/d  ⇔  a·d > c·b
            if (
                best is None
                or total * best_size > best_total * size
                or (total * best_size == best_total * size and pair < best)
            ):
                best, best_total, best_size = pair, total, size
        if best is None:
            break
        first, second = best
        merged = sorted(clusters.pop(first) + clusters.pop(second))
        del between[best]
        for other in clusters:
            total = sum(
                between.pop((min(old, other), max(old, other)), 0) for old in (first, second)
            )
            if total:
                between[(min(first, other), max(first, other))] = total
        clusters[first] = merged  # first < second: the merged cluster keeps the smallest id

    clusters = list(clusters.values())
    clusters.sort(key=lambda c: (-len(c), c[0]))
    groups, pool = [], []
    for n, cluster in enumerate(clusters):
        if n >= count:
            pool.extend(cluster)
            continue
        members = list(cluster)
        while len(members) > sizes[n]:  # give up the member with the fewest points here
            weakest = min(
                members,
                key=lambda m: (sum(points(m, o) for o in members if o != m), -m),
            )
            members.remove(weakest)
            pool.append(weakest)
        groups.append(members)
    pool.sort()
    while pool:
        best = None
        for member in pool:
            for n, group in enumerate(groups):
                room = sizes[n] - len(group)
                if room <= 0:
                    continue
                score = (sum(points(member, o) for o in group), room, -member, -n)
                if best is None or score > best[0]:
                    best = (score, member, n)
        _score, member, n = best
        groups[n].append(member)
        pool.remove(member)
    return sorted((sorted(group) for group in groups), key=lambda g: g[0])


def _name(number: int, links: list[Link], members: list[Registration]) -> str:
    words = Counter(word for link in links for word in link.words)
    if words:
        word = min(words, key=lambda w: (-words[w], w))
        return _("Learning group %(topic)s") % {"topic": word}
    provinces = Counter(province_of(m.municipality) for m in members if province_of(m.municipality))
    if provinces:
        province = min(provinces, key=lambda p: (-provinces[p], p))
        if provinces[province] > 1:
            return _("Learning group %(topic)s") % {"topic": province}
    return _("Learning group %(number)s") % {"number": number}


def suggest_groups(
    registrations: list[Registration], *, min_size: int = 4, max_size: int = 6
) -> list[Suggestion]:
    """Groups of registrations that fit together, with the reasons why."""
    registrations = sorted(registrations, key=lambda r: r.id)
    count = group_count(len(registrations), min_size, max_size)
    if count == 0:
        return []
    by_id = {r.id: r for r in registrations}
    links = links_between(registrations)

    def points(a, b):
        link = links.get((a, b) if a < b else (b, a))
        return link.points if link else 0

    sizes = group_sizes(len(registrations), count)
    suggestions, names = [], set()
    for number, ids in enumerate(_partition(list(by_id), points, sizes), start=1):
        inside = [links[(a, b)] for n, a in enumerate(ids) for b in ids[n + 1 :] if (a, b) in links]
        inside.sort(key=lambda link: (-link.points, link.a.id, link.b.id))
        linked = {link.a.id for link in inside} | {link.b.id for link in inside}
        members = [by_id[i] for i in ids]
        name = _name(number, inside, members)
        if name in names:
            name = f"{name} ({number})"
        names.add(name)
        suggestions.append(
            Suggestion(
                name=name,
                members=members,
                links=inside,
                loose=[m for m in members if m.id not in linked],
            )
        )
    return suggestions
