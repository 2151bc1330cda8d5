// How people are named on every screen: one place, so the register, careers and
// supervision screens all write a name the same way.
import { useEffect, useState } from 'preact/hooks';
import * as api from './api.js';

/** "Amina Halima Mushi": the person's names as an officer writes them ('' for none). */
export function personName(p) {
  if (!p) return '';
  return [p.given_name, p.other_names, p.family_name].filter(Boolean).join(' ');
}

/** What tells two people of the same name apart: birth date and identifiers. */
export function personDetail(p) {
  return [p.birth_date, ...(p.identifiers || []).map((i) => i.value)].filter(Boolean).join(' · ');
}

const personCache = new Map();
/** A person by id (GET /api/v1/people/{id}), fetched once per page load; null if unreadable. */
export function personById(id) {
  if (!personCache.has(id)) {
    personCache.set(id, api.get(`/api/v1/people/${id}`).catch(() => null));
  }
  return personCache.get(id);
}

/** <PersonName id/>: the name of person ID as text, or '#id' when they cannot be read. */
export function PersonName({ id }) {
  const [name, setName] = useState('…');
  useEffect(() => {
    let live = true;
    personById(id).then((p) => live && setName(p ? personName(p) : `#${id}`));
    return () => { live = false; };
  }, [id]);
  return name;
}
