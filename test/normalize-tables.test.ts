// Table tests per language (test/data/*.ts), written from how people read text aloud, one case per
// test. Compared as the held-out set is scored: case, spaces, hyphens, punctuation and English
// "and" ignored, so "twenty-one" and "twenty one" are the same reading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeText } from '../src/text/index.js';
import { lenient, type Case } from './data/case.js';
import { EN } from './data/en.js';
import { DE } from './data/de.js';
import { FR } from './data/fr.js';
import { ES } from './data/es.js';

const TABLES: Record<string, Case[]> = { en: EN, de: DE, fr: FR, es: ES };

for (const [lang, cases] of Object.entries(TABLES)) {
  for (const [category, written, spoken] of cases) {
    test(`${lang} ${category}: ${written}`, () => {
      const out = normalizeText(written, lang);
      assert.equal(lenient(out, lang), lenient(spoken, lang), `${JSON.stringify(written)} read as ${JSON.stringify(out)}, want ${JSON.stringify(spoken)}`);
    });
  }
  test(`${lang}: at least 150 cases covering every class`, () => {
    assert.ok(cases.length >= 150, `${cases.length} cases`);
    const classes = new Set(cases.map(([c]) => c));
    for (const c of ['cardinal', 'ordinal', 'decimal', 'fraction', 'money', 'measure', 'date', 'time', 'telephone', 'electronic', 'range', 'roman', 'abbreviation']) assert.ok(classes.has(c), c);
  });
}
