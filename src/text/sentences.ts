// Sentence splitting: the unit of streaming. The first chunk is kept short so the first audio
// leaves quickly; later chunks batch sentences, because every engine call has a fixed cost.

import { LOCALES } from './locales.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

// ICU breaks after "Dr." or "J." followed by a capital; these never end a sentence.
const TITLE = /(?:^|[\s(])(?:Dr|Mr|Mrs|Ms|Prof|St|Mt|Jr|Sr|Sra|Srta|Dra|Hr|Fr|M|MM|Nr|No|Ud|Uds|\p{L})\.$/u;
// Other abbreviations can end one, so they join the next piece only when it starts in lower case.
// German ordinals and dates end in a dot ("am 3. Mai", "der 2. Weltkrieg") that ends nothing.
const MONTH_NEXT = /^(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b/;
const NUMBER_ABBREVIATIONS = new Set(Object.values(LOCALES).flatMap((l) => Object.keys(l.numberAbbreviations)).map((a) => a.toLowerCase()));
const ABBREVIATIONS = new Set(Object.values(LOCALES).flatMap((l) => Object.keys(l.abbreviations)).map((a) => a.split(' ').pop()!).filter((a) => a.endsWith('.')));

// URLs and e-mail addresses hold dots and question marks that end nothing ("example.com/a?x=1").
const ELECTRONIC = /(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'\])]{1,400}|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}/g;

/** Sentences as a reader would see them: abbreviations, initials, decimals, ellipses, URLs and e-mail addresses kept inside. */
export function splitSentences(text: string): string[] {
  const protectedSpans: [number, number][] = [];
  for (const m of text.matchAll(ELECTRONIC)) protectedSpans.push([m.index, m.index + m[0].replace(/[.,;:!?]+$/, '').length]);
  const out: string[] = [];
  let span = 0;
  for (const { segment, index } of segmenter.segment(text)) {
    // A break inside a URL is no break: the piece joins the one before, with no space added.
    while (span < protectedSpans.length && protectedSpans[span][1] <= index) span++;
    const inside = span < protectedSpans.length && protectedSpans[span][0] < index;
    const s = segment.trim();
    if (!s) continue;
    const prev = out[out.length - 1];
    if (prev !== undefined && inside) {
      out[out.length - 1] = inside && !/\s$/.test(text.slice(0, index)) ? `${prev}${s}` : `${prev} ${s}`;
      continue;
    }
    // Only the end of the sentence so far matters; looking at all of it would be quadratic.
    const tail = prev?.slice(-40) ?? '';
    const last = tail.split(/\s/).pop() ?? '';
    const ordinal = prev && /(?:^|\s)(?:der|die|das|den|dem|des|am|im|zum|zur|vom|beim)\s+\d{1,3}\.$/i.test(tail);
    if (prev && (TITLE.test(tail) || ordinal || (/\b\d{1,2}\.$/.test(tail) && MONTH_NEXT.test(s)) || (ABBREVIATIONS.has(last) && /^\p{Ll}/u.test(s)) || (NUMBER_ABBREVIATIONS.has(last.toLowerCase()) && /^\d/.test(s)) || /(?:\.\.\.|…)$/.test(tail) && /^\p{Ll}/u.test(s))) {
      out[out.length - 1] = `${prev} ${s}`;
    } else out.push(s);
  }
  return out;
}

/** Cuts a sentence that is too long at the last comma, semicolon or space before `max`. */
export function capLength(sentence: string, max: number): string[] {
  const out: string[] = [];
  let rest = sentence;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '), window.lastIndexOf(': '));
    if (cut < max / 3) cut = window.lastIndexOf(' ');
    if (cut < max / 3) cut = max - 1;
    out.push(rest.slice(0, cut + 1).trim());
    rest = rest.slice(cut + 1).trim();
  }
  if (rest) out.push(rest);
  return out;
}

export interface ChunkOptions {
  /** Longest chunk handed to an engine (engines with token limits set this low). */
  maxChars: number;
  /** Upper bound for the first chunk, which gates the time to first audio. */
  firstChars: number;
}

/** Groups sentences into engine-sized chunks: the first alone, the rest batched up to maxChars. */
export function chunkText(text: string, opts: ChunkOptions): string[] {
  const pieces = splitSentences(text).flatMap((s) => capLength(s, opts.maxChars));
  if (pieces.length === 0) return [];
  const [first, ...rest] = pieces;
  const chunks = capLength(first, opts.firstChars);
  let current = '';
  for (const piece of rest) {
    if (current && current.length + 1 + piece.length > opts.maxChars) {
      chunks.push(current);
      current = piece;
    } else {
      current = current ? `${current} ${piece}` : piece;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
