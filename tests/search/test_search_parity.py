"""The Python and JavaScript pipelines give the same terms, and the same surface words, for thousands of French words.

The index is built by lunr.py and queried by lunr.js: a word that the two halves
turn into different terms is a word that search cannot find. The word list is
generated (no data file): lemmas of the directory's subjects, their inflections,
with and without accents, capitals and elided articles.

The word list of Debian's wfrench (/usr/share/dict/french, 346,205 words, which
.ci/run installs) is compared too when it is there; FRENCH_WORDLIST names another
word-per-line file to compare instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from search_node import run_node

from annuaire.search import french

# Verbs of the first group, by their stem (infinitive less -er).
VERBS = """
accompagn accueill achet adapt adhér administr aid align alphabétis anim apport
archiv assur bricol calcul cherch class coconstru collabor communiqu compost
concert consult contact coopér coordonn créd cultiv débroussaill décid déclar
dématérialis déménag dépann développ diagnostiqu diffus distribu document don
économis écout embauch emprunt encadr engag entraîn entret envoy équip étudi
évalu expériment export factur favoris financ form gard gér hébérg imprim inclu
inform install intégr jardin lou manag médiatis mobilis mutualis négoci numéris
organis orient particip partag planifi prépar présent prêt programm projet
protég qualifi recens recrut recycl rédig réemploy référenc relog rembours
répar représent réserv rest sensibilis signal solidaris stock subventionn
tri trouv valoris véhicul vérifi accueill soign transport livr
""".split()

# Nouns, masculine and feminine, most with a regular plural in -s.
NOUNS = """
association coopération coopérative mutualisation bénévole bénévolat salarié salariée
emploi employeur employeuse groupement adhérent adhérente cotisation subvention mécénat
œuvre cœur vœu fondation entreprise collectivité commune mairie département région état projet partenaire
partenariat réseau local locaux salle bureau atelier entrepôt garage cuisine jardin
parcelle compost semence potager énergie électricité chauffage isolation rénovation
environnement biodiversité écologie déchet recyclage réemploi ressourcerie mobilier
matériel outil ordinateur logiciel serveur imprimante réseau internet numérique
informatique formation formateur formatrice apprentissage insertion chômage handicap
accessibilité fauteuil malvoyant malentendant autonomie dépendance aîné senior jeunesse
enfant famille parent quartier habitant voisin voisinage solidarité entraide précarité
pauvreté logement hébergement alimentation épicerie repas transport véhicule fourgon
camionnette minibus vélo covoiturage mobilité santé soin mutuelle prévention sport
culture théâtre musique chapiteau spectacle festival événement réunion assemblée conseil
bureau président présidente trésorier trésorière secrétaire bénéficiaire usager
usagère public citoyen citoyenne démocratie gouvernance statut agrément compétence
expertise comptabilité comptable paie juridique assurance responsabilité sécurité
hygiène qualité calendrier planning créneau disponibilité besoin offre demande échange
prêt don achat location vente tarif gratuité coût budget trésorerie facture devis
économie territoire intercommunalité agglomération ville village campagne éducation
école collège lycée université étudiant étudiante stage stagiaire service civique
volontaire volontariat engagement citoyenneté égalité diversité laïcité fraternité
""".split()

# Adjectives, masculine singular.
ADJECTIVES = """
social solidaire coopératif associatif collectif partagé mutualisé local régional
national européen international public privé gratuit payant accessible adapté inclusif
handicapé numérique informatique écologique environnemental durable responsable
bénévole salarié professionnel technique juridique financier économique culturel
sportif éducatif familial jeune âgé isolé précaire prioritaire disponible équipé
meublé chauffé rénové neuf ancien grand petit nouveau premier dernier général
français francilien yvelinois citoyen participatif démocratique innovant créatif
""".split()

NOUN_ENDINGS = ["", "s"]
VERB_ENDINGS = """er ons ez ent ais ait é ée és ées ant ation ations ement ements
    erons erait eraient""".split()
ADJECTIVE_ENDINGS = ["", "s", "e", "es", "ité", "ités", "ement"]
ELISIONS = ["l'", "d'", "qu'", "l’", "d’", "jusqu'", "n'", "s'"]


def plural(noun: str) -> str:
    if noun.endswith(("s", "x", "z")):
        return noun
    if noun.endswith("al"):
        return noun[:-2] + "aux"
    if noun.endswith(("eau", "au", "eu")):
        return noun + "x"
    return noun + "s"


def feminine(adjective: str) -> str:
    for masculine, feminine_ending in [
        ("if", "ive"), ("eux", "euse"), ("el", "elle"), ("ien", "ienne"), ("on", "onne"),
        ("eau", "elle"), ("er", "ère"), ("e", "e"),
    ]:
        if adjective.endswith(masculine):
            return adjective[: -len(masculine)] + feminine_ending
    return adjective + "e"


def base_forms() -> list[str]:
    forms = set()
    for noun in NOUNS:
        forms.update([noun, plural(noun)])
    for stem in VERBS:
        # -ger and -cer verbs keep their sound before a and o
        for ending in VERB_ENDINGS:
            joiner = "e" if stem.endswith("g") and ending[0] in "ao" else ""
            if stem.endswith("c") and ending[0] in "ao":
                forms.add(stem[:-1] + "ç" + ending)
            else:
                forms.add(stem + joiner + ending)
    for adjective in ADJECTIVES:
        female = feminine(adjective)
        forms.update([adjective, plural(adjective), female, female + "s"])
        root = female[:-1] if female.endswith("e") else female
        forms.update(root + ending for ending in ADJECTIVE_ENDINGS if ending)
    return sorted(forms)


def word_list() -> list[str]:
    """Several thousand inputs: each form as is, without accents, capitalised, elided."""
    words = []
    for n, form in enumerate(base_forms()):
        bare = french.fold(form)
        words += [form, form.capitalize()]
        if bare != form:
            words += [bare, bare.upper()]
        if form[0] in "aeiouyéèêàâîôûh":
            words.append(ELISIONS[n % len(ELISIONS)] + form)
            words.append(ELISIONS[(n + 3) % len(ELISIONS)].upper() + bare.capitalize())
        else:
            words.append("«" + form + "»,")
    # Phrases, punctuation and unusual spaces go through lunr's tokenizer too.
    words += [
        "L’association « Jardins du Plateau » mutualise ses salariés.",
        "Coopérative d'activité et d'emploi (CAE) – 10\u202f000 adhérents !",
        "prêt de locaux, d'un fourgon et d'une salle\u2009informatique",
        "c'est-à-dire aujourd’hui jusqu'à l'été ; qu'il lorsqu'on puisqu'elle",
        "Œuvres sociales — Ex æquo — Noël — naïveté — straße",
        "",
        "   ",
        "l'",
        "'",
        "2026",
    ]
    return list(dict.fromkeys(words))  # unique, in a stable order


def compare(words: list[str]) -> dict[str, list[str]]:
    """Terms (french.analyse, lunr.fr.analyse) and surface words (french.surfaces, lunr.fr.surfaces) of each input.

    Returns french.analyse of each input, for surface_words_find_their_word: Python's Snowball stemmer
    is the slow part of the comparison on a long word list, its cache too small to keep them all.
    """
    answer = run_node({"mode": "analyse", "texts": words})
    assert answer["labels"] == list(french.LABELS.values())
    analysed = {}
    for python, javascript in ((french.analyse, answer["terms"]), (french.surfaces, answer["surfaces"])):
        assert len(javascript) == len(words)
        results = list(map(python, words))
        if python is french.analyse:
            analysed = dict(zip(words, results))
        differences = [(word, py, js) for word, py, js in zip(words, results, javascript) if py != js]
        assert not differences, (
            f"{python.__name__}: {len(differences)} of {len(words)} inputs differ (input, Python, JavaScript): "
            f"{differences[:20]}"
        )
    return analysed


def surface_words_find_their_word(words: list[str], analysed: dict[str, list[str]] | None = None) -> None:
    """A surface word's terms are among its word's: a correction found in the vocabulary finds the records of the word."""
    analysed = dict(analysed or {})

    def terms(text):
        if text not in analysed:
            analysed[text] = french.analyse(text)
        return set(analysed[text])

    missing = [(word, surface) for word in words for surface in french.surfaces(word) if not terms(surface) <= terms(word)]
    assert not missing, missing[:20]


def test_word_list_is_large_and_french():
    words = word_list()
    assert len(words) > 5000
    terms = {term for word in words for term in french.analyse(word)}
    assert len(terms) > 500


def test_python_and_javascript_pipelines_agree():
    compare(word_list())


def test_surface_words_are_folded_and_find_their_word_s_terms():
    words = word_list()
    surface_words_find_their_word(words)
    assert french.surfaces("L’association « Coopérations » mutualise ses salariés d'Œuvres") == [
        "association", "cooperations", "mutualise", "salaries", "oeuvres",
    ]
    assert sum(len(french.surfaces(word)) for word in words) > 5000


WORDLIST = Path(os.environ.get("FRENCH_WORDLIST") or "/usr/share/dict/french")


@pytest.mark.skipif(not WORDLIST.is_file(), reason=f"no word list at {WORDLIST}: install Debian's wfrench, or set FRENCH_WORDLIST")
def test_python_and_javascript_pipelines_agree_on_a_word_list_file():
    path = WORDLIST
    words = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    surface_words_find_their_word(words, compare(words))
