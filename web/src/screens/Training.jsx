// Training events (principles 10, 12, 13): the list, planning an event of a declared
// course, and one event's page with enrolment (one person, or many from a search),
// the capacity, each trainee's travel from home and their attendance and result.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { Link, navigate } from '../router.js';
import { Form } from '../components/Form.jsx';
import { errorText } from '../api.js';
import { OrgUnitPicker, PersonPicker, searchPeople } from '../components/RecordPicker.jsx';
import { personName, PersonName } from '../names.js';
import { ComingSoon } from './ComingSoon.jsx';
import * as session from '../session.js';
import { ClassGrid } from '../components/ClassGrid.jsx';
import { levelWord } from '../lookups.js';
import { useCatalogue, courseName, courseOf, cadreName, formatDay, UnitName, shortCommit } from '../careers-data.jsx';

const comingSoon = { nav: 'nav.training', needs: 'registry', api: '/api/v1/training-events', about: 'about.training' };

/** An error the Form shows above itself (the field's own message is shown next to it). */
function fixFields() { return Object.assign(new Error('fields'), { userMessage: t('form.fixErrors') }); }

function EventForm({ cat }) {
  const [venue, setVenue] = useState(null);
  const [venueError, setVenueError] = useState(null);
  const [trainers, setTrainers] = useState([]);
  const [trainersError, setTrainersError] = useState(null);
  const courses = (cat?.courses || []).map((c) => ({
    value: c.id,
    label: c.version
      ? { en: `${localName(c.name, c.id)} — ${t('training.curriculum')} ${c.version}`, sw: `${localName(c.name, c.id)} — ${t('training.curriculum')} ${c.version}` }
      : c.name,
  }));
  const fields = [
    { name: 'course', type: 'choice', required: true, options: courses, label: { t: 'training.f.courseDeclaredCurriculum' },
      help: { t: 'training.f.onlyCoursesDeclaredBy' } },
    { name: 'title', type: 'text', max_length: 200, label: { t: 'training.f.titleOptional' } },
    { name: 'start_date', type: 'date', required: true, label: { t: 'training.f.firstDay' } },
    { name: 'end_date', type: 'date', required: true, label: { t: 'training.f.lastDay' } },
    { name: 'capacity', type: 'integer', required: true, min: 1, max: 10000, label: { t: 'training.f.placesCapacity' } },
  ];
  const onSubmit = async (v) => {
    setVenueError(null); setTrainersError(null);
    if (!venue) {
      setVenueError(t('training.venueRequired'));
      document.getElementById('event-venue')?.focus();
      throw fixFields();
    }
    const body = { ...v, venue_org_unit_id: venue.id, trainer_ids: trainers.map((p) => p.id) };
    const declared = courseOf(cat, v.course)?.version;
    if (declared) body.course_version = declared;
    try {
      const ev = await api.post('/api/v1/training-events', body);
      navigate(`/training/${ev.id}`);
    } catch (e) {
      if (e.field === 'venue_org_unit_id') { setVenueError(e.message); throw fixFields(); }
      if (e.field === 'trainer_ids') { setTrainersError(e.message); throw fixFields(); }
      if (e.field === 'course_version') e.field = 'course';
      throw e;
    }
  };
  // The venue is checked with the form's own fields, so every problem shows at once.
  const checkVenue = () => { if (!venue) setVenueError(t('training.venueRequired')); };
  return (
    <div class="event-form" onSubmitCapture={checkVenue}>
      <OrgUnitPicker id="event-venue" label={t('training.venue')} help={t('training.venueHelp')}
        value={venue} onChange={(u) => { setVenue(u); setVenueError(null); }} error={venueError} />
      <div class={`field${trainersError ? ' has-error' : ''}`}>
        {trainers.length > 0 && (
          <>
            <span class="picker-label">{t('training.trainersChosen')}</span>
            <ul class="chosen">
              {trainers.map((p) => (
                <li key={p.id}>{personName(p)}{' '}
                  <button type="button" class="small-button" onClick={() => setTrainers(trainers.filter((x) => x.id !== p.id))}
                    aria-label={`${t('training.remove')}: ${personName(p)}`}>{t('training.remove')}</button>
                </li>
              ))}
            </ul>
          </>
        )}
        <PersonPicker id="event-trainer" label={t('training.addTrainer')} help={t('training.trainerHelp')} optional
          value={null} onChange={(p) => { if (p && !trainers.some((x) => x.id === p.id)) setTrainers([...trainers, p]); setTrainersError(null); }}
          error={trainersError} />
      </div>
      <Form id="event" fields={fields} submitLabel={t('training.create')} onSubmit={onSubmit} />
    </div>
  );
}

export function Training() {
  const cat = useCatalogue();
  const [events, setEvents] = useState(null);
  const [course, setCourse] = useState('');
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    const q = new URLSearchParams({ limit: '500' });
    if (course) q.set('course', course);
    api.get(`/api/v1/training-events?${q}`).then((r) => setEvents(r.items || []),
      (e) => (e.status === 404 ? setMissing(true) : setError(errorText(e))));
  }, [course]);
  if (missing) return <ComingSoon screen={comingSoon} />;
  return (
    <section class="training">
      <h1 id="main-title" tabindex={-1}>{t('nav.training')}</h1>
      <p>{t('about.training')}</p>
      {session.can('training.write') && (
        <details class="add">
          <summary>{t('training.plan')}</summary>
          <EventForm cat={cat} />
        </details>
      )}
      <h2>{t('training.events')}</h2>
      <div class="field inline-filter">
        <label for="training-course-filter">{t('training.filterCourse')}</label>
        <select id="training-course-filter" value={course} onChange={(e) => setCourse(e.currentTarget.value)}>
          <option value="">{t('training.allCourses')}</option>
          {(cat?.courses || []).map((c) => <option key={c.id} value={c.id}>{localName(c.name, c.id)}</option>)}
        </select>
      </div>
      {error && <p class="problem" role="alert">{error}</p>}
      {events && events.length === 0 && <p class="muted">{t('training.noEvents')}</p>}
      {events && events.length > 0 && (
        <div class="table-wrap">
          <table class="list events">
            <caption class="visually-hidden">{t('training.events')}</caption>
            <thead><tr>
              <th scope="col">{t('training.course')}</th><th scope="col">{t('training.dates')}</th>
              <th scope="col">{t('training.venue')}</th><th scope="col" class="num">{t('training.places')}</th>
            </tr></thead>
            <tbody>
              {events.map((ev) => (
                <tr key={ev.id}>
                  <th scope="row">
                    <Link href={`/training/${ev.id}`}>{courseName(cat, ev.course)}</Link>
                    {ev.title && <span class="muted small"> · {ev.title}</span>}
                  </th>
                  <td>{formatDay(ev.start_date)} – {formatDay(ev.end_date)}</td>
                  <td><UnitName id={ev.venue_org_unit_id} /></td>
                  <td class="num">{t('training.enrolledOf', { n: formatNumber(ev.enrolled), of: formatNumber(ev.capacity) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/* ---- one event ---------------------------------------------------------------------- */

// home(k): the name of the level ('ward' or 'district') the server counted the travel by.
function travelFlag(e, home) {
  const levels = { ward: home('ward'), district: home('district') };
  if (e.travelled) return { cls: 'flag-far', text: t('training.travelDistrict', levels) };
  if (e.outside_ward) return { cls: 'flag-mid', text: t('training.travelWard', levels) };
  return { cls: 'flag-near', text: t('training.travelNone', levels) };
}

function resultText(e) {
  if (e.attended == null) return t('training.noResult');
  if (!e.attended) return t('training.absent');
  const parts = [e.passed ? t('training.passed') : t('training.notPassed')];
  if (e.score != null) parts.push(t('training.scoreIs', { score: formatNumber(e.score) }));
  if (e.completed_date) parts.push(t('training.completedOn', { date: formatDay(e.completed_date) }));
  return `${t('training.attended')} · ${parts.join(' · ')}`;
}

/** Enrol many at once: search the register, untick anyone not wanted, enrol the rest. */
function BulkEnrol({ cat, onEnrol }) {
  const [q, setQ] = useState('');
  const [cadre, setCadre] = useState('');
  const [unit, setUnit] = useState(null);
  const [found, setFound] = useState(null);
  const [chosen, setChosen] = useState(new Set());
  const [problem, setProblem] = useState(null);
  const search = async () => {
    setProblem(null);
    const extra = {};
    if (cadre) extra.cadre = cadre;
    if (unit) extra.org_unit = String(unit.id);
    try {
      const people = await searchPeople(q.trim(), 200, extra);
      setFound(people);
      setChosen(new Set(people.map((p) => p.id)));
    } catch (e) { setProblem(errorText(e)); }
  };
  const toggle = (id, on) => { const s = new Set(chosen); if (on) s.add(id); else s.delete(id); setChosen(s); };
  return (
    <details class="add bulk">
      <summary>{t('training.bulk')}</summary>
      <p class="muted">{t('training.bulkHelp')}</p>
      <div class="bulk-search">
        <div class="field">
          <label for="bulk-q">{t('training.bulkName')}</label>
          <input id="bulk-q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); search(); } }} />
        </div>
        <div class="field">
          <label for="bulk-cadre">{t('training.bulkCadre')}</label>
          <select id="bulk-cadre" value={cadre} onChange={(e) => setCadre(e.currentTarget.value)}>
            <option value="">{t('training.anyCadre')}</option>
            {(cat?.cadres || []).map((c) => <option key={c.id} value={c.id}>{localName(c.name, c.id)}</option>)}
          </select>
        </div>
        <OrgUnitPicker id="bulk-unit" label={t('training.bulkArea')} optional value={unit} onChange={setUnit} />
        <div><button type="button" onClick={search}>{t('training.bulkFind')}</button></div>
      </div>
      {problem && <p class="problem" role="alert">{problem}</p>}
      {found && (
        <fieldset class="bulk-results">
          <legend>{found.length ? t('training.bulkFound', { n: formatNumber(found.length) }) : t('picker.none')}</legend>
          {found.map((p) => (
            <label key={p.id} class="choice">
              <input type="checkbox" checked={chosen.has(p.id)} onChange={(e) => toggle(p.id, e.currentTarget.checked)} />
              {personName(p)}
            </label>
          ))}
          {found.length > 0 && (
            <button type="button" class="primary" disabled={!chosen.size}
              onClick={async () => { if (await onEnrol([...chosen])) { setFound(null); setChosen(new Set()); } }}>
              {t('training.enrolChosen', { n: formatNumber(chosen.size) })}
            </button>
          )}
        </fieldset>
      )}
    </details>
  );
}

export function TrainingEvent({ params }) {
  const cat = useCatalogue();
  const [ev, setEv] = useState(null);
  const [items, setItems] = useState(null);
  const [homeLevels, setHomeLevels] = useState(null);
  const [error, setError] = useState(null);
  const [one, setOne] = useState(null);
  const [enrolError, setEnrolError] = useState(null);
  const [notice, setNotice] = useState(null);
  const errRef = useRef(null);
  const canWrite = session.can('training.write');
  const load = async () => {
    try {
      const [e, n] = await Promise.all([api.get(`/api/v1/training-events/${params.id}`), api.get(`/api/v1/training-events/${params.id}/enrolments`)]);
      setEv(e); setItems(n.items || []); setHomeLevels(n.home_levels || null);
    } catch (e) { setError(e.status === 404 ? t('training.notFound') : errorText(e)); }
  };
  useEffect(() => { load(); }, [params.id]);

  const enrol = async (ids) => {
    setEnrolError(null); setNotice(null);
    try {
      const r = await api.post(`/api/v1/training-events/${ev.id}/enrolments`, ids.length === 1 ? { person_id: ids[0] } : { person_ids: ids });
      setNotice(t('training.enrolled', { n: formatNumber((r.items || []).length) }));
      await load();
      return true;
    } catch (e) {
      let msg = errorText(e);
      if (e.status === 409 && e.field === 'capacity') {
        msg = t('training.overCapacity', { asked: formatNumber(ids.length), left: formatNumber(Math.max(0, ev.capacity - ev.enrolled)), capacity: formatNumber(ev.capacity) });
      } else if (e.status === 409) {
        msg = t('training.alreadyEnrolled', { message: e.message });
      }
      setEnrolError(msg);
      requestAnimationFrame(() => errRef.current?.focus());
      return false;
    }
  };

  if (error) {
    return (
      <section>
        <h1 id="main-title" tabindex={-1}>{t('nav.training')}</h1>
        <p class="problem" role="alert">{error}</p>
        <p><Link href="/training">{t('training.back')}</Link></p>
      </section>
    );
  }
  if (!ev) return <p role="status" class="loading">{t('app.loading')}</p>;
  const left = Math.max(0, ev.capacity - ev.enrolled);
  const far = (items || []).filter((e) => e.travelled).length;
  // The home ward and district are the country's levels the server counted by (home_levels).
  const home = (k) => levelWord(cat?.country?.levels, homeLevels?.[k] ?? k);
  return (
    <section class="training-event">
      <p class="crumbs"><Link href="/training">{t('training.back')}</Link></p>
      <h1 id="main-title" tabindex={-1}>{courseName(cat, ev.course)}{ev.title ? ` — ${ev.title}` : ''}</h1>
      <dl class="facts">
        <div><dt>{t('training.dates')}</dt><dd>{formatDay(ev.start_date)} – {formatDay(ev.end_date)}</dd></div>
        <div><dt>{t('training.venue')}</dt><dd><UnitName id={ev.venue_org_unit_id} /></dd></div>
        <div><dt>{t('training.places')}</dt><dd>{t('training.placesLeft', { n: formatNumber(ev.enrolled), of: formatNumber(ev.capacity), left: formatNumber(left) })}</dd></div>
        <div><dt>{t('training.curriculum')}</dt><dd>{ev.course_version || '—'}</dd></div>
        <div><dt>{t('training.trainers')}</dt><dd>{(ev.trainers || []).length
          ? ev.trainers.map((id, i) => <span key={id}>{i ? ', ' : ''}<PersonName id={id} /></span>) : '—'}</dd></div>
        <div><dt>{t('training.configuration')}</dt><dd><code title={ev.config_id}>{shortCommit(ev.config_id)}</code></dd></div>
      </dl>

      {canWrite && (
        <>
          <h2>{t('training.enrol')}</h2>
          <div class="form-error" role="alert" tabindex={-1} ref={errRef} id="enrol-error">{enrolError && <p>{enrolError}</p>}</div>
          {notice && <p class="notice" role="status">{notice}</p>}
          <div class="enrol-one">
            <PersonPicker id="enrol-person" label={t('training.trainee')} value={one} onChange={setOne} />
            <button type="button" class="primary" disabled={!one} onClick={async () => { if (await enrol([one.id])) setOne(null); }}>
              {t('training.enrolOne')}
            </button>
          </div>
          <BulkEnrol cat={cat} onEnrol={enrol} />
        </>
      )}

      <h2>{t('training.trainees', { n: formatNumber((items || []).length) })}</h2>
      {items && items.length > 0 && (
        <p class="muted">{t('training.travelSummary', { far: formatNumber(far), n: formatNumber(items.length), district: home('district') })}</p>
      )}
      {items && items.length === 0 && <p class="muted">{t('training.noTrainees')}</p>}
      {canWrite && items && items.length > 0 && (
        <>
          <h2>{t('grid.title')}</h2>
          <ClassGrid ev={ev} items={items} cat={cat} onSaved={load} />
        </>
      )}
      <ul class="trainees">
        {(items || []).map((e) => {
          const flag = travelFlag(e, home);
          return (
            <li key={e.person_id} class="trainee">
              <div class="trainee-head">
                <Link href={`/people/${e.person_id}/career`} class="trainee-name">{personName(e)}</Link>
                <span class={`badge ${flag.cls}`}>{flag.text}</span>
              </div>
              <p class="result">{resultText(e)}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
