// Language detection for the text front end: which language is this text in, or, when the evidence
// is weak, the voice's own. Three kinds of evidence, cheapest first:
// - script: kana is Japanese, Hangul Korean, Han alone Chinese; Cyrillic letters such as ы and і tell
//   Russian from Ukrainian;
// - n-grams: eld's algorithm and medium database in a compact form (langid/ngrams.ts, ~1 MiB);
// - words and letters: each language's common words and its own letters (langid/words.ts). One short
//   sentence gives an n-gram model too little to go on ("Hello, world!" scores Norwegian first), so
//   short text only leaves the voice's language when its words or letters agree with the n-grams.
import { scoreNgrams } from './langid/ngrams.js';
import { MARKS, WORD_LANGS, WORD_LANGUAGES } from './langid/words.js';

/** With this many letters and a reliable n-gram score, the n-grams decide on their own. */
const LONG_LETTERS = 40;
/** Word-and-letter evidence needed for short text to leave the voice's language. */
const MIN_EVIDENCE = 2;
/** Short text that the n-grams alone may move: this many words, none of the voice's language... */
const MIN_WORDS = 3;
/** ...and this far ahead of the voice's language in n-gram score. */
const NGRAM_GAP = 0.1;
/** How far below the best n-gram score a language may be and still be taken on word evidence. */
const NGRAM_SLACK = 0.08;

/**
 * Detects the language of `text` (ISO 639-1), or returns `fallback` (the voice's language) when the
 * evidence is weak.
 */
export function detectLanguage(text: string, fallback: string): string {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return fallback;
  const byScript = scriptLanguage(letters);
  if (byScript) return byScript;

  const { ranked, reliable } = scoreNgrams(text);
  const top = ranked[0]?.language;
  if (!top) return fallback;
  // Mostly another script: its n-grams decide ("π" in an English sentence does not make it Greek).
  const latin = letters.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (latin < letters.length / 2) return /\p{Script=Cyrillic}/u.test(letters) ? cyrillic(top, text, letters) : top;
  if (top === fallback) return fallback;
  const ngram = (lang: string) => ranked.find((r) => r.language === lang)?.score ?? 0;

  const { evidence, words } = wordEvidence(text);
  const of = (lang: string) => evidence.get(lang) ?? 0;
  if (letters.length >= LONG_LETTERS && reliable) {
    // Long text: the n-grams decide, unless the voice's language has clearly more words in it.
    return of(fallback) >= of(top) + MIN_EVIDENCE ? fallback : top;
  }
  // Short text: the language with the most word-and-letter evidence, if the n-grams agree it is close
  // and at least one of its words is there (letters alone are often a name: "Señor Gómez called").
  let best = '';
  for (const [lang, score] of evidence) {
    if (score > of(best) || (score === of(best) && ngram(lang) > ngram(best))) best = lang;
  }
  const needed = best === top && reliable ? MIN_EVIDENCE / 2 : MIN_EVIDENCE;
  const hasWord = words.has(best) || best === 'vi';
  if (best && best !== fallback && hasWord && of(best) >= needed && of(best) > of(fallback) && ngram(best) >= ngram(top) - NGRAM_SLACK) return best;
  if (best === fallback && of(best) > 0) return fallback; // the voice's language has the most words
  // No word of the voice's language at all, and the n-grams are sure of another with words to go on.
  const wordCount = text.match(/\p{L}{2,}/gu)?.length ?? 0;
  const known = WORD_LANGUAGES.has(top) || /[^\x00-\x7F]/.test(letters);
  if (known && reliable && of(fallback) === 0 && wordCount >= MIN_WORDS && ngram(top) - ngram(fallback) >= NGRAM_GAP) return top;
  // A language without a word list (Swedish, Czech, ...): only its own letters and a sure n-gram score.
  if (!WORD_LANGUAGES.has(top) && reliable && /[^\x00-\x7F]/.test(letters) && of(fallback) === 0 && of(best) < MIN_EVIDENCE) return top;
  return fallback;
}

/** Scripts that name their language on their own. */
function scriptLanguage(letters: string): string | undefined {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(letters)) return 'ja';
  if (/\p{Script=Hangul}/u.test(letters)) return 'ko';
  const han = letters.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (han > 0 && han >= letters.length / 2) return 'zh';
  return undefined;
}

/**
 * Russian, Ukrainian and Bulgarian share most n-grams; their own letters tell them apart (ы э ё are
 * Russian, і ї є ґ Ukrainian), and where a short sentence has none of them, their common words.
 * Serbian and Macedonian have no word lists: their n-gram score stands unless the words are clear.
 */
function cyrillic(top: string, text: string, letters: string): string {
  const russian = /[ыэё]/iu.test(letters);
  const ukrainian = /[іїєґ]/iu.test(letters);
  const belarusian = /ў/iu.test(letters);
  if (russian && !ukrainian && !belarusian) return 'ru';
  if (ukrainian && !russian && !belarusian && (top === 'ru' || top === 'bg')) return 'uk';
  if (russian || ukrainian || belarusian || !['ru', 'uk', 'bg', 'sr', 'mk'].includes(top)) return top;
  const { evidence } = wordEvidence(text);
  const [first, second] = ['ru', 'uk', 'bg'].map((lang) => ({ lang, n: evidence.get(lang) ?? 0 })).sort((a, b) => b.n - a.n);
  return first.n > second.n ? first.lang : top;
}

/**
 * Per language: its common words in `text` (a word shared by k languages counts 1/k to each) plus its
 * own letters; and the languages with at least one word there.
 */
function wordEvidence(text: string): { evidence: Map<string, number>; words: Set<string> } {
  const evidence = new Map<string, number>();
  const words = new Set<string>();
  const add = (lang: string, n: number) => evidence.set(lang, (evidence.get(lang) ?? 0) + n);
  const count = (word: string) => {
    const langs = WORD_LANGS.get(word) ?? [];
    for (const lang of langs) {
      add(lang, 1 / langs.length);
      words.add(lang);
    }
  };
  text = text.slice(0, 1000); // as much as the n-grams look at
  const tokens = text.toLowerCase().replace(/[’`]/g, "'").match(/\p{L}+(?:'\p{L}+)*/gu) ?? [];
  for (const token of tokens) {
    const cut = token.indexOf("'");
    if (cut < 0) {
      count(token);
      continue;
    }
    // Elision and contraction: l'année counts "l'" and "année", don't counts "'t".
    count(token.slice(0, cut + 1));
    count(token.slice(cut));
    count(token.slice(cut + 1));
  }
  for (const { lang, letters, weight } of MARKS) {
    const n = text.match(letters)?.length ?? 0;
    if (n > 0) add(lang, weight * Math.min(n, 2));
  }
  return { evidence, words };
}
