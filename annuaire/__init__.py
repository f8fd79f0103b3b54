"""Annuaire: the core of the directory, independent of Pelican.

It knows the record types, loads and validates the YAML records of a data
folder, and links them into a `Directory`. The Pelican plugins beside this
package (`directory_records`, `directory_pages`) and the command line
(`python -m annuaire`) are thin layers over it.
"""
