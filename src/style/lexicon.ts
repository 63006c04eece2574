// The shape of an instruction-reading table: one per language (lexicon-en.ts, lexicon-de.ts, ...).

/** What one word or phrase asks for; factors multiply, semitones, dB and milliseconds add. */
export interface Effect {
  rate?: number;
  pitch?: number;
  range?: number;
  loudness?: number;
  sentencePause?: number;
  commaPause?: number;
  whisper?: boolean;
  accent?: string;
}

export interface Lexicon {
  /**
   * Words and phrases (lower case, words separated by one space; hyphens count as spaces). A
   * phrase ending in `*` matches any word starting with its last word (`whisper*`: whispering).
   */
  words: Record<string, Effect>;
  /** Words that strengthen or weaken the next effect: `very` 1.6, `slightly` 0.5. */
  intensifiers: Record<string, number>;
  /** Words that negate an effect up to three words later: `not too fast`. */
  negators: string[];
}

// Effects shared by the languages' tables, so `sad` and `traurig` ask for the same voice.
export const E = {
  slow: { rate: 0.78 },
  fast: { rate: 1.25 },
  deep: { pitch: -4 },
  high: { pitch: 4 },
  monotone: { range: 0.25 },
  expressive: { range: 1.7 },
  soft: { loudness: -8 },
  loud: { loudness: 7 },
  shout: { loudness: 9, rate: 1.05, range: 1.3, pitch: 2 },
  whisper: { whisper: true, loudness: -4 },
  calm: { rate: 0.9, range: 0.8, pitch: -1, loudness: -2 },
  cheerful: { pitch: 2.5, range: 1.5, rate: 1.05, loudness: 1 },
  excited: { pitch: 3.5, range: 1.7, rate: 1.15, loudness: 3 },
  sad: { pitch: -2.5, range: 0.6, rate: 0.85, loudness: -3 },
  angry: { loudness: 5, rate: 1.1, range: 1.3, pitch: 1 },
  serious: { pitch: -1, range: 0.8, rate: 0.95 },
  friendly: { pitch: 1, range: 1.2 },
  dramatic: { range: 1.4, rate: 0.9, sentencePause: 250 },
  pauses: { sentencePause: 400, commaPause: 150 },
  longPauses: { sentencePause: 800, commaPause: 300 },
  dramaticPauses: { sentencePause: 700, commaPause: 250, range: 1.3 },
  newsAnchor: { rate: 1.05, pitch: -1, range: 0.9, loudness: 2 },
  bedtime: { rate: 0.85, loudness: -5, range: 1.2, sentencePause: 300, commaPause: 100 },
} satisfies Record<string, Effect>;
