"""The significant words of a short French text, to tell whether two records speak of the same thing.

Deliberately simple: words are folded (case, accents), the common plural
endings are removed (« chaises » → « chaise », « locaux » → « local »), and
function words or words every record uses (« association », « nous »...)
are dropped. Each word keeps the first form met, to be shown to readers.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

_STOP_WORDS = (
    """
    le la les de du des un une au aux et ou en avec dans pour par sur sous chez entre vers sans plus moins tres tout toute tous toutes
    nous vous ils elles leur leurs notre nos votre vos son ses mon mes ton tes cette ces cet qui que quoi dont
    est sont etre avoir fait faire peut peuvent pouvons pouvez mais donc car puis comme aussi encore deja
    dun dune lun lune quil quelle jusqu lors afin ainsi autre autres meme memes chaque quelque quelques
    chercher cherchons cherche recherche recherchons proposer proposons propose offre offrons besoin besoins
    partager partageons partage mettre disposition association structure organisation asso benevole ressource
    annee mois jour semaine fois petit grand bon bonne premier premiere deux trois quatre cinq dix
    lors environ dizaine centaine douzaine vingtaine grande personne
    """
)


@functools.lru_cache(maxsize=1 << 16)  # words repeat: the search index folds a million at 10,000 records
def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(folded: str) -> str:
    """Singular of a folded word: the endings French plurals add."""
    if len(folded) > 4 and folded.endswith("aux"):
        return folded[:-3] + "al"
    if len(folded) > 3 and folded[-1] in "sx":
        return folded[:-1]
    return folded


STOP_WORDS = frozenset(stem(word) for word in _STOP_WORDS.split())


def keywords(text: str) -> dict[str, str]:
    """`{normalised word: form as written}` for the significant words of `text`, in order."""
    found: dict[str, str] = {}
    for match in _WORD.finditer(text or ""):
        written = match.group().casefold()
        # « d'un », « l'atelier »: keep what follows an elided article
        written = re.split(r"['’]", written)[-1]
        key = stem(fold(written))
        if len(key) >= 3 and key not in STOP_WORDS:
            found.setdefault(key, written)
    return found
