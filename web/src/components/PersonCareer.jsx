// The career part of a person's page: eligibility with what is missing,
// certificates (issue, renew, revoke), prior learning, training history and
// lattice moves (promote / lateral move). The People screen renders
// <PersonCareer person={person} onChange={reload} /> below the profile; this
// component owns everything inside it.
import { t } from '../i18n.js';

/** PERSON is GET /api/v1/people/{id}; ONCHANGE reloads the page after a change. */
export function PersonCareer({ person }) {
  if (!person) return null;
  return (
    <section class="person-career" aria-labelledby="person-career-title">
      <h2 id="person-career-title">{t('nav.careers')}</h2>
    </section>
  );
}
