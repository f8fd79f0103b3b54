"""Annuaire: the core of the directory, independent of Pelican.

It knows the record types, loads and validates the YAML records of a data
folder, links them into a `Directory`, and makes what the site publishes
from it. The Pelican plugins in plugins/ and the command line
(`python -m annuaire`, or `annuaire`) are thin layers over it; the registry
of record types, `record_types.py`, drives them all.
"""
