// French: written form and what a person reading it aloud says (compared leniently: case, spaces, hyphens, punctuation).
import type { Case } from './case.js';

export const FR: Case[] = [
  // cardinal
  ['cardinal', '7', 'sept'], ['cardinal', '17', 'dix-sept'], ['cardinal', '21', 'vingt et un'], ['cardinal', '71', 'soixante et onze'], ['cardinal', '80', 'quatre-vingts'],
  ['cardinal', '99', 'quatre-vingt-dix-neuf'], ['cardinal', '100', 'cent'], ['cardinal', '200', 'deux cents'], ['cardinal', '1 000', 'mille'], ['cardinal', '3 500', 'trois mille cinq cents'],
  ['cardinal', '1 000 000', 'un million'], ['cardinal', 'Il y a 250 invités.', 'Il y a deux cent cinquante invités.'], ['cardinal', '-3', 'moins trois'], ['cardinal', '1.234', 'mille deux cent trente-quatre'],
  ['cardinal', '2 millions de personnes', 'deux millions de personnes'], ['cardinal', 'Le 14 juillet 1789, 3 500 personnes.', 'Le quatorze juillet mille sept cent quatre-vingt-neuf, trois mille cinq cents personnes.'],
  // ordinal
  ['ordinal', '1er mai', 'premier mai'], ['ordinal', '1re fois', 'première fois'], ['ordinal', '1ère place', 'première place'], ['ordinal', '2e étage', 'deuxième étage'],
  ['ordinal', '2ème', 'deuxième'], ['ordinal', '3e', 'troisième'], ['ordinal', '21e siècle', 'vingt et unième siècle'], ['ordinal', '100e', 'centième'], ['ordinal', '2nd', 'second'],
  ['ordinal', '2nde', 'seconde'], ['ordinal', 'le 5e arrondissement', 'le cinquième arrondissement'], ['ordinal', 'les 3es', 'les troisièmes'], ['ordinal', '10e', 'dixième'],
  // decimal
  ['decimal', '3,14', 'trois virgule quatorze'], ['decimal', '0,5', 'zéro virgule cinq'], ['decimal', '2,75', 'deux virgule soixante-quinze'], ['decimal', '-1,5', 'moins un virgule cinq'],
  ['decimal', '12,05', 'douze virgule zéro cinq'], ['decimal', '1 234,5', 'mille deux cent trente-quatre virgule cinq'],
  // fraction
  ['fraction', '1/2', 'un demi'], ['fraction', '1/3', 'un tiers'], ['fraction', '2/3', 'deux tiers'], ['fraction', '1/4', 'un quart'], ['fraction', '3/4', 'trois quarts'],
  ['fraction', '1/5', 'un cinquième'], ['fraction', '3/8', 'trois huitièmes'], ['fraction', '1/10', 'un dixième'], ['fraction', '7/10', 'sept dixièmes'], ['fraction', '1/100', 'un centième'],
  ['fraction', '5/6', 'cinq sixièmes'], ['fraction', '½', 'un demi'], ['fraction', '¾', 'trois quarts'], ['fraction', '2 1/2', 'deux et demi'], ['fraction', '1 1/2', 'un et demi'],
  ['fraction', '3 3/4', 'trois et trois quarts'], ['fraction', '3/4 des électeurs', 'trois quarts des électeurs'], ['fraction', '1/2 litre', 'un demi litre'],
  // money
  ['money', '12,50 €', 'douze euros cinquante'], ['money', '0,01 €', 'un centime'], ['money', '0,50 €', 'cinquante centimes'], ['money', '1 €', 'un euro'], ['money', '20 €', 'vingt euros'],
  ['money', '€20', 'vingt euros'], ['money', '1,50 €', 'un euro cinquante'], ['money', '$5', 'cinq dollars'], ['money', '100 $', 'cent dollars'], ['money', '2 millions €', "deux millions d'euros"],
  ['money', '1 000 000 €', "un million d'euros"], ['money', '2,5 millions €', "deux virgule cinq millions d'euros"], ['money', '£10', 'dix livres'], ['money', '5 CHF', 'cinq francs'],
  ['money', '1 234 567 €', 'un million deux cent trente-quatre mille cinq cent soixante-sept euros'], ['money', '80 €', 'quatre-vingts euros'], ['money', '1 million €', "un million d'euros"],
  ['money', '9,99 €', 'neuf euros quatre-vingt-dix-neuf'],
  // measure
  ['measure', '5 km', 'cinq kilomètres'], ['measure', '1 km', 'un kilomètre'], ['measure', '50 km/h', 'cinquante kilomètres heure'], ['measure', '3 kg', 'trois kilogrammes'],
  ['measure', '20 °C', 'vingt degrés Celsius'], ['measure', '-5 °C', 'moins cinq degrés Celsius'], ['measure', '50 m²', 'cinquante mètres carrés'], ['measure', '1 m²', 'un mètre carré'],
  ['measure', '500 ml', 'cinq cents millilitres'], ['measure', '1 h', 'une heure'], ['measure', '30 min', 'trente minutes'], ['measure', '1 t', 'une tonne'],
  ['measure', '50 %', 'cinquante pour cent'], ['measure', '3,5 %', 'trois virgule cinq pour cent'], ['measure', '16 Go', 'seize gigaoctets'], ['measure', '2,5 l', 'deux virgule cinq litres'],
  ['measure', '10 m/s', 'dix mètres par seconde'], ['measure', '21 kg', 'vingt et un kilogrammes'], ['measure', '100 m', 'cent mètres'],
  // date
  ['date', '14 juillet 1789', 'quatorze juillet mille sept cent quatre-vingt-neuf'], ['date', '1er janvier 2020', 'premier janvier deux mille vingt'], ['date', '14/03/2025', 'quatorze mars deux mille vingt-cinq'],
  ['date', '1/03/2025', 'premier mars deux mille vingt-cinq'], ['date', '2025-03-14', 'quatorze mars deux mille vingt-cinq'], ['date', 'le 8 mai 1945', 'le huit mai mille neuf cent quarante-cinq'],
  ['date', '25 DÉCEMBRE', 'vingt-cinq décembre'], ['date', '3 sept. 2001', 'trois septembre deux mille un'], ['date', 'en 1998', 'en mille neuf cent quatre-vingt-dix-huit'],
  ['date', 'les années 1990', 'les années mille neuf cent quatre-vingt-dix'], ['date', 'mai 1968', 'mai mille neuf cent soixante-huit'], ['date', '14.07.2020', 'quatorze juillet deux mille vingt'],
  ['date', 'le 11 novembre', 'le onze novembre'], ['date', 'du 3 au 5 mai', 'du trois au cinq mai'], ['date', '1939-1945', 'mille neuf cent trente-neuf à mille neuf cent quarante-cinq'],
  ['date', '31 janv. 2022', 'trente et un janvier deux mille vingt-deux'],
  // time
  ['time', '14h30', 'quatorze heures trente'], ['time', '14 h', 'quatorze heures'], ['time', '14h', 'quatorze heures'], ['time', '22:15', 'vingt-deux heures quinze'], ['time', '10:00', 'dix heures'],
  ['time', '1:00', 'une heure'], ['time', '0h15', 'zéro heure quinze'], ['time', '21 h 45', 'vingt et une heures quarante-cinq'], ['time', '8h05', 'huit heures cinq'],
  ['time', '01:01:01', 'une heure une minute et une seconde'], ['time', 'à 12h', 'à douze heures'], ['time', '1h30', 'une heure trente'],
  // telephone
  ['telephone', '01 23 45 67 89', 'zéro un, vingt-trois, quarante-cinq, soixante-sept, quatre-vingt-neuf'], ['telephone', '06 12 34 56 78', 'zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit'],
  ['telephone', '+33 1 23 45 67 89', 'plus trois trois, un, deux trois, quatre cinq, six sept, huit neuf'], ['telephone', '01.23.45.67.89', 'zéro un, vingt-trois, quarante-cinq, soixante-sept, quatre-vingt-neuf'],
  ['telephone', 'tél. 04 78 12 34 56', 'téléphone zéro quatre, soixante-dix-huit, douze, trente-quatre, cinquante-six'],
  // electronic
  ['electronic', 'contact@exemple.fr', 'contact arobase exemple point fr'], ['electronic', 'www.exemple.fr', 'w w w point exemple point fr'],
  ['electronic', 'https://www.sncf.com/fr', 'h t t p s deux-points slash slash w w w point sncf point com slash fr'], ['electronic', 'jean.dupont@mail.com', 'jean point dupont arobase mail point com'],
  ['electronic', 'lemonde.fr', 'lemonde point fr'],
  // range
  ['range', '10-20', 'dix à vingt'], ['range', '10-20 km', 'dix à vingt kilomètres'], ['range', 'pages 5–9', 'pages cinq à neuf'], ['range', '2:1', 'deux à un'],
  ['range', 'Le match a fini 3-1.', 'Le match a fini trois à un.'], ['range', 'version 2.0.1', 'version deux point zéro point un'], ['range', '192.168.0.1', 'un neuf deux point un six huit point zéro point un'],
  ['range', '20-30 %', 'vingt à trente pour cent'],
  // roman
  ['roman', 'XIXe siècle', 'dix-neuvième siècle'], ['roman', 'au XVIe siècle', 'au seizième siècle'], ['roman', 'Louis XIV', 'Louis quatorze'], ['roman', 'Henri IV', 'Henri quatre'],
  ['roman', 'François Ier', 'François premier'], ['roman', 'Napoléon III', 'Napoléon trois'], ['roman', 'chapitre III', 'chapitre trois'], ['roman', 'tome II', 'tome deux'],
  ['roman', 'la Ve République', 'la cinquième République'], ['roman', 'Le roi est là', 'Le roi est là'], ['roman', 'Jean-Paul II', 'Jean-Paul deux'],
  // abbreviation
  ['abbreviation', 'M. Dupont', 'Monsieur Dupont'], ['abbreviation', 'Mme Curie', 'Madame Curie'], ['abbreviation', 'Mlle Martin', 'Mademoiselle Martin'], ['abbreviation', 'Dr Martin', 'Docteur Martin'],
  ['abbreviation', 'etc. Puis', 'et cetera. Puis'], ['abbreviation', 'p. ex. ceci', 'par exemple ceci'], ['abbreviation', 'n° 5', 'numéro cinq'], ['abbreviation', 'p. 23', 'page vingt-trois'],
  ['abbreviation', 'vol. 3', 'volume trois'], ['abbreviation', 'chap. 4', 'chapitre quatre'], ['abbreviation', 'env. 10 km', 'environ dix kilomètres'], ['abbreviation', 'c.-à-d. ceci', "c'est-à-dire ceci"],
  ['abbreviation', '50 av. J.-C.', 'cinquante avant Jésus-Christ'], ['abbreviation', 'la SNCF', 'la S N C F'],
  // more, from reading whole sentences
  ['cardinal', '21 personnes', 'vingt et une personnes'], ['cardinal', '1 heure', 'une heure'], ['fraction', '1/2 heure', 'une demi-heure'], ['money', '3 € 50', 'trois euros cinquante'],
  ['time', '10h-12h', 'dix heures à douze heures'], ['telephone', '+33 (0)1 23 45 67 89', 'plus trois trois, un, deux trois, quatre cinq, six sept, huit neuf'],
  ['measure', '3 h 20 min', 'trois heures vingt minutes'], ['abbreviation', 'M. et Mme Dupont', 'Monsieur et Madame Dupont'], ['ordinal', 'les 1ers', 'les premiers'],
  ['abbreviation', 'St-Denis', 'Saint-Denis'], ['money', '25,99 euros', 'vingt-cinq euros quatre-vingt-dix-neuf'],
];
