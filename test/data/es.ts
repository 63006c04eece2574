// Spanish: written form and what a person reading it aloud says (compared leniently: case, spaces, hyphens, punctuation).
import type { Case } from './case.js';

export const ES: Case[] = [
  // cardinal
  ['cardinal', '7', 'siete'], ['cardinal', '16', 'dieciséis'], ['cardinal', '21', 'veintiuno'], ['cardinal', '42', 'cuarenta y dos'], ['cardinal', '100', 'cien'],
  ['cardinal', '101', 'ciento uno'], ['cardinal', '500', 'quinientos'], ['cardinal', '1.000', 'mil'], ['cardinal', '2.500', 'dos mil quinientos'], ['cardinal', '1.000.000', 'un millón'],
  ['cardinal', 'Hay 250 invitados.', 'Hay doscientos cincuenta invitados.'], ['cardinal', '-3', 'menos tres'], ['cardinal', '3 millones de personas', 'tres millones de personas'],
  ['cardinal', '1 millón de habitantes', 'un millón de habitantes'], ['cardinal', '10 000', 'diez mil'],
  // ordinal
  ['ordinal', '1º', 'primero'], ['ordinal', '1ª', 'primera'], ['ordinal', '2º', 'segundo'], ['ordinal', '3.º', 'tercero'], ['ordinal', '5.ª', 'quinta'], ['ordinal', '2ª vez', 'segunda vez'],
  ['ordinal', '1.er piso', 'primer piso'], ['ordinal', '3er lugar', 'tercer lugar'], ['ordinal', '10º', 'décimo'], ['ordinal', '4ª planta', 'cuarta planta'], ['ordinal', '7º', 'séptimo'],
  ['ordinal', '20º', 'vigésimo'], ['ordinal', 'el 9º', 'el noveno'],
  // decimal
  ['decimal', '3,14', 'tres coma catorce'], ['decimal', '0,5', 'cero coma cinco'], ['decimal', '2,75', 'dos coma setenta y cinco'], ['decimal', '-1,5', 'menos uno coma cinco'],
  ['decimal', '1.234,5', 'mil doscientos treinta y cuatro coma cinco'], ['decimal', '12,05', 'doce coma cero cinco'],
  // fraction
  ['fraction', '1/2', 'un medio'], ['fraction', '1/3', 'un tercio'], ['fraction', '2/3', 'dos tercios'], ['fraction', '1/4', 'un cuarto'], ['fraction', '3/4', 'tres cuartos'],
  ['fraction', '1/5', 'un quinto'], ['fraction', '2/5', 'dos quintos'], ['fraction', '1/6', 'un sexto'], ['fraction', '5/6', 'cinco sextos'], ['fraction', '1/7', 'un séptimo'],
  ['fraction', '3/8', 'tres octavos'], ['fraction', '5/8', 'cinco octavos'], ['fraction', '1/9', 'un noveno'], ['fraction', '1/10', 'un décimo'], ['fraction', '7/10', 'siete décimos'],
  ['fraction', '1/11', 'un onceavo'], ['fraction', '1/12', 'un doceavo'], ['fraction', '5/12', 'cinco doceavos'], ['fraction', '1/15', 'un quinceavo'], ['fraction', '7/20', 'siete veinteavos'],
  ['fraction', '1/30', 'un treintavo'], ['fraction', '1/100', 'un centésimo'], ['fraction', '3/100', 'tres centésimos'], ['fraction', '1/1000', 'un milésimo'], ['fraction', '3/2', 'tres medios'],
  ['fraction', '½', 'un medio'], ['fraction', '¾', 'tres cuartos'], ['fraction', '⅓', 'un tercio'], ['fraction', '2 1/2', 'dos y medio'], ['fraction', '1 1/2', 'uno y medio'],
  ['fraction', '3 3/4', 'tres y tres cuartos'], ['fraction', '2 2/3', 'dos y dos tercios'], ['fraction', '2/3 de los votantes', 'dos tercios de los votantes'], ['fraction', '1/2 kg', 'medio kilogramo'],
  ['fraction', '3/4 kg', 'tres cuartos de kilogramo'],
  // money
  ['money', '12,50 €', 'doce euros con cincuenta céntimos'], ['money', '0,01 €', 'un céntimo'], ['money', '0,50 €', 'cincuenta céntimos'], ['money', '1 €', 'un euro'],
  ['money', '21 €', 'veintiún euros'], ['money', '20 €', 'veinte euros'], ['money', '€20', 'veinte euros'], ['money', '100 €', 'cien euros'], ['money', '$5', 'cinco dólares'],
  ['money', '$1', 'un dólar'], ['money', '1,5 millones de euros', 'uno coma cinco millones de euros'], ['money', '2 millones de dólares', 'dos millones de dólares'],
  ['money', '1.000.000 €', 'un millón de euros'], ['money', '3 M€', 'tres millones de euros'], ['money', '£10', 'diez libras'], ['money', '1,01 €', 'un euro con un céntimo'],
  ['money', '5 USD', 'cinco dólares'], ['money', '1.500 €', 'mil quinientos euros'], ['money', '9,99 €', 'nueve euros con noventa y nueve céntimos'], ['money', '$2,50', 'dos dólares con cincuenta centavos'],
  ['money', '200 MXN', 'doscientos pesos'],
  // measure
  ['measure', '5 km', 'cinco kilómetros'], ['measure', '1 km', 'un kilómetro'], ['measure', '100 km/h', 'cien kilómetros por hora'], ['measure', '3 kg', 'tres kilogramos'],
  ['measure', '20 °C', 'veinte grados Celsius'], ['measure', '-5 °C', 'menos cinco grados Celsius'], ['measure', '50 m²', 'cincuenta metros cuadrados'], ['measure', '500 ml', 'quinientos mililitros'],
  ['measure', '1 h', 'una hora'], ['measure', '30 min', 'treinta minutos'], ['measure', '1 t', 'una tonelada'], ['measure', '50 %', 'cincuenta por ciento'], ['measure', '3,5 %', 'tres coma cinco por ciento'],
  ['measure', '16 GB', 'dieciséis gigabytes'], ['measure', '2,5 l', 'dos coma cinco litros'], ['measure', '10 m/s', 'diez metros por segundo'], ['measure', '21 km', 'veintiún kilómetros'],
  ['measure', '1 ha', 'una hectárea'],
  // date
  ['date', '14/03/2025', 'catorce de marzo de dos mil veinticinco'], ['date', '14 de marzo de 2025', 'catorce de marzo de dos mil veinticinco'], ['date', '2025-03-14', 'catorce de marzo de dos mil veinticinco'],
  ['date', '1 de mayo', 'primero de mayo'], ['date', '25 de diciembre', 'veinticinco de diciembre'], ['date', '12 de octubre de 1492', 'doce de octubre de mil cuatrocientos noventa y dos'],
  ['date', 'en 1992', 'en mil novecientos noventa y dos'], ['date', 'julio de 2010', 'julio de dos mil diez'], ['date', '5 ENE 2021', 'cinco de enero de dos mil veintiuno'],
  ['date', '3/5/2000', 'tres de mayo de dos mil'], ['date', '31.12.1999', 'treinta y uno de diciembre de mil novecientos noventa y nueve'], ['date', 'los años 90', 'los años noventa'],
  ['date', '1936-1939', 'mil novecientos treinta y seis a mil novecientos treinta y nueve'], ['date', '2 de feb. de 2020', 'dos de febrero de dos mil veinte'],
  // time
  ['time', '14:30', 'catorce y treinta'], ['time', 'a las 10:00', 'a las diez'], ['time', '1:15', 'una y cuarto'], ['time', '10:30', 'diez y media'], ['time', '22:15', 'veintidós y quince'],
  ['time', '10:30 a.m.', 'diez y media de la mañana'], ['time', '3 p.m.', 'tres de la tarde'], ['time', '9 p.m.', 'nueve de la noche'], ['time', '8:05', 'ocho y cinco'],
  ['time', '01:01:01', 'una hora un minuto y un segundo'], ['time', '21:00', 'veintiuna'], ['time', '1:00', 'una'], ['time', '12:45', 'doce y cuarenta y cinco'],
  ['time', '2:30:00', 'dos horas y treinta minutos'],
  // telephone
  ['telephone', '+34 912 345 678', 'más tres cuatro, nueve uno dos, tres cuatro cinco, seis siete ocho'], ['telephone', '912 345 678', 'nueve uno dos, tres cuatro cinco, seis siete ocho'],
  ['telephone', '600 123 456', 'seis cero cero, uno dos tres, cuatro cinco seis'], ['telephone', '91 234 56 78', 'nueve uno, dos tres cuatro, cinco seis, siete ocho'],
  ['telephone', 'tel. 612 345 678', 'teléfono seis uno dos, tres cuatro cinco, seis siete ocho'],
  // electronic
  ['electronic', 'info@ejemplo.es', 'info arroba ejemplo punto es'], ['electronic', 'www.ejemplo.es', 'w w w punto ejemplo punto es'],
  ['electronic', 'https://www.rae.es/dpd', 'h t t p s dos puntos barra barra w w w punto rae punto es barra dpd'], ['electronic', 'juan.perez@correo.com', 'juan punto perez arroba correo punto com'],
  ['electronic', 'elpais.com', 'elpais punto com'],
  // range
  ['range', '10-20', 'diez a veinte'], ['range', '10-20 km', 'diez a veinte kilómetros'], ['range', 'páginas 5–9', 'páginas cinco a nueve'], ['range', '2-1', 'dos a uno'],
  ['range', 'Ganaron 3-1.', 'Ganaron tres a uno.'], ['range', 'versión 2.0.1', 'versión dos punto cero punto uno'], ['range', '192.168.0.1', 'uno nueve dos punto uno seis ocho punto cero punto uno'],
  ['range', '20-30 %', 'veinte a treinta por ciento'],
  // roman
  ['roman', 'siglo XXI', 'siglo veintiuno'], ['roman', 'siglo XV', 'siglo quince'], ['roman', 'Felipe II', 'Felipe segundo'], ['roman', 'Alfonso XIII', 'Alfonso trece'],
  ['roman', 'Juan Pablo II', 'Juan Pablo segundo'], ['roman', 'Carlos V', 'Carlos quinto'], ['roman', 'capítulo IV', 'capítulo cuatro'], ['roman', 'tomo III', 'tomo tres'],
  ['roman', 'Isabel I', 'Isabel primera'], ['roman', 'Fernando VII', 'Fernando séptimo'],
  // abbreviation
  ['abbreviation', 'Sr. García', 'señor García'], ['abbreviation', 'Sra. López', 'señora López'], ['abbreviation', 'Dr. Pérez', 'doctor Pérez'], ['abbreviation', 'etc. Luego', 'etcétera. Luego'],
  ['abbreviation', 'p. ej. esto', 'por ejemplo esto'], ['abbreviation', 'Ud. tiene', 'usted tiene'], ['abbreviation', 'n.º 5', 'número cinco'], ['abbreviation', 'pág. 23', 'página veintitrés'],
  ['abbreviation', 'vol. 3', 'volumen tres'], ['abbreviation', 'cap. 4', 'capítulo cuatro'], ['abbreviation', 'aprox. 10 km', 'aproximadamente diez kilómetros'], ['abbreviation', 'Vive en EE. UU. desde', 'Vive en Estados Unidos desde'],
  ['abbreviation', 'el año 300 a. C.', 'el año trescientos antes de Cristo'], ['abbreviation', 'el FBI', 'el F B I'], ['abbreviation', 'Real Madrid vs. Barcelona', 'Real Madrid contra Barcelona'],
  // more, from reading whole sentences
  ['cardinal', '31 años', 'treinta y un años'], ['cardinal', '200 personas', 'doscientas personas'], ['cardinal', '21 horas', 'veintiuna horas'], ['fraction', '1/2 docena', 'media docena'],
  ['fraction', '2 1/2 tazas', 'dos y media tazas'], ['fraction', '4/5 partes', 'cuatro quintas partes'], ['money', '$1,500.50', 'mil quinientos dólares con cincuenta centavos'],
  ['money', '25,99 euros', 'veinticinco euros con noventa y nueve céntimos'], ['roman', 's. XIX', 'siglo diecinueve'], ['time', '00:00', 'medianoche'],
  ['telephone', 'tel. 91 123 45 67', 'teléfono nueve uno, uno dos tres, cuatro cinco, seis siete'], ['abbreviation', 'Sr. D. Juan', 'señor don Juan'],
];
