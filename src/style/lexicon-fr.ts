// French instruction words.
import { E, type Lexicon } from './lexicon.js';

export const FR: Lexicon = {
  words: {
    'lent': E.slow, 'lente': E.slow, 'lentement': E.slow, 'posément': E.slow, 'rapide': E.fast, 'rapidement': E.fast, 'vite': E.fast,
    'voix grave': E.deep, 'grave': { pitch: -4, range: 0.8 }, 'voix basse': E.soft, 'aigu': E.high, 'aiguë': E.high, 'voix aiguë': E.high,
    'monotone': E.monotone, 'expressif': E.expressive, 'expressive': E.expressive, 'animé': E.expressive, 'vivant': E.expressive,
    'doux': E.soft, 'douce': E.soft, 'doucement': E.soft, 'fort': E.loud, 'forte': E.loud, 'crier': E.shout, 'criant': E.shout,
    'chuchot*': E.whisper, 'murmur*': E.whisper, 'calme': E.calm, 'calmement': E.calm, 'apaisant': E.calm, 'posé': E.calm,
    'joyeux': E.cheerful, 'joyeuse': E.cheerful, 'gai': E.cheerful, 'gaie': E.cheerful, 'positif': E.cheerful, 'positive': E.cheerful,
    'enjoué': E.cheerful, 'heureux': E.cheerful, 'excité': E.excited, 'excitée': E.excited, 'enthousiaste': E.excited,
    'triste': E.sad, 'tristement': E.sad, 'sombre': E.sad, 'mélancolique': E.sad,
    'en colère': E.angry, 'fâché': E.angry, 'furieux': E.angry, 'sérieux': E.serious, 'sérieuse': E.serious, 'sévère': E.serious,
    'amical': E.friendly, 'amicale': E.friendly, 'chaleureux': E.friendly, 'chaleureuse': E.friendly, 'dramatique': E.dramatic,
    'pauses': E.pauses, 'longues pauses': E.longPauses, 'pauses dramatiques': E.dramaticPauses,
    'présentateur': E.newsAnchor, 'journaliste': E.newsAnchor, 'histoire du soir': E.bedtime, 'conte': E.bedtime,
    'britannique': { accent: 'en-GB' }, 'anglais': { accent: 'en-GB' }, 'américain': { accent: 'en-US' }, 'écossais': { accent: 'en-GB-scotland' }, 'australien': { accent: 'en-AU' },
  },
  intensifiers: { très: 1.6, vraiment: 1.5, extrêmement: 2, trop: 1.3, assez: 1.2, peu: 0.5, légèrement: 0.5, plutôt: 0.9 },
  negators: ['pas', 'ne', "n'", 'jamais', 'sans', 'ni'],
};
