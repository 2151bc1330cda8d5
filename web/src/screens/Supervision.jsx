// Supervision, pay and support (principles 15-18): coverage and ratios, who
// supervises whom (the configuration's rule decides; its reason is shown when it
// refuses), supervision sessions, pay compliance against the declared minimums,
// payments, support and self-care, activity returns and retention. Figures come
// from /api/v1/figures/*, records from their routes (docs/support.md).
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber, formatDate } from '../i18n.js';
import { can } from '../session.js';
import { Form } from '../components/Form.jsx';
import { ReturnsGrid } from '../components/ReturnsGrid.jsx';
import { FigureChart } from '../components/FigureChart.jsx';
import { PersonPicker } from '../components/RecordPicker.jsx';
import { useGet } from '../components/useGet.js';
import { levelWord } from '../lookups.js';
import { personName, personById, PersonName } from '../names.js';
import { ApiError, errorText } from '../api.js';
import { Link, useLocation, navigate } from '../router.js';
import { DateField } from '../components/DateField.jsx';
import { Confirm } from '../components/Confirm.jsx';

const today = () => new Date().toISOString().slice(0, 10);
const thisMonth = () => new Date().toISOString().slice(0, 7);
const opt = (prefix, values) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
const unitName = (u) => localName(u?.name, u?.code || '');


/**
 * A figures route (rows per direct child of the area): when the answer is the one
 * country row (a national user), ask again for that country's children so the rows
 * are its regions.
 */
function useFigures(path) {
  const [s, setS] = useState({ data: null, error: null });
  useEffect(() => {
    if (!path) { setS({ data: null, error: null }); return undefined; }
    let live = true;
    (async () => {
      let data = await api.get(path);
      const only = data.rows?.length === 1 ? data.rows[0].org_unit : null;
      if (only && only.id && !/[?&]org_unit=/.test(path)) {
        data = await api.get(`${path}${path.includes('?') ? '&' : '?'}org_unit=${only.id}`);
      }
      return data;
    })().then((data) => live && setS({ data, error: null }), (error) => live && setS({ data: null, error }));
    return () => { live = false; };
  }, [path]);
  return [s];
}

function Failed({ error }) {
  if (!error) return null;
  return <p class="problem">{error.status === 403 ? t('error.forbidden') : errorText(error)}</p>;
}

/** A table of figures rows: one row per org unit and a total row. */
function FiguresTable({ id, caption, data, cols }) {
  return (
    <>
    <h3 class="table-title" id={`${id}-caption`}>{caption}</h3>
    <div class="table-wrap" tabindex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table class="list" id={id}>
        <thead><tr><th scope="col">{t('supervision.unit')}</th>{cols.map(([k, label]) => <th scope="col" class="num" key={k}>{t(label)}</th>)}</tr></thead>
        <tbody>
          {(data.rows || []).map((r, i) => (
            <tr key={r.org_unit?.id ?? i}><th scope="row">{unitName(r.org_unit)}</th>
              {cols.map(([k, , fmt]) => <td class="num" key={k}>{fmt ? fmt(r[k]) : formatNumber(r[k] ?? 0)}</td>)}</tr>
          ))}
          <tr class="total"><th scope="row">{t('supervision.total')}</th>
            {cols.map(([k, , fmt]) => <td class="num" key={k}>{fmt ? fmt(data.total?.[k]) : formatNumber(data.total?.[k] ?? 0)}</td>)}</tr>
        </tbody>
      </table>
    </div>
    </>
  );
}

const ratio = (v) => (v == null ? '—' : formatNumber(v, { maximumFractionDigits: 1 }));
const share = (v) => (v == null ? '—' : formatNumber(v, { style: 'percent', maximumFractionDigits: 0 }));

function Coverage() {
  const [{ data, error }] = useFigures('/api/v1/figures/supervision');
  if (error) return <Failed error={error} />;
  if (!data) return <p>{t('app.loading')}</p>;
  const ratios = Object.entries(data.total?.max_ratio || {});
  return (
    <>
      <FiguresTable id="coverage-table" caption={t('supervision.coverageCaption')} data={data} cols={[
        ['workers', 'supervision.workers'], ['without_supervisor', 'supervision.withoutSupervisor'],
        ['no_recent_session', 'supervision.noRecentSession'], ['supervisors', 'supervision.supervisors'],
        ['workers_per_supervisor', 'supervision.perSupervisor', ratio], ['supervisors_over_ratio', 'supervision.overRatio']]} />
      {(data.rows || []).length > 1 && (
        <FigureChart id="coverage-chart" title={t('supervision.withoutChart')} category={t('supervision.unit')}
          value={t('supervision.withoutSupervisor')} table={false}
          rows={data.rows.map((r) => ({ key: r.org_unit?.id, label: unitName(r.org_unit), value: r.without_supervisor ?? 0 }))} />
      )}
      {ratios.length > 0 && (
        <p class="muted">{t('supervision.maxRatios')} {ratios.map(([c, n]) => `${c}: ${formatNumber(n)}`).join(' · ')}</p>
      )}
    </>
  );
}

function Relationships({ worker, onChanged }) {
  const list = useGet(worker ? `/api/v1/supervisions?person_id=${worker.id}` : null);
  const reload = () => { list.reload(); onChanged(); };
  const [supervisor, setSupervisor] = useState(null);
  const [supError, setSupError] = useState(null);
  const [ending, setEnding] = useState(null);
  const [second, setSecond] = useState(null); // a second concurrent supervisor awaiting the officer's yes
  useEffect(() => { setSupervisor(null); setSupError(null); setSecond(null); }, [worker?.id]);
  if (!worker) return <p class="muted">{t('supervision.chooseWorker')}</p>;
  const items = list.data?.items || [];
  const current = items.filter((s) => !s.end_date);
  const record = async (payload, sup) => {
    try {
      await api.post('/api/v1/supervisions', { ...payload, person_id: worker.id, supervisor_person_id: sup.id });
    } catch (e) {
      if (e instanceof ApiError && (e.field === 'supervisor_person_id' || e.field === 'person_id' || e.status === 409)) {
        setSupError(e.message || t('form.rejected'));
        requestAnimationFrame(() => document.getElementById('supervisor-picker')?.focus());
        e.userMessage = t('supervision.supervisorRefused');
      }
      throw e;
    }
    setSupervisor(null);
    reload();
  };
  return (
    <>
      <Failed error={list.error} />
      {items.length === 0 ? <p class="muted">{t('supervision.noSupervisions')}</p> : (
        <div class="table-wrap" tabindex={0} role="region" aria-label={t('supervision.relationships')}>
          <table class="list" id="supervisions-table">
            <thead><tr><th scope="col">{t('supervision.supervisor')}</th><th scope="col">{t('supervision.type')}</th>
              <th scope="col">{t('supervision.from')}</th><th scope="col">{t('supervision.until')}</th><th scope="col"><span class="visually-hidden">{t('supervision.actions')}</span></th></tr></thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td><SupervisorName id={s.supervisor_person_id} /></td>
                  <td>{t(`supervision.type.${s.type}`)}</td>
                  <td>{formatDate(s.start_date)}</td>
                  <td>{s.end_date ? `${formatDate(s.end_date)}${s.end_reason ? ` (${s.end_reason})` : ''}` : t('supervision.current')}</td>
                  <td>{!s.end_date && can('supervision.write') && (
                    <button type="button" class="small-button" onClick={() => setEnding(s.id)}>{t('supervision.end')}</button>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {ending && (
        <div class="activate">
          <Form id="end-supervision" submitLabel={t('supervision.endNow')} initial={{ end_date: today() }}
            fields={[{ name: 'end_date', type: 'date', required: true, label: t('supervision.endDate') },
              { name: 'reason', type: 'text', max_length: 200, label: t('supervision.endReason') }]}
            onSubmit={async (payload) => { await api.post(`/api/v1/supervisions/${ending}/end`, payload); setEnding(null); reload(); }}>
            <button type="button" class="small-button" onClick={() => setEnding(null)}>{t('config.cancel')}</button>
          </Form>
        </div>
      )}
      {can('supervision.write') && (
        <details class="add" open>
          <summary>{t('supervision.add')}</summary>
          {current.length > 0 && <p class="warning" id="second-supervisor-warning">{t('daily.sup.already', { worker: personName(worker) })}</p>}
          <PersonPicker id="supervisor-picker" label={t('supervision.supervisor')} status="" autoPick value={supervisor}
            onChange={(p) => { setSupervisor(p); setSupError(null); }} error={supError} />
          <Form id="add-supervision" submitLabel={t('supervision.addNow')} initial={{ type: 'individual', start_date: today() }}
            fields={[
              { name: 'type', type: 'choice', required: true, label: t('supervision.type'),
                options: opt('supervision.type', ['individual', 'group', 'job_sharing', 'shadowing']) },
              { name: 'start_date', type: 'date', required: true, label: t('supervision.from') },
            ]}
            onSubmit={async (payload) => {
              setSupError(null);
              if (!supervisor) {
                setSupError(t('supervision.chooseSupervisor'));
                const e = new ApiError(422, 'invalid_field', '', 'supervisor_person_id');
                e.userMessage = t('supervision.supervisorRefused');
                throw e;
              }
              // A worker who already has a current supervisor gets a second one only
              // after the officer says yes (issue 18: it was accepted without a word).
              if (current.length > 0) { setSecond({ payload, supervisor }); return; }
              await record(payload, supervisor);
            }} />
          {second && (
            <Confirm id="second-supervisor" question={t('daily.sup.confirm', { worker: personName(worker), supervisor: personName(second.supervisor) })}
              yes={t('daily.sup.yes')}
              onYes={async () => { const s = second; setSecond(null); await record(s.payload, s.supervisor).catch(() => {}); }}
              onNo={() => setSecond(null)} />
          )}
        </details>
      )}
    </>
  );
}

function SupervisorName({ id }) {
  return <Link href={`/people/${id}`}><PersonName id={id} /></Link>;
}

function Sessions({ worker, tick }) {
  const sup = useGet(worker ? `/api/v1/supervisions?person_id=${worker.id}` : null, tick);
  const list = useGet(worker ? `/api/v1/supervision-sessions?person_id=${worker.id}` : null);
  const reload = list.reload;
  const current = worker ? (sup.data?.items || []).filter((s) => !s.end_date) : [];
  const items = list.data?.items || [];
  const [names, setNames] = useState({});
  useEffect(() => {
    for (const s of current) {
      const id = s.supervisor_person_id;
      personById(id).then((p) => p && setNames((m) => (m[id] ? m : { ...m, [id]: personName(p) })));
    }
  }, [current.map((s) => s.supervisor_person_id).join()]);
  if (!worker) return <p class="muted">{t('supervision.chooseWorker')}</p>;
  return (
    <>
      <Failed error={list.error} />
      {list.data && <p>{t('supervision.minutes', { hours: formatNumber((list.data.supervised_minutes || 0) / 60, { maximumFractionDigits: 1 }) })}</p>}
      {items.length > 0 && (
        <div class="table-wrap" tabindex={0} role="region" aria-label={t('supervision.sessions')}>
          <table class="list" id="sessions-table">
            <thead><tr><th scope="col">{t('supervision.date')}</th><th scope="col" class="num">{t('supervision.duration')}</th>
              <th scope="col">{t('supervision.mode')}</th><th scope="col">{t('supervision.topics')}</th></tr></thead>
            <tbody>{items.map((s) => (
              <tr key={s.id}><td>{formatDate(s.session_date)}</td><td class="num">{formatNumber(s.duration_minutes)}</td>
                <td>{t(`supervision.mode.${s.mode}`)}</td><td>{s.topics || ''}</td></tr>))}</tbody>
          </table>
        </div>
      )}
      {can('supervision.write') && (
        <details class="add">
          <summary>{t('supervision.recordSession')}</summary>
          {current.length === 0 ? <p class="muted">{t('supervision.needSupervisor')}</p> : (
            <Form id="add-session" submitLabel={t('supervision.recordNow')}
              initial={{ session_date: today(), mode: 'in_person', supervisor_person_id: current.length === 1 ? String(current[0].supervisor_person_id) : '' }}
              fields={[
                { name: 'supervisor_person_id', type: 'choice', required: true, label: t('supervision.supervisor'),
                  options: current.map((s) => ({ value: String(s.supervisor_person_id), label: names[s.supervisor_person_id] || `#${s.supervisor_person_id}` })) },
                { name: 'session_date', type: 'date', required: true, label: t('supervision.date') },
                { name: 'duration_minutes', type: 'integer', required: true, min: 1, max: 1440, label: t('supervision.durationLabel') },
                { name: 'mode', type: 'choice', required: true, label: t('supervision.mode'),
                  options: opt('supervision.mode', ['in_person', 'phone', 'video', 'field_visit']) },
                { name: 'topics', type: 'textarea', max_length: 2000, label: t('supervision.topics') },
                { name: 'follow_up', type: 'textarea', max_length: 2000, label: t('supervision.followUp') },
              ]}
              onSubmit={async (p) => {
                await api.post('/api/v1/supervision-sessions', { ...p, person_id: worker.id, supervisor_person_id: Number(p.supervisor_person_id) });
                reload();
              }} />
          )}
        </details>
      )}
    </>
  );
}

function Pay({ worker }) {
  const [period, setPeriod] = useState(thisMonth());
  const [fig] = useFigures(can('reports.aggregate') ? `/api/v1/figures/pay?period=${period}` : null);
  const [allFunders, setAllFunders] = useState(false);
  const mins = useGet('/api/v1/catalogue/pay');
  const cadres = useGet('/api/v1/catalogue/cadres');
  // A payment is in the country's currency (kazi.country{currency}) unless the officer says otherwise.
  const currency = useGet('/api/v1/catalogue/country').data?.items?.currency || '';
  const list = useGet(worker && can('pay.read') ? `/api/v1/payments?person_id=${worker.id}` : null);
  const reload = list.reload;
  const cadreName = (id) => localName((cadres.data?.items || []).find((c) => c.id === id)?.name, id);
  const funders = Object.entries(fig.data?.total?.by_funder || {})
    .sort((a, b) => b[1].below_minimum - a[1].below_minimum || b[1].workers - a[1].workers || (a[0] < b[0] ? -1 : 1));
  const FEW = 10;
  return (
    <>
      <div class="field inline-field">
        <label for="pay-period">{t('supervision.month')}</label>
        <input id="pay-period" type="month" value={period} onChange={(e) => e.currentTarget.value && setPeriod(e.currentTarget.value)} />
      </div>
      <Failed error={fig.error} />
      {fig.data && (
        <>
          <FiguresTable id="pay-table" caption={t('supervision.payCaption', { month: period })} data={fig.data} cols={[
            ['workers', 'supervision.workers'], ['with_minimum', 'supervision.withMinimum'], ['below_minimum', 'supervision.belowMinimum'],
            ['volunteers', 'supervision.volunteers'], ['volunteers_without_reimbursement', 'supervision.noReimbursement']]} />
          {funders.length > 0 && (
            <>
            <h3 class="table-title" id="funder-caption">{allFunders || funders.length <= FEW ? t('supervision.byFunder')
              : t('supervision.byFunderTop', { n: FEW, of: formatNumber(funders.length) })}</h3>
            <div class="table-wrap" tabindex={0} role="region" aria-labelledby="funder-caption">
              <table class="list" id="funder-table">
                <thead><tr><th scope="col">{t('supervision.funder')}</th><th scope="col" class="num">{t('supervision.workers')}</th>
                  <th scope="col" class="num">{t('supervision.belowMinimum')}</th><th scope="col" class="num">{t('supervision.noReimbursement')}</th></tr></thead>
                <tbody>{(allFunders ? funders : funders.slice(0, FEW)).map(([code, f]) => (
                  <tr key={code}><th scope="row">{code}</th><td class="num">{formatNumber(f.workers)}</td>
                    <td class="num">{formatNumber(f.below_minimum)}</td><td class="num">{formatNumber(f.volunteers_without_reimbursement)}</td></tr>))}</tbody>
              </table>
            </div>
            </>
          )}
          {funders.length > FEW && (
            <button type="button" class="small-button" aria-expanded={allFunders ? 'true' : 'false'} aria-controls="funder-table"
              onClick={() => setAllFunders(!allFunders)}>
              {allFunders ? t('supervision.fewerFunders') : t('supervision.allFunders', { n: formatNumber(funders.length) })}
            </button>
          )}
        </>
      )}
      {(mins.data?.items || []).length > 0 && (
        <>
        <h3 class="table-title" id="minimum-caption">{t('supervision.minimums')}</h3>
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="minimum-caption">
          <table class="list" id="minimum-table">
            <thead><tr><th scope="col">{t('supervision.cadre')}</th><th scope="col">{t('supervision.engagement')}</th>
              <th scope="col" class="num">{t('supervision.amount')}</th><th scope="col">{t('supervision.per')}</th></tr></thead>
            <tbody>{mins.data.items.map((m) => (
              <tr key={m.id}><td>{cadreName(m.cadre)}</td><td>{m.engagement ? [].concat(m.engagement).map((e) => t(`supervision.engagement.${e}`)).join(', ') : t('supervision.engagement.any')}</td>
                <td class="num">{formatNumber(m.amount)} {m.currency}</td><td>{t(`supervision.period.${m.period}`)}</td></tr>))}</tbody>
          </table>
        </div>
        </>
      )}
      <h3>{t('supervision.payments')}</h3>
      {!worker ? <p class="muted">{t('supervision.chooseWorker')}</p> : (
        <>
          <Failed error={list.error} />
          {(list.data?.items || []).length === 0 ? <p class="muted">{t('supervision.noPayments')}</p> : (
            <div class="table-wrap" tabindex={0} role="region" aria-label={t('supervision.payments')}>
              <table class="list" id="payments-table">
                <thead><tr><th scope="col">{t('supervision.month')}</th><th scope="col">{t('supervision.kind')}</th>
                  <th scope="col" class="num">{t('supervision.amount')}</th><th scope="col">{t('supervision.purpose')}</th>
                  <th scope="col">{t('supervision.minimum')}</th></tr></thead>
                <tbody>{list.data.items.map((p) => (
                  <tr key={p.id}><td>{p.period}</td><td>{t(`supervision.payKind.${p.kind}`)}</td>
                    <td class="num">{formatNumber(p.amount)} {p.currency}</td><td>{p.purpose || ''}</td>
                    <td>{p.minimum ? t(p.below_minimum ? 'supervision.payBelow' : 'supervision.payMet',
                      { amount: `${formatNumber(p.minimum.amount)} ${p.minimum.currency}` }) : ''}</td></tr>))}</tbody>
              </table>
            </div>
          )}
          {can('pay.write') && (
            <details class="add">
              <summary>{t('supervision.recordPayment')}</summary>
              <Form id="add-payment" key={currency} submitLabel={t('supervision.recordNow')} initial={{ kind: 'stipend', period: thisMonth(), currency }}
                fields={[
                  { name: 'kind', type: 'choice', required: true, label: t('supervision.kind'),
                    options: opt('supervision.payKind', ['payment', 'stipend', 'allowance', 'materials', 'reimbursement']) },
                  { name: 'period', type: 'text', required: true, max_length: 7, label: t('supervision.periodLabel') },
                  { name: 'amount', type: 'number', required: true, min: 0, label: t('supervision.amount') },
                  { name: 'currency', type: 'text', required: true, max_length: 3, label: t('supervision.currency') },
                  { name: 'purpose', type: 'text', max_length: 200, label: t('supervision.purpose'), help: t('supervision.purposeHelp') },
                  { name: 'paid_on', type: 'date', label: t('supervision.paidOn') },
                ]}
                onSubmit={async (p) => { await api.post('/api/v1/payments', { ...p, person_id: worker.id }); reload(); }} />
            </details>
          )}
        </>
      )}
    </>
  );
}

function Support({ worker }) {
  const [fig] = useFigures(can('reports.aggregate') ? '/api/v1/figures/support' : null);
  const list = useGet(worker ? `/api/v1/support-activities?person_id=${worker.id}` : null);
  const reload = list.reload;
  return (
    <>
      <p class="notice">{t('supervision.selfCare')}</p>
      <Failed error={fig.error} />
      {fig.data && <FiguresTable id="support-table" caption={t('supervision.supportCaption')} data={fig.data}
        cols={[['workers', 'supervision.workers'], ['without_support', 'supervision.withoutSupport']]} />}
      <h3>{t('supervision.supportRecords')}</h3>
      {!worker ? <p class="muted">{t('supervision.chooseWorker')}</p> : (
        <>
          <Failed error={list.error} />
          {(list.data?.items || []).length === 0 ? <p class="muted">{t('supervision.noSupport')}</p> : (
            <ul class="plain-list" id="support-list">{list.data.items.map((s) => (
              <li key={s.id}>{formatDate(s.activity_date)} · {t(`supervision.supportKind.${s.kind}`)}{s.note ? ` · ${s.note}` : ''}</li>))}</ul>
          )}
          {can('support.write') && (
            <details class="add">
              <summary>{t('supervision.recordSupport')}</summary>
              <Form id="add-support" submitLabel={t('supervision.recordNow')} initial={{ kind: 'debriefing', activity_date: today() }}
                fields={[
                  { name: 'kind', type: 'choice', required: true, label: t('supervision.kind'),
                    options: opt('supervision.supportKind', ['debriefing', 'peer_support', 'counselling', 'wellness']) },
                  { name: 'activity_date', type: 'date', required: true, label: t('supervision.date') },
                  { name: 'note', type: 'textarea', max_length: 2000, label: t('supervision.note') },
                ]}
                onSubmit={async (p) => { await api.post('/api/v1/support-activities', { ...p, person_id: worker.id }); reload(); }} />
            </details>
          )}
        </>
      )}
    </>
  );
}

/** A worker's monthly activity returns: the months entered, and a form to enter or
 * correct one month (re-entering a month replaces its counts). Inputs are named
 * counts.<activity id> so the server's 422 (field "counts.home-visits") lands on
 * the right one. */
function Returns({ worker }) {
  const acts = useGet('/api/v1/catalogue');
  const list = useGet(worker ? `/api/v1/activity-returns?person_id=${worker.id}` : null);
  const [saved, setSaved] = useState(null);
  const activities = acts.data?.activities || [];
  const names = Object.fromEntries(activities.map((a) => [a.id, localName(a.name, a.id)]));
  const months = {};
  for (const r of list.data?.items || []) (months[r.period] ||= {})[r.activity] = r.count;
  const periods = Object.keys(months).sort().reverse();
  const lastMonth = new Date(Date.now() - 28 * 864e5).toISOString().slice(0, 7);
  if (!worker) return <p class="muted">{t('supervision.chooseWorker')}</p>;
  return (
    <>
      <Failed error={list.error || acts.error} />
      {periods.length === 0 ? <p class="muted">{t('supervision.noWorkerReturns')}</p> : (
        <>
        <h3 id="returns-caption">{t('supervision.returnsCaption', { name: personName(worker) })}</h3>
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="returns-caption">
          <table class="figures" id="returns-table" aria-labelledby="returns-caption">
            <thead><tr><th scope="col">{t('supervision.month')}</th>
              {activities.map((a) => <th scope="col" key={a.id} class="num">{names[a.id]}</th>)}</tr></thead>
            <tbody>{periods.map((m) => (
              <tr key={m}><th scope="row">{m}</th>
                {activities.map((a) => <td key={a.id} class="num">{months[m][a.id] == null ? '—' : formatNumber(months[m][a.id])}</td>)}</tr>
            ))}</tbody>
          </table>
        </div>
        </>
      )}
      {saved && <p class="notice" role="status">{t('supervision.returnSaved', { month: saved })}</p>}
      {can('activity.write') && activities.length > 0 && (
        <details class="add">
          <summary>{t('supervision.enterReturn')}</summary>
          <Form id="add-return" submitLabel={t('supervision.saveReturn')} initial={{ period: lastMonth }}
            fields={[
              { name: 'period', type: 'text', required: true, max_length: 7, label: t('supervision.month'),
                help: t('supervision.monthHelp') },
              ...activities.map((a) => ({ name: `counts.${a.id}`, type: 'integer', label: names[a.id] })),
            ]}
            onSubmit={async (p) => {
              const counts = {};
              for (const [k, v] of Object.entries(p)) if (k.startsWith('counts.')) counts[k.slice(7)] = v;
              await api.put('/api/v1/activity-returns', { person_id: worker.id, period: p.period, counts });
              setSaved(p.period);
              list.reload();
            }} />
        </details>
      )}
    </>
  );
}

function Activity() {
  const acts = useGet('/api/v1/catalogue');
  const fig = useGet('/api/v1/figures/activity');
  const [from, setFrom] = useState(() => new Date(Date.now() - 5 * 365 * 864e5).toISOString().slice(0, 10));
  const ret = useGet(`/api/v1/figures/retention?from=${from}`);
  const totals = fig.data?.total?.totals || {};
  const names = Object.fromEntries((acts.data?.activities || []).map((a) => [a.id, localName(a.name, a.id)]));
  const r = ret.data?.total;
  // The home ward and district are levels of the country (home_levels): named by its names.
  const home = (k) => levelWord(acts.data?.country?.levels, ret.data?.home_levels?.[k] ?? k);
  return (
    <>
      <Failed error={fig.error} />
      {fig.data && (Object.keys(totals).length === 0 ? <p class="muted">{t('supervision.noReturns')}</p> : (
        <FigureChart id="activity-chart" title={t('supervision.activityTotals')} category={t('supervision.activity')} value={t('supervision.count')}
          rows={Object.entries(totals).map(([id, n]) => ({ key: id, label: names[id] || id, value: n }))} />
      ))}
      <h3>{t('supervision.retention', { from: formatDate(from) })}</h3>
      <div class="field inline-field">
        <label for="retention-from">{t('supervision.since')}</label>
        <DateField id="retention-from" label={t('supervision.since')} value={from} onInput={(v) => /^\d{4}-\d\d-\d\d$/.test(v) && setFrom(v)} />
      </div>
      <Failed error={ret.error} />
      {r && (
        <table class="figures" id="retention-table">
          <tbody>
            <tr><th scope="row">{t('supervision.entries')}</th><td class="num">{formatNumber(r.entries ?? 0)}</td></tr>
            <tr><th scope="row">{t('supervision.exits')}</th><td class="num">{formatNumber(r.exits ?? 0)}</td></tr>
            <tr><th scope="row">{t('supervision.serving')}</th><td class="num">{formatNumber(r.serving ?? 0)}</td></tr>
            <tr><th scope="row">{t('supervision.homeLevel', { level: home('ward') })}</th><td class="num">{formatNumber(r.home_ward ?? 0)} ({share(r.home_ward_share)})</td></tr>
            <tr><th scope="row">{t('supervision.homeLevel', { level: home('district') })}</th><td class="num">{formatNumber(r.home_district ?? 0)} ({share(r.home_district_share)})</td></tr>
            {Object.entries(r.exit_reasons || {}).map(([k, n]) => (
              <tr key={k}><th scope="row">{t('supervision.exitReason', { reason: t(`supervision.reason.${k}`) === `supervision.reason.${k}` ? k : t(`supervision.reason.${k}`) })}</th><td class="num">{formatNumber(n)}</td></tr>))}
          </tbody>
        </table>
      )}
    </>
  );
}

const SECTIONS = [
  ['coverage', 'supervision.coverage', true], ['relationships', 'supervision.relationships'], ['sessions', 'supervision.sessions'],
  ['pay', 'supervision.pay'], ['support', 'supervision.support'], ['returns', 'supervision.returns'], ['returns-grid', 'rgrid.title'],
  ['activity', 'supervision.activityRetention', true],
];
const RECORDS = new Set(['relationships', 'sessions', 'pay', 'support', 'returns']);

/** One section at a time, chosen with the buttons at the top (kept in ?section= so it can be linked). */
export function Supervision() {
  const { query } = useLocation();
  const [worker, setWorker] = useState(null);
  const [tick, setTick] = useState(0);
  const figures = can('reports.aggregate');
  const shown = SECTIONS.filter(([, , needsFigures]) => figures || !needsFigures);
  const asked = query.get('section');
  const section = shown.some(([id]) => id === asked) ? asked : shown[0][0];
  const choose = (id) => navigate(`/supervision?section=${id}`, { replace: true });
  const title = SECTIONS.find(([id]) => id === section)[1];
  return (
    <section class="supervision">
      <h1 id="main-title" tabindex={-1}>{t('nav.supervision')}</h1>
      <p>{t('supervision.intro')}</p>
      <nav class="section-nav" aria-label={t('supervision.sectionsNav')}>
        <ul>{shown.map(([id, label]) => (
          <li key={id}><button type="button" class={`section-button${id === section ? ' is-current' : ''}`}
            aria-pressed={id === section ? 'true' : 'false'} onClick={() => choose(id)}>{t(label)}</button></li>
        ))}</ul>
      </nav>
      {RECORDS.has(section) && (
        <section class="worker-card" aria-labelledby="h-worker">
          <h2 id="h-worker" class="visually-hidden">{t('supervision.worker')}</h2>
          <PersonPicker id="worker-picker" label={t('supervision.worker')} status="" autoPick value={worker} onChange={setWorker} />
        </section>
      )}
      <section id={`sec-${section}`} aria-labelledby="h-section">
        <h2 id="h-section">{t(title)}</h2>
        {section === 'coverage' && <Coverage />}
        {section === 'relationships' && <Relationships worker={worker} onChanged={() => setTick((n) => n + 1)} />}
        {section === 'sessions' && <Sessions worker={worker} tick={tick} />}
        {section === 'pay' && <Pay worker={worker} />}
        {section === 'support' && <Support worker={worker} />}
        {section === 'returns' && <Returns worker={worker} />}
        {section === 'returns-grid' && <ReturnsGrid />}
        {section === 'activity' && <Activity />}
      </section>
    </section>
  );
}
