# Annuaire des associations et de leurs coopérations: every command a maintainer needs.
# Each target sets up what it needs (Python venv, npm packages) on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA ?= data
OUTPUT ?= output
PORT ?= 8000
export SITEURL ?=
export JOBS  # worker processes of the build (make html JOBS=1); default: every core

ANNUAIRE := $(PY) -m annuaire

.PHONY: help setup html serve devserver validate test clean distclean query bench

help:
	@echo "make serve      construire le site d'exemple et le servir sur http://localhost:$(PORT)/"
	@echo "make test       lancer tous les tests"
	@echo "make quality    lancer seulement les contrôles de qualité (accessibilité, HTML, liens, contenu hostile, poids)"
	@echo "make html       construire le site dans $(OUTPUT)/ (DATA=dossier OUTPUT=dossier, JOBS=1 pour un seul processus) ; ne refait que ce qui a changé"
	@echo "make devserver  servir, reconstruire à chaque modification et recharger la page ouverte"
	@echo "make validate   vérifier les données (DATA=dossier, FILES=\"data/offers/x.yaml\" pour ne voir que ces fiches)"
	@echo "make new TYPE=organisation|offer|need|project   créer une fiche (questions, ou NAME=identifiant VALUES='champ=valeur …')"
	@echo "make stale      lister les fiches à vérifier (anciennes ou expirées) et qui contacter (STALE_DAYS=365)"
	@echo "make communes DEPARTEMENT=78 (ou EPCI=<SIREN>, COMMUNES=\"78621 78297\")   ajouter les communes d'un territoire à communes.yaml (DATA=dossier)"
	@echo "make import-rna FILE=rna_waldec_….zip   importer les associations du territoire depuis le registre national (DEPARTEMENT=…, DATA=…,"
	@echo "                ESSAI=oui pour voir sans écrire, CONTACTS=oui pour le téléphone et le courriel publiés : voir le guide)"
	@echo "make geocode    placer sur la carte organisations et communes sans coordonnées (DATA=dossier) : contacte le service"
	@echo "                de géocodage de la Base Adresse Nationale (IGN), à lancer seulement à la demande ; make html ne le fait jamais"
	@echo "make query Q=.. résultats d'une recherche, en JSON (sur $(OUTPUT)/)"
	@echo "make bench      mesurer la recherche à 1 000 et 10 000 fiches, face à lunr.py et Pagefind (SIZES=\"10000 100000\")"
	@echo "make bench-import  mesurer l'import du RNA à 15 000 lignes (78) et 1 500 000 (national), et la construction"
	@echo "make bench-site  mesurer la construction du site entier à 1 000, 10 000 et 30 000 fiches et pour le 78 importé, face à Pelican seul"
	@echo "                (SIZES=\"1000 10000 30000 100000\" pour 100 000 fiches aussi, COMMUNES=\"260\" : nombre de communes des annuaires de synthèse)"
	@echo "make clean      effacer le site construit et son cache"

setup: $(VENV)/.installed node_modules/.installed

# The pinned dependencies, then the core package `annuaire` itself, editable (no path tricks).
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

html: setup
	$(ANNUAIRE) build --data "$(DATA)" --output "$(OUTPUT)"

serve: html
	$(ANNUAIRE) serve --output "$(OUTPUT)" --port $(PORT)

devserver: setup
	$(ANNUAIRE) devserver --data "$(DATA)" --output "$(OUTPUT)" --port $(PORT)

# FILES: report only these files' problems (the whole folder is still checked, for references).
# STALE_DAYS: age after which a record gets a warning (default ANNUAIRE_STALE_DAYS of pelican.conf.py, 365).
validate: $(VENV)/.installed
	$(ANNUAIRE) validate --data "$(DATA)" $(if $(STALE_DAYS),--stale-days $(STALE_DAYS)) $(FILES)

# A new record from its schema: questions in a terminal, or NAME=identifiant VALUES='titre="…" organisation=…'.
.PHONY: new stale
new: $(VENV)/.installed
	$(if $(TYPE),,$(error indiquez le type de fiche : make new TYPE=organisation, offer, need ou project))
	$(ANNUAIRE) new "$(TYPE)" $(VALUES) --data "$(DATA)" $(if $(NAME),--name "$(NAME)")

# What needs a check: expired offers and needs, records not updated for STALE_DAYS days, and whom to ask.
stale: $(VENV)/.installed
	$(ANNUAIRE) stale --data "$(DATA)" $(if $(STALE_DAYS),--stale-days $(STALE_DAYS))

# The register of associations (RNA): a territory's communes, then its associations (see README, « Un annuaire pour votre territoire »).
TERRITORY_ARGS = $(if $(DEPARTEMENT),--departement "$(DEPARTEMENT)") $(if $(EPCI),--epci "$(EPCI)") $(if $(COMMUNES),--communes "$(COMMUNES)")
.PHONY: communes import-rna
communes: setup
	$(ANNUAIRE) communes --data "$(DATA)" $(TERRITORY_ARGS)

import-rna: setup
	$(if $(FILE),,$(error indiquez le fichier du registre : make import-rna FILE=rna_waldec_AAAAMMJJ.zip DEPARTEMENT=78))
	$(ANNUAIRE) import-rna $(FILE) --data "$(DATA)" $(TERRITORY_ARGS) $(if $(filter oui,$(CONTACTS)),--avec-contacts) $(if $(filter oui,$(ESSAI)),--essai)

# Map coordinates from the national address base's geocoder (an external service): only on request,
# cached in the data files so that builds stay offline. GEOCODE_ARGS="--communes-only --min-score 0.7".
.PHONY: geocode
geocode: $(VENV)/.installed
	$(ANNUAIRE) geocode --data "$(DATA)" $(GEOCODE_ARGS)

test: setup
	$(PY) -m pytest

# The quality gates alone (accessibility, HTML, links, hostile content, loading, weight, determinism).
.PHONY: quality
quality: setup
	$(PY) -m pytest tests/quality

# Matching at 10,000 synthetic records: bucketed against all pairs, same suggestions checked.
.PHONY: bench-matching
bench-matching: $(VENV)/.installed
	$(PY) -m bench.matching

clean:
	rm -rf "$(OUTPUT)" "$(OUTPUT)".staging "$(OUTPUT)".previous* "$(OUTPUT)".cache .pytest_cache

distclean: clean
	rm -rf $(VENV) node_modules

# Top results of a query, by the browser's search code run in Node: make query Q="salle Guyancourt"
query: node_modules/.installed
	@node annuaire/search/query.js "$(OUTPUT)" "$(Q)" $(or $(LIMIT),10)

# Search at 1,000 and 10,000 synthetic records against a naive lunr.py index and Pagefind, then matching.
# Takes a few minutes (two whole sites are built). SIZES="10000 100000" for other sizes;
# BENCH_ARGS="--sizes 1000 --no-browser" for a quick look.
# Pagefind (bench/requirements.txt) is a benchmark dependency: installed here only, never by make setup.
bench: setup $(VENV)/.bench-installed
	$(PY) -m bench.search $(if $(SIZES),--sizes "$(SIZES)") $(BENCH_ARGS)
	$(MAKE) --no-print-directory bench-matching

$(VENV)/.bench-installed: bench/requirements.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	touch $@

# The register (RNA) import at 15,000 rows of département 78 and 1,500,000 national, against a plain csv read,
# and the build of the imported data against plain Pelican. Long (the national file is ~1 GB, three rounds).
# BENCH_ARGS="--sizes 15000" for a quick look, "--baseline-only" for the references alone.
.PHONY: bench-import
bench-import: setup
	$(PY) -m bench.import_rna $(BENCH_ARGS)

# The whole build (time, rebuild after one edit, validate, peak memory, files and bytes written) of synthetic
# directories of a département's and a region's communes, and of département 78 imported from 15,000 register
# rows, against plain Pelican over as many Markdown articles, run in turn. Long: about an hour and a half with the defaults (estimated).
# SIZES="1000 10000 30000 100000" for 100,000 records too; COMMUNES="260" for one number of communes;
# BENCH_ARGS="--runs 1" for a quick look.
.PHONY: bench-site
bench-site: setup
	$(PY) -m bench.site --sizes $(or $(SIZES),1000 10000 30000) --communes $(or $(COMMUNES),260 1300) --register $(BENCH_ARGS)
