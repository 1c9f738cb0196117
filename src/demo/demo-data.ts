/** Demo content: the organisation's sections and a dozen articles written in their own languages. */

export interface DemoSection {
  slug: string;
  names: Record<string, string>;
  country: string | null;
  defaultLocale: string;
  homepage: string;
}

export interface DemoText {
  title: string;
  summary: string;
  bodyHtml: string;
}

export interface DemoArticle {
  section: string;
  locale: string;
  canonicalUrl: string;
  publishedAt: string;
  authors: string[];
  tags: string[];
  original: DemoText;
  /** Published translations (the translation desk would normally produce these). */
  translations: Record<string, DemoText>;
}

export const DEMO_SECTIONS: DemoSection[] = [
  {
    slug: 'international',
    names: { en: 'International', fr: 'International', zh: '国际', ur: 'بین الاقوامی', es: 'Internacional', sv: 'Internationellt' },
    country: null,
    defaultLocale: 'en',
    homepage: 'https://international.example.org/',
  },
  {
    slug: 'sweden',
    names: { en: 'Sweden', fr: 'Suède', zh: '瑞典', ur: 'سویڈن', es: 'Suecia', sv: 'Sverige' },
    country: 'SE',
    defaultLocale: 'sv',
    homepage: 'https://sverige.example.org/',
  },
  {
    slug: 'pakistan',
    names: { en: 'Pakistan', fr: 'Pakistan', zh: '巴基斯坦', ur: 'پاکستان', es: 'Pakistán', sv: 'Pakistan' },
    country: 'PK',
    defaultLocale: 'ur',
    homepage: 'https://pakistan.example.org/',
  },
  {
    slug: 'france',
    names: { en: 'France', fr: 'France', zh: '法国', ur: 'فرانس', es: 'Francia', sv: 'Frankrike' },
    country: 'FR',
    defaultLocale: 'fr',
    homepage: 'https://france.example.org/',
  },
  {
    slug: 'spain',
    names: { en: 'Spain', fr: 'Espagne', zh: '西班牙', ur: 'اسپین', es: 'España', sv: 'Spanien' },
    country: 'ES',
    defaultLocale: 'es',
    homepage: 'https://espana.example.org/',
  },
  {
    slug: 'usa',
    names: { en: 'United States', fr: 'États-Unis', zh: '美国', ur: 'امریکہ', es: 'Estados Unidos', sv: 'USA' },
    country: 'US',
    defaultLocale: 'en',
    homepage: 'https://usa.example.org/',
  },
  {
    slug: 'china',
    names: { en: 'China', fr: 'Chine', zh: '中国', ur: 'چین', es: 'China', sv: 'Kina' },
    country: 'CN',
    defaultLocale: 'zh',
    homepage: 'https://zhongguo.example.org/',
  },
];

const p = (...paragraphs: string[]) => paragraphs.map((x) => `<p>${x}</p>`).join('');

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    section: 'international',
    locale: 'en',
    canonicalUrl: 'https://international.example.org/2019/01/berlin-luxemburg-liebknecht-100-years',
    publishedAt: '2019-01-15T09:00:00Z',
    authors: ['International editorial board'],
    tags: ['luxemburg', 'liebknecht', 'germany', 'history'],
    original: {
      title: 'Berlin remembers Rosa Luxemburg and Karl Liebknecht, 100 years after their murder',
      summary: 'On 13-14 January 2019 thousands marched in Berlin to mark the centenary of the murder of the two revolutionaries.',
      bodyHtml: p(
        'On 13 and 14 January 2019, comrades from many countries joined the commemoration in Berlin of the 100th anniversary of the murder of Rosa Luxemburg and Karl Liebknecht.',
        'The march to the Memorial to the Socialists in Friedrichsfelde was followed by meetings on the German Revolution of 1918-19 and on what its lessons mean today. <a href="/2019/01/luxemburg-reading-list">A reading list</a> accompanies this report.',
      ),
    },
    translations: {
      fr: {
        title: 'Berlin rend hommage à Rosa Luxemburg et Karl Liebknecht, cent ans après leur assassinat',
        summary: 'Les 13 et 14 janvier 2019, des milliers de personnes ont défilé à Berlin pour le centenaire de l’assassinat des deux révolutionnaires.',
        bodyHtml: p(
          'Les 13 et 14 janvier 2019, des camarades de nombreux pays ont participé à Berlin à la commémoration du centième anniversaire de l’assassinat de Rosa Luxemburg et de Karl Liebknecht.',
          'La marche vers le mémorial des socialistes de Friedrichsfelde a été suivie de réunions sur la révolution allemande de 1918-1919 et sur ses leçons pour aujourd’hui.',
        ),
      },
      es: {
        title: 'Berlín recuerda a Rosa Luxemburgo y Karl Liebknecht, cien años después de su asesinato',
        summary: 'El 13 y 14 de enero de 2019 miles de personas marcharon en Berlín en el centenario del asesinato de los dos revolucionarios.',
        bodyHtml: p(
          'El 13 y 14 de enero de 2019, camaradas de muchos países participaron en Berlín en la conmemoración del centenario del asesinato de Rosa Luxemburgo y Karl Liebknecht.',
          'A la marcha hacia el Memorial de los Socialistas en Friedrichsfelde le siguieron reuniones sobre la Revolución alemana de 1918-1919 y sus lecciones para hoy.',
        ),
      },
      sv: {
        title: 'Berlin minns Rosa Luxemburg och Karl Liebknecht, hundra år efter morden',
        summary: 'Den 13–14 januari 2019 tågade tusentals i Berlin för att högtidlighålla hundraårsminnet av morden på de två revolutionärerna.',
        bodyHtml: p(
          'Den 13 och 14 januari 2019 deltog kamrater från många länder i minnesmanifestationen i Berlin på hundraårsdagen av morden på Rosa Luxemburg och Karl Liebknecht.',
          'Efter marschen till Socialisternas minnesplats i Friedrichsfelde hölls möten om den tyska revolutionen 1918–19 och om dess lärdomar i dag.',
        ),
      },
      zh: {
        title: '柏林纪念罗莎·卢森堡和卡尔·李卜克内西遇害一百周年',
        summary: '2019年1月13日至14日，数千人在柏林游行，纪念两位革命者遇害一百周年。',
        bodyHtml: p(
          '2019年1月13日和14日，来自许多国家的同志参加了在柏林举行的罗莎·卢森堡和卡尔·李卜克内西遇害一百周年纪念活动。',
          '在前往弗里德里希斯费尔德社会主义者纪念地的游行之后，举行了关于1918至1919年德国革命及其当代教训的会议。',
        ),
      },
      ur: {
        title: 'برلن میں روزا لکسمبرگ اور کارل لیبکنخت کی شہادت کے سو سال کی یاد',
        summary: '13 اور 14 جنوری 2019 کو ہزاروں افراد نے برلن میں دونوں انقلابیوں کے قتل کی صد سالہ یاد میں مارچ کیا۔',
        bodyHtml: p(
          '13 اور 14 جنوری 2019 کو بہت سے ممالک کے کامریڈز نے برلن میں روزا لکسمبرگ اور کارل لیبکنخت کے قتل کی سوویں برسی کی تقریب میں شرکت کی۔',
          'فریڈرکس فیلڈے میں سوشلسٹوں کی یادگار تک مارچ کے بعد 1918-19 کے جرمن انقلاب اور آج کے لیے اس کے اسباق پر اجلاس ہوئے۔',
        ),
      },
    },
  },
  {
    section: 'pakistan',
    locale: 'ur',
    canonicalUrl: 'https://pakistan.example.org/2018/12/pya-national-convention-lahore',
    publishedAt: '2018-12-16T12:00:00Z',
    authors: ['پاکستان ڈیسک'],
    tags: ['pya', 'students', 'education', 'lahore'],
    original: {
      title: 'لاہور میں پروگریسو یوتھ الائنس کا قومی کنونشن',
      summary: '15 دسمبر 2018 کو لاہور میں ملک بھر سے نوجوانوں نے مفت تعلیم اور طلبہ یونینوں کی بحالی کا مطالبہ کیا۔',
      bodyHtml: p(
        'پروگریسو یوتھ الائنس کا قومی کنونشن 15 دسمبر 2018 کو لاہور میں منعقد ہوا، جس میں ملک کے مختلف شہروں سے طلبہ اور نوجوان شریک ہوئے۔',
        'کنونشن نے مفت تعلیم، فیسوں میں اضافے کے خاتمے اور طلبہ یونینوں کی بحالی کے مطالبات پر مشتمل قراردادیں منظور کیں۔',
      ),
    },
    translations: {
      en: {
        title: 'Progressive Youth Alliance holds its national convention in Lahore',
        summary: 'On 15 December 2018 young people from across Pakistan demanded free education and the restoration of student unions.',
        bodyHtml: p(
          'The national convention of the Progressive Youth Alliance took place in Lahore on 15 December 2018, with students and young workers from cities across the country.',
          'The convention adopted resolutions demanding free education, an end to fee increases and the restoration of student unions.',
        ),
      },
    },
  },
  {
    section: 'pakistan',
    locale: 'ur',
    canonicalUrl: 'https://pakistan.example.org/2018/12/restore-student-unions',
    publishedAt: '2018-12-20T08:30:00Z',
    authors: ['پاکستان ڈیسک'],
    tags: ['students', 'unions'],
    original: {
      title: 'طلبہ یونینوں کی بحالی کی جدوجہد جاری رہے گی',
      summary: 'لاہور کنونشن کے بعد کالجوں اور جامعات میں مہم کا آغاز۔',
      bodyHtml: p(
        'لاہور میں قومی کنونشن کے بعد پروگریسو یوتھ الائنس نے کالجوں اور جامعات میں طلبہ یونینوں کی بحالی کے لیے دستخطی مہم شروع کی ہے۔',
        'منتظمین کا کہنا ہے کہ مفت تعلیم کا مطالبہ اسی جدوجہد کا حصہ ہے۔',
      ),
    },
    translations: {},
  },
  {
    section: 'france',
    locale: 'fr',
    canonicalUrl: 'https://france.example.org/2018/11/deuxieme-ecole-francophone-geneve',
    publishedAt: '2018-11-19T10:00:00Z',
    authors: ['Rédaction France'],
    tags: ['école', 'genève', 'formation'],
    original: {
      title: 'Deuxième école francophone à Genève : plus de 70 militants réunis',
      summary: 'Les 16 et 17 novembre 2018, des militants de Suisse, de Belgique, de France, du Québec, d’Angleterre et d’Allemagne se sont retrouvés à Genève.',
      bodyHtml: p(
        'La deuxième école francophone s’est tenue à Genève les 16 et 17 novembre 2018. Plus de 70 militants venus de Suisse, de Belgique, de France, du Québec, d’Angleterre et d’Allemagne y ont participé.',
        'Deux jours de discussions sur la théorie marxiste, l’histoire du mouvement ouvrier et les perspectives internationales.',
      ),
    },
    translations: {
      en: {
        title: 'Second Francophone school in Geneva brings together over 70 activists',
        summary: 'On 16-17 November 2018 activists from Switzerland, Belgium, France, Quebec, England and Germany met in Geneva.',
        bodyHtml: p(
          'The second Francophone school took place in Geneva on 16 and 17 November 2018. Over 70 activists from Switzerland, Belgium, France, Quebec, England and Germany attended.',
          'Two days of discussion on Marxist theory, the history of the workers’ movement and international perspectives.',
        ),
      },
      es: {
        title: 'Segunda escuela francófona en Ginebra: más de 70 militantes',
        summary: 'El 16 y 17 de noviembre de 2018 militantes de Suiza, Bélgica, Francia, Quebec, Inglaterra y Alemania se reunieron en Ginebra.',
        bodyHtml: p(
          'La segunda escuela francófona se celebró en Ginebra el 16 y 17 de noviembre de 2018, con más de 70 militantes de Suiza, Bélgica, Francia, Quebec, Inglaterra y Alemania.',
          'Dos días de debate sobre teoría marxista, historia del movimiento obrero y perspectivas internacionales.',
        ),
      },
    },
  },
  {
    section: 'international',
    locale: 'es',
    canonicalUrl: 'https://international.example.org/es/2018/11/revolucion-inglesa-casa-museo-trotsky',
    publishedAt: '2018-11-23T18:00:00Z',
    authors: ['Corresponsal en México'],
    tags: ['historia', 'méxico', 'revolución inglesa'],
    original: {
      title: 'La Revolución Inglesa, tema de una charla en la Casa Museo León Trotsky',
      summary: 'El 22 de noviembre de 2018 se habló en Ciudad de México sobre la Revolución Inglesa del siglo XVII.',
      bodyHtml: p(
        'El 22 de noviembre de 2018 la Casa Museo León Trotsky, en Ciudad de México, acogió una charla sobre la Revolución Inglesa.',
        'El ponente repasó la guerra civil, el papel del Nuevo Ejército Modelo y los debates de Putney, ante un público numeroso.',
      ),
    },
    translations: {
      en: {
        title: 'The English Revolution discussed at the Leon Trotsky House Museum',
        summary: 'On 22 November 2018 a talk in Mexico City covered the English Revolution of the seventeenth century.',
        bodyHtml: p(
          'On 22 November 2018 the Leon Trotsky House Museum in Mexico City hosted a talk on the English Revolution.',
          'The speaker covered the civil war, the role of the New Model Army and the Putney debates, before a large audience.',
        ),
      },
    },
  },
  {
    section: 'usa',
    locale: 'en',
    canonicalUrl: 'https://usa.example.org/2018/11/northeast-regional-marxist-school',
    publishedAt: '2018-11-12T15:00:00Z',
    authors: ['US editorial board'],
    tags: ['school', 'new york'],
    original: {
      title: 'Nearly 90 register for the Northeast Regional Marxist School in New York',
      summary: 'The school on 10-11 November 2018 brought together comrades from across the northeastern United States.',
      bodyHtml: p(
        'Nearly 90 people registered for the Northeast Regional Marxist School, held in New York City on 10 and 11 November 2018.',
        'Sessions covered the Russian Revolution, Marxist economics and the building of a revolutionary organisation in the United States.',
      ),
    },
    translations: {
      zh: {
        title: '近九十人报名参加在纽约举行的东北地区马克思主义学校',
        summary: '2018年11月10日至11日的学校汇集了来自美国东北部各地的同志。',
        bodyHtml: p(
          '近九十人报名参加了2018年11月10日和11日在纽约市举行的东北地区马克思主义学校。',
          '课程涉及俄国革命、马克思主义经济学以及在美国建设革命组织。',
        ),
      },
    },
  },
  {
    section: 'usa',
    locale: 'en',
    canonicalUrl: 'https://usa.example.org/2018/11/geneva-francophone-school-report',
    publishedAt: '2018-11-21T14:00:00Z',
    authors: ['US editorial board'],
    tags: ['school', 'international'],
    original: {
      title: 'Over 70 activists at the second Francophone school in Geneva',
      summary: 'A report from our comrades in Switzerland on the school of 16-17 November 2018.',
      bodyHtml: p(
        'Our Swiss comrades report that over 70 activists from six countries attended the second Francophone school in Geneva on 16-17 November 2018.',
      ),
    },
    translations: {},
  },
  {
    section: 'sweden',
    locale: 'sv',
    canonicalUrl: 'https://sverige.example.org/2018/10/marxistiska-skolan-goteborg',
    publishedAt: '2018-10-08T11:00:00Z',
    authors: ['Redaktionen'],
    tags: ['skola', 'göteborg'],
    original: {
      title: 'Över 90 deltagare på den nationella marxistiska skolan i Göteborg',
      summary: 'Den svenska nationella skolan samlade över 90 deltagare i Göteborg.',
      bodyHtml: p(
        'Över 90 deltagare kom till den nationella marxistiska skolan i Göteborg, den största hittills.',
        'Diskussionerna handlade om den ryska revolutionen, klimatkrisen och arbetarrörelsens historia i Sverige.',
      ),
    },
    translations: {
      en: {
        title: 'Over 90 participants at the Swedish national Marxist school in Gothenburg',
        summary: 'The Swedish national school brought together over 90 participants in Gothenburg.',
        bodyHtml: p(
          'Over 90 participants came to the national Marxist school in Gothenburg, the largest so far.',
          'Discussions covered the Russian Revolution, the climate crisis and the history of the Swedish labour movement.',
        ),
      },
    },
  },
  {
    section: 'sweden',
    locale: 'sv',
    canonicalUrl: 'https://sverige.example.org/2019/01/luxemburg-liebknecht-100-ar',
    publishedAt: '2019-01-16T07:30:00Z',
    authors: ['Redaktionen'],
    tags: ['luxemburg', 'liebknecht', 'historia'],
    original: {
      title: 'Hundra år sedan morden på Rosa Luxemburg och Karl Liebknecht',
      summary: 'Svenska kamrater deltog i minnesmanifestationen i Berlin den 13–14 januari 2019.',
      bodyHtml: p(
        'En delegation från Sverige deltog i minnesmanifestationen i Berlin den 13–14 januari 2019, hundra år efter morden på Rosa Luxemburg och Karl Liebknecht.',
      ),
    },
    translations: {},
  },
  {
    section: 'spain',
    locale: 'es',
    canonicalUrl: 'https://espana.example.org/2018/12/jovenes-lahore-educacion-gratuita',
    publishedAt: '2018-12-18T09:00:00Z',
    authors: ['Redacción'],
    tags: ['pakistán', 'estudiantes', 'educación'],
    original: {
      title: 'Jóvenes en Lahore exigen educación gratuita y sindicatos estudiantiles',
      summary: 'La Alianza de la Juventud Progresista celebró su convención nacional el 15 de diciembre de 2018.',
      bodyHtml: p(
        'La Alianza de la Juventud Progresista (PYA) celebró su convención nacional en Lahore el 15 de diciembre de 2018.',
        'Los participantes exigieron educación gratuita y la restauración de los sindicatos estudiantiles, prohibidos desde hace décadas.',
      ),
    },
    translations: {},
  },
  {
    section: 'china',
    locale: 'zh',
    canonicalUrl: 'https://zhongguo.example.org/2019/01/luxemburg-100',
    publishedAt: '2019-01-14T06:00:00Z',
    authors: ['中文编辑部'],
    tags: ['卢森堡', '历史'],
    original: {
      title: '罗莎·卢森堡：一百年后仍然鲜活的思想',
      summary: '在她遇害一百周年之际，我们回顾罗莎·卢森堡的生平与著作。',
      bodyHtml: p(
        '1919年1月15日，罗莎·卢森堡和卡尔·李卜克内西在柏林遇害。一百年后，她关于改良与革命的论述仍然具有现实意义。',
        '2019年1月13日至14日，各国同志在柏林举行了纪念活动。',
      ),
    },
    translations: {
      en: {
        title: 'Rosa Luxemburg: ideas still alive a hundred years on',
        summary: 'On the centenary of her murder, we look back at the life and work of Rosa Luxemburg.',
        bodyHtml: p(
          'On 15 January 1919 Rosa Luxemburg and Karl Liebknecht were murdered in Berlin. A hundred years later her writing on reform and revolution is still relevant.',
          'On 13-14 January 2019 comrades from many countries held a commemoration in Berlin.',
        ),
      },
    },
  },
  {
    section: 'china',
    locale: 'zh',
    canonicalUrl: 'https://zhongguo.example.org/2018/11/new-york-marxist-school',
    publishedAt: '2018-11-13T03:00:00Z',
    authors: ['中文编辑部'],
    tags: ['学校', '美国'],
    original: {
      title: '美国东北地区马克思主义学校在纽约举行',
      summary: '2018年11月10日至11日，近九十人报名参加。',
      bodyHtml: p('2018年11月10日至11日，美国东北地区马克思主义学校在纽约举行，近九十人报名参加。'),
    },
    translations: {},
  },
];
