// German: written form and what a person reading it aloud says (compared leniently: case, spaces, hyphens, punctuation).
import type { Case } from './case.js';

export const DE: Case[] = [
  // cardinal
  ['cardinal', '7', 'sieben'], ['cardinal', '17', 'siebzehn'], ['cardinal', '21', 'einundzwanzig'], ['cardinal', '99', 'neunundneunzig'],
  ['cardinal', '100', 'einhundert'], ['cardinal', '1.000', 'eintausend'], ['cardinal', '3.500', 'dreitausendfünfhundert'], ['cardinal', '1.000.000', 'eine Million'],
  ['cardinal', '2.500.000', 'zwei Millionen fünfhunderttausend'], ['cardinal', 'Es kamen 250 Gäste.', 'Es kamen zweihundertfünfzig Gäste.'], ['cardinal', '-3', 'minus drei'],
  ['cardinal', 'Ich habe 2 Katzen.', 'Ich habe zwei Katzen.'], ['cardinal', 'Zimmer 12', 'Zimmer zwölf'], ['cardinal', '3 Mio. Einwohner', 'drei Millionen Einwohner'],
  ['cardinal', '1 Million Menschen', 'eine Million Menschen'], ['cardinal', '5 Mrd.', 'fünf Milliarden'],
  // ordinal
  ['ordinal', 'der 2. Weltkrieg', 'der zweite Weltkrieg'], ['ordinal', 'im 3. Stock', 'im dritten Stock'], ['ordinal', 'zum 5. Mal', 'zum fünften Mal'],
  ['ordinal', '3. Platz', 'dritter Platz'], ['ordinal', 'die 2. Auflage', 'die zweite Auflage'], ['ordinal', 'Sie wurde 1. Siegerin', 'Sie wurde erste Siegerin'],
  ['ordinal', 'am 1. Tag', 'am ersten Tag'], ['ordinal', 'das 21. Jahrhundert', 'das einundzwanzigste Jahrhundert'], ['ordinal', 'im 20. Jahrhundert', 'im zwanzigsten Jahrhundert'],
  ['ordinal', 'sein 50. Geburtstag', 'sein fünfzigster Geburtstag'], ['ordinal', 'beim 4. Versuch', 'beim vierten Versuch'], ['ordinal', 'der 100. Besucher', 'der hundertste Besucher'],
  ['ordinal', 'den 7. Platz', 'den siebten Platz'], ['ordinal', 'Der 1. FC Köln', 'Der erste FC Köln'], ['ordinal', 'zur 2. Runde', 'zur zweiten Runde'],
  ['ordinal', 'ein 3. Mal', 'ein drittes Mal'], ['ordinal', '2. Liga', 'zweite Liga'], ['ordinal', '19. Jahrhundert', 'neunzehntes Jahrhundert'],
  // decimal
  ['decimal', '3,14', 'drei Komma eins vier'], ['decimal', '0,5', 'null Komma fünf'], ['decimal', '2,75', 'zwei Komma sieben fünf'], ['decimal', '-1,5', 'minus eins Komma fünf'],
  ['decimal', '1.234,56', 'eintausendzweihundertvierunddreißig Komma fünf sechs'], ['decimal', '3.5 kg', 'drei Komma fünf Kilogramm'], ['decimal', '99,9', 'neunundneunzig Komma neun'],
  // fraction
  ['fraction', '1/2', 'ein halb'], ['fraction', '1/3', 'ein Drittel'], ['fraction', '2/3', 'zwei Drittel'], ['fraction', '1/4', 'ein Viertel'], ['fraction', '3/4', 'drei Viertel'],
  ['fraction', '1/5', 'ein Fünftel'], ['fraction', '3/8', 'drei Achtel'], ['fraction', '1/10', 'ein Zehntel'], ['fraction', '7/10', 'sieben Zehntel'], ['fraction', '1/100', 'ein Hundertstel'],
  ['fraction', '5/6', 'fünf Sechstel'], ['fraction', '1/7', 'ein Siebtel'], ['fraction', '1/20', 'ein Zwanzigstel'], ['fraction', '½', 'ein halb'], ['fraction', '¾', 'drei Viertel'],
  ['fraction', '2 1/2', 'zweieinhalb'], ['fraction', '1 1/2 Stunden', 'eineinhalb Stunden'], ['fraction', '2 1/2 kg', 'zweieinhalb Kilogramm'], ['fraction', '3/4 der Wähler', 'drei Viertel der Wähler'],
  ['fraction', '1/3 l', 'ein Drittel Liter'],
  // money
  ['money', '12,50 €', 'zwölf Euro fünfzig'], ['money', '€0,01', 'ein Cent'], ['money', '0,50 €', 'fünfzig Cent'], ['money', '1 €', 'ein Euro'], ['money', '1,00 €', 'ein Euro'],
  ['money', '20 €', 'zwanzig Euro'], ['money', '21 €', 'einundzwanzig Euro'], ['money', '€20', 'zwanzig Euro'], ['money', '$5', 'fünf Dollar'], ['money', '100 $', 'einhundert Dollar'],
  ['money', '3 Mio. €', 'drei Millionen Euro'], ['money', '1 Mio. €', 'eine Million Euro'], ['money', '1,5 Mio. €', 'eins Komma fünf Millionen Euro'],
  ['money', '2 Mrd. Dollar', 'zwei Milliarden Dollar'], ['money', '5 CHF', 'fünf Franken'], ['money', '£10', 'zehn Pfund'], ['money', '1,99 €', 'ein Euro neunundneunzig'],
  ['money', 'EUR 50', 'fünfzig Euro'], ['money', '1.000 €', 'eintausend Euro'],
  // measure
  ['measure', '5 km', 'fünf Kilometer'], ['measure', '1 km', 'ein Kilometer'], ['measure', '100 km/h', 'einhundert Kilometer pro Stunde'], ['measure', '3 kg', 'drei Kilogramm'],
  ['measure', '1 kg', 'ein Kilogramm'], ['measure', '20 °C', 'zwanzig Grad Celsius'], ['measure', '-5 °C', 'minus fünf Grad Celsius'], ['measure', '50 m²', 'fünfzig Quadratmeter'],
  ['measure', '500 ml', 'fünfhundert Milliliter'], ['measure', '1 h', 'eine Stunde'], ['measure', '30 min', 'dreißig Minuten'], ['measure', '1 t', 'eine Tonne'],
  ['measure', '50 %', 'fünfzig Prozent'], ['measure', '3,5 %', 'drei Komma fünf Prozent'], ['measure', '16 GB', 'sechzehn Gigabyte'], ['measure', '2,5 l', 'zwei Komma fünf Liter'],
  ['measure', '10 m/s', 'zehn Meter pro Sekunde'], ['measure', '150 PS', 'einhundertfünfzig PS'], ['measure', '1 kWh', 'eine Kilowattstunde'], ['measure', '12 kWh', 'zwölf Kilowattstunden'],
  // date
  ['date', '24. Juli 2013', 'vierundzwanzigster Juli zweitausenddreizehn'], ['date', 'am 3. Mai 2024', 'am dritten Mai zweitausendvierundzwanzig'], ['date', 'der 14. März', 'der vierzehnte März'],
  ['date', '14.03.2025', 'vierzehnter März zweitausendfünfundzwanzig'], ['date', 'am 14.03.2025', 'am vierzehnten März zweitausendfünfundzwanzig'], ['date', '2025-03-14', 'vierzehnter März zweitausendfünfundzwanzig'],
  ['date', 'vom 3. bis 5. Mai', 'vom dritten bis fünften Mai'], ['date', 'Berlin, 1. Januar 2000', 'Berlin, erster Januar zweitausend'], ['date', 'im Jahr 1999', 'im Jahr neunzehnhundertneunundneunzig'],
  ['date', 'seit 1989', 'seit neunzehnhundertneunundachtzig'], ['date', '1990', 'neunzehnhundertneunzig'], ['date', 'in den 1990er Jahren', 'in den neunzehnhundertneunziger Jahren'],
  ['date', 'die 80er', 'die achtziger'], ['date', 'Mai 1945', 'Mai neunzehnhundertfünfundvierzig'], ['date', 'am 9. November 1989', 'am neunten November neunzehnhundertneunundachtzig'],
  ['date', 'den 1. April', 'den ersten April'], ['date', '01.10.2010', 'erster Oktober zweitausendzehn'], ['date', 'am 31.12.', 'am einunddreißigsten Dezember'], ['date', '1914-1918', 'neunzehnhundertvierzehn bis neunzehnhundertachtzehn'],
  ['date', 'Ende 1918 war', 'Ende neunzehnhundertachtzehn war'],
  // time
  ['time', '14:30 Uhr', 'vierzehn Uhr dreißig'], ['time', 'um 14:30', 'um vierzehn Uhr dreißig'], ['time', '10:00 Uhr', 'zehn Uhr'], ['time', 'um 14 Uhr', 'um vierzehn Uhr'],
  ['time', '1 Uhr', 'ein Uhr'], ['time', '14.30 Uhr', 'vierzehn Uhr dreißig'], ['time', '0:15', 'null Uhr fünfzehn'], ['time', '22:15', 'zweiundzwanzig Uhr fünfzehn'],
  ['time', '01:01:01', 'eine Stunde eine Minute und eine Sekunde'], ['time', '2:30:00', 'zwei Stunden und dreißig Minuten'], ['time', '8:05 Uhr', 'acht Uhr fünf'], ['time', '12 Uhr MEZ', 'zwölf Uhr M E Z'],
  // telephone
  ['telephone', '+49 30 1234567', 'plus vier neun, drei null, eins zwei drei vier fünf sechs sieben'], ['telephone', '030 1234567', 'null drei null, eins zwei drei vier fünf sechs sieben'],
  ['telephone', '0171 2345678', 'null eins sieben eins, zwei drei vier fünf sechs sieben acht'], ['telephone', '089/123456', 'null acht neun, eins zwei drei vier fünf sechs'],
  ['telephone', 'Tel. 030 987654', 'Telefon null drei null, neun acht sieben sechs fünf vier'],
  // electronic
  ['electronic', 'info@beispiel.de', 'info ät beispiel Punkt de'], ['electronic', 'www.beispiel.de', 'w w w Punkt beispiel Punkt de'],
  ['electronic', 'https://www.bahn.de/reise', 'h t t p s Doppelpunkt Schrägstrich Schrägstrich w w w Punkt bahn Punkt de Schrägstrich reise'],
  ['electronic', 'max.mustermann@firma.com', 'max Punkt mustermann ät firma Punkt com'], ['electronic', 'spiegel.de', 'spiegel Punkt de'],
  // range
  ['range', '10-20', 'zehn bis zwanzig'], ['range', '10-20 km', 'zehn bis zwanzig Kilometer'], ['range', 'Seiten 5–9', 'Seiten fünf bis neun'], ['range', '2:1', 'zwei zu eins'],
  ['range', 'Das Spiel endete 3:1.', 'Das Spiel endete drei zu eins.'], ['range', 'Version 2.0.1', 'Version zwei Punkt null Punkt eins'], ['range', '192.168.0.1', 'eins neun zwei Punkt eins sechs acht Punkt null Punkt eins'],
  ['range', '20-30 %', 'zwanzig bis dreißig Prozent'],
  // roman
  ['roman', 'XIV. Jahrhundert', 'vierzehntes Jahrhundert'], ['roman', 'im XIX. Jahrhundert', 'im neunzehnten Jahrhundert'], ['roman', 'Ludwig XIV.', 'Ludwig der Vierzehnte.'],
  ['roman', 'Heinrich VIII. war König', 'Heinrich der Achte war König'], ['roman', 'Kapitel IV', 'Kapitel vier'], ['roman', 'Teil II', 'Teil zwei'], ['roman', 'Papst Benedikt XVI.', 'Papst Benedikt der Sechzehnte.'],
  ['roman', 'Friedrich II. von Preußen', 'Friedrich der Zweite von Preußen'], ['roman', 'Band III', 'Band drei'], ['roman', 'Karl V.', 'Karl der Fünfte.'],
  // abbreviation
  ['abbreviation', 'z. B. hier', 'zum Beispiel hier'], ['abbreviation', 'S. 23', 'Seite dreiundzwanzig'], ['abbreviation', 'Nr. 5', 'Nummer fünf'], ['abbreviation', 'Bd. 2', 'Band zwei'],
  ['abbreviation', 'ca. 5 km', 'circa fünf Kilometer'], ['abbreviation', 'Dr. Müller', 'Doktor Müller'], ['abbreviation', 'usw. Dann', 'und so weiter. Dann'], ['abbreviation', 'd. h. nicht', 'das heißt nicht'],
  ['abbreviation', 'bzw. nicht', 'beziehungsweise nicht'], ['abbreviation', 'Abs. 3', 'Absatz drei'], ['abbreviation', 'u. a. Berlin', 'unter anderem Berlin'], ['abbreviation', 'Kap. 7', 'Kapitel sieben'],
  ['abbreviation', 'St. Pauli', 'Sankt Pauli'], ['abbreviation', 'die ARD', 'die A R D'], ['abbreviation', 'im 3. Jh. v. Chr.', 'im dritten Jahrhundert vor Christus'],
  // more, from reading whole sentences
  ['time', 'Mo.-Fr. 9-17 Uhr', 'Montag bis Freitag neun bis siebzehn Uhr'], ['date', '1985 geboren', 'neunzehnhundertfünfundachtzig geboren'], ['date', '3.-5. Mai', 'dritter bis fünfter Mai'],
  ['date', '12/2020', 'Dezember zweitausendzwanzig'], ['fraction', '½ kg', 'ein halbes Kilogramm'], ['cardinal', '1 Tag', 'ein Tag'], ['cardinal', '1 Woche', 'eine Woche'],
  ['fraction', '1/2 Jahr', 'ein halbes Jahr'], ['fraction', '12 1/2 %', 'zwölfeinhalb Prozent'], ['money', '5,- €', 'fünf Euro'], ['abbreviation', 'S. 5 ff.', 'Seite fünf folgende.'],
  ['cardinal', '10 000', 'zehntausend'], ['telephone', '+49 (0)30 1234567', 'plus vier neun, drei null, eins zwei drei vier fünf sechs sieben'],
];
