# Annuaire des associations et de leurs coopérations: every command a maintainer needs.
# Each target sets up what it needs (Python venv, npm packages) on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA ?= data
OUTPUT ?= output
PORT ?= 8000
export PYTHONPATH := $(CURDIR)/plugins
export SITEURL ?=

ANNUAIRE := $(PY) -m annuaire

.PHONY: help setup html serve devserver validate test clean distclean query bench

help:
	@echo "make serve      construire le site d'exemple et le servir sur http://localhost:$(PORT)/"
	@echo "make test       lancer tous les tests"
	@echo "make html       construire le site dans $(OUTPUT)/ (DATA=dossier OUTPUT=dossier)"
	@echo "make devserver  servir et reconstruire à chaque modification"
	@echo "make validate   vérifier les données (DATA=dossier)"
	@echo "make query Q=.. résultats d'une recherche, en JSON (sur $(OUTPUT)/)"
	@echo "make bench      mesurer la recherche à 1 000 et 10 000 fiches"
	@echo "make clean      effacer le site construit"

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
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

validate: $(VENV)/.installed
	$(ANNUAIRE) validate --data "$(DATA)"

test: setup
	$(PY) -m pytest

clean:
	rm -rf "$(OUTPUT)" "$(OUTPUT).staging" "$(OUTPUT).previous" .pytest_cache

distclean: clean
	rm -rf $(VENV) node_modules

# Top results of a query, by the browser's search code run in Node: make query Q="salle Guyancourt"
query: node_modules/.installed
	@node plugins/directory_search/query.js "$(OUTPUT)" "$(Q)" $(or $(LIMIT),10)
