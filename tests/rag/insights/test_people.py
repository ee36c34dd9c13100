import re

import pytest

from rag.text.tokens import Tokenizer
from rag.insights.people import Lexicon, People, embedded, name_mentions, normalise, same_person
from tests.conftest import source_text
from tests.gold_timeline import NOT_PEOPLE, PEOPLE, ROLES, VARIANTS

# Lower-case words a corpus would hold; "tengah" and "kota" make "Timur Tengah" and "Kota Tua" common words.
VOCABULARY = "di tengah kota tua sebuah pertemuan yang bertemu membahas perang damai hadir".split()


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(Tokenizer(), VOCABULARY)


def names(text: str, lexicon: Lexicon) -> dict[str, str | None]:
    """Full names in `text` (one sentence) with the role each is given."""
    found = name_mentions(text, (0, len(text)), lexicon)
    return {m.surface: (text[m.role[0] : m.role[1]] if m.role else None) for m in found if m.full}


@pytest.mark.parametrize(("a", "b"), [
    ("Sergey Lavrov", "Sergei Lavrov"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    ("Mike Waltz", "Michael Waltz"),
    ("Yury Ushakov", "Yuri Ushakov"),
    ("Steve Witkoff", "Steven Witkoff"),
])
def test_spelling_variants_are_one_person(a, b):
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Sergei Lavrov", "Sergei Ryabkov"),
    ("Mike Waltz", "Mike Pence"),
    ("Donald Trump", "Melania Trump"),
])
def test_different_people_stay_apart(a, b):
    assert not same_person(a, b)


def test_normalise():
    assert normalise("Zelenskyy") == normalise("Zelensky") == normalise("Zelenskiy")
    assert normalise("Sergey") == normalise("Sergei")
    assert normalise("Ušakov") == "usakov"  # diacritics go; "sh" stays, so the match is fuzzy, below
    assert same_person("Yury Ušakov", "Yuri Ushakov")


def test_roles_before_a_name(lexicon):
    found = names("Menteri Luar Negeri Prancis Pierre Lemaire bertemu juru bicara Kremlin Dmitry Peskov di Kota Tua.",
                  lexicon)
    assert found == {"Pierre Lemaire": "Menteri Luar Negeri Prancis", "Dmitry Peskov": "juru bicara Kremlin"}


def test_appositive_roles(lexicon):
    text = ("Pertemuan itu dihadiri utusan khusus Presiden Prancis Pierre Lemaire, Claire Dubois, "
            "dan Hans Keller, penasihat keamanan nasional Jerman.")
    found = names(text, lexicon)
    assert found["Claire Dubois"] == "utusan khusus Presiden Prancis Pierre Lemaire"
    assert found["Pierre Lemaire"] == "Presiden Prancis"  # the title nearest the name is his
    assert found["Hans Keller"] == "penasihat keamanan nasional Jerman"
    mentions = name_mentions(text, (0, len(text)), lexicon)
    assert {m.surface for m in embedded(mentions) if m.full} == {"Pierre Lemaire"}  # named inside Dubois' role


def test_no_role_without_a_title_or_across_a_verb(lexicon):
    found = names("Presiden menelepon Pierre Lemaire, lalu mitra saya dari Prancis Claire Dubois hadir.", lexicon)
    assert found == {"Pierre Lemaire": None, "Claire Dubois": None}


def test_common_words_are_never_names(lexicon):
    found = names("Steve Witkoff, utusan Spesifik Buat Timur Tengah, hadir di Kota Tua.", lexicon)
    assert set(found) == {"Steve Witkoff"}
    assert found["Steve Witkoff"] == "utusan Spesifik Buat Timur Tengah"


def test_people_merge_variants_and_need_evidence(lexicon):
    docs = {
        "a.txt": "Menteri Luar Negeri Rusia Sergey Lavrov hadir. Tamu itu adalah Pierre Lemaire.",
        "b.txt": "Sergei Lavrov bertemu Mike Waltz. Damai itu sulit, kata Lavrov.",
        "c.txt": "Penasihat Keamanan Nasional Michael Waltz hadir.",
    }
    mentions = {}
    for doc_id, text in docs.items():
        sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
        mentions[doc_id] = [m for s in sentences for m in name_mentions(text, s, lexicon)]
    people = People(mentions)
    lone = next(m for m in mentions["b.txt"] if m.surface == "Lavrov")
    assert lone.speech and people.person_of(lone) in {"Sergey Lavrov", "Sergei Lavrov"}
    assert people.match("Sergei Lavrov") == people.match("lavrov") == {people.person_of(lone)}
    assert people.match("Mike Waltz") == people.match("Michael Waltz") and len(people.match("Waltz")) == 1
    # A name no article gives a role, and whose surname never speaks, is not taken for a person.
    assert people.match("Pierre Lemaire") == set()
    index = people.index(docs.__getitem__, lambda *a: _citation(docs, *a))
    assert {p.name for p in index} == {people.person_of(lone), next(iter(people.match("Waltz")))}


def _citation(docs, doc_id, start, end):
    from rag.models import Citation

    return Citation(marker=1, source=doc_id, text=docs[doc_id][start:end], start=start, end=end, score=1.0)


# The people index of the seeds (the session pipeline), against the gold list.


@pytest.fixture(scope="module")
def index(pipeline):
    return {p.name: p for p in pipeline.people()}


def test_the_cast_of_the_seeds(index):
    assert set(index) == PEOPLE
    assert not NOT_PEOPLE & {v for p in index.values() for v in p.variants}


@pytest.mark.parametrize(("name", "variants"), VARIANTS.items())
def test_spelling_variants_in_the_seeds_are_merged(index, name, variants):
    assert set(index[name].variants) == variants


@pytest.mark.parametrize(("name", "title"), ROLES)
def test_roles_with_their_passages(index, name, title):
    roles = {r.title.lower(): r for r in index[name].roles}
    assert title.lower() in roles, sorted(roles)
    for c in roles[title.lower()].citations:
        assert source_text(c.source)[c.start : c.end] == c.text
        # Each passage gives the role, maybe abbreviated ("Menlu AS" for "Menteri Luar Negeri AS").
        assert title.lower().split()[0] in c.text.lower().replace("menlu", "menteri luar negeri")


def test_every_passage_is_exact_and_names_the_person(index):
    for person in index.values():
        assert person.citations and person.mentions >= len(person.citations)
        assert [c.marker for c in person.citations] == list(range(1, len(person.citations) + 1))
        surnames = {normalise(v.split()[-1]) for v in person.variants}
        for c in person.citations:
            assert source_text(c.source)[c.start : c.end] == c.text
            words = {normalise(w) for w in re.findall(r"\w+", c.text)}
            assert words & surnames, (person.name, c.text)
