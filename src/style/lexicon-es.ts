// Spanish instruction words.
import { E, type Lexicon } from './lexicon.js';

export const ES: Lexicon = {
  words: {
    'lento': E.slow, 'lenta': E.slow, 'lentamente': E.slow, 'despacio': E.slow, 'pausado': E.slow, 'pausada': E.slow,
    'rápido': E.fast, 'rápida': E.fast, 'rápidamente': E.fast, 'deprisa': E.fast,
    'profunda': E.deep, 'profundo': E.deep, 'voz grave': E.deep, 'aguda': E.high, 'agudo': E.high, 'voz aguda': E.high,
    'monótono': E.monotone, 'monótona': E.monotone, 'expresivo': E.expressive, 'expresiva': E.expressive, 'animado': E.expressive, 'animada': E.expressive,
    'suave': E.soft, 'suavemente': E.soft, 'voz baja': E.soft, 'bajito': E.soft, 'fuerte': E.loud, 'voz alta': E.loud,
    'gritando': E.shout, 'gritar': E.shout, 'grito': E.shout, 'susurr*': E.whisper,
    'tranquilo': E.calm, 'tranquila': E.calm, 'calmado': E.calm, 'calmada': E.calm, 'sereno': E.calm, 'serena': E.calm, 'calma': E.calm,
    'alegre': E.cheerful, 'alegremente': E.cheerful, 'feliz': E.cheerful, 'positivo': E.cheerful, 'positiva': E.cheerful,
    'emocionado': E.excited, 'emocionada': E.excited, 'entusiasta': E.excited,
    'triste': E.sad, 'tristemente': E.sad, 'sombrío': E.sad, 'sombría': E.sad, 'melancólico': E.sad, 'melancólica': E.sad,
    'enojado': E.angry, 'enojada': E.angry, 'enfadado': E.angry, 'enfadada': E.angry, 'furioso': E.angry, 'furiosa': E.angry,
    'serio': E.serious, 'seria': E.serious, 'severo': E.serious, 'amable': E.friendly, 'amistoso': E.friendly, 'amistosa': E.friendly,
    'cálido': E.friendly, 'cálida': E.friendly, 'dramático': E.dramatic, 'dramática': E.dramatic,
    'pausas': E.pauses, 'pausas largas': E.longPauses, 'pausas dramáticas': E.dramaticPauses,
    'presentador de noticias': E.newsAnchor, 'locutor': E.newsAnchor, 'cuento para dormir': E.bedtime, 'cuento': E.bedtime,
    'británico': { accent: 'en-GB' }, 'inglés': { accent: 'en-GB' }, 'americano': { accent: 'en-US' }, 'escocés': { accent: 'en-GB-scotland' }, 'australiano': { accent: 'en-AU' },
  },
  intensifiers: { muy: 1.6, realmente: 1.5, extremadamente: 2, bastante: 1.2, demasiado: 1.3, poco: 0.5, ligeramente: 0.5, algo: 0.6 },
  negators: ['no', 'nunca', 'sin', 'ni', 'jamás'],
};
