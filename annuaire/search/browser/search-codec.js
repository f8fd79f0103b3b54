/*
 * The search index's transport form, read back: the JavaScript half of the index codec.
 * Its twin annuaire/search/codec.py writes it, and its docstring describes the format in
 * full. Both hold the same names: codec.py's encode_numbers is read by decodeNumbers here,
 * encode_fixed by decodeFixed, encode_postings by decodePostings; DIGITS is in both. Change
 * the two files together: tests/search/ checks that what one writes the other reads (encode_words is
 * read by decodeWords).
 *
 * The format, in short: numbers travel as text, in the digits of DIGITS (base64url's).
 *   a list of numbers      five bits a digit, lowest first; a digit of 32 or more says
 *                          another digit follows
 *   fixed-width numbers    `width` digits each, six bits a digit, most significant first,
 *                          so that the n-th can be read alone
 *   a term's postings      a list of numbers: for each field, how many documents hold the
 *                          term, then for each one the gap from the previous position,
 *                          doubled, plus 1 when the term occurs more than once there, in
 *                          which case the term frequency minus 2 follows
 *   a chunk's postings     the same, each document followed by its length of the field
 *   a sorted list of words front-coded: for each word, one digit (the UTF-16 code units it
 *                          shares with the word before) and the rest of it; a space
 *                          between words
 *
 *   AnnuaireCodec.decodeNumbers(text)              -> Int32Array of the numbers
 *   AnnuaireCodec.decodeFixed(text, width, n)      -> the n-th number
 *   AnnuaireCodec.decodePostings(text, fieldCount, withLengths) -> { docs, freqs, lengths, bounds }
 *   AnnuaireCodec.decodeWords(text)                -> [word, ...] in JavaScript's string order
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory()
  } else {
    root.AnnuaireCodec = factory()
  }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict'

  // The alphabet of every number written as text: base64url's, a digit's value is its position.
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  // The value of each digit, by its character code: a lookup, not an indexOf, in the loops below.
  var DIGIT_VALUE = new Int8Array(128)
  DIGITS.split('').forEach(function (c, i) {
    DIGIT_VALUE[c.charCodeAt(0)] = i
  })

  // Reads a list of numbers one at a time, from the start: for postings, decoded as they are read.
  function NumberReader (text) {
    this.text = text
    this.at = 0
  }

  // The next number of the list.
  NumberReader.prototype.next = function () {
    var value = 0
    var shift = 0
    var digit
    do {
      digit = DIGIT_VALUE[this.text.charCodeAt(this.at++)]
      value |= (digit & 31) << shift
      shift += 5
    } while (digit & 32)
    return value
  }

  // A whole list of numbers (codec.py's encode_numbers), in one plain loop over a typed array.
  function decodeNumbers (text) {
    var numbers = new Int32Array(text.length) // at most one number a character
    var total = 0
    var value = 0
    var shift = 0
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT_VALUE[text.charCodeAt(i)]
      value |= (digit & 31) << shift
      if (digit & 32) {
        shift += 5
      } else {
        numbers[total++] = value
        value = 0
        shift = 0
      }
    }
    return numbers.subarray(0, total)
  }

  // The n-th of the numbers of `width` digits each (codec.py's encode_fixed), read alone.
  function decodeFixed (text, width, n) {
    var at = n * width
    var value = 0
    for (var i = 0; i < width; i++) value = value * 64 + DIGIT_VALUE[text.charCodeAt(at + i)]
    return value
  }

  // One term's postings (codec.py's encode_postings): in field f, documents docs[bounds[f]] up to
  // docs[bounds[f + 1]], with their term frequencies in freqs. With `withLengths`, the postings of
  // a chunk (encode_chunk_postings): each document's length of the field follows, in lengths.
  function decodePostings (text, fieldCount, withLengths) {
    var reader = new NumberReader(text)
    var docs = []
    var freqs = []
    var lengths = withLengths ? [] : null
    var bounds = new Int32Array(fieldCount + 1)
    for (var f = 0; f < fieldCount; f++) {
      bounds[f] = docs.length
      var position = 0
      for (var n = reader.next(); n > 0; n--) {
        var code = reader.next()
        position += code >>> 1
        docs.push(position)
        freqs.push(code & 1 ? reader.next() + 2 : 1)
        if (withLengths) lengths.push(reader.next())
      }
    }
    bounds[fieldCount] = docs.length
    return { docs: docs, freqs: freqs, lengths: lengths, bounds: bounds }
  }

  // A front-coded list of words (codec.py's encode_words): each entry is the number of code units
  // shared with the word before, as one digit, then the rest of the word.
  function decodeWords (text) {
    var words = []
    var previous = ''
    if (!text) return words
    var entries = text.split(' ')
    for (var i = 0; i < entries.length; i++) {
      previous = previous.slice(0, DIGIT_VALUE[entries[i].charCodeAt(0)]) + entries[i].slice(1)
      words.push(previous)
    }
    return words
  }

  return {
    DIGITS: DIGITS,
    decodeNumbers: decodeNumbers,
    decodeFixed: decodeFixed,
    decodePostings: decodePostings,
    decodeWords: decodeWords
  }
}))
