// The normalizer, case by case: each written form and exactly what the engine is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeText, prepareText } from '../src/text/index.js';
import { cleanMarkup } from '../src/text/markup.js';
import { splitSentences } from '../src/text/sentences.js';

type Case = [category: string, input: string, spoken: string];

const EN: Case[] = [
  ['cardinal', '42', 'forty-two'], ['cardinal', '1,234', 'one thousand two hundred thirty-four'], ['cardinal', '0', 'zero'],
  ['cardinal', '1,000,000', 'one million'], ['cardinal', 'I have 3 cats.', 'I have three cats.'],
  ['decimal', '3.14', 'three point one four'], ['decimal', 'Pi is 3.14159.', 'Pi is three point one four one five nine.'],
  ['negative', '-5', 'minus five'], ['negative', 'It is -12 outside', 'It is minus twelve outside'],
  ['range', '10-20', 'ten to twenty'], ['range', 'pages 5–9', 'pages five to nine'], ['range', '10-20 km', 'ten to twenty kilometers'],
  ['ordinal', '1st', 'first'], ['ordinal', '22nd', 'twenty-second'], ['ordinal', 'the 3rd time', 'the third time'], ['ordinal', '101st', 'one hundred first'],
  ['year', 'in 1999', 'in nineteen ninety-nine'], ['year', 'in 2005', 'in two thousand five'], ['year', 'in 1900', 'in nineteen hundred'],
  ['year', 'in 2010', 'in twenty ten'], ['year', 'since 1905', 'since nineteen oh five'], ['year', 'from 1990-2000', 'from nineteen ninety to two thousand'],
  ['year', '500 BC', 'five hundred B C'], ['year', 'in the 1990s', 'in the nineteen nineties'], ['year', 'the 80s', 'the eighties'],
  ['phone', '555-123-4567', 'five five five, one two three, four five six seven'],
  ['phone', '+1 (555) 123-4567', 'plus one, five five five, one two three, four five six seven'],
  ['phone', 'Call 555-123-4567 or', 'Call five five five, one two three, four five six seven or'],
  ['currency', '$4.50', 'four dollars and fifty cents'], ['currency', '$1', 'one dollar'], ['currency', '$0.99', 'ninety-nine cents'],
  ['currency', '£1.50', 'one pound and fifty pence'], ['currency', '€20', 'twenty euros'], ['currency', '¥500', 'five hundred yen'],
  ['currency', '$1.5 million', 'one point five million dollars'], ['currency', '$3,000', 'three thousand dollars'], ['currency', '$2.5', 'two dollars and fifty cents'],
  ['percent', '50%', 'fifty percent'], ['percent', '12.5%', 'twelve point five percent'], ['percent', '10-20%', 'ten to twenty percent'],
  ['unit', '5 km', 'five kilometers'], ['unit', '1 km', 'one kilometer'], ['unit', '20 °C', 'twenty degrees Celsius'], ['unit', '3 kg', 'three kilograms'],
  ['unit', '2.5 kg', 'two point five kilograms'], ['unit', '-5 °C', 'minus five degrees Celsius'], ['unit', '100 km/h', 'one hundred kilometers per hour'],
  ['unit', '16 GB', 'sixteen gigabytes'], ['unit', '6 ft', 'six feet'],
  ['date', '3/14/2025', 'March fourteenth, twenty twenty-five'], ['date', '2025-03-14', 'March fourteenth, twenty twenty-five'],
  ['date', '14 March 2025', 'the fourteenth of March, twenty twenty-five'], ['date', 'March 14, 2025', 'March fourteenth, twenty twenty-five'],
  ['date', 'July 4th', 'July fourth'], ['date', 'Jan. 5', 'January fifth'],
  ['time', '10:30 AM', 'ten thirty A M'], ['time', '22:15', 'twenty-two fifteen'], ['time', '10:05', 'ten oh five'], ['time', '10:00', "ten o'clock"],
  ['time', '9 pm', 'nine P M'], ['time', 'at 10:30 AM. It was', 'at ten thirty A M. It was'], ['time', 'at 9 p.m. every day', 'at nine P M every day'],
  ['abbreviation', 'Dr. Smith', 'Doctor Smith'], ['abbreviation', 'Mr. Jones', 'Mister Jones'], ['abbreviation', 'Mrs. Jones', 'Missus Jones'],
  ['abbreviation', 'St. Paul', 'Saint Paul'], ['abbreviation', 'Main St. is busy', 'Main Street is busy'],
  ['abbreviation', 'apples, pears, etc. Then more', 'apples, pears, et cetera. Then more'], ['abbreviation', 'e.g. this', 'for example this'],
  ['abbreviation', 'i.e. that', 'that is that'], ['abbreviation', 'No. 5', 'number five'], ['abbreviation', 'cats vs. dogs', 'cats versus dogs'],
  ['abbreviation', 'Prof. Lee', 'Professor Lee'],
  ['acronym', 'The FBI and NASA', 'The F B I and NASA'], ['acronym', 'HTML page', 'H T M L page'], ['acronym', 'the USA', 'the U S A'],
  ['acronym', 'World War II', 'World War two'], ['acronym', 'STOP THAT NOW', 'STOP THAT NOW'], ['acronym', 'a USB stick', 'a U S B stick'],
  ['url', 'Visit https://example.com/docs today.', 'Visit h t t p s colon slash slash example dot com slash docs today.'], ['url', 'www.example.com', 'w w w dot example dot com'],
  ['email', 'jane.doe@example.com', 'jane dot doe at example dot com'],
  ['symbol', 'Tom & Jerry', 'Tom and Jerry'], ['symbol', '#1 hit', 'number one hit'],
];

const DE: Case[] = [
  ['cardinal', '42', 'zweiundvierzig'], ['cardinal', '1.234', 'eintausendzweihundertvierunddreißig'], ['cardinal', '2025', 'zweitausendfünfundzwanzig'],
  ['decimal', '3,14', 'drei Komma eins vier'], ['negative', '-5', 'minus fünf'], ['range', '10-20', 'zehn bis zwanzig'],
  ['ordinal', 'der 2. Weltkrieg', 'der zweite Weltkrieg'], ['ordinal', 'im 3. Stock', 'im dritten Stock'], ['ordinal', 'Der 2. Weltkrieg', 'Der zweite Weltkrieg'],
  ['date', 'am 3. Mai 2025', 'am dritten Mai zweitausendfünfundzwanzig'], ['date', 'der 14. März', 'der vierzehnte März'],
  ['date', '14.03.2025', 'vierzehnter März zweitausendfünfundzwanzig'], ['date', 'am 14.03.2025', 'am vierzehnten März zweitausendfünfundzwanzig'],
  ['date', '2025-03-14', 'vierzehnter März zweitausendfünfundzwanzig'],
  ['year', 'im Jahr 1999', 'im Jahr neunzehnhundertneunundneunzig'], ['year', 'seit 1989', 'seit neunzehnhundertneunundachtzig'],
  ['currency', '20 €', 'zwanzig Euro'], ['currency', '€20', 'zwanzig Euro'], ['currency', '4,50 €', 'vier Euro fünfzig'], ['currency', '$5', 'fünf Dollar'],
  ['currency', '1 €', 'ein Euro'], ['currency', '21 €', 'einundzwanzig Euro'], ['currency', '1,5 Millionen €', 'eins Komma fünf Millionen Euro'],
  ['percent', '50 %', 'fünfzig Prozent'], ['percent', '3,5%', 'drei Komma fünf Prozent'],
  ['unit', '5 km', 'fünf Kilometer'], ['unit', '20 °C', 'zwanzig Grad Celsius'], ['unit', '3 kg', 'drei Kilogramm'], ['unit', '1 kg', 'ein Kilogramm'], ['unit', '1 h', 'eine Stunde'],
  ['time', '22:15', 'zweiundzwanzig Uhr fünfzehn'], ['time', '10:00 Uhr', 'zehn Uhr'], ['time', '1:30', 'ein Uhr dreißig'],
  ['abbreviation', 'z. B. hier', 'zum Beispiel hier'], ['abbreviation', 'Dr. Müller', 'Doktor Müller'], ['abbreviation', 'usw. Dann', 'und so weiter. Dann'],
  ['abbreviation', 'Nr. 5', 'Nummer fünf'], ['abbreviation', 'bzw. nicht', 'beziehungsweise nicht'], ['abbreviation', 'ca. 5 km', 'circa fünf Kilometer'],
  ['phone', '+49 30 1234567', 'plus vier neun, drei null, eins zwei drei vier fünf sechs sieben'],
  ['acronym', 'Die ARD sendet', 'Die A R D sendet'], ['email', 'info@beispiel.de', 'info ät beispiel Punkt de'],
];

const FR: Case[] = [
  ['cardinal', '42', 'quarante-deux'], ['cardinal', '1 234', 'mille deux cent trente-quatre'], ['cardinal', '1.234', 'mille deux cent trente-quatre'],
  ['cardinal', '71', 'soixante et onze'], ['cardinal', '80', 'quatre-vingts'], ['decimal', '3,14', 'trois virgule quatorze'], ['negative', '-5', 'moins cinq'],
  ['range', '10-20', 'dix à vingt'], ['ordinal', '1er mai', 'premier mai'], ['ordinal', '1re fois', 'première fois'], ['ordinal', '2e étage', 'deuxième étage'],
  ['date', '14/03/2025', 'quatorze mars deux mille vingt-cinq'], ['date', '1/03/2025', 'premier mars deux mille vingt-cinq'],
  ['date', '14 mars 2025', 'quatorze mars deux mille vingt-cinq'], ['date', '2025-03-14', 'quatorze mars deux mille vingt-cinq'],
  ['currency', '20 €', 'vingt euros'], ['currency', '4,50 €', 'quatre euros cinquante'], ['currency', '1 €', 'un euro'], ['currency', '$5', 'cinq dollars'],
  ['currency', '1 234 567 €', 'un million deux cent trente-quatre mille cinq cent soixante-sept euros'],
  ['percent', '50 %', 'cinquante pour cent'], ['unit', '5 km', 'cinq kilomètres'], ['unit', '1 km', 'un kilomètre'], ['unit', '20 °C', 'vingt degrés Celsius'],
  ['unit', '3 kg', 'trois kilogrammes'], ['time', '22h15', 'vingt-deux heures quinze'], ['time', '22:15', 'vingt-deux heures quinze'],
  ['time', '10:00', 'dix heures'], ['time', '1:00', 'une heure'], ['abbreviation', 'M. Dupont', 'Monsieur Dupont'], ['abbreviation', 'Mme Curie', 'Madame Curie'],
  ['abbreviation', 'etc. Puis', 'et cetera. Puis'], ['abbreviation', 'p. ex. ceci', 'par exemple ceci'], ['abbreviation', 'n° 5', 'numéro cinq'],
  ['phone', '01 23 45 67 89', 'zéro un, vingt-trois, quarante-cinq, soixante-sept, quatre-vingt-neuf'],
  ['phone', '+33 1 23 45 67 89', 'plus trois trois, un, deux trois, quatre cinq, six sept, huit neuf'],
  ['acronym', 'la SNCF', 'la S N C F'], ['email', 'contact@exemple.fr', 'contact arobase exemple point fr'],
];

const ES: Case[] = [
  ['cardinal', '42', 'cuarenta y dos'], ['cardinal', '1.234', 'mil doscientos treinta y cuatro'], ['decimal', '3,14', 'tres coma catorce'],
  ['negative', '-5', 'menos cinco'], ['range', '10-20', 'diez a veinte'], ['ordinal', '1º', 'primero'], ['ordinal', '2ª vez', 'segunda vez'], ['ordinal', '1.º', 'primero'],
  ['date', '14/03/2025', 'catorce de marzo de dos mil veinticinco'], ['date', '14 de marzo de 2025', 'catorce de marzo de dos mil veinticinco'],
  ['date', '2025-03-14', 'catorce de marzo de dos mil veinticinco'],
  ['currency', '20 €', 'veinte euros'], ['currency', '4,50 €', 'cuatro euros con cincuenta céntimos'], ['currency', '1 €', 'un euro'], ['currency', '21 €', 'veintiún euros'],
  ['currency', '$5', 'cinco dólares'], ['percent', '50 %', 'cincuenta por ciento'], ['unit', '5 km', 'cinco kilómetros'], ['unit', '1 km', 'un kilómetro'],
  ['unit', '20 °C', 'veinte grados Celsius'], ['unit', '3 kg', 'tres kilogramos'], ['unit', '1 h', 'una hora'],
  ['time', '22:15', 'veintidós y quince'], ['time', '10:00', 'diez'], ['time', '1:30', 'una y media'],
  ['abbreviation', 'Sr. García', 'señor García'], ['abbreviation', 'Sra. López', 'señora López'], ['abbreviation', 'etc. Luego', 'etcétera. Luego'],
  ['abbreviation', 'p. ej. esto', 'por ejemplo esto'], ['abbreviation', 'Ud. tiene', 'usted tiene'], ['abbreviation', 'n.º 5', 'número cinco'],
  ['abbreviation', 'Vive en EE. UU. desde', 'Vive en Estados Unidos desde'],
  ['phone', '+34 912 345 678', 'más tres cuatro, nueve uno dos, tres cuatro cinco, seis siete ocho'], ['acronym', 'el FBI', 'el F B I'],
];

const TABLE = { en: EN, de: DE, fr: FR, es: ES };
for (const [lang, cases] of Object.entries(TABLE)) {
  for (const [category, input, spoken] of cases) {
    test(`${lang} ${category}: ${input}`, () => assert.equal(normalizeText(input, lang), spoken));
  }
}

test('at least 150 cases across the four languages', () => {
  assert.ok(Object.values(TABLE).flat().length >= 150, `${Object.values(TABLE).flat().length} cases`);
});

test('languages without a locale pass through unchanged', () => {
  assert.equal(normalizeText('Det kostar 42 kronor.', 'sv'), 'Det kostar 42 kronor.');
});

const MARKUP: [string, string][] = [
  ['**bold** and _italic_ text', 'bold and italic text'],
  ['# Title\nBody text.', 'Title.\nBody text.'],
  ['- one\n- two', 'one.\ntwo.'],
  ['Run this:\n```sh\nrm -rf /\n```\nDone.', 'Run this:\n\nDone.'],
  ['Use `npm ci` first.', 'Use npm ci first.'],
  ['See [the docs](https://x.y/z).', 'See the docs.'],
  ['Great job 🎉👍🏽!', 'Great job !'],
  ['snake_case_name stays', 'snake_case_name stays'],
];
for (const [input, out] of MARKUP) test(`markup: ${JSON.stringify(input)}`, () => assert.equal(cleanMarkup(input), out));

const SENTENCES: [string, string[]][] = [
  ['Dr. Smith went home. He slept.', ['Dr. Smith went home.', 'He slept.']],
  ['J. R. R. Tolkien wrote books. Yes.', ['J. R. R. Tolkien wrote books.', 'Yes.']],
  ['Pi is 3.14. Really.', ['Pi is 3.14.', 'Really.']],
  ['He said "Stop." Then left.', ['He said "Stop."', 'Then left.']],
  ['Wait... what? No!', ['Wait... what?', 'No!']],
  ['Es gibt z. B. Äpfel. Gut.', ['Es gibt z. B. Äpfel.', 'Gut.']],
  ['Er kam am 3. Mai an. Gut.', ['Er kam am 3. Mai an.', 'Gut.']],
];
for (const [input, out] of SENTENCES) test(`sentences: ${input}`, () => assert.deepEqual(splitSentences(input), out));

const CHUNKING = { firstChars: 200, maxChars: 600, voiceLanguage: 'en', detect: false };

test('prepareText: the first chunk is one sentence, the rest are batched, nothing is lost', () => {
  const input = Array.from({ length: 60 }, (_, i) => `Sentence ${i + 1} costs $${i}.50 on 3/14/2025.`).join(' ');
  const { chunks, chunkLanguages } = prepareText(input, CHUNKING);
  assert.match(chunks[0], /^Sentence one costs fifty cents on March fourteenth, twenty twenty-five\.$/);
  assert.ok(chunks.every((c) => c.length <= 600));
  assert.equal(chunks.join(' ').match(/Sentence/g)?.length, 60);
  assert.equal(chunkLanguages.length, chunks.length);
  assert.ok(!/\d/.test(chunks.join(' ')));
});

test('prepareText: a long sentence without punctuation is cut, never truncated', () => {
  const input = Array.from({ length: 300 }, () => 'word').join(' ');
  const { chunks } = prepareText(input, { ...CHUNKING, maxChars: 400 });
  assert.ok(chunks.every((c) => c.length <= 400));
  assert.equal(chunks.join(' ').split(' ').length, 300);
});

test('prepareText: a long foreign sentence gets its own language and chunk', () => {
  const input = 'The meeting starts at 10:30 AM in the main hall, and everyone is welcome to join us there for the whole afternoon. Das Treffen beginnt um halb elf im großen Saal des alten Rathauses am Marktplatz. After that we will walk together to the old harbour and have dinner by the water.';
  const { language, chunks, chunkLanguages } = prepareText(input, { ...CHUNKING, detect: true });
  assert.equal(language, 'en');
  assert.deepEqual(chunkLanguages, ['en', 'de', 'en']);
  assert.match(chunks[0], /ten thirty A M/);
});
