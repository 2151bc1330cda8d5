// Posts and assignments: the list of posts (filters in the address, keyset pages),
// creating a post (/positions/new) with the configuration's position fields, and
// one post (/positions/:id) with its holders over time, placing a worker in it and
// ending a placement. Posts a promotion left behind are flagged: the replacement
// must be trained.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ApiError, errorText } from '../api.js';
import * as session from '../session.js';
import { t, localName, formatDate } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { Form } from '../components/Form.jsx';
import { useTitleFocusAfterLoad } from '../components/focusTitle.js';
import { OrgUnitField, PersonPicker } from '../components/RecordPicker.jsx';
import { addressWith, pickFilters, useAddressList, useFilterDraft, PageCount, CursorPager } from '../components/CursorPager.jsx';
import { cadres as loadCadres, organisations, customFields, country, orgUnit, pathText, catalogue } from '../lookups.js';
import { minimumFor, minimumHelp, payInput } from '../components/PlaceFields.jsx';
import { UnitName } from './People.jsx';
import { personName, PersonName } from '../names.js';
import { AssignmentCells, money } from '../components/AssignmentCells.jsx';

const PAGE_SIZE = 25;
const FILTERS = ['org_unit', 'cadre', 'vacant', 'approved'];
const ENGAGEMENTS = ['volunteer', 'stipend', 'salaried'];
const END_REASONS = ['promotion', 'transfer', 'resignation', 'retirement', 'death', 'dismissal'];
const CUSTOM = 'custom__';


/** Positions waiting for a trained replacement (ids), or an empty set when not offered. */
function useReplacements() {
  const [set, setSet] = useState(new Set());
  useEffect(() => {
    if (!session.can('careers.read')) return;
    api.get('/api/v1/careers/replacements').then((r) => setSet(new Set((r.items || []).map((x) => x.position_id))), () => {});
  }, []);
  return set;
}

/** The references a post shows by name: cadres, organisations. */
function useRefs() {
  const [refs, setRefs] = useState({ cadres: [], orgs: [] });
  useEffect(() => {
    Promise.all([loadCadres().catch(() => []), organisations().catch(() => [])])
      .then(([cadres, orgs]) => setRefs({ cadres, orgs }));
  }, []);
  return refs;
}
const cadreName = (refs, id) => { const c = refs.cadres.find((x) => x.id === id); return c ? localName(c.name, id) : id; };
const orgName = (refs, id) => refs.orgs.find((o) => o.id === id)?.name || (id ? `#${id}` : '—');

function VacancyBadges({ pos, replacements }) {
  return (
    <>
      {pos.vacant && <span class="badge badge-vacant">{t('positions.vacant')}</span>}
      {replacements.has(pos.id) && <span class="badge badge-warn">{t('positions.replacement')}</span>}
    </>
  );
}

function Filters({ current, refs }) {
  const [f, set] = useFilterDraft(current, FILTERS);
  return (
    <form class="search-bar" onSubmit={(e) => { e.preventDefault(); navigate(addressWith('/positions', pickFilters(f, FILTERS))); }}
      aria-label={t('positions.filterLabel')}>
      <div class="field">
        <label for="positions-org_unit">{t('people.area')}</label>
        <OrgUnitField id="positions-org_unit" value={f.org_unit} onInput={(v) => set('org_unit', v ? String(v) : '')} />
      </div>
      <div class="field">
        <label for="positions-cadre">{t('people.cadre')}</label>
        <select id="positions-cadre" value={f.cadre} onChange={(e) => set('cadre', e.currentTarget.value)}>
          <option value="">{t('people.anyCadre')}</option>
          {refs.cadres.map((c) => <option key={c.id} value={c.id}>{localName(c.name, c.id)}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="positions-vacant">{t('positions.vacancy')}</label>
        <select id="positions-vacant" value={f.vacant} onChange={(e) => set('vacant', e.currentTarget.value)}>
          <option value="">{t('positions.any')}</option>
          <option value="true">{t('positions.onlyVacant')}</option>
          <option value="false">{t('positions.onlyFilled')}</option>
        </select>
      </div>
      <div class="field">
        <label for="positions-approved">{t('positions.approvedLabel')}</label>
        <select id="positions-approved" value={f.approved} onChange={(e) => set('approved', e.currentTarget.value)}>
          <option value="">{t('positions.any')}</option>
          <option value="true">{t('positions.onlyApproved')}</option>
          <option value="false">{t('positions.onlyNotApproved')}</option>
        </select>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary">{t('positions.show')}</button>
        {FILTERS.some((k) => current[k]) && <Link href="/positions" class="clear-link">{t('positions.clear')}</Link>}
      </div>
    </form>
  );
}

export function Positions() {
  const { current, filters, page, error } = useAddressList('/api/v1/positions', FILTERS, PAGE_SIZE);
  const refs = useRefs();
  const replacements = useReplacements();
  const items = page?.items || [];
  return (
    <section class="positions">
      <div class="title-row">
        <h1 id="main-title" tabindex={-1}>{t('nav.positions')}</h1>
        {session.can('positions.write', 'district_hr_officer') &&
          <Link href="/positions/new" class="button-link primary">{t('positions.new')}</Link>}
      </div>
      <p>{t('positions.intro')}</p>
      <Filters current={current} refs={refs} />
      {error && <p class="problem" role="alert">{errorText(error)}</p>}
      {!page && !error && <p role="status">{t('app.loading')}</p>}
      {page && <PageCount cursor={current} shown={items.length} total={page.total} pageSize={PAGE_SIZE} none={t('positions.none')} />}
      {items.length > 0 && (
        <div class="table-wrap">
          <table class="list cards-on-phone positions-list">
            <caption class="visually-hidden">{t('positions.caption')}</caption>
            <thead><tr>
              <th scope="col">{t('positions.post')}</th><th scope="col">{t('people.cadre')}</th>
              <th scope="col">{t('positions.place')}</th><th scope="col">{t('people.employer')}</th>
              <th scope="col">{t('positions.approvedShort')}</th><th scope="col">{t('positions.holder')}</th>
            </tr></thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <th scope="row" data-label={t('positions.post')}>
                    <Link href={`/positions/${p.id}`}>{p.title}</Link>
                    {p.code && <span class="muted small"> {p.code}</span>}
                  </th>
                  <td data-label={t('people.cadre')}>{cadreName(refs, p.cadre)}</td>
                  <td data-label={t('positions.place')}><UnitName id={p.org_unit_id} /></td>
                  <td data-label={t('people.employer')}>{orgName(refs, p.organisation_id)}</td>
                  <td data-label={t('positions.approvedShort')}>{p.approved ? t('people.yes') : t('people.no')}</td>
                  <td data-label={t('positions.holder')}>
                    {p.holder ? <Link href={`/people/${p.holder.person_id}`}><PersonName id={p.holder.person_id} /></Link> : null}
                    <VacancyBadges pos={p} replacements={replacements} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && <CursorPager base="/positions" filters={filters} cursor={current} next={page.next} />}
    </section>
  );
}

/** The server names custom fields custom.<id>: point at our inputs. */
function customError(e) {
  if (e instanceof ApiError && e.field?.startsWith('custom.')) e.field = CUSTOM + e.field.slice(7);
  return e;
}

export function PositionNew() {
  const [ctx, setCtx] = useState(null);
  useEffect(() => {
    Promise.all([loadCadres().catch(() => []), organisations().catch(() => []), customFields('position'),
      country().catch(() => ({}))])
      .then(([cadres, orgs, decls, c]) => setCtx({ cadres, orgs, decls, levels: c.levels || [] }));
  }, []);
  const fields = ctx && [
    { name: 'title', type: 'text', required: true, max_length: 200, label: t('positions.f.title'), help: t('positions.f.titleHelp') },
    { name: 'code', type: 'text', max_length: 64, label: t('positions.f.code'), help: t('positions.f.codeHelp') },
    { name: 'cadre', type: 'choice', required: true, label: t('people.cadre'),
      options: ctx.cadres.map((c) => ({ value: c.id, label: c.name })) },
    { name: 'level', type: 'choice', label: t('positions.f.level'),
      options: ctx.levels.map((l) => ({ value: l.id, label: l.name })) },
    { name: 'org_unit_id', type: 'orgunit', required: true, label: t('positions.place'), help: t('positions.f.placeHelp'),
      render: (props) => <OrgUnitField {...props} label={t('positions.place')} /> },
    { name: 'organisation_id', type: 'choice', required: true, label: t('people.employer'),
      options: ctx.orgs.map((o) => ({ value: String(o.id), label: o.name })) },
    { name: 'approved', type: 'boolean', label: t('positions.f.approved') },
    { name: 'funded_by', type: 'text', max_length: 200, label: t('positions.f.funded_by'), help: t('positions.f.fundedHelp') },
    ...ctx.decls.map((d) => ({ ...d, name: CUSTOM + d.id })),
  ];
  return (
    <section class="position-form">
      <p class="crumbs"><Link href="/positions">{t('positions.back')}</Link></p>
      <h1 id="main-title" tabindex={-1}>{t('positions.new')}</h1>
      {!ctx && <p role="status">{t('app.loading')}</p>}
      {ctx && (
        <Form id="position" fields={fields} initial={{ approved: true }} submitLabel={t('positions.create')}
          onSubmit={async (v) => {
            const body = { custom: {} };
            for (const [k, x] of Object.entries(v)) {
              if (k.startsWith(CUSTOM)) body.custom[k.slice(CUSTOM.length)] = x;
              else body[k] = x;
            }
            body.org_unit_id = Number(body.org_unit_id);
            body.organisation_id = Number(body.organisation_id);
            let pos;
            try { pos = await api.post('/api/v1/positions', body); } catch (e) { throw customError(e); }
            navigate(`/positions/${pos.id}?created=1`);
          }}>
          <Link href="/positions">{t('people.cancel')}</Link>
        </Form>
      )}
    </section>
  );
}

function AssignForm({ pos, currency, onDone }) {
  const [who, setWho] = useState(null);
  // The minimum the configuration sets for this post's cadre and the engagement chosen
  // (kazi.pay), shown under the pay; a pay below it is warned about, not refused.
  const [pay, setPay] = useState([]);
  const [engagement, setEngagement] = useState('');
  useEffect(() => { catalogue('pay').then((x) => setPay(x || []), () => {}); }, []);
  const min = minimumFor(pay, pos, engagement);
  const fields = [
    { name: 'start_date', type: 'date', required: true, label: t('positions.f.start') },
    { name: 'engagement', type: 'choice', required: true, label: t('people.engagement'),
      options: ENGAGEMENTS.map((e) => ({ value: e, label: t(`positions.engagement.${e}`) })),
      render: (a) => (
        <select id={a.id} name={a.name} aria-invalid={a['aria-invalid']} aria-describedby={a['aria-describedby']} value={a.value ?? ''}
          onChange={(e) => { a.onInput(e.currentTarget.value); setEngagement(e.currentTarget.value); }}>
          <option value="">{t('form.choose')}</option>
          {ENGAGEMENTS.map((e) => <option key={e} value={e}>{t(`positions.engagement.${e}`)}</option>)}
        </select>
      ) },
    { name: 'pay_amount', type: 'number', min: 0, label: t('positions.f.pay'), render: payInput(min),
      help: `${t('positions.f.payHelp')} ${min ? minimumHelp(min) : engagement ? t('daily.pay.none') : t('daily.pay.choose')}` },
    { name: 'pay_currency', type: 'text', max_length: 3, label: t('positions.f.currency') },
  ];
  return (
    <section class="assign" aria-labelledby="assign-title">
      <h2 id="assign-title">{t('positions.assign')}</h2>
      {!who ? <PersonPicker id="assign-person" label={t('positions.f.person')} help={t('people.pickerHelp')} value={null} onChange={setWho} /> : (
        <>
          <p class="chosen">{t('positions.assigning', { name: personName(who) })}{' '}
            <button type="button" class="small-button" onClick={() => setWho(null)}>{t('people.unitChange')}</button></p>
          <Form id="assign" fields={fields} initial={{ pay_currency: currency || '', start_date: new Date().toISOString().slice(0, 10) }}
            submitLabel={t('positions.assignButton')}
            onSubmit={async (v) => {
              try {
                await api.post('/api/v1/assignments', { ...v, person_id: who.id, position_id: pos.id });
              } catch (e) {
                if (e instanceof ApiError && e.field === 'person_id') { e.field = null; }
                throw e;
              }
              setWho(null);
              await onDone();
            }} />
        </>
      )}
    </section>
  );
}

function EndForm({ assignment, onDone }) {
  const fields = [
    { name: 'end_date', type: 'date', required: true, label: t('positions.f.end') },
    { name: 'reason', type: 'choice', required: true, label: t('positions.f.endReason'),
      options: END_REASONS.map((r) => ({ value: r, label: t(`positions.endReason.${r}`) })) },
  ];
  return (
    <details class="add">
      <summary>{t('positions.end')}</summary>
      <Form id="end" fields={fields} initial={{ end_date: new Date().toISOString().slice(0, 10) }} submitLabel={t('positions.endButton')}
        onSubmit={async (v) => { await api.post(`/api/v1/assignments/${assignment.id}/end`, v); await onDone(); }} />
    </details>
  );
}

export function Position({ params }) {
  const loc = useLocation();
  const [pos, setPos] = useState(null);
  const [history, setHistory] = useState([]);
  const [unit, setUnit] = useState(null);
  const [ctx, setCtx] = useState({ decls: [], currency: '', levels: [] });
  const [error, setError] = useState(null);
  const refs = useRefs();
  const replacements = useReplacements();
  const load = async () => {
    try {
      const p = await api.get(`/api/v1/positions/${params.id}`);
      const h = await api.get(`/api/v1/assignments?position_id=${params.id}`);
      setPos(p); setHistory(h.items || []);
      orgUnit(p.org_unit_id).then(setUnit, () => {});
    } catch (e) {
      if (e.status === 404) setPos(false); else setError(errorText(e));
    }
  };
  useEffect(() => {
    load();
    Promise.all([customFields('position').catch(() => []), country().catch(() => ({}))])
      .then(([decls, c]) => setCtx({ decls, currency: c.currency || '', levels: c.levels || [] }));
  }, [params.id]);
  useTitleFocusAfterLoad(pos !== null);
  if (pos === false) {
    return (
      <section>
        <h1 id="main-title" tabindex={-1}>{t('positions.notFound')}</h1>
        <p>{t('people.notFoundText')}</p>
        <p><Link href="/positions">{t('positions.back')}</Link></p>
      </section>
    );
  }
  if (!pos) {
    return (
      <section>
        <h1 id="main-title" tabindex={-1}>{t('nav.positions')}</h1>
        {error ? <p class="problem" role="alert">{error}</p> : <p role="status">{t('app.loading')}</p>}
      </section>
    );
  }
  const writable = session.can('positions.write');
  const current = history.find((a) => !a.end_date);
  const row = (label, value) => <><dt>{label}</dt><dd>{value || '—'}</dd></>;
  const level = ctx.levels.find((l) => l.id === pos.level);
  const levelName = level ? localName(level.name, pos.level) : pos.level;
  return (
    <article class="position">
      <p class="crumbs"><Link href="/positions">{t('positions.back')}</Link></p>
      <div class="title-row">
        <h1 id="main-title" tabindex={-1}>{pos.title}</h1>
        <VacancyBadges pos={pos} replacements={replacements} />
      </div>
      {loc.query.get('created') && <p class="notice" role="status">{t('positions.created')}</p>}
      {replacements.has(pos.id) && <p class="warning">{t('positions.replacementText')}</p>}
      <dl class="profile">
        {pos.code && row(t('positions.f.code'), pos.code)}
        {row(t('people.cadre'), cadreName(refs, pos.cadre))}
        {row(t('positions.f.level'), levelName)}
        {row(t('positions.place'), unit ? pathText(unit) : <UnitName id={pos.org_unit_id} />)}
        {row(t('people.employer'), orgName(refs, pos.organisation_id))}
        {row(t('positions.approvedLabel'), pos.approved ? t('people.yes') : t('people.no'))}
        {row(t('positions.f.funded_by'), pos.funded_by)}
        {ctx.decls.map((d) => {
          const v = pos.custom?.[d.id];
          return <Fragment key={d.id}>{row(localName(d.label, d.id),
            v === undefined || v === null ? '' : typeof v === 'boolean' ? (v ? t('people.yes') : t('people.no')) : String(v))}</Fragment>;
        })}
      </dl>
      <section aria-labelledby="holder-title">
        <h2 id="holder-title">{t('positions.holderNow')}</h2>
        {current ? (
          <>
            <p>
              <Link href={`/people/${current.person_id}`}><PersonName id={current.person_id} /></Link>
              {' · '}{t('people.since', { date: formatDate(current.start_date) })}
              {' · '}{t(`positions.engagement.${current.engagement}`)}
              {current.pay_amount != null && <> · {money(current.pay_amount, current.pay_currency)}</>}
            </p>
            {writable && <EndForm assignment={current} onDone={load} />}
          </>
        ) : <p>{t('positions.nobody')}</p>}
      </section>
      {!current && writable && <AssignForm pos={pos} currency={ctx.currency} onDone={load} />}
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('positions.history')}</h2>
        {history.length === 0 ? <p class="muted">{t('positions.noHistory')}</p> : (
          <div class="table-wrap">
            <table class="list cards-on-phone">
              <thead><tr>
                <th scope="col">{t('positions.holder')}</th><th scope="col">{t('people.from')}</th>
                <th scope="col">{t('people.to')}</th><th scope="col">{t('people.engagement')}</th>
                <th scope="col">{t('people.pay')}</th>
              </tr></thead>
              <tbody>
                {history.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" data-label={t('positions.holder')}><Link href={`/people/${a.person_id}`}><PersonName id={a.person_id} /></Link></th>
                    <AssignmentCells a={a} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
