// quoted(): someone's words as a Markdown quote that fits a given length AFTER escaping, cut between
// two characters and never inside an escape, with a note when cut. GitHub refuses a comment over
// 65,536 characters (HTTP 422, docs.github.com/rest/issues/comments#create-an-issue-comment), and
// escaping can make a text ten times longer: the fit is measured on what is written.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { quoted } from '../../src/text/markdown.js'

const cutNote = 'cut to fit; the rest is elsewhere'
const NOTE = `\n>\n> _[${cutNote}]_`
const whole = (text: string): string => quoted(text, { maxLength: Number.POSITIVE_INFINITY, cutNote })

/** The number of backslashes right before `at`: the text's own are doubled, so an odd run ends in an escape's first half. */
function backslashesBefore(full: string, at: number): number {
  let n = 0
  while (n < at && full[at - 1 - n] === '\\') n++
  return n
}

/** Whether a cut of quoted()'s whole output `full` at `at` falls inside something that must stay whole. */
function cutsAnEscape(full: string, at: number): boolean {
  const amp = full.lastIndexOf('&amp;', at - 1)
  const bidi = full.lastIndexOf('\\[U+', at - 1)
  return (
    /[\uD800-\uDBFF]/.test(full[at - 1] ?? '') || // half a surrogate pair
    backslashesBefore(full, at) % 2 === 1 || // "\" of "\*" without its character
    (amp >= 0 && at < amp + 5) || // half of "&amp;"
    // half of a bidi control shown and escaped, "\[U+202E\]" (a "\[" of its own is whole)
    (bidi >= 0 &&
      at < bidi + 10 &&
      /^\\\[U\+[0-9A-F]{4}\\\]/.test(full.slice(bidi)) &&
      backslashesBefore(full, bidi) % 2 === 0)
  )
}

describe('quoted: a quote that fits after escaping', () => {
  it('quotes a text that fits whole, and says nothing of a cut', () => {
    expect(quoted('Thanks & see <b>you</b>\nMonday', { maxLength: 100, cutNote })).toBe(
      '> Thanks &amp; see \\<b\\>you\\</b\\>\n> Monday',
    )
  })

  it.each([
    ['8,000 bidi controls (each "\\[U+202E\\]" once shown and escaped)', '\u202e'.repeat(8000), /(\\\[U\+202E\\\])+$/],
    ['64 KiB of "&" and "<"', '&<'.repeat(32 * 1024), /^> (&amp;\\<)+(&amp;)?$/],
    ['astral-plane characters', `a${'\u{1F600}'.repeat(40_000)}`, /^> a(\u{1F600})+$/u],
    [
      'every line terminator',
      'one\r\ntwo\rthree\vfour\ffive\u0085six\u2028seven\u2029'.repeat(3000),
      /^> one\n> two\n> three\n/,
    ],
  ])('%s: cut to the length, between whole characters and escapes, with the note', (_what, text, shape) => {
    for (const maxLength of [65_000, 65_001, 65_002, 64_999, 64_998]) {
      const fit = quoted(text, { maxLength, cutNote })
      expect(fit.length).toBeLessThanOrEqual(maxLength)
      expect(fit.endsWith(NOTE)).toBe(true)
      const shown = fit.slice(0, -NOTE.length)
      const full = whole(text)
      expect(full.startsWith(shown)).toBe(true)
      expect(shown).toMatch(shape)
      expect(cutsAnEscape(full, shown.length)).toBe(false)
      // The room is used: at most a line's "> " and one escape (10) short of it.
      expect(shown.length).toBeGreaterThan(maxLength - NOTE.length - 16)
    }
  })

  it('never ends on a line\'s bare "> ": the note follows the last words', () => {
    const text = `${'a'.repeat(50)}\n\n\n${'b'.repeat(50)}`
    const full = whole(text)
    expect(full).toBe(`> ${'a'.repeat(50)}\n>\n> ${'b'.repeat(50)}`)
    for (let room = 0; room < full.length - NOTE.length; room++) {
      const fit = quoted(text, { maxLength: room + NOTE.length, cutNote })
      expect(fit.slice(0, -NOTE.length)).toMatch(/^$|[ab]$/)
    }
  })

  it('a half character from a cut by code units is shown as U+FFFD, never sent half', () => {
    expect(whole(`ok ${'\u{1F600}'.slice(0, 1)}`)).toBe('> ok \uFFFD')
  })

  it('takes linear time: 64 KiB of the worst characters in well under a second each', () => {
    for (const c of ['\u202e', '&', '\\', '\u{1F600}', '@a', '\n\n\nx', ' ']) {
      const text = c.repeat(Math.ceil((64 * 1024) / c.length))
      const started = performance.now()
      quoted(text, { maxLength: 64_000, cutNote })
      expect(performance.now() - started).toBeLessThan(1000)
    }
  })

  it('any text, any length: fits, is a start of the whole quote plus the note, never cut inside an escape', () => {
    const unit = fc.oneof(
      fc.constantFrom(
        '&',
        '<',
        '>',
        '\\',
        '*',
        '_',
        '[',
        ']',
        '`',
        '#1',
        '@o',
        'GH-1',
        '://',
        'www.',
        '|',
        '!',
        '~',
        'a',
        ' ',
      ),
      fc.constantFrom(
        '\u202e',
        '\u2066',
        '\u061c',
        '\n',
        '\r\n',
        '\r',
        '\v',
        '\f',
        '\u0085',
        '\u2028',
        '\u2029',
        '\u0000',
        '\t',
      ),
      fc.constantFrom('\u{1F600}', '\u{10FFFF}', '\uD83D', '\uDE00', 'é'),
      fc.string({ unit: 'binary', maxLength: 1 }),
    )
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 300, size: 'max' }), fc.nat({ max: 3000 }), (text, slack) => {
        const full = whole(text)
        const maxLength = NOTE.length + (slack % (full.length + 2))
        const fit = quoted(text, { maxLength, cutNote })
        expect(fit.length).toBeLessThanOrEqual(maxLength)
        if (full.length <= maxLength) return expect(fit).toBe(full)
        expect(fit.endsWith(NOTE)).toBe(true)
        const shown = fit.slice(0, -NOTE.length)
        expect(full.startsWith(shown)).toBe(true)
        expect(cutsAnEscape(full, shown.length)).toBe(false)
        // Left out of the room: only line starts (a run of blank lines, each ">", can be long) and
        // at most a part of one atom (the longest, a bidi control shown as "\\[U+202E\\]", is 10).
        const unused = full.slice(shown.length, maxLength - NOTE.length).replace(/^(\n?> ?)*/, '')
        expect(unused.length).toBeLessThan(10)
      }),
      { numRuns: 2000 },
    )
  })

  it('a length with no room for the note is a mistake of the caller, said at once', () => {
    expect(() => quoted('x'.repeat(100), { maxLength: 10, cutNote })).toThrow(RangeError)
  })
})
