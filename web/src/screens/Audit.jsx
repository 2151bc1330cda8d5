// The audit trail (administrators): who changed what, when; filters, older pages,
// and a check of the hash chain. Every value is shown as text.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, formatDate, formatNumber } from '../i18n.js';
import { Form } from '../components/Form.jsx';
import { errorText } from '../api.js';
import { ComingSoon } from './ComingSoon.jsx';

const PAGE = 50;
/** The actions the server records (core/*: kazi_audit_append callers); each has words in strings/auditlog.js. */
export const ACTIONS = [
  'user.create', 'user.update', 'user.password', 'user.person', 'user.totp_begin', 'user.totp_enable', 'user.totp_disable',
  'user.totp_reset', 'user.recovery_code_used', 'login.success', 'login.failure', 'token.create', 'token.revoke',
  'person.create', 'person.update', 'person.deactivate', 'person.merge', 'person.merged_into', 'person.not_duplicate',
  'people.export', 'import.people', 'position.create', 'position.update', 'position.replacement_needed',
  'assignment.create', 'assignment.end', 'orgunit.create', 'orgunit.update', 'orgunit.import', 'organisation.create',
  'organisation.update', 'population.import', 'training_event.create', 'enrolment.create', 'enrolment.result',
  'prior_learning.create', 'certificate.issue', 'certificate.issue_override', 'certificate.revoke', 'career_move.record',
  'supervision.create', 'supervision.end', 'activity_return.put', 'activity_return.import', 'config.propose',
  'config.activate', 'config.recover',
];

/** Words for KEY, or FALLBACK when none are written (a new action still shows, by its code). */
function words(key, fallback) {
  const s = t(key);
  return s === key ? fallback : s;
}
export const actionText = (a) => words(`auditlog.a.${a}`, a);
const kindText = (k) => words(`auditlog.e.${k}`, (k || '').replace(/_/g, ' '));

function filterFields() {
  return [
    { name: 'actor', type: 'text', label: { t: 'audit.f.whoUsername' }, max_length: 80 },
    { name: 'action', type: 'choice', label: t('auditlog.action'),
      options: ACTIONS.map((a) => ({ value: a, label: actionText(a) })).sort((x, y) => x.label.localeCompare(y.label)) },
    { name: 'entity_type', type: 'text', label: { t: 'audit.f.kindOfRecordE' }, max_length: 64 },
    { name: 'since', type: 'date', label: { t: 'audit.f.from' } },
    { name: 'until', type: 'date', label: { t: 'audit.f.upToAndIncluding' } },
  ];
}

function query(filters, beforeId) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const k of ['actor', 'action', 'entity_type']) if (filters[k]) q.set(k, filters[k]);
  if (filters.since) q.set('since', String(Date.parse(`${filters.since}T00:00:00Z`)));
  if (filters.until) q.set('until', String(Date.parse(`${filters.until}T00:00:00Z`) + 86400000 - 1));
  if (beforeId) q.set('before_id', String(beforeId));
  return `/api/v1/audit?${q}`;
}

const when = (ms) => formatDate(ms, { dateStyle: 'medium', timeStyle: 'short' });

/** A recorded value as words: empty, yes/no, lists joined, records as "field: value". */
function Value({ v }) {
  if (v === undefined || v === null || v === '') return <span class="muted">{t('auditlog.empty')}</span>;
  if (typeof v === 'boolean') return t(v ? 'auditlog.yes' : 'auditlog.no');
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) return v.map(String).join(', ');
    return <ul class="plain">{v.map((x, i) => <li key={i}><Value v={x} /></li>)}</ul>;
  }
  if (typeof v === 'object') {
    return (
      <ul class="plain">
        {Object.keys(v).map((k) => <li key={k}>{fieldName(k)}: <Value v={v[k]} /></li>)}
      </ul>
    );
  }
  return String(v);
}

const fieldName = (k) => k.replace(/_/g, ' ');
const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Before and after: the fields that changed, old value beside new; every recorded field folded below. */
function Changes({ before, after }) {
  const keys = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])];
  if (!keys.length) return <p class="muted">{t('audit.noDetails')}</p>;
  const changed = keys.filter((k) => !same(before?.[k], after?.[k]));
  const table = (list, cls) => (
    <table class={cls}>
      <thead><tr><th scope="col">{t('audit.field')}</th><th scope="col">{t('audit.before')}</th><th scope="col">{t('audit.after')}</th></tr></thead>
      <tbody>
        {list.map((k) => (
          <tr key={k} class={same(before?.[k], after?.[k]) ? '' : 'changed'}>
            <th scope="row">{fieldName(k)}</th>
            <td class="was">{before ? <Value v={before[k]} /> : ''}</td>
            <td class="now">{after ? <Value v={after[k]} /> : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <>
      {changed.length > 0 && <><p class="diff-title">{t('auditlog.changedOnly')}</p>{table(changed, 'changes diff')}</>}
      {changed.length < keys.length && (
        <details class="all-fields">
          <summary>{t('auditlog.allFields', { n: keys.length })}</summary>
          {table(keys, 'changes')}
        </details>
      )}
    </>
  );
}

export function Audit() {
  const [filters, setFilters] = useState({});
  const [rows, setRows] = useState(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(false);
  const [chain, setChain] = useState(null);

  const load = async (f, beforeId) => {
    const r = await api.get(query(f, beforeId));
    const got = r.audit || [];
    setRows((old) => (beforeId ? [...(old || []), ...got] : got));
    setMore(got.length === PAGE);
  };
  useEffect(() => {
    load({}).catch((e) => (e.status === 404 ? setMissing(true) : setError(errorText(e))));
  }, []);
  if (missing) {
    return <ComingSoon screen={{ nav: 'nav.audit', needs: 'access', api: '/api/v1/audit', about: 'about.audit' }} />;
  }
  const verify = async () => {
    setChain({ busy: true });
    try { setChain(await api.get('/api/v1/audit/verify')); } catch (e) { setChain({ error: errorText(e) }); }
  };

  return (
    <section class="audit">
      <h1 id="main-title" tabindex={-1}>{t('nav.audit')}</h1>
      <p>{t('about.audit')}</p>
      <details class="filters">
        <summary>{t('audit.filter')}</summary>
        <Form id="audit-filter" fields={filterFields()} submitLabel={t('audit.show')}
          onSubmit={async (f) => { setFilters(f); setError(null); await load(f); }} />
      </details>
      <div class="chain">
        <button type="button" onClick={verify} disabled={chain?.busy}>{t('audit.verify')}</button>
        <div role="status">
          {chain && chain.ok === true && <p class="ok">{t('audit.intact', { n: formatNumber(chain.rows) })}</p>}
          {chain && chain.ok === false && <p class="problem">{t('audit.broken', { id: chain.bad_row, problem: chain.problem })}</p>}
          {chain?.error && <p class="problem">{chain.error}</p>}
        </div>
      </div>
      {error && <p class="problem" role="alert">{error}</p>}
      {rows && rows.length === 0 && <p>{t('audit.none')}</p>}
      {rows && rows.length > 0 && (
        <ol class="audit-list">
          {rows.map((r) => (
            <li key={r.id}>
              <details>
                <summary>
                  <span class="when">{when(r.at)}</span>{' '}
                  <span class="who">{r.actor || t('auditlog.system')}</span>{' '}
                  <span class="action" data-action={r.action}>{actionText(r.action)}</span>{' '}
                  <span class="what">{t('auditlog.what', { kind: kindText(r.entity_type), id: r.entity_id ?? '' }).trim()}</span>
                </summary>
                <Changes before={r.before} after={r.after} />
                <p class="muted small">
                  {t('audit.entry', { id: r.id })} · <code>{r.action}</code>
                  {r.client_addr ? ` · ${t('audit.from', { addr: r.client_addr })}` : ''}
                  {r.request_id ? ` · ${t('audit.request', { id: r.request_id })}` : ''}
                </p>
              </details>
            </li>
          ))}
        </ol>
      )}
      {more && (
        <button type="button" onClick={() => load(filters, rows[rows.length - 1].id).catch((e) => setError(errorText(e)))}>
          {t('audit.older')}
        </button>
      )}
    </section>
  );
}
