/*
 * French text pipeline for lunr.js 2.3.9, the twin of
 * annuaire/search/french.py (which builds the index with lunr.py).
 *
 * A serialised lunr index carries only the labels of its pipeline functions:
 * lunr.Index.load() needs functions registered under the same labels, and they
 * must do exactly what the Python ones did, or queries miss. Change both files
 * together; tests/search/ compares them on thousands of words.
 *
 * Steps (same list for indexing and queries; see french.py for the reasons):
 *   fr-split      split on JS white space (no-op after lunr.js's tokenizer,
 *                 needed after lunr.py's, which knows fewer spaces)
 *   fr-normalise  NFC, lower case, ' for ’ and ʼ, no punctuation at the ends
 *   fr-elision    "l'association" -> "association" (a pipeline step, not a
 *                 tokenizer, so that query terms get it too)
 *   fr-stopwords  stopwords-fr.json, copied below
 *   fr-stem       Snowball French stem + accent folding, plus the stem of the
 *                 word without accents when it differs ("salaries"/"salariés")
 *
 * lunr.fr.surface(word) and lunr.fr.surfaces(text) give the surface words, the
 * steps up to the stop words then accent folding ("Coopérations" ->
 * "cooperations"), as french.py's surface and surfaces: the index's vocabulary
 * holds them, and typos are corrected on them (search-core.js).
 *
 * The Snowball stemmer is stemmer-fr.js, the French algorithm of Snowball 3.1.1
 * (the release of the Python package snowballstemmer 3.1.1) in plain JavaScript,
 * synchronous:
 *
 *   <script src="lunr.js"></script>
 *   <script src="stemmer-fr.js"></script>
 *   <script src="search-fr.js"></script>
 *
 * In Node: require("lunr"); require(".../search-fr.js") (it requires stemmer-fr.js).
 * lunr.fr.init() is kept for the callers that await it: it resolves at once.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(require('lunr'), require('./stemmer-fr.js'))
  } else {
    factory(root.lunr, root.AnnuaireStemmerFr)
  }
}(typeof self !== 'undefined' ? self : this, function (lunr, stemmer) {
  'use strict'

  if (lunr.fr?.labels) return lunr.fr // loaded twice: keep the first

  // BEGIN stopwords-fr.json
  var STOPWORDS = [
    "a", "ai", "aient", "ainsi", "ait", "alors", "as", "au", "auquel", "aura",
    "auraient", "aurait", "auront", "aussi", "autre", "autres", "aux", "auxquelles", "auxquels", "avaient",
    "avais", "avait", "avec", "avez", "aviez", "avions", "avons", "ayant", "c", "ce",
    "ceci", "cela", "celle", "celles", "celui", "ces", "cet", "cette", "ceux", "chaque",
    "chez", "ci", "comme", "contre", "d", "dans", "de", "depuis", "des", "desquelles",
    "desquels", "donc", "dont", "du", "duquel", "déjà", "elle", "elles", "en", "encore",
    "entre", "es", "est", "et", "eu", "eue", "eues", "eus", "eux", "furent",
    "fut", "ici", "il", "ils", "j", "je", "jusqu", "jusque", "l", "la",
    "laquelle", "le", "lequel", "les", "lesquelles", "lesquels", "leur", "leurs", "lorsqu", "lorsque",
    "lui", "là", "m", "ma", "mais", "me", "mes", "moi", "moins", "mon",
    "même", "mêmes", "n", "ne", "ni", "nos", "notre", "nous", "on", "ont",
    "or", "ou", "où", "par", "parmi", "pas", "pendant", "plus", "pour", "puisqu",
    "puisque", "qu", "quand", "que", "quel", "quelle", "quelles", "quelque", "quelques", "quels",
    "qui", "quoi", "quoiqu", "quoique", "s", "sa", "sans", "se", "selon", "sera",
    "seraient", "serait", "seront", "ses", "si", "soi", "soient", "sois", "soit", "sommes",
    "son", "sont", "sous", "suis", "sur", "t", "ta", "te", "tes", "toi",
    "ton", "tous", "tout", "toute", "toutes", "très", "tu", "un", "une", "vers",
    "via", "vos", "votre", "vous", "y", "à", "ça", "étaient", "étais", "était",
    "étant", "étiez", "étions", "êtes"
  ]
  // END stopwords-fr.json
  // Generated from annuaire/search/stopwords-fr.json, the one list:
  // after editing it, run `.venv/bin/python -m annuaire.search.french`.

  var stopWords = Object.create(null)
  STOPWORDS.forEach(function (word) { stopWords[word] = true })

  // JavaScript's \s and the hyphen, spelt out as in french.py.
  var SEPARATORS = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]+/
  var APOSTROPHES = /[\u2019\u02bc]/g
  // Letters, digits and combining marks: unicodedata categories L*, N*, M* in french.py.
  var EDGES = /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu
  var ACCENTS = /[\u0300-\u036f]/g
  var LIGATURES = { 'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'đ': 'd', 'ł': 'l' }
  var ELIDED = {}
  ;['c', 'd', 'j', 'l', 'm', 'n', 's', 't', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']
    .forEach(function (prefix) { ELIDED[prefix] = true })

  function trim (word) {
    return word.replace(EDGES, '')
  }

  function fold (word) {
    var bare = word.normalize('NFD').replace(ACCENTS, '')
    var out = ''
    for (var i = 0; i < bare.length; i++) {
      var c = bare.charAt(i)
      out += LIGATURES[c] || c
    }
    return out.normalize('NFC')
  }

  var snowball = stemmer.stem

  function stemVariants (word) {
    var variants = [fold(snowball(word))]
    var bare = fold(word)
    if (bare !== word) {
      var other = snowball(bare)
      if (variants.indexOf(other) === -1) variants.push(other)
    }
    return variants
  }

  function split (token) {
    var word = token.toString()
    var pieces = []
    var offset = 0
    word.split(SEPARATORS).forEach(function (piece) {
      if (!piece) return
      var metadata = lunr.utils.clone(token.metadata) || {}
      if (metadata.position) {
        var start = word.indexOf(piece, offset)
        metadata.position = [metadata.position[0] + start, piece.length]
        offset = start + piece.length
      }
      pieces.push(new lunr.Token(piece, metadata))
    })
    return pieces.length === 1 ? token : pieces
  }

  function normalise (token) {
    var word = trim(token.toString().normalize('NFC').toLowerCase().replace(APOSTROPHES, "'"))
    if (!word) return null
    return token.update(function () { return word })
  }

  function elision (token) {
    var word = token.toString()
    var apostrophe = word.indexOf("'")
    if (apostrophe > 0 && ELIDED[word.slice(0, apostrophe)] === true) {
      word = trim(word.slice(apostrophe + 1))
      if (!word) return null
      token.update(function () { return word })
    }
    return token
  }

  function stopWordFilter (token) {
    return stopWords[token.toString()] === true ? null : token
  }

  function stem (token) {
    var variants = stemVariants(token.toString())
    token.update(function () { return variants[0] })
    if (variants.length === 1) return token
    return [token].concat(variants.slice(1).map(function (variant) {
      return new lunr.Token(variant, token.metadata)
    }))
  }

  var steps = [
    [split, 'fr-split'],
    [normalise, 'fr-normalise'],
    [elision, 'fr-elision'],
    [stopWordFilter, 'fr-stopwords'],
    [stem, 'fr-stem']
  ]
  steps.forEach(function (step) { lunr.Pipeline.registerFunction(step[0], step[1]) })
  var pipeline = steps.map(function (step) { return step[0] })

  var fr = {
    labels: steps.map(function (step) { return step[1] }),
    stopWords: STOPWORDS,
    fold: fold, // for wildcard terms ("coopé*"), which lunr.js keeps out of the pipeline
    split: split,
    normalise: normalise,
    elision: elision,
    stopWordFilter: stopWordFilter,
    stem: stem,

    // Nothing to load any more (the stemmer is plain JavaScript): resolves to lunr.fr at once,
    // for the callers written when the stemmer was WebAssembly.
    init: function () {
      return Promise.resolve(fr)
    },

    // Plugin for a lunr.js builder: lunr(function () { this.use(lunr.fr) ... })
    configure: function (builder) {
      builder.pipeline.reset()
      builder.searchPipeline.reset()
      builder.pipeline.add.apply(builder.pipeline, pipeline)
      builder.searchPipeline.add.apply(builder.searchPipeline, pipeline)
      return builder
    },

    // The folded surface form of one word (after fr-split), or null for a stop word or for
    // punctuation alone: french.py's surface.
    surface: function (word) {
      var token = normalise(new lunr.Token(word, {}))
      token = token && elision(token)
      token = token && stopWordFilter(token)
      return token ? fold(token.toString()) : null
    },

    // The surface words of a text: lunr's tokenizer, the steps up to the stop words, then accent
    // folding (french.py's surfaces).
    surfaces: function (text) {
      var words = []
      lunr.tokenizer(text).forEach(function (token) {
        var pieces = split(token)
        ;(Array.isArray(pieces) ? pieces : [pieces]).forEach(function (piece) {
          var word = fr.surface(piece.toString())
          if (word) words.push(word)
        })
      })
      return words
    },

    // The index terms of a text: lunr's tokenizer, then this pipeline.
    analyse: function (text) {
      var run = new lunr.Pipeline()
      run.add.apply(run, pipeline)
      return run.run(lunr.tokenizer(text)).map(function (token) { return token.toString() })
    }
  }

  lunr.fr = function (builder) { return fr.configure(builder || this) }
  Object.keys(fr).forEach(function (key) { lunr.fr[key] = fr[key] })
  fr = lunr.fr
  return lunr.fr
}))
