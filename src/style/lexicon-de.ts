// German instruction words.
import { E, type Lexicon } from './lexicon.js';

export const DE: Lexicon = {
  words: {
    'langsam': E.slow, 'langsamer': E.slow, 'gemächlich': E.slow, 'schnell': E.fast, 'schneller': E.fast, 'zügig': { rate: 1.15 },
    'tief': E.deep, 'tiefe': E.deep, 'tiefer': E.deep, 'tiefen': E.deep, 'hoch': E.high, 'hohe': E.high, 'hoher': E.high, 'hohen': E.high, 'höher': E.high,
    'monoton': E.monotone, 'eintönig': E.monotone, 'ausdrucksvoll': E.expressive, 'lebhaft': E.expressive, 'lebendig': E.expressive,
    'leise': E.soft, 'sanft': E.soft, 'laut': E.loud, 'lauter': E.loud, 'schreien': E.shout, 'schreiend': E.shout, 'rufend': E.shout,
    'flüster*': E.whisper, 'ruhig': E.calm, 'gelassen': E.calm, 'beruhigend': E.calm,
    'fröhlich': E.cheerful, 'heiter': E.cheerful, 'positiv': E.cheerful, 'positiven': E.cheerful, 'glücklich': E.cheerful, 'gut gelaunt': E.cheerful,
    'aufgeregt': E.excited, 'begeistert': E.excited, 'energisch': E.excited,
    'traurig': E.sad, 'düster': E.sad, 'melancholisch': E.sad, 'bedrückt': E.sad,
    'wütend': E.angry, 'zornig': E.angry, 'verärgert': E.angry, 'ernst': E.serious, 'streng': E.serious, 'sachlich': E.serious,
    'freundlich': E.friendly, 'herzlich': E.friendly, 'warm': E.friendly, 'dramatisch': E.dramatic,
    'pause': E.pauses, 'pausen': E.pauses, 'lange pausen': E.longPauses, 'dramatische pausen': E.dramaticPauses,
    'nachrichtensprecher*': E.newsAnchor, 'gutenachtgeschichte': E.bedtime, 'gute nacht geschichte': E.bedtime,
    'britisch*': { accent: 'en-GB' }, 'amerikanisch*': { accent: 'en-US' }, 'schottisch*': { accent: 'en-GB-scotland' }, 'australisch*': { accent: 'en-AU' },
  },
  intensifiers: { sehr: 1.6, wirklich: 1.5, extrem: 2, besonders: 1.5, ziemlich: 1.2, etwas: 0.5, bisschen: 0.5, leicht: 0.5, wenig: 0.5 },
  negators: ['nicht', 'kein', 'keine', 'keinen', 'nie', 'niemals', 'ohne'],
};
