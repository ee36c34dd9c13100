"""Upload file names become safe document ids."""

import re

import pytest

from rag import InvalidInput
from rag.ingest.names import document_id
from tests.conftest import make_settings


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path)


def test_a_long_name_is_shortened_and_keeps_its_suffix(settings):
    doc_id = document_id("berita-" + "x" * 400 + ".md", settings)
    assert len(doc_id) == 200 and doc_id.endswith(".md") and doc_id.startswith("berita-xxx")


def test_folders_and_invisible_characters_are_dropped(settings):
    # The folders go; the invisible character goes too, and since the name changed, a hash of the name
    # as given keeps it apart from a file really called "passwd.txt".
    cleaned = document_id("../../etc/pass\u202ewd.txt", settings)
    assert re.fullmatch(r"passwd-[0-9a-f]{8}\.txt", cleaned) and cleaned != document_id("passwd.txt", settings)
    assert document_id("C:\\Users\\a\\Berita Jenewa.txt", settings) == "Berita Jenewa.txt"


@pytest.mark.parametrize("name", ["", "../..", "gambar.png", "berita.txt.exe"])
def test_names_without_a_usable_text_name_are_refused(settings, name):
    with pytest.raises(InvalidInput):
        document_id(name, settings)
