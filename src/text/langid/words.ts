// The lexical half of language detection, for short text where n-grams alone guess: each language's
// most common words (articles, pronouns, prepositions, auxiliaries, greetings, month and day names)
// and the letters that only it (among the languages here) writes. A word may belong to several
// languages ("de", "la", "in"); it then counts for each of them.
const WORDS: Record<string, string> = {
  en: `the a an and or but of to in on at for with from by about into over after before under between
    is are was were be been being am have has had do does did done will would shall should can could may might must
    i you he she it we they me him her us them my your his its our their mine yours this that these those
    what which who whom whose where when why how not no yes all some any every each there here if so then than as
    up out just now very too also only again still please thanks thank hello hi hey good bad new old get got go
    goes going went come came make made take took see saw know think want like love need let one two three
    today tomorrow yesterday morning evening night day week year time people way thing things
    january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday 's 't 'm 're 've 'll 'd let's said says say tell told ask give gave find look looking call called work home back well sure right really sorry okay`,
  de: `der die das den dem des ein eine einen einem einer eines und oder aber denn sondern nicht kein keine
    ist sind war waren bin bist sein hat haben hatte hatten wird werden wurde wurden kann können muss müssen
    soll sollen will wollen darf möchte ich du er sie es wir ihr mich dich sich uns euch mir dir ihm ihnen
    mein meine dein deine sein seine unser euer mit von zu zum zur bei nach aus auf für über unter vor hinter
    neben zwischen durch gegen ohne um am im ins vom beim bis seit wenn als wie wo was wer warum weil dass ob
    auch noch schon nur sehr hier dort heute morgen gestern jetzt immer wieder doch mal ja nein bitte danke
    guten gut tag abend nacht uhr jahr jahre euro zusammen alle viel mehr etwas nichts man gibt geht
    januar februar märz mai juni juli oktober dezember montag dienstag mittwoch donnerstag freitag samstag sonntag habe hast geht gibt mache macht kommt komme sagen sagt gesagt machen gemacht gehen kommen sehen wissen weiß glaube denke liebe heißt kaufen hier dieses dieser diesen diese jeder jetzt vielleicht natürlich leider schön genau gerne`,
  fr: `le la les un une des du de au aux et ou mais donc car ni ne pas plus jamais rien est sont était être
    ai as a avons avez ont avait fait faire va vais vont je tu il elle nous vous ils elles on me te se moi toi lui
    leur leurs mon ma mes ton ta tes son sa ses notre nos votre vos ce cet cette ces qui que quoi dont où quand
    comment pourquoi avec pour par sur sous dans chez entre vers sans avant après depuis pendant très aussi
    encore déjà toujours ici là oui non merci bonjour bonsoir salut tous tout toute toutes bien peu beaucoup
    aujourd'hui demain hier matin soir heure heures ans année euros personnes
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    lundi mardi mercredi jeudi vendredi samedi dimanche l' d' j' n' qu' c' m' t' s' suis es sommes êtes fais fait peux peut veux veut faut vais à dire dit faire voir vois sais savoir crois pense aime vraiment peut-être désolé chose quelque rien personne cette`,
  es: `el la los las un una unos unas lo de del al y o pero ni que no sí es son era fue ser estar está están
    estoy hay ha han he has había yo tú él ella nosotros vosotros ellos ellas usted ustedes me te se nos le les
    mi mis tu tus su sus nuestro nuestra este esta esto estos estas ese esa eso qué quién cuál dónde cuándo
    cómo por para con sin sobre entre hasta desde hacia muy más menos también ya todavía aquí allí hoy mañana
    ayer tarde noche hora horas años año gracias hola buenos buenas días todo todos toda todas bien mucho poco
    euros personas enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    lunes martes miércoles jueves viernes sábado domingo soy eres somos tengo tiene quiero puedo puede va voy cuando favor donde porque decir dice dijo hacer hace hecho ver veo sé saber creo pienso puedes quieres tienes vamos casa cosa nada nadie algo siempre nunca ahora`,
  it: `il lo la i gli le un uno una di del della dei delle dello degli da dal dalla in nel nella con su sul
    sulla per tra fra e ed o ma né che non sì è sono era erano essere ho hai ha abbiamo avete hanno io tu lui lei
    noi voi loro mi ti si ci vi mio mia miei tuo tua suo sua nostro questo questa questi quello quella chi cosa
    dove quando come perché molto più meno anche ancora già sempre qui oggi domani ieri sera ora ore anni anno
    grazie ciao buongiorno buonasera tutto tutti tutte bene euro persone alle alla allo agli
    gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
    lunedì martedì mercoledì giovedì venerdì sabato domenica l' dell' all' un' nell' dall' sull' c' sei siamo siete fa va posso può voglio puoi vuoi devi fare fatto dire detto vedere so sapere credo penso andare vado casa cosa niente nessuno qualcosa adesso mai poi proprio allora`,
  pt: `o a os as um uma uns umas de do da dos das no na nos nas ao aos à às em e ou mas nem que não sim é são
    era foi ser estar está estão estou há tem têm tenho eu tu ele ela nós vós eles elas você vocês me te se nos
    lhe lhes meu minha meus minhas teu tua seu sua seus suas nosso nossa este esta isto esse essa isso aquele
    quem qual onde quando como porque por para com sem sobre entre até desde muito mais menos também já ainda
    aqui ali hoje amanhã ontem tarde noite hora horas anos ano obrigado obrigada olá bom boa dia todo todos toda
    bem pouco euros pessoas pelo pela pelos pelas num numa
    janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
    segunda terça quarta quinta sexta sábado domingo sou somos vai vou pode posso quero faz podes queres tens fazer feito dizer disse ver sei saber acho penso ir casa coisa nada ninguém algo sempre nunca agora demais então daqui aí lá você uns`,
  nl: `de het een en of maar niet geen is zijn was waren ben bent heb hebt heeft hebben had wordt worden werd
    kan kunnen moet moeten zal zullen wil willen mag ik jij je hij zij ze wij we jullie mij me hem haar ons hun
    mijn jouw zijn onze dit dat deze die wat wie waar wanneer waarom hoe met van voor naar op aan bij uit over
    onder door tegen zonder tot om als dan ook nog al maar wel heel erg zeer hier daar vandaag morgen gisteren
    nu altijd weer ja nee alsjeblieft alstublieft dank bedankt goedemorgen hallo goed dag avond nacht uur jaar
    allemaal alle veel meer iets niets er
    januari februari maart april mei juni juli augustus oktober december
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag gaat ga komt kom doe doet kun kunt zeggen zegt doen gedaan gaan komen zien weet denk vind huis iets niks altijd nooit misschien natuurlijk`,
  pl: `i w z na do od po za o u we ze nie tak jest są był była było byli być ma mają mam masz ja ty on ona
    ono my wy oni one mnie mi cię ci go jego jej ich nas was im mój moja moje twój twoja nasz wasz ten ta to te
    tego tej co kto gdzie kiedy jak dlaczego bo że czy ale albo lub też już jeszcze tylko bardzo tu tam dziś
    dzisiaj jutro wczoraj teraz zawsze dzień dobry dobrze dziękuję proszę cześć wszystko wszyscy się jak
    rok roku lat złotych godzina godzinie
    stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia
    poniedziałek wtorek środa czwartek piątek sobota niedziela mogę możesz chcę wiem myślę zrobić robić iść idę dom domu coś nic zawsze nigdy może`,
  ru: `и в не на я что он с как а то все она так его но да ты к у же вы за бы по только ее мне было вот от
    меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять
    уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб
    без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом
    один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть
    после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою
    этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это привет спасибо
    пожалуйста сегодня завтра вчера очень добрый день утро вечер дела наш наша нашу наши ваш ваша понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье января февраля марта апреля мая июня июля августа сентября октября ноября декабря`,
  uk: `і й та в у на не що як з із до від для по за але це він вона воно вони ми ви я ти мене тебе його її
    їх нам вам так ні був була було були буде є бути вже ще тільки дуже тут там де коли чому хто який яка
    яке які цей ця ці того цього також або якщо щоб між через після перед без про при над під мій моя
    твій свій наш ваш привіт дякую будь ласка сьогодні завтра вчора добрий день ранок вечір справи добре
    можна треба зараз завжди ніколи наша нашу наші понеділок вівторок середа середу четвер п'ятниця п'ятницю субота суботу неділя неділю січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня`,
  bg: `съм си е са сме сте и на да не за от с в във как какво кой коя кое къде кога защо благодаря здравей
    здравейте добре много днес утре вчера беше бяха ще това този тази тези има няма също само още вече
    моля може трябва нещо нищо винаги никога`,
  vi: `và là của có không được những một các cho với người trong này đã sẽ đang tôi bạn anh chị em ông bà
    chúng ta họ nó gì ở đâu khi nào sao thế vì nên nhưng rất quá cũng còn lại đi đến về ra vào từ trên dưới
    cái con ngày tháng năm giờ phút hôm nay mai qua sáng tối chào cảm ơn xin vâng dạ nhé rồi đẹp tốt nhiều ít muốn biết làm nói thấy nghĩ thích yêu mua bán ăn uống nhà trời mưa`,
};

/** The languages that have word lists. */
export const WORD_LANGUAGES: ReadonlySet<string> = new Set(Object.keys(WORDS));

/** Each listed word (lower case, apostrophes as ') and the languages it belongs to. */
export const WORD_LANGS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [lang, words] of Object.entries(WORDS)) {
    for (const word of new Set(words.split(/\s+/).filter(Boolean))) map.set(word, [...(map.get(word) ?? []), lang]);
  }
  return map;
})();

/**
 * Letters that point at one language among those above (weight 2), or at a few (weight 1). Vietnamese
 * writes tone marks on top of vowel marks (ấ, ờ, ự) and letters (ơ, ư, đ) no other Latin language has.
 */
export const MARKS: { lang: string; letters: RegExp; weight: number }[] = [
  { lang: 'vi', letters: /[ơưđăạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/giu, weight: 2 },
  { lang: 'de', letters: /ß/gu, weight: 2 },
  { lang: 'de', letters: /[äöü]/giu, weight: 1 },
  { lang: 'es', letters: /[ñ¿¡]/giu, weight: 2 },
  { lang: 'fr', letters: /[œæ]/giu, weight: 2 },
  { lang: 'fr', letters: /[èêëîïûùç]/giu, weight: 1 },
  { lang: 'pt', letters: /[ãõ]/giu, weight: 2 },
  { lang: 'pt', letters: /[çâêô]/giu, weight: 1 },
  { lang: 'it', letters: /[ìò]/giu, weight: 1 },
  { lang: 'pl', letters: /[ąęłńśźżć]/giu, weight: 2 },
];
