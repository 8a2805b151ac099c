"""The embedded French gazetteer: one object over the store, its indexes and the resolver.

``load_gazetteer()`` reads ``finder/data/gazetteer.tsv.gz`` (built by ``scripts/build_gazetteer.py``
from INSEE, La Poste, Etalab, geo.api.gouv.fr and GeoNames data, see ``finder/data/PROVENANCE.md``).
The work is split in three modules: ``finder.places.store`` (the columns and lookups by code),
``finder.places.indexes`` (name, word, typo and foreign-place indexes) and ``finder.places.resolver``
(reading a query, the cascade of named steps, the ranking). ``finder.places.decide`` turns a
resolution into the one decision (answer, ask, refuse) that every command takes.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path

from finder.model import Commune, PlaceResolution
from finder.places.indexes import Indexes
from finder.places.keys import canonical, quick_fold_many, stored_keys, strip_article, unstored_keys
from finder.places.reading import MAX_QUERY
from finder.places.resolver import Resolver
from finder.places.store import DATA_FILE, FORMAT_VERSION, GazetteerError, Store, read_store
from finder.text import fold

__all__ = [
    "DATA_FILE",
    "FORMAT_VERSION",
    "Gazetteer",
    "GazetteerError",
    "canonical",
    "load_gazetteer",
    "quick_fold_many",
    "read_gazetteer",
    "stored_keys",
    "strip_article",
    "unstored_keys",
]


class Gazetteer:
    """All current communes and arrondissements: lookups by code and name, and ``resolve``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.indexes = Indexes(store)
        self.resolver = Resolver(store, self.indexes)
        self._named: dict[str, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self.store)

    @cached_property
    def communes(self) -> tuple[Commune, ...]:
        """Every commune and arrondissement, in INSEE code order."""
        store = self.store
        return tuple(store.commune(index) for index in sorted(range(len(store)), key=store.insee.__getitem__))

    def by_insee(self, insee: str) -> Commune | None:
        index = self.store.by_insee.get(insee.strip().upper()) if isinstance(insee, str) else None
        return None if index is None else self.store.commune(index)

    def by_postcode(self, postcode: str) -> tuple[Commune, ...]:
        """Every commune with this postcode: arrondissements before their city, then by population."""
        return tuple(
            self.store.commune(index) for index in self.store.postcode_indexes(str(postcode).strip())
        )

    def arrondissements(self, insee: str) -> tuple[Commune, ...]:
        """The municipal arrondissements of Paris, Lyon or Marseille (by INSEE code); () for any other."""
        store = self.store
        return tuple(
            store.commune(store.by_insee[code]) for code, parent in store.parents.items() if parent == insee
        )

    def department_name(self, code: str) -> str | None:
        entry = self.store.departments.get(self.store.department_code(code) or "")
        return entry[0] if entry else None

    def region_name(self, code: str) -> str | None:
        return self.store.regions.get(code)

    def named(self, name: str) -> tuple[Commune, ...]:
        """The communes officially called ``name`` but for case, accents, hyphens and St/Ste, the most
        populous first: the exact lookup of directory validation, without any prefix or typo search."""
        key = fold(str(name)[:MAX_QUERY])
        indexes = self._named.get(key)
        if indexes is None:
            store = self.store
            candidates = self.indexes.names.exact(canonical(key)) if key else []
            same = [index for index in candidates if fold(store.names[index]) == key]
            indexes = tuple(sorted(same, key=lambda i: (-store.populations[i], store.insee[i])))
            self._named[key] = indexes
        return tuple(self.store.commune(index) for index in indexes)

    def resolve(self, query: str, limit: int = 10) -> PlaceResolution:
        """The communes ``query`` may mean, best first; never raises for a string."""
        return self.resolver.resolve(query, limit)


def read_gazetteer(path: Path) -> Gazetteer:
    """Parse a gazetteer file written by ``scripts/build_gazetteer.py``."""
    return Gazetteer(read_store(path))


@cache
def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The embedded gazetteer (read once per process and path)."""
    return read_gazetteer(Path(path) if path is not None else DATA_FILE)
