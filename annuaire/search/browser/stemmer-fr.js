/*
 * The Snowball French stemmer, as released in Snowball 3.1.1 (the release of the Python package
 * snowballstemmer 3.1.1 that stems the index), in plain synchronous JavaScript.
 *
 * Written for this project from the published description of the algorithm
 * (https://snowballstem.org/algorithms/french/stemmer.html); the index is built by Python and
 * queried here, so it must give exactly the stems Python gives: tests/search/ compare the two on
 * the sample data, on hand-made cases for every rule (french_stem_cases.txt) and, in CI, on the
 * 346,205 words of Debian's wfrench.
 *
 *   AnnuaireStemmerFr.stem("coopérations") -> "coopér"
 *
 * In a browser it defines the global AnnuaireStemmerFr (the search page's script holds it before
 * search-fr.js, see annuaire/search/bundle.py); in Node, require() returns the same object.
 *
 * The word is handled as an array of code points, as Python handles a str: a letter outside the
 * Basic Multilingual Plane counts as one character. Like Snowball, the stemmer expects a lower
 * case word: upper case I, U, Y and H are the letters it uses as marks and are treated as such.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory()
  } else {
    root.AnnuaireStemmerFr = factory()
  }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict'

  function setOf (letters) {
    var set = Object.create(null)
    Array.from(letters).forEach(function (letter) { set[letter] = true })
    return set
  }

  var VOWELS = setOf('aeiouyàâèéêëîïôùû')
  var KEEP_WITH_S = setOf('aiosuè') // a final s after these stays (step 4)
  var OUX_ENDING = setOf('bhjlnp') // "bijoux" -> "bijou", not "genoux"
  var ELISION = setOf('cdjlmnst')

  // Longest first: a search returns the longest suffix that matches.
  function suffixes (groups) {
    var list = []
    Object.keys(groups).forEach(function (action) {
      groups[action].split(' ').forEach(function (suffix) {
        list.push({ chars: Array.from(suffix), action: action })
      })
    })
    return list.sort(function (x, y) { return y.chars.length - x.chars.length })
  }

  // Step 1. Upper case I, U, Y and H are the marks of the prelude.
  var STANDARD = suffixes({
    r2: 'ance iqUe isme able iste eux ances iqUes ismes ables istes',
    ation: 'atrice ateur ation atrices ateurs ations',
    logie: 'logie logies',
    usion: 'usion ution usions utions',
    ence: 'ence ences',
    ement: 'ement ements',
    ite: 'ité ités',
    ive: 'if ive ifs ives',
    eaux: 'eaux',
    aux: 'aux',
    oux: 'oux',
    euse: 'euse euses',
    issement: 'issement issements',
    amment: 'amment',
    emment: 'emment',
    ment: 'ment ments'
  })
  var AFTER_EMENT = suffixes({ iv: 'iv', eus: 'eus', r2: 'abl iqU', ier: 'ièr Ièr' })
  var AFTER_ITE = suffixes({ abil: 'abil', ic: 'ic', iv: 'iv' })
  // Step 2a: verb endings after i, step 2b: the other verb endings.
  var I_VERB = suffixes({
    i: 'îmes ît îtes i ie ies ir ira irai iraIent irais irait iras irent irez iriez irions irons ' +
      'iront is issaIent issais issait issant issante issantes issants isse issent isses issez ' +
      'issiez issions issons it'
  })
  var VERB = suffixes({
    ions: 'ions',
    drop: 'é ée ées és èrent er era erai eraIent erais erait eras erez eriez erions erons eront ez iez eais',
    dropE: 'âmes ât âtes a ai aIent ait ant ante antes ants as asse assent asses assiez assions',
    ais: 'ais aise aises'
  })
  var KEEP_AIS = suffixes({ al: 'al', keep: 'épl auv' })
  var RESIDUAL = suffixes({ ion: 'ion', ier: 'ier ière Ier Ière', e: 'e' })
  var DOUBLES = suffixes({ undouble: 'enn onn ett ell eill' })

  function isVowel (letter) {
    return VOWELS[letter] === true
  }

  // Does w[from, to) spell `chars`?
  function spells (w, from, to, chars) {
    if (from < 0 || to - from !== chars.length) return false
    for (var i = 0; i < chars.length; i++) {
      if (w[from + i] !== chars[i]) return false
    }
    return true
  }

  function endsWith (w, end, text) {
    return spells(w, end - text.length, end, Array.from(text))
  }

  // The longest suffix of the list ending at `end` and starting at `limit` or after, or null.
  function find (w, end, list, limit) {
    for (var i = 0; i < list.length; i++) {
      var chars = list[i].chars
      var start = end - chars.length
      if (start >= limit && spells(w, start, end, chars)) return { start: start, action: list[i].action }
    }
    return null
  }

  // Replace the end of the word, from `start`, by `text`.
  function replaceEnd (w, start, text) {
    w.length = start
    Array.prototype.push.apply(w, Array.from(text))
  }

  // Elision ("l'", "qu'"...), when a letter follows.
  function elide (w) {
    var apostrophe = ELISION[w[0]] === true ? 1 : (w[0] === 'q' && w[1] === 'u' ? 2 : -1)
    if (apostrophe > 0 && w[apostrophe] === "'" && w.length > apostrophe + 1) w.splice(0, apostrophe + 1)
  }

  // Mark the u, i and y that act as consonants (U, I, Y), and ë, ï as He, Hi. Left to right; after a
  // change, the same position is tried again, as Snowball's `repeat goto` does.
  function prelude (w) {
    var p = 0
    while (p < w.length) {
      var c = w[p]
      var next = w[p + 1]
      if (isVowel(c) && next === 'u' && isVowel(w[p + 2])) {
        w[p + 1] = 'U'
      } else if (isVowel(c) && next === 'i' && isVowel(w[p + 2])) {
        w[p + 1] = 'I'
      } else if (isVowel(c) && next === 'y') {
        w[p + 1] = 'Y'
      } else if (c === 'ë') {
        w.splice(p, 1, 'H', 'e')
      } else if (c === 'ï') {
        w.splice(p, 1, 'H', 'i')
      } else if (c === 'y' && isVowel(next)) {
        w[p] = 'Y'
      } else if (c === 'q' && next === 'u') {
        w[p + 1] = 'U'
      } else {
        p++
      }
    }
  }

  // The position after the first vowel at or after `from`, or -1.
  function afterVowel (w, from) {
    for (var i = from; i < w.length; i++) {
      if (isVowel(w[i])) return i + 1
    }
    return -1
  }

  // The position after the first non-vowel at or after `from`, or -1.
  function afterConsonant (w, from) {
    for (var i = from; i < w.length; i++) {
      if (!isVowel(w[i])) return i + 1
    }
    return -1
  }

  // RV, R1 and R2 start at these positions (the word's length: empty region).
  function regions (w) {
    var n = w.length
    var rv = n
    if (n >= 3 && isVowel(w[0]) && isVowel(w[1])) {
      rv = 3
    } else if (spells(w, 0, 3, ['c', 'o', 'l']) || spells(w, 0, 3, ['p', 'a', 'r']) || spells(w, 0, 3, ['t', 'a', 'p']) ||
      (w[0] === 'n' && w[1] === 'i' && isVowel(w[2]))) {
      rv = 3
    } else if (n >= 1) {
      var after = afterVowel(w, 1)
      if (after > 0) rv = after
    }
    var r1 = n
    var r2 = n
    var vowel = afterVowel(w, 0)
    var start = vowel > 0 ? afterConsonant(w, vowel) : -1
    if (start > 0) {
      r1 = start
      vowel = afterVowel(w, r1)
      start = vowel > 0 ? afterConsonant(w, vowel) : -1
      if (start > 0) r2 = start
    }
    return { rv: rv, r1: r1, r2: r2 }
  }

  // Step 1: returns true when a suffix was removed or changed for good; a few rules change the word
  // and still return false, so that the verb suffixes are tried next.
  function standardSuffix (w, r) {
    var found = find(w, w.length, STANDARD, 0)
    if (!found) return false
    var at = found.start
    var next
    switch (found.action) {
      case 'r2':
        if (at < r.r2) return false
        w.length = at
        return true
      case 'ation':
        if (at < r.r2) return false
        w.length = at
        if (endsWith(w, w.length, 'ic')) replaceEnd(w, w.length - 2, w.length - 2 >= r.r2 ? '' : 'iqU')
        return true
      case 'logie':
        if (at < r.r2) return false
        replaceEnd(w, at, 'log')
        return true
      case 'usion':
        if (at < r.r2) return false
        replaceEnd(w, at, 'u')
        return true
      case 'ence':
        if (at < r.r2) return false
        replaceEnd(w, at, 'ent')
        return true
      case 'ement':
        if (at < r.rv) return false
        w.length = at
        next = find(w, w.length, AFTER_EMENT, 0)
        if (!next) return true
        if (next.action === 'iv') {
          if (next.start >= r.r2) {
            w.length = next.start
            if (endsWith(w, w.length, 'at') && w.length - 2 >= r.r2) w.length -= 2
          }
        } else if (next.action === 'eus') {
          if (next.start >= r.r2) w.length = next.start
          else if (next.start >= r.r1) replaceEnd(w, next.start, 'eux')
        } else if (next.action === 'r2') {
          if (next.start >= r.r2) w.length = next.start
        } else if (next.start >= r.rv) {
          replaceEnd(w, next.start, 'i')
        }
        return true
      case 'ite':
        if (at < r.r2) return false
        w.length = at
        next = find(w, w.length, AFTER_ITE, 0)
        if (!next) return true
        if (next.start >= r.r2) w.length = next.start
        else if (next.action === 'abil') replaceEnd(w, next.start, 'abl')
        else if (next.action === 'ic') replaceEnd(w, next.start, 'iqU')
        return true
      case 'ive':
        if (at < r.r2) return false
        w.length = at
        if (endsWith(w, w.length, 'at') && w.length - 2 >= r.r2) {
          w.length -= 2
          if (endsWith(w, w.length, 'ic')) replaceEnd(w, w.length - 2, w.length - 2 >= r.r2 ? '' : 'iqU')
        }
        return true
      case 'eaux':
        replaceEnd(w, at, 'eau')
        return true
      case 'aux':
        if (at < r.r1) return false
        replaceEnd(w, at, 'al')
        return true
      case 'oux':
        if (at < 1 || OUX_ENDING[w[at - 1]] !== true) return false
        replaceEnd(w, at, 'ou')
        return true
      case 'euse':
        if (at >= r.r2) w.length = at
        else if (at >= r.r1) replaceEnd(w, at, 'eux')
        else return false
        return true
      case 'issement':
        if (at < r.r1 || at < 1 || isVowel(w[at - 1])) return false
        w.length = at
        return true
      case 'amment':
        if (at >= r.rv) replaceEnd(w, at, 'ant')
        return false
      case 'emment':
        if (at >= r.rv) replaceEnd(w, at, 'ent')
        return false
      default: // ment, ments: after a vowel in RV
        if (at >= 1 && isVowel(w[at - 1]) && at - 1 >= r.rv) w.length = at
        return false
    }
  }

  // Step 2a: a verb ending after i, in RV, after a non-vowel that is not the H of ë or ï.
  function iVerbSuffix (w, r) {
    if (w.length < r.rv) return false
    var found = find(w, w.length, I_VERB, r.rv)
    if (!found) return false
    var before = found.start - 1
    if (before < r.rv || w[before] === 'H' || isVowel(w[before])) return false
    w.length = found.start
    return true
  }

  // Step 2b: the other verb endings, in RV.
  function verbSuffix (w, r) {
    if (w.length < r.rv) return false
    var found = find(w, w.length, VERB, r.rv)
    if (!found) return false
    var at = found.start
    switch (found.action) {
      case 'ions':
        if (at < r.r2) return false
        break
      case 'dropE':
        if (at >= 1 && w[at - 1] === 'e' && at - 1 >= r.rv) at--
        break
      case 'ais': {
        // Kept after "épl" and "auv" ("mauvais"), and after one letter and "al" ("palais").
        var keep = find(w, at, KEEP_AIS, 0)
        if (keep && (keep.action === 'keep' || keep.start === 1)) return false
        break
      }
    }
    w.length = at
    return true
  }

  // Step 4: a final s, then a few endings in RV.
  function residualSuffix (w, r) {
    var n = w.length
    if (n >= 2 && w[n - 1] === 's' && (endsWith(w, n - 1, 'Hi') || KEEP_WITH_S[w[n - 2]] !== true)) w.length = n - 1
    if (w.length < r.rv) return
    var found = find(w, w.length, RESIDUAL, r.rv)
    if (!found) return
    var at = found.start
    if (found.action === 'ion') {
      if (at >= r.r2 && at - 1 >= r.rv && (w[at - 1] === 's' || w[at - 1] === 't')) w.length = at
    } else if (found.action === 'ier') {
      replaceEnd(w, at, 'i')
    } else {
      w.length = at
    }
  }

  // Step 6: at least one non-vowel at the end, after é or è -> e.
  function unAccent (w) {
    var i = w.length
    while (i > 0 && !isVowel(w[i - 1])) i--
    if (i === w.length || i === 0) return
    if (w[i - 1] === 'é' || w[i - 1] === 'è') w[i - 1] = 'e'
  }

  // Back from the marks of the prelude: I, U, Y to lower case, He, Hi to ë, ï, any other H dropped.
  function postlude (w) {
    var out = ''
    for (var i = 0; i < w.length; i++) {
      var c = w[i]
      if (c === 'I' || c === 'U' || c === 'Y') {
        out += c.toLowerCase()
      } else if (c === 'H') {
        if (w[i + 1] === 'e') { out += 'ë'; i++ } else if (w[i + 1] === 'i') { out += 'ï'; i++ }
      } else {
        out += c
      }
    }
    return out
  }

  function stem (word) {
    var w = Array.from(word)
    elide(w)
    prelude(w)
    var r = regions(w)

    var changed = standardSuffix(w, r) || iVerbSuffix(w, r) || verbSuffix(w, r)
    if (changed) {
      // Step 3: a final Y or ç after a removed ending.
      var last = w.length - 1
      if (w[last] === 'Y') w[last] = 'i'
      else if (w[last] === 'ç') w[last] = 'c'
    } else {
      residualSuffix(w, r)
    }

    // Step 5: undouble.
    if (find(w, w.length, DOUBLES, 0)) w.length -= 1
    unAccent(w)
    return postlude(w)
  }

  return { stem: stem }
}))
