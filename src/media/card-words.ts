/**
 * The words that tell the lines of a business card apart, as data: extending what the card reader knows is
 * adding a word here. All lower case; matched as whole words.
 */

const words = (list: string) => new Set(list.trim().split(/\s+/));

/** Legal forms that end (or start) a company's name, in the languages cards commonly come in. */
export const COMPANY_SUFFIXES = words(`
  inc inc. incorporated llc l.l.c. llp ltd ltd. limited plc corp corp. corporation co co. company
  gmbh ag kg mbh e.v. ug sa s.a. sas sarl s.a.r.l. srl s.r.l. spa s.p.a. sl s.l. bv b.v. nv n.v.
  oy ab as a/s aps asa pty pty. kk k.k. sro s.r.o. lda ltda pvt bhd sdn
`);

/** Words that name what a business does, common in company names without a legal form. */
export const COMPANY_WORDS = words(`
  logistics solutions technologies technology tech systems software consulting consultants
  partners labs laboratories studio studios agency industries group holdings holding bank capital
  ventures media digital networks services trading manufacturing foods pharma energy motors
  enterprises international global associates hotel hotels restaurant café cafe clinic university
  institute foundation shipping freight construction design interiors analytics robotics insurance
  realty properties electronics textiles apparel supply supplies distribution imports exports
  marine aviation airlines bakery brewery winery farms law legal accounting dental medical health
`);

/** Words of job titles. */
export const TITLE_WORDS = words(`
  ceo cto cfo coo cmo cio cso cpo vp svp evp founder co-founder cofounder president vice director
  head manager lead engineer developer designer consultant officer owner chief specialist analyst
  coordinator executive representative architect associate assistant advisor adviser supervisor
  principal chair chairman chairwoman chairperson secretary attorney lawyer accountant
  administrator agent broker buyer chef controller editor intern producer professor recruiter
  researcher scientist strategist technician trainer treasurer md gm managing senior junior sr.
  jr. geschäftsführer directora jefe jefa presidente presidenta fundador fundadora
  ingeniero ingeniera socio socia geschäftsführerin leiter leiterin directeur directrice gerente responsable
`);

/** Departments, which follow a title word ("Head of Purchasing") but are no title alone. */
export const DEPARTMENT_WORDS = words(`
  sales marketing purchasing procurement operations finance engineering product business
  development customer success support human resources hr it legal communications partnerships
  accounts account comercial technique technical
`);

/** Words on an address line. */
export const ADDRESS_WORDS = words(`
  street st. avenue ave ave. road rd. boulevard blvd blvd. lane drive suite floor fl. building
  bldg p.o. box straße strasse str. weg platz allee rue calle via avenida plaza square highway
  court place
`);

/** Mail providers anyone can use: their domain says nothing of the company. */
export const FREE_MAIL = words(`
  gmail.com googlemail.com outlook.com hotmail.com live.com yahoo.com icloud.com me.com aol.com
  proton.me protonmail.com gmx.de gmx.net web.de mail.ru yandex.ru zoho.com
`);

/** Lowercase particles that may stand inside a name ("Ana de la Cruz", "Jan van der Berg"). */
export const NAME_PARTICLES = words(`
  de del della der den di da do dos du la le van von bin al y e
`);

/** Labels printed before a value ("Tel.:", "E-mail:"), removed before a line is read. */
export const LABELS =
  /^(?:tel(?:ephone)?|phone|ph|mobile|mob|cell|office|direct|work|fax|e-?mail|mail|web(?:site)?|[tmefpwo])\.?\s*[:|.]\s*/i;

/** Labels that mark a phone line as one to skip. */
export const FAX = /^\s*(?:fax|f)\s*[.:|]/i;
