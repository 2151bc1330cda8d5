// People: search the register by name prefix or identifier, filter by cadre, area
// and status, and page through the results with the server's cursor. The search
// lives in the address (?q=&cadre=&org_unit=&status=&after=&trail=) so it can be
// bookmarked, shared and reloaded.
import { useEffect, useState } from 'preact/hooks';
import * as session from '../session.js';
import { t, localName, formatDate, formatNumber, languages } from '../i18n.js';
import { Link, navigate } from '../router.js';
import { errorText } from '../api.js';
import { OrgUnitField } from '../components/RecordPicker.jsx';
import { personName } from '../names.js';
import { addressWith, pickFilters, useAddressList, useFilterDraft, PageCount, CursorPager } from '../components/CursorPager.jsx';
import { cadres as loadCadres, orgUnitName } from '../lookups.js';
import { fetchCsv, saveBlob } from '../transfer.js';

export const PAGE_SIZE = 25;
const STATUSES = ['active', 'inactive', 'deceased', 'merged'];

// Core fields a configuration may declare again (e.g. Tanzania's "Mobile phone" with
// its +255 rule, "Languages spoken" with its list). Then the officer sees one field,
// labelled and checked as the configuration says, and the value is kept in both places.
export const SHARED = ['phone', 'languages'];

/** A language code as a name: 'sw' -> Kiswahili; a language of the configuration by the
 * name its kazi.translation gives ('fr' -> Français); other codes as they are. */
export function languageName(code) {
  const k = `people.lang.${code}`;
  const s = t(k);
  if (s !== k) return s;
  const own = languages().find((l) => l.code === code);
  return own ? own.name : code;
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

function Filters({ current, cadreList }) {
  const [f, set] = useFilterDraft(current, FILTERS);
  // On a phone the filters other than the name fold behind one button, so results start
  // on the first screen; a search with one in use shows them (styles.css, .more-filters).
  // The button says what it will do: show more, or fold them again.
  const inUse = ['cadre', 'org_unit', 'status'].some((k) => current[k]);
  const [more, setMore] = useState(inUse);
  useEffect(() => { if (inUse) setMore(true); }, [inUse]);
  const submit = (e) => {
    e.preventDefault();
    navigate(addressWith('/people', pickFilters(f, FILTERS)));
  };
  return (
    <form class="search-bar" role="search" onSubmit={submit} aria-label={t('people.searchLabel')}>
      <div class="field search-q">
        <label for="people-q">{t('people.q')}</label>
        <p class="help" id="people-q-help">{t('people.qHelp')}</p>
        <input id="people-q" type="search" value={f.q} maxLength={100} aria-describedby="people-q-help"
          onInput={(e) => set('q', e.currentTarget.value)} />
      </div>
      <button type="button" class="filters-toggle" aria-expanded={more ? 'true' : 'false'} aria-controls="people-more"
        onClick={() => setMore(!more)}>{more ? t('people.fewerFilters') : t('people.moreFilters')}</button>
      <div id="people-more" class={`more-filters${more ? ' open' : ''}`}>
      <div class="field">
        <label for="people-cadre">{t('people.cadre')}</label>
        <select id="people-cadre" value={f.cadre} onChange={(e) => set('cadre', e.currentTarget.value)}>
          <option value="">{t('people.anyCadre')}</option>
          {(cadreList || []).map((c) => <option key={c.id} value={c.id}>{localName(c.name, c.id)}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="people-org_unit">{t('people.area')}</label>
        <OrgUnitField id="people-org_unit" value={f.org_unit} onInput={(v) => set('org_unit', v ? String(v) : '')} />
      </div>
      <div class="field">
        <label for="people-status">{t('people.statusLabel')}</label>
        <select id="people-status" value={f.status} onChange={(e) => set('status', e.currentTarget.value)}>
          <option value="">{t('people.anyStatus')}</option>
          {STATUSES.map((s) => <option key={s} value={s}>{statusText(s)}</option>)}
        </select>
      </div>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary">{t('people.search')}</button>
        {FILTERS.some((k) => current[k]) &&
          <Link href="/people" class="clear-link">{t('people.clear')}</Link>}
      </div>
    </form>
  );
}

/** A row's cadre in the user's language: the kept catalogue's names, else the name the
 * list carries (in the language the server chose), else the id. */
function rowCadre(p, cadreList) {
  if (!p.cadre) return '—';
  const c = (cadreList || []).find((x) => x.id === p.cadre);
  return localName(c?.name, p.cadre_name || p.cadre);
}

function Results({ page, current, filters, cadreList }) {
  const items = page.items || [];
  // Post and cadre come only to those who may read posts (not a supervisor).
  const posts = items.some((p) => 'cadre' in p);
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
              {posts && <><th scope="col">{t('people.cadre')}</th><th scope="col">{t('daily.people.post')}</th></>}
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
                  {posts && <td data-label={t('people.cadre')}>{rowCadre(p, cadreList)}</td>}
                  {posts && <td data-label={t('daily.people.post')}>{p.position_title || '—'}</td>}
                  <td data-label={t('people.livesIn')}>{p.residence_name || '—'}</td>
                  <td data-label={t('people.statusLabel')}>{statusText(p.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager base="/people" filters={filters} cursor={current} next={page.next} />
    </>
  );
}

/** Download the people this search finds (all pages, not just the one shown) as CSV or JSON. */
function ExportPeople({ current, total }) {
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const filters = Object.entries(pickFilters(current, FILTERS)).filter(([, v]) => v);
  const get = async (fmt) => {
    setProblem(null); setBusy(true);
    try {
      const q = new URLSearchParams(filters).toString();
      const { blob } = await fetchCsv(`/api/v1/exports/people.${fmt}${q ? `?${q}` : ''}`);
      saveBlob(fmt === 'json' ? new Blob([await blob.text()], { type: 'application/json' }) : blob, `people.${fmt}`);
    } catch (e) { setProblem(errorText(e)); } finally { setBusy(false); }
  };
  return (
    <div class="export-people" role="group" aria-labelledby="people-export-title">
      <span id="people-export-title">{t('peopleexport.title', { n: total == null ? '…' : formatNumber(total) })}</span>{' '}
      <button type="button" class="small-button" disabled={busy} onClick={() => get('csv')}>{t('peopleexport.csv')}</button>{' '}
      <button type="button" class="small-button" disabled={busy} onClick={() => get('json')}>{t('peopleexport.json')}</button>
      {problem && <p class="problem" role="alert">{problem}</p>}
    </div>
  );
}

export function People() {
  const { current, filters, page, error } = useAddressList('/api/v1/people', FILTERS, PAGE_SIZE);
  const [cadreList, setCadres] = useState(null);
  useEffect(() => { loadCadres().then(setCadres, () => setCadres([])); }, []);

  return (
    <section class="people">
      <div class="title-row">
        <h1 id="main-title" tabindex={-1}>{t('nav.people')}</h1>
        {session.can('people.write', 'district_hr_officer') &&
          <Link href="/people/new" class="button-link primary">{t('people.register')}</Link>}
      </div>
      <Filters current={current} cadreList={cadreList} />
      {error && <p class="problem" role="alert">{errorText(error)}</p>}
      {!page && !error && <p role="status">{t('app.loading')}</p>}
      {page && session.can('exports.run', 'district_hr_officer') && (page.items || []).length > 0 && <ExportPeople current={current} total={page.total} />}
      {page && <Results page={page} current={current} filters={filters} cadreList={cadreList} />}
    </section>
  );
}
