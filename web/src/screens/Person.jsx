// One worker's page: profile, the configuration's fields with their labels,
// identifiers, status (deactivate with a reason), a likely-duplicate warning with
// a merge path, posts held, supervision, the career section (PersonCareer, owned
// by its own file) and the record's history in plain words.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import * as session from '../session.js';
import { t, localName, formatDate, formatNumber } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { Form } from '../components/Form.jsx';
import { errorText } from '../api.js';
import { useTitleFocusAfterLoad } from '../components/focusTitle.js';
import { PersonCareer } from '../components/PersonCareer.jsx';
import { PersonPicker } from '../components/RecordPicker.jsx';
import { Confirm } from '../components/Confirm.jsx';
import { AssignmentCells } from '../components/AssignmentCells.jsx';
import { customFields, organisations, cadres as loadCadres, catalogue } from '../lookups.js';
import { declaredName, residenceLabel } from '../country-person.js';
import { statusText, UnitName, SHARED, languageName } from './People.jsx';
import { personName, personById } from '../names.js';

/** What a scoped officer sees for a record outside their area (the server answers 404). */
export function NotInArea() {
  return (
    <section class="not-in-area">
      <h1 id="main-title" tabindex={-1}>{t('people.notFoundTitle')}</h1>
      <p>{t('people.notFoundText')}</p>
      <p><Link href="/people">{t('people.backToList')}</Link></p>
    </section>
  );
}

/** A custom value as text: booleans as yes/no, options by their label, lists joined. */
function customValue(decl, v) {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('people.yes') : t('people.no');
  const label = (x) => {
    const o = (decl?.options || []).find((o) => (typeof o === 'object' ? String(o.value ?? o.id) : String(o)) === String(x));
    return o && typeof o === 'object' ? localName(o.label ?? o.name, String(x)) : String(x);
  };
  if (Array.isArray(v)) return v.map(label).join(', ') || '—';
  if (decl?.type === 'date') return formatDate(v);
  if (typeof v === 'number') return formatNumber(v);
  return label(v);
}

function Profile({ person, decls }) {
  // The country's education levels and identifier types are shown by their names.
  const [country, setCountry] = useState({});
  useEffect(() => { catalogue('country').then((c) => setCountry(c || {}), () => setCountry({})); }, []);
  const idLabel = (type) => {
    const own = declaredName(country.identifiers, type);
    return own !== type || t(`people.idType.${type}`) === `people.idType.${type}` ? own : t(`people.idType.${type}`);
  };
  const row = (label, value) => <><dt>{label}</dt><dd>{value || '—'}</dd></>;
  // A core field the configuration declares again shows with the configuration's label.
  const shared = (name) => decls.find((d) => d.id === name);
  const label = (name) => (shared(name) ? localName(shared(name).label, name) : t(`people.f.${name}`));
  const value = (name) => person.custom?.[name] ?? person[name];
  const own = decls.filter((d) => !SHARED.includes(d.id));
  return (
    <div class="person-facts">
      <dl class="profile">
        {row(t('people.f.given_name'), person.given_name)}
        {row(t('people.f.family_name'), person.family_name)}
        {person.other_names && row(t('people.f.other_names'), person.other_names)}
        {row(t('people.f.sex'), person.sex && t(`people.sex.${person.sex}`))}
        {row(t('people.f.birth_date'), person.birth_date && formatDate(person.birth_date))}
        {row(label('phone'), value('phone'))}
        {row(label('languages'), (value('languages') || []).map(languageName).join(', '))}
        {row(t('people.f.education'), declaredName(country.education, person.education))}
        {row(residenceLabel(country), <UnitName id={person.residence_org_unit_id} />)}
      </dl>
      <div>
        <h2>{t('people.identifiers')}</h2>
        {(person.identifiers || []).length === 0 ? <p class="muted">{t('people.noIdentifiers')}</p> : (
          <dl class="profile">
            {person.identifiers.map((x) => (
              <Fragment key={x.type}>
                <dt>{idLabel(x.type)}</dt>
                <dd translate="no">{x.value}</dd>
              </Fragment>
            ))}
          </dl>
        )}
        {own.length > 0 && (
          <>
            <h2>{t('people.moreDetails')}</h2>
            <dl class="profile custom-fields">
              {own.map((d) => (
                <Fragment key={d.id}><dt>{localName(d.label, d.id)}</dt><dd>{customValue(d, person.custom?.[d.id])}</dd></Fragment>
              ))}
            </dl>
          </>
        )}
      </div>
    </div>
  );
}

function DuplicateWarning({ person, onCleared }) {
  const [other, setOther] = useState(null);
  const [confirm, setConfirm] = useState(false);
  const [clearing, setClearing] = useState(false);
  const [error, setError] = useState(null);
  const otherId = person.review_duplicate_of;
  useEffect(() => {
    api.get(`/api/v1/people/${otherId}`).then(setOther, () => setOther({ id: otherId }));
  }, [otherId]);
  const merge = async () => {
    setError(null);
    try {
      await api.post(`/api/v1/people/${otherId}/merge`, { duplicate_id: person.id });
      navigate(`/people/${otherId}?merged=${person.id}`);
    } catch (e) { setError(errorText(e)); }
  };
  const otherName = other && other.given_name ? personName(other) : `#${otherId}`;
  return (
    <div class="warning" role="note" aria-labelledby="dup-title">
      <h2 id="dup-title">{t('people.dupTitle')}</h2>
      <p>{t('people.dupText')} <Link href={`/people/${otherId}`}>{otherName}</Link>
        {other?.birth_date && ` (${formatDate(other.birth_date)})`}</p>
      <p>{t('people.dupWhat')}</p>
      {error && <p class="problem" role="alert">{error}</p>}
      {session.can('people.write') && !confirm && !clearing && (
        <div class="actions">
          <button type="button" onClick={() => setConfirm(true)}>{t('people.dupMerge', { name: otherName })}</button>
          <button type="button" onClick={() => setClearing(true)}>{t('people.notDup')}</button>
        </div>
      )}
      {clearing && (
        <Form id="not-duplicate" submitLabel={t('people.notDupSave')}
          fields={[{ name: 'reason', type: 'textarea', required: true, max_length: 500, label: t('people.notDupReason') }]}
          onSubmit={async (v) => { await api.post(`/api/v1/people/${person.id}/not-duplicate`, v); onCleared(); }}>
          <button type="button" onClick={() => setClearing(false)}>{t('people.cancel')}</button>
        </Form>
      )}
      {session.can('people.write') && (!confirm ? null : (
        <div class="confirm">
          <p><strong>{t('people.mergeConfirm', { dup: `${personName(person)} (#${person.id})`, keep: `${otherName} (#${otherId})` })}</strong></p>
          <div class="actions">
            <button type="button" class="primary" onClick={merge}>{t('people.mergeYes')}</button>
            <button type="button" onClick={() => setConfirm(false)}>{t('people.cancel')}</button>
          </div>
        </div>
      ))}
    </div>
  );
}

function MergeOther({ person, onChange }) {
  const [dup, setDup] = useState(null);
  const [error, setError] = useState(null);
  const merge = async () => {
    setError(null);
    try {
      await api.post(`/api/v1/people/${person.id}/merge`, { duplicate_id: dup.id });
      setDup(null);
      await onChange();
    } catch (e) { setError(errorText(e)); }
  };
  return (
    <details class="add">
      <summary>{t('people.mergeOther')}</summary>
      <p class="muted">{t('people.mergeOtherHelp')}</p>
      {!dup && <PersonPicker id="merge-pick" label={t('people.mergePick')} help={t('people.pickerHelp')} status=""
        accept={(p) => p.id !== person.id && p.status !== 'merged'} value={null} onChange={setDup} />}
      {dup && (
        <div class="confirm">
          <p><strong>{t('people.mergeConfirm', { dup: `${personName(dup)} (#${dup.id})`, keep: `${personName(person)} (#${person.id})` })}</strong></p>
          <div class="actions">
            <button type="button" class="primary" onClick={merge}>{t('people.mergeYes')}</button>
            <button type="button" onClick={() => setDup(null)}>{t('people.cancel')}</button>
          </div>
        </div>
      )}
      {error && <p class="problem" role="alert">{error}</p>}
    </details>
  );
}

function Deactivate({ person, onChange }) {
  const fields = [
    { name: 'status', type: 'choice', required: true, label: t('people.newStatus'),
      options: ['inactive', 'deceased'].map((s) => ({ value: s, label: statusText(s) })) },
    { name: 'reason', type: 'textarea', required: true, max_length: 500, label: t('people.reason'), help: t('people.reasonHelp') },
  ];
  // The form collects the status and reason; the change is made only after a second "yes".
  const [pending, setPending] = useState(null);
  const [error, setError] = useState(null);
  return (
    <details class="add">
      <summary>{t('people.deactivate')}</summary>
      {!pending && <Form id="deactivate" fields={fields} initial={{ status: 'inactive' }} submitLabel={t('people.deactivateButton')}
        onSubmit={async (v) => { setError(null); setPending(v); }} />}
      {pending && (
        <Confirm id="deactivate-confirm" question={t('confirm.deactivate', { name: personName(person), status: statusText(pending.status) })}
          yes={t('confirm.deactivateYes')} onNo={() => setPending(null)}
          onYes={async () => {
            try { await api.post(`/api/v1/people/${person.id}/deactivate`, pending); setPending(null); await onChange(); }
            catch (e) { setPending(null); setError(errorText(e)); }
          }} />
      )}
      {error && <p class="problem" role="alert">{error}</p>}
    </details>
  );
}

function Posts({ person }) {
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const [list, orgs, cadreList] = await Promise.all([
        api.get(`/api/v1/people/${person.id}/assignments`), organisations().catch(() => []), loadCadres().catch(() => [])]);
      const positions = new Map();
      await Promise.all([...new Set((list.items || []).map((a) => a.position_id))].map(async (id) => {
        positions.set(id, await api.get(`/api/v1/positions/${id}`).catch(() => null));
      }));
      if (!live) return;
      setRows((list.items || []).map((a) => {
        const pos = positions.get(a.position_id);
        const org = pos && orgs.find((o) => o.id === pos.organisation_id);
        const cadre = pos && cadreList.find((c) => c.id === pos.cadre);
        return { a, pos, org, cadre };
      }));
    })().catch((e) => live && setError(errorText(e)));
    return () => { live = false; };
  }, [person.id, person.updated_at]);
  return (
    <section aria-labelledby="posts-title">
      <h2 id="posts-title">{t('people.posts')}</h2>
      {error && <p class="problem" role="alert">{error}</p>}
      {rows && rows.length === 0 && <p class="muted">{t('people.noPosts')}</p>}
      {rows && rows.length > 0 && (
        <div class="table-wrap">
          <table class="list cards-on-phone posts-list">
            <thead><tr>
              <th scope="col">{t('people.post')}</th><th scope="col">{t('people.employer')}</th>
              <th scope="col">{t('people.from')}</th><th scope="col">{t('people.to')}</th>
              <th scope="col">{t('people.engagement')}</th><th scope="col">{t('people.pay')}</th>
            </tr></thead>
            <tbody>
              {rows.map(({ a, pos, org, cadre }) => (
                <tr key={a.id}>
                  <th scope="row" data-label={t('people.post')}>
                    {pos ? <Link href={`/positions/${pos.id}`}>{pos.title}</Link> : `#${a.position_id}`}
                    {cadre && <span class="muted small"> · {localName(cadre.name, cadre.id)}</span>}
                    {pos && <span class="muted small"> · <UnitName id={pos.org_unit_id} /></span>}
                  </th>
                  <td data-label={t('people.employer')}>{org ? org.name : '—'}</td>
                  <AssignmentCells a={a} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Supervision({ person }) {
  const [items, setItems] = useState(null);
  const [names, setNames] = useState({});
  useEffect(() => {
    let live = true;
    api.get(`/api/v1/supervisions?person_id=${person.id}`).then(async (r) => {
      const list = r.items || [];
      const got = {};
      await Promise.all([...new Set(list.map((s) => s.supervisor_person_id))].map(async (id) => {
        got[id] = await personById(id).then((p) => (p ? personName(p) : `#${id}`));
      }));
      if (live) { setNames(got); setItems(list); }
    }, () => live && setItems(false));
    return () => { live = false; };
  }, [person.id]);
  if (items === false || items === null) return null;  // not offered to this role, or loading
  return (
    <section aria-labelledby="supervision-title">
      <h2 id="supervision-title">{t('people.supervision')}</h2>
      {items.length === 0 ? <p class="muted">{t('people.noSupervision')}</p> : (
        <ul class="plain-list">
          {items.map((s) => (
            <li key={s.id}>
              {t('people.supervisedBy', { name: names[s.supervisor_person_id] || `#${s.supervisor_person_id}` })}
              {' · '}{t(`people.supType.${s.type}`) === `people.supType.${s.type}` ? s.type : t(`people.supType.${s.type}`)}
              {' · '}{s.end_date ? t('people.fromTo', { from: formatDate(s.start_date), to: formatDate(s.end_date) })
                : t('people.since', { date: formatDate(s.start_date) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const FIELD_WORDS = ['given_name', 'family_name', 'other_names', 'sex', 'birth_date', 'phone', 'languages',
  'education', 'residence_org_unit_id', 'identifiers', 'custom', 'status'];

/** One audit row as a sentence an officer reads. */
export function historySentence(h, posts = {}) {
  const who = h.actor || t('people.someone');
  const a = h.after || {};
  const b = h.before || {};
  switch (h.action) {
    case 'person.create': return t('people.h.create', { who });
    case 'person.update': {
      const changed = FIELD_WORDS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
        .map((k) => (k === 'residence_org_unit_id' ? t('people.f.residence') : k === 'identifiers' ? t('people.identifiers')
          : k === 'custom' ? t('people.moreDetails') : k === 'status' ? t('people.statusLabel') : t(`people.f.${k}`)));
      return changed.length ? t('people.h.update', { who, what: changed.join(', ') }) : t('people.h.updateNothing', { who });
    }
    case 'person.deactivate': return t('people.h.deactivate', { who, status: statusText(a.status), reason: a.status_reason || '' });
    case 'person.merge': return t('people.h.merge', { who });
    case 'person.not_duplicate': return t('people.h.notDuplicate', { who, reason: a.not_duplicate_reason || '' });
    case 'person.merged_into': return t('people.h.mergedInto', { who, id: a.merged_into_id });
    case 'assignment.create': return t('people.h.assign', { who, post: posts[a.position_id] || `#${a.position_id}`, date: formatDate(a.start_date) });
    case 'assignment.end': return t('people.h.end', { who, post: posts[a.position_id] || `#${a.position_id}`, date: formatDate(a.end_date),
      reason: a.end_reason ? t(`positions.endReason.${a.end_reason}`) : '' });
    default: return t('people.h.other', { who, action: h.action });
  }
}

function History({ person }) {
  const [items, setItems] = useState(null);
  const [posts, setPosts] = useState({});
  useEffect(() => {
    let live = true;
    api.get(`/api/v1/people/${person.id}/history`).then(async (r) => {
      const list = r.items || [];
      // Posts are named by their title ("placed in Para social worker, Kaloleni").
      const ids = [...new Set(list.filter((h) => h.action.startsWith('assignment.')).map((h) => h.after?.position_id))].filter(Boolean);
      const titles = {};
      await Promise.all(ids.map(async (id) => {
        titles[id] = await api.get(`/api/v1/positions/${id}`).then((p) => p.title, () => `#${id}`);
      }));
      if (live) { setPosts(titles); setItems(list); }
    }, () => live && setItems([]));
    return () => { live = false; };
  }, [person.id, person.updated_at]);
  if (!items) return null;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('people.history')}</h2>
      {items.length === 0 ? <p class="muted">{t('people.noHistory')}</p> : (
        <ol class="history">
          {[...items].reverse().map((h) => (
            <li key={h.id}>
              <span class="when">{formatDate(h.changed_at, { dateStyle: 'medium', timeStyle: 'short' })}</span>{' '}
              <span>{historySentence(h, posts)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function Person({ params }) {
  const loc = useLocation();
  const [person, setPerson] = useState(null);
  const [decls, setDecls] = useState([]);
  const [error, setError] = useState(null);
  const load = () => api.get(`/api/v1/people/${params.id}`).then(setPerson,
    (e) => (e.status === 404 ? setPerson(false) : setError(errorText(e))));
  useEffect(() => {
    setPerson(null); setError(null);
    load();
    customFields('person').then(setDecls, () => setDecls([]));
  }, [params.id]);

  useTitleFocusAfterLoad(person !== null);
  if (person === false) return <NotInArea />;
  if (!person) {
    return (
      <section>
        <h1 id="main-title" tabindex={-1}>{t('nav.people')}</h1>
        {error ? <p class="problem" role="alert">{error}</p> : <p role="status">{t('app.loading')}</p>}
      </section>
    );
  }
  const writable = session.can('people.write') && person.status !== 'merged';
  const notice = loc.query.get('unplaced') ? t('place.unplaced', { why: loc.query.get('unplaced') })
    : loc.query.get('placed') ? t('place.placed')
    : loc.query.get('registered') ? t('people.registered')
    : loc.query.get('saved') ? t('people.saved')
      : loc.query.get('merged') ? t('people.mergedNotice', { id: loc.query.get('merged') }) : null;
  return (
    <article class="person">
      <p class="crumbs"><Link href="/people">{t('people.backToList')}</Link></p>
      <div class="title-row">
        <h1 id="main-title" tabindex={-1}>{personName(person)}</h1>
        <span class={`badge status-${person.status}`}>{statusText(person.status)}</span>
        {writable && <Link href={`/people/${person.id}/edit`} class="button-link">{t('people.edit')}</Link>}
      </div>
      {notice && <p class="notice" role="status">{notice}</p>}
      {person.status !== 'active' && person.status_reason && (
        <p class="muted">{t('people.statusReason', { reason: person.status_reason })}</p>)}
      {person.status === 'merged' && person.merged_into_id && (
        <p class="warning">{t('people.mergedInto')} <Link href={`/people/${person.merged_into_id}`}>#{person.merged_into_id}</Link></p>)}
      {person.review_duplicate_of && person.status !== 'merged' && <DuplicateWarning person={person} onCleared={load} />}
      <Profile person={person} decls={decls} />
      {error && <p class="problem" role="alert">{error}</p>}
      <Posts person={person} />
      <Supervision person={person} />
      <PersonCareer person={person} onChange={load} />
      <History person={person} />
      {writable && (
        <section aria-labelledby="manage-title">
          <h2 id="manage-title">{t('people.manage')}</h2>
          {person.status === 'active' && <Deactivate person={person} onChange={load} />}
          <MergeOther person={person} onChange={load} />
        </section>
      )}
    </article>
  );
}
