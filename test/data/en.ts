// English: written form and what a person reading it aloud says. Compared leniently (case, spaces,
// hyphens, punctuation and "and" ignored), as the held-out set is scored.
import type { Case } from './case.js';

export const EN: Case[] = [
  // cardinal
  ['cardinal', '7', 'seven'], ['cardinal', '13', 'thirteen'], ['cardinal', '99', 'ninety nine'], ['cardinal', '100', 'one hundred'],
  ['cardinal', '101', 'one hundred one'], ['cardinal', '2,500', 'two thousand five hundred'], ['cardinal', '12,345', 'twelve thousand three hundred forty five'],
  ['cardinal', '1,000,000', 'one million'], ['cardinal', 'There are 1500 people here.', 'There are one thousand five hundred people here.'],
  ['cardinal', 'She has 3 brothers and 2 sisters.', 'She has three brothers and two sisters.'], ['cardinal', '-7', 'minus seven'],
  ['cardinal', 'It was 7,000,000 years ago', 'It was seven million years ago'], ['cardinal', 'about 250 km', 'about two hundred fifty kilometers'],
  ['cardinal', 'Room 12 is free', 'Room twelve is free'], ['cardinal', '#1 hit', 'number one hit'],
  // ordinal
  ['ordinal', '1st', 'first'], ['ordinal', '2nd place', 'second place'], ['ordinal', '3rd', 'third'], ['ordinal', '4th', 'fourth'],
  ['ordinal', '11th', 'eleventh'], ['ordinal', '12th', 'twelfth'], ['ordinal', '21st', 'twenty first'], ['ordinal', '42nd Street', 'forty second Street'],
  ['ordinal', 'the 100th time', 'the one hundredth time'], ['ordinal', 'his 65th birthday', 'his sixty fifth birthday'],
  ['ordinal', 'Call me on the 21st of May.', 'Call me on the twenty first of May.'], ['ordinal', 'the 19th century', 'the nineteenth century'],
  // decimal
  ['decimal', '3.14', 'three point one four'], ['decimal', '0.5', 'zero point five'], ['decimal', '2.75 percent', 'two point seven five percent'],
  ['decimal', 'a 1.5 liter bottle', 'a one point five liter bottle'], ['decimal', '-0.25', 'minus zero point two five'], ['decimal', '98.6', 'ninety eight point six'],
  ['decimal', '1,234.56', 'one thousand two hundred thirty four point five six'],
  // fraction
  ['fraction', '3/4', 'three quarters'], ['fraction', '1/2', 'one half'], ['fraction', '1/3', 'one third'], ['fraction', '2/3', 'two thirds'],
  ['fraction', '1/4', 'one quarter'], ['fraction', '3/8', 'three eighths'], ['fraction', '5/16', 'five sixteenths'], ['fraction', '7/10', 'seven tenths'],
  ['fraction', '½', 'one half'], ['fraction', '¾', 'three quarters'], ['fraction', '4 1/2 lbs', 'four and a half pounds'],
  ['fraction', '2 3/4 inches', 'two and three quarters inches'], ['fraction', '1 1/2 cups', 'one and a half cups'], ['fraction', '2½', 'two and a half'],
  ['fraction', 'In 2008, 3/4 of voters chose 1/2.', 'In two thousand eight, three quarters of voters chose one half.'], ['fraction', '9/10 of people', 'nine tenths of people'],
  // money
  ['money', '$3.50', 'three dollars fifty cents'], ['money', '$1', 'one dollar'], ['money', '$0.01', 'one cent'], ['money', '$20', 'twenty dollars'],
  ['money', '$1,250', 'one thousand two hundred fifty dollars'], ['money', '$1.5 million', 'one point five million dollars'], ['money', '$5bn', 'five billion dollars'],
  ['money', '$2 billion', 'two billion dollars'], ['money', '£10', 'ten pounds'], ['money', '£2.50', 'two pounds fifty pence'], ['money', '€5', 'five euros'],
  ['money', '€1.20', 'one euro twenty cents'], ['money', '¥1000', 'one thousand yen'], ['money', '50¢', 'fifty cents'], ['money', '$10-$20', 'ten to twenty dollars'],
  ['money', 'USD 100', 'one hundred dollars'], ['money', '100 USD', 'one hundred dollars'], ['money', 'It costs $4.99 today.', 'It costs four dollars ninety nine cents today.'],
  ['money', '$10k', 'ten thousand dollars'],
  // measure
  ['measure', '5 km', 'five kilometers'], ['measure', '1 km', 'one kilometer'], ['measure', '100 km/h', 'one hundred kilometers per hour'], ['measure', '60 mph', 'sixty miles per hour'],
  ['measure', '12kg/kg', 'twelve kilograms per kilogram'], ['measure', '2.5 kg', 'two point five kilograms'], ['measure', '6 ft', 'six feet'], ['measure', '1 ft', 'one foot'],
  ['measure', '20 °C', 'twenty degrees Celsius'], ['measure', '98.6 °F', 'ninety eight point six degrees Fahrenheit'], ['measure', '500 ml', 'five hundred milliliters'],
  ['measure', '16 GB', 'sixteen gigabytes'], ['measure', '3 GHz', 'three gigahertz'], ['measure', '50%', 'fifty percent'], ['measure', '12.5%', 'twelve point five percent'],
  ['measure', '10 m/s', 'ten meters per second'], ['measure', '250 mg', 'two hundred fifty milligrams'], ['measure', '30 min', 'thirty minutes'], ['measure', '5 in', 'five inches'],
  ['measure', '100 W', 'one hundred watts'], ['measure', '1.5 TB', 'one point five terabytes'], ['measure', '-5 °C', 'minus five degrees Celsius'], ['measure', '8 oz', 'eight ounces'],
  // date
  ['date', 'May 21', 'May twenty first'], ['date', 'May 21st', 'May twenty first'], ['date', 'May 21, 2012', 'May twenty first twenty twelve'],
  ['date', 'july 25 2012', 'july twenty fifth twenty twelve'], ['date', '25 july 2012', 'the twenty fifth of july twenty twelve'], ['date', '2016/07/03', 'july third twenty sixteen'],
  ['date', '3/14/2025', 'March fourteenth twenty twenty five'], ['date', '2025-03-14', 'March fourteenth twenty twenty five'], ['date', 'Jan-15-2020', 'January fifteenth twenty twenty'],
  ['date', 'SEPT. 15', 'September fifteenth'], ['date', 'Jan. 5', 'January fifth'], ['date', 'Dec 25', 'December twenty fifth'], ['date', 'AUGUST 9, 1945', 'August ninth nineteen forty five'],
  ['date', 'June 2010', 'June twenty ten'], ['date', '12/25/2019', 'December twenty fifth twenty nineteen'], ['date', '1 January 2000', 'the first of January two thousand'],
  ['date', 'He was born in 1905', 'He was born in nineteen oh five'], ['date', 'in 1999', 'in nineteen ninety nine'], ['date', 'since 2010', 'since twenty ten'],
  ['date', 'the 1990s', 'the nineteen nineties'], ['date', 'the 1980 s', 'the nineteen eighties'], ['date', "the '90s", 'the nineties'], ['date', 'the 1900s', 'the nineteen hundreds'],
  ['date', 'born 1850', 'born eighteen fifty'], ['date', 'from 1914 to 1918', 'from nineteen fourteen to nineteen eighteen'], ['date', '1939-1945', 'nineteen thirty nine to nineteen forty five'],
  ['date', '500 BC', 'five hundred B C'], ['date', 'AD 2000', 'A D two thousand'], ['date', 'on 7/4', 'on July fourth'], ['date', 'In 1066.', 'In ten sixty six.'],
  // time
  ['time', '10:30 AM', 'ten thirty A M'], ['time', '2:30 p.m.', 'two thirty P M'], ['time', '9 pm', 'nine P M'], ['time', '7am', 'seven A M'], ['time', '10:05', 'ten oh five'],
  ['time', '14:00', 'fourteen hundred'], ['time', 'at 14:00 UTC', 'at fourteen hundred U T C'], ['time', '18:45', 'eighteen forty five'], ['time', '10:00', "ten o'clock"],
  ['time', '01:01:01', 'one hour one minute and one second'], ['time', '2:15:30', 'two hours fifteen minutes and thirty seconds'], ['time', '5:00 pm EST', 'five P M E S T'],
  ['time', '12:00 GMT', "twelve o'clock G M T"], ['time', '6:45 a.m. It was', 'six forty five A M. It was'],
  // telephone
  ['telephone', '555-123-4567', 'five five five, one two three, four five six seven'], ['telephone', '(555) 123-4567', 'five five five, one two three, four five six seven'],
  ['telephone', '+1 555 123 4567', 'plus one, five five five, one two three, four five six seven'], ['telephone', '555-010-2030', 'five five five, oh one oh, two oh three oh'],
  ['telephone', '+44 20 7946 0958', 'plus four four, two oh, seven nine four six, oh nine five eight'], ['telephone', '1-800-555-0199', 'one, eight hundred, five five five, oh one nine nine'],
  // electronic
  ['electronic', 'john.smith@example.com', 'john dot smith at example dot com'], ['electronic', 'www.example.com', 'w w w dot example dot com'],
  ['electronic', 'https://example.com/a/b?x=1', 'h t t p s colon slash slash example dot com slash a slash b question mark x equals one'],
  ['electronic', 'Read it at https://example.com/a/b?x=1 now.', 'Read it at h t t p s colon slash slash example dot com slash a slash b question mark x equals one now.'],
  ['electronic', 'example.org', 'example dot org'], ['electronic', 'mail info@my-site.net', 'mail info at my dash site dot net'],
  ['electronic', 'http://test.io/v2', 'h t t p colon slash slash test dot io slash v two'],
  // range and score
  ['range', '10-20', 'ten to twenty'], ['range', 'pages 5–9', 'pages five to nine'], ['range', '10-20 km', 'ten to twenty kilometers'], ['range', '10-20%', 'ten to twenty percent'],
  ['range', 'ages 18-25', 'ages eighteen to twenty five'], ['range', 'They won 3-1.', 'They won three to one.'], ['range', 'a 2:1 ratio', 'a two to one ratio'],
  ['range', 'Version 2.0.1', 'Version two point zero point one'], ['range', 'v2.0', 'version two point zero'], ['range', '192.168.0.1', 'one nine two dot one six eight dot zero dot one'],
  ['range', '24/7', 'twenty four seven'],
  // roman
  ['roman', 'Chapter XIV', 'Chapter fourteen'], ['roman', 'Henry VIII', 'Henry the eighth'], ['roman', 'Louis XIV', 'Louis the fourteenth'], ['roman', 'Elizabeth II', 'Elizabeth the second'],
  ['roman', 'World War II', 'World War two'], ['roman', 'World War I', 'World War one'], ['roman', 'Part III', 'Part three'], ['roman', 'Pope John Paul II', 'Pope John Paul the second'],
  ['roman', 'Super Bowl LIV', 'Super Bowl fifty four'], ['roman', 'Rocky IV', 'Rocky four'], ['roman', 'Act V', 'Act five'], ['roman', 'Then I left', 'Then I left'],
  ['roman', 'the XIV century', 'the fourteenth century'], ['roman', 'Elizabeth I', 'Elizabeth the first'],
  // abbreviation
  ['abbreviation', 'p. 23', 'page twenty three'], ['abbreviation', 'pp. 23-25', 'pages twenty three to twenty five'], ['abbreviation', 'vol. 3', 'volume three'],
  ['abbreviation', 'No. 5', 'number five'], ['abbreviation', 'approx. 20', 'approximately twenty'], ['abbreviation', 'cats vs. dogs', 'cats versus dogs'],
  ['abbreviation', 'Dr. Smith', 'Doctor Smith'], ['abbreviation', 'Mr. Brown', 'Mister Brown'], ['abbreviation', 'St. Louis', 'Saint Louis'], ['abbreviation', 'Fig. 2', 'figure two'],
  ['abbreviation', 'e.g. apples', 'for example apples'], ['abbreviation', 'ch. 4', 'chapter four'], ['abbreviation', 'Mt. Everest', 'Mount Everest'],
  ['abbreviation', 'apples, pears, etc.', 'apples, pears, et cetera.'], ['abbreviation', 'the FBI', 'the F B I'], ['abbreviation', 'Smith et al. found', 'Smith et al found'],
  // more, from reading whole sentences
  ['date', '1999 was a great year', 'nineteen ninety nine was a great year'], ['cardinal', '1200 students', 'one thousand two hundred students'],
  ['telephone', 'Call 911 now', 'Call nine one one now'], ['cardinal', '100s of people', 'hundreds of people'], ['money', '$5–10 million', 'five to ten million dollars'],
  ['telephone', '0800 123 4567', 'oh eight oh oh, one two three, four five six seven'], ['cardinal', 'FY2020', 'F Y twenty twenty'], ['measure', '3x faster', 'three times faster'],
  ['measure', '1920x1080', 'one thousand nine hundred twenty by one thousand eighty'], ['measure', '5\'6"', 'five feet six inches'], ['time', '10am-2pm', 'ten A M to two P M'],
  ['decimal', '.5', 'point five'], ['date', 'You may 5 times', 'You may five times'], ['fraction', '20/20 vision', 'twenty twenty vision'], ['measure', '30°N', 'thirty degrees north'],
  ['date', '12-Dec-2019', 'the twelfth of December twenty nineteen'], ['electronic', 'mail jane_doe@mail.example.org.', 'mail jane underscore doe at mail dot example dot org.'],
];
