// Text normalization: rewrites what engines misread (numbers, money, dates, times, units,
// abbreviations, acronyms, URLs) into the words a person would say. Rules run in a fixed order,
// most specific first, so "2025-03-14" is a date before it can be a range or a negative number.
//
// Cost: every pattern is anchored by a look-behind or starts at a fixed token, and every
// quantifier is bounded, so each rule is one linear pass; digit runs too long for any reading
// are read digit by digit first. No rule can throw: a reader that fails leaves its match as written.
import { localeFor, type Locale } from './locales.js';
import { type Rule, rulesFor } from './rules.js';

const compiled = new Map<string, Rule[]>();

/**
 * Normalizes one stretch of text in one language. Languages without a locale (anything but
 * en, de, fr, es) are returned unchanged: eSpeak NG reads numbers in its ~100 languages itself,
 * and a wrong expansion would be worse than none.
 */
export function normalizeText(text: string, language: string): string {
  const loc = localeFor(language);
  if (!loc) return text;
  try {
    return run(text, loc);
  } catch {
    return text;
  }
}

function run(text: string, loc: Locale): string {
  let list = compiled.get(loc.code);
  if (!list) compiled.set(loc.code, (list = rulesFor(loc)));
  let t = text.replace(/°[ \u00a0]([CF])(?![\p{L}])/gu, '°$1');
  // Text in capitals throughout is shouting, not a row of initialisms.
  const words = t.match(/\p{L}{2,}/gu) ?? [];
  const shouting = words.length >= 3 && words.filter((x) => x === x.toUpperCase()).length > 0.5 * words.length;
  for (const rule of list) {
    if (shouting && rule.name === 'initialisms') continue;
    if (!rule.needs.test(t)) continue; // most rules read numbers: text without a digit skips them
    const source = t;
    t = source.replace(rule.re, (...args) => {
      const at = args.findIndex((a) => typeof a === 'number');
      const index = args[at] as number;
      const groups = (args.slice(0, at) as (string | undefined)[]).map((g) => g ?? '');
      const end = index + groups[0].length;
      try {
        const out = rule.read(groups, { loc, before: source.slice(Math.max(0, index - 40), index), after: source.slice(end, end + 40) });
        return out ?? groups[0];
      } catch {
        return groups[0];
      }
    });
  }
  return t.replace(/[ \t]{2,}/g, ' ').replace(/ ([,.;:!?])/g, '$1').trim();
}
