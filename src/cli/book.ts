// Long text for `mynah say`: cut into requests of at most 4096 characters at paragraph, then
// sentence, breaks (so no word is split and pauses fall where the author put them), and, on
// request, into chapters.
import { MAX_INPUT_CHARS } from '../contract.js';
import { capLength, splitSentences } from '../text/sentences.js';

/** Groups paragraphs (then sentences, for a giant paragraph) into pieces of at most `max` chars. */
export function splitPieces(text: string, max = MAX_INPUT_CHARS): string[] {
  const units = text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .flatMap((p) => (p.length <= max ? [p] : splitSentences(p).flatMap((s) => capLength(s, max))));
  const pieces: string[] = [];
  let current = '';
  for (const unit of units) {
    // Paragraphs keep a blank line between them; the sentence splitter treats it as a break.
    const joined = current ? `${current}\n\n${unit}` : unit;
    if (current && joined.length > max) {
      pieces.push(current);
      current = unit;
    } else {
      current = joined;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

// "Chapter 3", "CHAPTER IV", "Chapter One: The Storm", or a markdown heading of any level.
const NUMBER_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty';
const HEADING_LINE = new RegExp(String.raw`^[ \t]*(?:#{1,6}[ \t]+\S.*|chapter[ \t]+(?:\d+|[ivxlcdm]+|${NUMBER_WORDS})\b.{0,80})$`, 'im');
const HEADING = new RegExp(HEADING_LINE.source, 'gim');

export interface Chapter {
  title: string;
  text: string;
}

/** Splits at heading lines; text before the first heading, if any, is a chapter of its own. */
export function splitChapters(text: string): Chapter[] {
  const starts = [...text.matchAll(HEADING)].map((m) => m.index!);
  if (starts.length === 0) return [{ title: '', text }];
  const bounds = starts[0] > 0 && text.slice(0, starts[0]).trim() ? [0, ...starts] : starts;
  return bounds.map((start, i) => {
    const body = text.slice(start, bounds[i + 1] ?? text.length);
    const first = body.split('\n', 1)[0];
    return { title: HEADING_LINE.test(first) ? cleanHeading(first) : '', text: body };
  }).filter((c) => c.text.trim());
}

/** Markdown heading marks are not to be read aloud; the heading becomes its own sentence. */
export function speakable(text: string): string {
  return text.replace(/^[ \t]*#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/gm, (_, title: string) => (/[.!?:]$/.test(title) ? title : `${title}.`) + '\n');
}

const cleanHeading = (line: string) => line.replace(/^[ \t]*#+[ \t]*/, '').trim();
