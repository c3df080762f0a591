"""Intake suggestions for a 5,000-word document against 10,000 people and 2,000 organisations (target ≤ 1 s).

Run on its own as `python bench/intake.py`; `bench/run.py` can call `measure()` for its table. The
registry is synthetic and held in memory (a `Snapshot`, as `Snapshot.from_database()` would return
it), so the figure is the engine's own: building the lookup tables once, then reading the document.
Both parts are timed, and the target holds for the two together. The document is the portal's five
sources and intake's test documents, repeated to 5,000 words, with names of the synthetic registry
written into it in both word orders.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE, ORGANISATIONS, WORDS = 10_000, 2_000, 5_000
TARGET_SECONDS = 1.0
ROUNDS = 5

_GIVEN = [
    "Sokha",
    "Dara",
    "Vanna",
    "Chenda",
    "Bopha",
    "Minh",
    "Thi",
    "Huong",
    "Lan",
    "Anh",
    "Somchai",
    "Malee",
    "Siti",
    "Nurul",
    "Ahmad",
    "Maria",
    "Jose",
    "Aung",
    "Kyaw",
    "Thida",
]
_FAMILY = [
    "Chan",
    "Sok",
    "Keo",
    "Nguyen",
    "Tran",
    "Le",
    "Pham",
    "Phommachanh",
    "Vongsa",
    "Srisuk",
    "Wongsakul",
    "Santos",
    "Reyes",
    "Abdullah",
    "Rahman",
    "Win",
    "Oo",
    "Lim",
    "Tan",
]
_ORG_WORDS = [
    "Mine",
    "Action",
    "Demining",
    "Humanitarian",
    "Rehabilitation",
    "Survivors",
    "Peace",
    "Development",
    "Clearance",
    "Safety",
]
_ORG_HEADS = [
    "Centre",
    "Agency",
    "Foundation",
    "Association",
    "Institute",
    "Authority",
    "Network",
    "Trust",
    "Society",
    "Fund",
]


def synthetic_snapshot(seed=16):
    """10,000 people and 2,000 organisations with realistic name shapes, plus the portal's countries and themes."""
    import json

    from intake.snapshot import CountryRecord, OrganisationRecord, PersonRecord, Snapshot, ThemeRecord

    rng = random.Random(seed)  # noqa: S311 - synthetic names, not secrets
    data = json.loads((ROOT / "fixtures" / "portal_data.json").read_text(encoding="utf-8"))
    people = []
    for i in range(PEOPLE):
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
        name = f"{given} {_syllables(rng)} {family}{i}"
        people.append(PersonRecord(f"person-{i}", name, (f"{family}{i} {given}",), rng.choice(["Mr", "Ms", "Dr", ""])))
    organisations = []
    for i in range(ORGANISATIONS):
        words = rng.sample(_ORG_WORDS, 2)
        name = f"{_syllables(rng).title()} {words[0]} {words[1]} {rng.choice(_ORG_HEADS)} {i}"
        acronym = "".join(w[0] for w in name.split()[:4]).upper() + str(i)
        organisations.append(
            OrganisationRecord(f"organisation-{i}", name, acronym, (name.replace("Centre", "Center"),))
        )
    countries = tuple(CountryRecord(c["iso3"], c["name"], tuple(c.get("other_names", []))) for c in data["countries"])
    themes = tuple(ThemeRecord(t["slug"], t["name"]) for t in data["themes"])
    return Snapshot(people=tuple(people), organisations=tuple(organisations), countries=countries, themes=themes)


def _syllables(rng):
    return "".join(rng.choice(["ka", "ri", "so", "phan", "tha", "vy", "meng", "ra"]) for _ in range(2)).capitalize()


def document(snapshot, words=WORDS, seed=16):
    """About `words` words of press-release text naming some of the registry's people and organisations."""
    rng = random.Random(seed)  # noqa: S311 - synthetic names, not secrets
    sources = sorted((ROOT / "fixtures" / "sources").glob("*.txt")) + sorted(
        (ROOT / "tests" / "intake" / "documents").glob("*.txt")
    )
    paragraphs = [p for path in sources for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    parts, count = [], 0
    while count < words:
        paragraph = rng.choice(paragraphs)
        if rng.random() < 0.3:
            person = rng.choice(snapshot.people)
            organisation = rng.choice(snapshot.organisations)
            paragraph += (
                f" {person.honorific or 'Ms.'} {person.name}, Director of the {organisation.name}"
                f" ({organisation.acronym}), said {person.other_names[0]} would attend."
            )
        parts.append(paragraph)
        count += len(paragraph.split())
    return "\n".join(parts)


def measure():
    """Median seconds of (building the lookup tables, reading the document, both), the words and the mentions."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "armac_portal.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    import django

    django.setup()
    from intake.snapshot import Snapshot
    from intake.suggest import suggest

    base = synthetic_snapshot()
    text = document(base)
    suggest(text[:2000], Snapshot(base.people, base.organisations, base.countries, base.themes))  # warm caches
    builds, reads, mentions = [], [], []
    for _ in range(ROUNDS):
        snapshot = Snapshot(base.people, base.organisations, base.countries, base.themes)  # tables built anew
        began = time.perf_counter()
        snapshot.index  # noqa: B018 - building the lookup tables is what is timed here
        built = time.perf_counter()
        mentions = suggest(text, snapshot)
        builds.append(built - began)
        reads.append(time.perf_counter() - built)
    totals = [b + r for b, r in zip(builds, reads, strict=True)]
    return (
        statistics.median(builds),
        statistics.median(reads),
        statistics.median(totals),
        len(text.split()),
        len(mentions),
    )


def main():
    build, read, total, words, mentions = measure()
    verdict = "within" if total <= TARGET_SECONDS else "OVER"
    print(
        f"Intake suggestions: {words:,} words, {PEOPLE:,} people, {ORGANISATIONS:,} organisations: "
        f"{total:.3f} s median of {ROUNDS} (lookup tables {build:.3f} s + reading {read:.3f} s; "
        f"{mentions:,} mentions; target ≤ {TARGET_SECONDS:.0f} s, {verdict})"
    )
    return 0 if total <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
