// A focused page for one person's career (/people/:id/career): the person's name and
// the career section (components/PersonCareer.jsx) — eligibility, certificates,
// moves, training and prior learning. The full person page can link here.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../i18n.js';
import { Link } from '../router.js';
import { errorText } from '../api.js';
import { PersonCareer } from '../components/PersonCareer.jsx';
import { formatDay } from '../careers-data.jsx';
import { personName } from '../names.js';

export function PersonCareerPage({ params }) {
  const [person, setPerson] = useState(null);
  const [error, setError] = useState(null);
  const load = () => api.get(`/api/v1/people/${params.id}`).then(setPerson,
    (e) => setError(e.status === 404 ? t('pcareer.noPerson') : errorText(e)));
  useEffect(() => { setPerson(null); setError(null); load(); }, [params.id]);
  if (error) {
    return (
      <section>
        <h1 id="main-title" tabindex={-1}>{t('pcareer.title')}</h1>
        <p class="problem" role="alert">{error}</p>
      </section>
    );
  }
  if (!person) return <p class="loading" role="status">{t('app.loading')}</p>;
  return (
    <section class="person-career-page">
      <p class="crumbs"><Link href={`/people/${person.id}`}>{t('pcareer.personPage')}</Link></p>
      <h1 id="main-title" tabindex={-1}>{personName(person)}</h1>
      <p class="muted">
        {[person.birth_date && t('pcareer.born', { date: formatDay(person.birth_date) }), person.education,
          ...(person.identifiers || []).map((i) => i.value)].filter(Boolean).join(' · ')}
      </p>
      <PersonCareer person={person} onChange={load} />
    </section>
  );
}
