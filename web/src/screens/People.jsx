// People: search the register by name prefix or identifier, filter by cadre, area
// and status, and page through the results with the server's cursor. The search
// lives in the address (?q=&cadre=&org_unit=&status=&after=&trail=) so it can be
// bookmarked, shared and reloaded.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import * as session from '../session.js';
import { t, localName, formatDate } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { errorText } from '../components/Form.jsx';
import { OrgUnitPicker } from '../components/OrgUnitPicker.jsx';
import { readCursor, addressWith, PageCount, CursorPager } from '../components/CursorPager.jsx';
import { cadres as loadCadres, orgUnitName } from '../lookups.js';

export const PAGE_SIZE = 25;
const STATUSES = ['active', 'inactive', 'deceased', 'merged'];

// Core fields a configuration may declare again (e.g. Tanzania's "Mobile phone" with
// its +255 rule, "Languages spoken" with its list). Then the officer sees one field,
// labelled and checked as the configuration says, and the value is kept in both places.
export const SHARED = ['phone', 'languages'];

/** A language code as a name: 'sw' -> Kiswahili; unknown codes as they are. */
export function languageName(code) {
  const k = `people.lang.${code}`;
  const s = t(k);
  return s === k ? code : s;
}

/** The person's names as an officer writes them: "Amina Mushi". */
export function personName(p) {
  return [p.given_name, p.other_names, p.family_name].filter(Boolean).join(' ');
}

/** Interface text for a status ('active' ...). */
export function statusText(s) { return t(`people.status.${s}`); }

/** An org unit's name, fetched (once) after the first render. */
export function UnitName({ id }) {
  const [name, setName] = useState(id ? '…' : '');
  useEffect(() => { let live = true; orgUnitName(id).then((n) => live && setName(n)); return () => { live = false; }; }, [id]);
  return <>{name}</>;
}

const FILTERS = ['q', 'cadre', 'org_unit', 'status'];

function readQuery(query) {
  const f = {};
  for (const k of FILTERS) f[k] = query.get(k) || '';
  return { ...f, ...readCursor(query) };
}

function filtersOf(f) { return Object.fromEntries(FILTERS.map((k) => [k, f[k]])); }

function apiQuery(f) {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const k of ['cadre', 'org_unit', 'status', 'after']) if (f[k]) q.set(k, f[k]);
  if (f.q.trim()) q.set('q', f.q.trim());
  return `/api/v1/people?${q}`;
}

function Filters({ current, cadreList }) {
  const [f, setF] = useState(current);
  useEffect(() => setF(current), [current.q, current.cadre, current.org_unit, current.status]);
  const set = (k, v) => setF((old) => ({ ...old, [k]: v }));
  const submit = (e) => {
    e.preventDefault();
    navigate(addressWith('/people', filtersOf(f)));
  };
  return (
    <form class="search-bar" role="search" onSubmit={submit} aria-label={t('people.searchLabel')}>
      <div class="field search-q">
        <label for="people-q">{t('people.q')}</label>
        <p class="help" id="people-q-help">{t('people.qHelp')}</p>
        <input id="people-q" type="search" value={f.q} maxLength={100} aria-describedby="people-q-help"
          onInput={(e) => set('q', e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="people-cadre">{t('people.cadre')}</label>
        <select id="people-cadre" value={f.cadre} onChange={(e) => set('cadre', e.currentTarget.value)}>
          <option value="">{t('people.anyCadre')}</option>
          {(cadreList || []).map((c) => <option key={c.id} value={c.id}>{localName(c.name, c.id)}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="people-org_unit">{t('people.area')}</label>
        <OrgUnitPicker id="people-org_unit" value={f.org_unit} onInput={(v) => set('org_unit', v ? String(v) : '')} />
      </div>
      <div class="field">
        <label for="people-status">{t('people.statusLabel')}</label>
        <select id="people-status" value={f.status} onChange={(e) => set('status', e.currentTarget.value)}>
          <option value="">{t('people.anyStatus')}</option>
          {STATUSES.map((s) => <option key={s} value={s}>{statusText(s)}</option>)}
        </select>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary">{t('people.search')}</button>
        {(current.q || current.cadre || current.org_unit || current.status) &&
          <Link href="/people" class="clear-link">{t('people.clear')}</Link>}
      </div>
    </form>
  );
}

function Results({ page, current }) {
  const items = page.items || [];
  return (
    <>
      <PageCount cursor={current} shown={items.length} total={page.total} pageSize={PAGE_SIZE} none={t('people.noneFound')} />
      {items.length > 0 && (
        <div class="table-wrap">
          <table class="list cards-on-phone people-list">
            <caption class="visually-hidden">{t('people.resultsCaption')}</caption>
            <thead><tr>
              <th scope="col">{t('people.name')}</th><th scope="col">{t('people.identifier')}</th>
              <th scope="col">{t('people.sex')}</th><th scope="col">{t('people.born')}</th>
              <th scope="col">{t('people.livesIn')}</th><th scope="col">{t('people.statusLabel')}</th>
            </tr></thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <th scope="row" data-label={t('people.name')}>
                    <Link href={`/people/${p.id}`}>{personName(p)}</Link>
                    {p.review_duplicate_of && <span class="badge badge-warn">{t('people.toReview')}</span>}
                  </th>
                  <td data-label={t('people.identifier')}>{p.identifiers?.[0]?.value || '—'}</td>
                  <td data-label={t('people.sex')}>{p.sex ? t(`people.sex.${p.sex}`) : '—'}</td>
                  <td data-label={t('people.born')}>{p.birth_date ? formatDate(p.birth_date) : '—'}</td>
                  <td data-label={t('people.livesIn')}><UnitName id={p.residence_org_unit_id} /></td>
                  <td data-label={t('people.statusLabel')}>{statusText(p.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager base="/people" filters={filtersOf(current)} cursor={current} next={page.next} />
    </>
  );
}

export function People() {
  const loc = useLocation();
  const current = readQuery(loc.query);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [cadreList, setCadres] = useState(null);
  const key = apiQuery(current);

  useEffect(() => { loadCadres().then(setCadres, () => setCadres([])); }, []);
  useEffect(() => {
    let live = true;
    setError(null);
    api.get(key).then((r) => live && setPage(r), (e) => live && setError(errorText(e)));
    return () => { live = false; };
  }, [key]);

  return (
    <section class="people">
      <div class="title-row">
        <h1 id="main-title" tabindex={-1}>{t('nav.people')}</h1>
        {session.can('people.write', 'district_hr_officer') &&
          <Link href="/people/new" class="button-link primary">{t('people.register')}</Link>}
      </div>
      <Filters current={current} cadreList={cadreList} />
      {error && <p class="problem" role="alert">{error}</p>}
      {!page && !error && <p role="status">{t('app.loading')}</p>}
      {page && <Results page={page} current={current} />}
    </section>
  );
}
