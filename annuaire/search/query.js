#!/usr/bin/env node
// `make query Q="..."`: the top results of a query as JSON lines (reference, type, title, score),
// computed by the same search-core.js as the browser, on a built site (default output/).
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
  return AnnuaireSearch.create(readJson('index.json'), (n) => Promise.resolve(readJson(`docs-${n}.json`)))
}

async function topResults (engine, query, filters, limit) {
  const found = engine.search(query, filters || {})
  const rows = await engine.documents(found.results.slice(0, limit))
  return rows.map((row) => ({ ref: row.url, type: row.type, title: row.title, score: Math.round(row.score * 1000) / 1000 }))
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
  for (const row of await topResults(engine, query, filters, Number(limit))) {
    process.stdout.write(`${JSON.stringify(row)}\n`)
  }
}

module.exports = { openSearch, topResults }

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`query: ${error.message}\n`)
    process.exit(1)
  })
}
