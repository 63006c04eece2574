// Language detection on one sentence: each language in its own right with an English voice, the
// seeds' short non-English inputs, and short English (and names, digits) that must stay English.
// Accuracy over a larger set, memory and speed are in bench/langid.ts and BENCHMARKS.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage } from '../src/text/language.js';
import { prepareText } from '../src/text/index.js';

const CASES: Record<string, string[]> = {
  // Each language's first entry is from the seeds (Vietnamese) or issue 14 (French, German).
  fr: [
    'Le 14 juillet 1789, 3 500 personnes.',
    'Bonjour à tous.',
    'Je suis fatigué.',
    'C’est la vie.',
    'Tu peux acheter du pain en rentrant ?',
    'Merci beaucoup pour hier soir.',
    'Il fait beau aujourd’hui.',
    'Le rendez-vous est à 15 h chez Marc.',
  ],
  de: [
    'Am 3. Mai 2024 um 14:30 Uhr kostet es 12,50 €.',
    'Guten Morgen zusammen.',
    'Das ist gut.',
    'Ich bin müde.',
    'Wo ist der Bahnhof?',
    'Der Zug hat 20 Minuten Verspätung.',
    'Kannst du mich morgen anrufen?',
    'Die Straße ist gesperrt.',
  ],
  es: [
    '¿Dónde está el baño?',
    'Hola, ¿qué tal?',
    'Buenos días.',
    'Estoy cansado.',
    'Mañana vamos a la playa con Pablo.',
    'El tren sale a las 8:15.',
    'No sé dónde están mis gafas.',
    'Cuesta 25 euros por persona.',
  ],
  vi: [
    'Việt nam có đẹp không!',
    'Xin chào các bạn.',
    'Cảm ơn bạn.',
    'Tôi mệt.',
    'Hôm nay trời đẹp quá.',
    'Bạn có khỏe không?',
    'Tôi sống ở Hà Nội.',
    'Giá là 50 nghìn đồng.',
  ],
  it: ['Buongiorno a tutti.', 'Dove hai messo le chiavi?', 'Il treno parte alle 7:45.', 'Grazie mille per la cena!'],
  pt: ['Obrigado pelo jantar!', 'Não te esqueças das chaves.', 'A reunião é amanhã às 10h.', 'Onde fica a estação?'],
  nl: ['Goedemorgen allemaal.', 'Waar is het station?', 'Ik ben om zes uur thuis.', 'Dank je wel voor het eten.'],
  pl: ['Dzień dobry wszystkim.', 'Gdzie jest dworzec?', 'Dziękuję za pyszną kolację!', 'Pociąg odjeżdża o 7:45.'],
  ru: ['Привет, как дела?', 'Как дела?', 'Думаю, сегодня днём пойдёт дождь.', 'Нашу встречу перенесли на четверг.', 'Где вокзал?'],
  zh: ['谢谢', '中国', '你好，世界！', '我们的会议改到星期四了。', '他又忘了带伞。', '票多少钱？'],
  ja: ['こんにちは、世界！', '会議は木曜日に変更になりました。', '彼はまた傘を忘れた。', 'おはようございます。'],
  ko: ['안녕하세요, 만나서 반갑습니다.'],
  el: ['Καλημέρα σας, τι κάνετε;'],
  uk: ['Добрий день, як справи?', 'Дякую, все добре.'],
  bg: ['Здравей, как си?'],
  // Short English, names and digits: an English voice keeps its language (issue 14's examples).
  en: [
    'Hello, world!',
    'Hi.',
    'OK',
    'Thanks!',
    'See you soon.',
    'Angela Merkel',
    'Emmanuel Macron',
    'Version 2.0.1',
    'Call me on the 21st of May.',
    'In 2008, 3/4 of voters chose 1/2.',
    'He was born in 1905',
    'july 25 2012',
    'SEPT. 15',
    'at 14:00 UTC',
    'Chapter XIV',
    'p. 23',
    '2016/07/03',
    'Read it at https://example.com/a/b?x=1 now.',
    'The café is open.',
    'Die Hard is a great movie.',
    'Señor Gómez called.',
    'Déjà vu all over again.',
    'Our trip to Đà Nẵng was great.',
    'Meet me at the Hauptbahnhof.',
    'I live in Berlin.',
    'Pizza con funghi, please.',
    'The value of π is about 3.14.',
    'Set the dial to 5 µs.',
  ],
};

for (const [lang, inputs] of Object.entries(CASES)) {
  for (const input of inputs) {
    test(`${lang}: ${input} (English voice)`, () => {
      assert.equal(detectLanguage(input, 'en'), lang);
    });
  }
}

// A German or French voice given English: words decide, not the voice, when there are enough of them.
const ENGLISH_OTHER_VOICE: [string, string][] = [
  ['Hello, how are you today?', 'de'],
  ['Where did you put the car keys?', 'de'],
  ['I think it will rain later this afternoon.', 'fr'],
  ['Thanks for the lovely dinner!', 'es'],
  ['The museum is closed on Mondays.', 'vi'],
];
for (const [input, voice] of ENGLISH_OTHER_VOICE) {
  test(`en: ${input} (${voice} voice)`, () => {
    assert.equal(detectLanguage(input, voice), 'en');
  });
}

// Letters decide over the voice: Russian with a Ukrainian voice, Ukrainian with a Russian one.
test('ru: Думаю, сегодня днём пойдёт дождь. (uk voice)', () => {
  assert.equal(detectLanguage('Думаю, сегодня днём пойдёт дождь.', 'uk'), 'ru');
});
test('uk: Я живу в Києві. (ru voice)', () => {
  assert.equal(detectLanguage('Я живу в Києві.', 'ru'), 'uk');
});

// Weak evidence keeps the voice's language, whichever it is.
const KEEPS_VOICE: [string, string][] = [
  ['', 'en'],
  ['12:30', 'de'],
  ['😀 👍', 'fr'],
  ['Angela Merkel', 'de'],
  ['Volkswagen Golf GTI', 'vi'],
  ['OK', 'es'],
];
for (const [input, voice] of KEEPS_VOICE) {
  test(`keeps the ${voice} voice's language: ${JSON.stringify(input)}`, () => {
    assert.equal(detectLanguage(input, voice), voice);
  });
}

test("prepareText: the seeds' short French and German inputs are normalized in their own language", () => {
  const opts = { firstChars: 200, maxChars: 600, voiceLanguage: 'en', detect: true };
  const fr = prepareText('Le 14 juillet 1789, 3 500 personnes.', opts);
  assert.equal(fr.language, 'fr');
  assert.doesNotMatch(fr.chunks.join(' '), /fourteen/);
  const de = prepareText('Am 3. Mai 2024 um 14:30 Uhr kostet es 12,50 €.', opts);
  assert.equal(de.language, 'de');
  assert.doesNotMatch(de.chunks.join(' '), /three|twelve/);
});
