"""Pelican plugin: build the client-side search index of the directory.

The index is a lunr index (built with lunr.py, queried in the browser by
lunr.js). Its French text pipeline lives in `french.py`, twinned with
`theme/static/js/search-fr.js`; the stop words in `stopwords-fr.json`.
"""
