#!/usr/bin/env node
// `make query Q="..."`: the top results of a query as JSON lines (reference, type, title, score),
// computed by the same search-core.js as the browser, on a built site (default output/). What the
// page says beside them goes to stderr: the count, the stop words ignored, « Vouliez-vous dire … ? ».
//   node annuaire/search/query.js OUTPUT "query" [LIMIT] [facet=value ...]
'use strict'
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..', '..')
const lunr = require(path.join(root, 'node_modules', 'lunr'))
require(path.join(root, 'annuaire', 'search', 'browser', 'search-fr.js'))
require(path.join(root, 'annuaire', 'search', 'browser', 'search-codec.js')) // as in the browser, before search-core.js
const AnnuaireSearch = require(path.join(root, 'annuaire', 'search', 'browser', 'search-core.js'))

function searchFolder (output) {
  const base = path.join(output, 'search')
  const folders = fs.existsSync(base) ? fs.readdirSync(base).filter((name) => fs.existsSync(path.join(base, name, 'index.json'))) : []
  if (folders.length !== 1) {
    throw new Error(`aucun index de recherche unique dans ${base} : construisez le site avec « make html »`)
  }
  return path.join(base, folders[0])
}

// The engine of a built site, as the browser would load it.
async function openSearch (output) {
  const folder = searchFolder(output)
  const readJson = (name) => JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'))
  await lunr.fr.init()
  return AnnuaireSearch.create(readJson('index.json'), readJson)
}

async function topResults (engine, query, filters, limit) {
  return (await answer(engine, query, filters, limit)).results
}

// What the search page shows for a query: the top results, their count, the words searched and
// the stop words ignored, the facets, and the corrected query it suggests (spelt as in the results).
async function answer (engine, query, filters, limit) {
  await engine.loadFacets() // the page shows them a moment after the first results
  const found = await engine.search(query, filters || {})
  const rows = await engine.documents(found.results.slice(0, limit))
  const texts = rows.flatMap((row) => [row.title, row.snippet, row.organisation, row.place])
  return {
    results: rows.map((row) => ({ ref: row.url, type: row.type, title: row.title, score: Math.round(row.score * 1000) / 1000 })),
    total: found.total,
    words: found.words,
    ignored: found.ignored,
    allWords: found.allWords,
    facets: found.facets,
    suggestion: found.correction ? AnnuaireSearch.correctedQuery(found.correction, texts) : null
  }
}

// The lines `make query` writes on stderr: what the page says beside the results.
function remarks (found) {
  const lines = [found.words ? `${found.total} résultat(s)${found.allWords ? '' : ' (sans tous les mots)'}` : `${found.total} fiche(s) : aucun mot cherché`]
  if (found.ignored.length) lines.push(`mots trop courants, non cherchés : ${found.ignored.join(' ')}`)
  if (found.suggestion) lines.push(`Vouliez-vous dire « ${found.suggestion} » ?`)
  return lines
}

async function main () {
  const [output = path.join(root, 'output'), query = '', limit = '10', ...filterArgs] = process.argv.slice(2)
  const filters = {}
  filterArgs.forEach((arg) => {
    const [facet, value] = arg.split('=')
    if (!filters[facet]) filters[facet] = []
    filters[facet].push(value)
  })
  const engine = await openSearch(output)
  const found = await answer(engine, query, filters, Number(limit))
  for (const row of found.results) {
    process.stdout.write(`${JSON.stringify(row)}\n`)
  }
  for (const line of remarks(found)) process.stderr.write(`# ${line}\n`)
}

module.exports = { openSearch, topResults, answer }

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`query: ${error.message}\n`)
    process.exit(1)
  })
}
