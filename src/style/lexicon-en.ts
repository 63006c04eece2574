// English instruction words, in the forms OpenAI's examples and openai.fm's styles use.
import { E, type Lexicon } from './lexicon.js';

export const EN: Lexicon = {
  words: {
    // Pace
    'slow': E.slow, 'slowly': E.slow, 'slower': E.slow, 'slow paced': E.slow, 'leisurely': E.slow, 'unhurried': E.slow,
    'drawl*': E.slow, 'deliberate': { rate: 0.88 }, 'deliberately': { rate: 0.88 }, 'measured': { rate: 0.92 },
    'fast': E.fast, 'faster': E.fast, 'quick': E.fast, 'quickly': E.fast, 'quicker': E.fast, 'rapid': E.fast,
    'rapidly': E.fast, 'hurried': E.fast, 'rushed': E.fast, 'fast paced': E.fast, 'brisk': { rate: 1.15 }, 'briskly': { rate: 1.15 },
    // Pitch
    'deep': E.deep, 'deeper': E.deep, 'low pitched': E.deep, 'low pitch': E.deep, 'lower pitch': E.deep, 'low voice': E.deep,
    'baritone': E.deep, 'bass': E.deep, 'husky': { pitch: -2 }, 'gravelly': { pitch: -2 },
    'high pitched': E.high, 'high pitch': E.high, 'higher pitch': E.high, 'high voice': E.high, 'higher': { pitch: 3 },
    'squeaky': E.high, 'shrill': E.high,
    // Intonation
    'monotone': E.monotone, 'monotonous': E.monotone, 'flat': E.monotone, 'robotic': E.monotone, 'deadpan': E.monotone,
    'expressive': E.expressive, 'expressively': E.expressive, 'animated': E.expressive, 'lively': E.expressive,
    'dynamic': E.expressive, 'sing song': E.expressive, 'varied intonation': E.expressive,
    // Loudness
    'soft': E.soft, 'softly': E.soft, 'quiet': E.soft, 'quietly': E.soft, 'hushed': E.soft, 'gentle': E.soft, 'gently': E.soft,
    'loud': E.loud, 'loudly': E.loud, 'louder': E.loud, 'booming': E.loud, 'projecting': E.loud, 'project your voice': E.loud, 'speak up': E.loud,
    'shout*': E.shout, 'yell*': E.shout, 'scream*': E.shout,
    'whisper*': E.whisper, 'breathy': { whisper: true }, 'under your breath': E.whisper,
    // Emotion and manner
    'calm': E.calm, 'calmly': E.calm, 'soothing': E.calm, 'relaxed': E.calm, 'serene': E.calm, 'peaceful': E.calm, 'reassuring': E.calm,
    'cheerful': E.cheerful, 'cheerfully': E.cheerful, 'happy': E.cheerful, 'happily': E.cheerful, 'positive': E.cheerful,
    'upbeat': E.cheerful, 'joyful': E.cheerful, 'joyous': E.cheerful, 'bright': E.cheerful, 'sunny': E.cheerful, 'playful': E.cheerful,
    'excited': E.excited, 'excitedly': E.excited, 'exciting': E.excited, 'energetic': E.excited, 'enthusiastic': E.excited,
    'enthusiastically': E.excited, 'thrilled': E.excited, 'hyped': E.excited,
    'sad': E.sad, 'sadly': E.sad, 'somber': E.sad, 'sombre': E.sad, 'melancholy': E.sad, 'melancholic': E.sad, 'gloomy': E.sad,
    'sorrowful': E.sad, 'mournful': E.sad, 'depressed': E.sad, 'grieving': E.sad, 'tearful': E.sad,
    'angry': E.angry, 'angrily': E.angry, 'furious': E.angry, 'irritated': E.angry, 'annoyed': E.angry, 'frustrated': E.angry,
    'serious': E.serious, 'seriously': E.serious, 'stern': E.serious, 'formal': E.serious, 'authoritative': E.serious, 'grave': E.serious,
    'friendly': E.friendly, 'warm': E.friendly, 'warmly': E.friendly, 'welcoming': E.friendly, 'inviting': E.friendly,
    'dramatic': E.dramatic, 'dramatically': E.dramatic, 'theatrical': E.dramatic,
    // Pauses
    'pause': E.pauses, 'pauses': E.pauses, 'long pause': E.longPauses, 'long pauses': E.longPauses,
    'dramatic pause': E.dramaticPauses, 'dramatic pauses': E.dramaticPauses, 'short pauses': { sentencePause: 150, commaPause: 50 },
    // Characters
    'news anchor': E.newsAnchor, 'newscaster': E.newsAnchor, 'news reader': E.newsAnchor, 'newsreader': E.newsAnchor,
    'broadcaster': E.newsAnchor, 'bedtime story': E.bedtime, 'bedtime': E.bedtime, 'lullaby': E.bedtime,
    // Accents
    'british': { accent: 'en-GB' }, 'english accent': { accent: 'en-GB' }, 'uk': { accent: 'en-GB' },
    'received pronunciation': { accent: 'en-GB' }, 'posh': { accent: 'en-GB' },
    'american': { accent: 'en-US' }, 'us accent': { accent: 'en-US' },
    'scottish': { accent: 'en-GB-scotland' }, 'scots': { accent: 'en-GB-scotland' },
    'australian': { accent: 'en-AU' }, 'aussie': { accent: 'en-AU' }, 'irish': { accent: 'en-IE' },
    'indian accent': { accent: 'en-IN' }, 'caribbean': { accent: 'en-029' }, 'jamaican': { accent: 'en-029' },
  },
  intensifiers: {
    very: 1.6, really: 1.5, extremely: 2, super: 1.6, incredibly: 1.8, so: 1.3, quite: 1.2, more: 1.2, much: 1.3,
    slightly: 0.5, bit: 0.5, little: 0.5, somewhat: 0.6, mildly: 0.5, lightly: 0.6, touch: 0.5, hint: 0.4, tad: 0.5,
    fairly: 0.8, rather: 0.9,
  },
  negators: ['not', 'no', 'never', "don't", 'dont', "doesn't", 'without', 'avoid', 'nor', "isn't", "shouldn't", "mustn't"],
};
