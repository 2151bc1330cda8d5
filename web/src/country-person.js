// What a person's record holds that the country declares (kazi.country): the identifier
// types a person may carry, the education levels (lowest first), the languages. A
// country that declares no identifier types or education levels gets Kazi's defaults:
// a national ID and a programme number, and education as free text.
import { localName, t } from './i18n.js';
import { levelWord } from './lookups.js';

/** The residence's label: a unit of the country's deepest level ("Home commune"), else "Home area". */
export function residenceLabel(country) {
  const deepest = (country?.levels || []).at(-1);
  return deepest ? t('people.f.residenceAt', { level: levelWord(country.levels, deepest.id) }) : t('people.f.residence');
}

/** The identifier types the register form offers: [{id, name}] (name may be null). */
export const DEFAULT_ID_TYPES = [{ id: 'national_id', name: null }, { id: 'programme_number', name: null }];

function declared(list) {
  return (list || []).map((x) => (typeof x === 'string' ? { id: x, name: null } : { id: x.id, name: x.name ?? null }))
    .filter((x) => x.id);
}

export function identifierTypes(country) {
  const own = declared(country?.identifiers);
  return own.length ? own : DEFAULT_ID_TYPES;
}

/** The country's education levels as choice options [{value, label}], or null (free text). */
export function educationOptions(country) {
  const own = declared(country?.education);
  return own.length ? own.map((x) => ({ value: x.id, label: x.name ?? x.id })) : null;
}

/** The languages a worker's record offers: the country's, else Kazi's own. */
export function languageCodes(country) {
  const own = country?.languages || [];
  return own.length ? [...own] : ['sw', 'en'];
}

/** An id of a declared list ({id, name} or ids) by its name in the user's language, else the id. */
export function declaredName(list, id) {
  if (id == null) return id;
  const x = declared(list).find((d) => d.id === id);
  return x && x.name ? localName(x.name, id) : id;
}
