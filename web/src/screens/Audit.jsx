// The audit trail (administrators): who changed what, when; filters, older pages,
// and a check of the hash chain. Every value is shown as text.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, formatDate, formatNumber } from '../i18n.js';
import { Form, errorText } from '../components/Form.jsx';
import { ComingSoon } from './ComingSoon.jsx';

const PAGE = 50;
const FILTERS = [
  { name: 'actor', type: 'text', label: { en: 'Who (username)', sw: 'Nani (jina la mtumiaji)' }, max_length: 80 },
  { name: 'action', type: 'text', label: { en: 'Action, e.g. user.create', sw: 'Kitendo, mfano user.create' }, max_length: 64 },
  { name: 'entity_type', type: 'text', label: { en: 'Kind of record, e.g. user', sw: 'Aina ya kumbukumbu, mfano user' }, max_length: 64 },
  { name: 'since', type: 'date', label: { en: 'From', sw: 'Kuanzia' } },
  { name: 'until', type: 'date', label: { en: 'Up to and including', sw: 'Hadi na pamoja na' } },
];

function query(filters, beforeId) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const k of ['actor', 'action', 'entity_type']) if (filters[k]) q.set(k, filters[k]);
  if (filters.since) q.set('since', String(Date.parse(`${filters.since}T00:00:00Z`)));
  if (filters.until) q.set('until', String(Date.parse(`${filters.until}T00:00:00Z`) + 86400000 - 1));
  if (beforeId) q.set('before_id', String(beforeId));
  return `/api/v1/audit?${q}`;
}

const when = (ms) => formatDate(ms, { dateStyle: 'medium', timeStyle: 'short' });

/** Before/after as rows of field, old value, new value (objects as JSON text). */
function Changes({ before, after }) {
  const keys = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])];
  const show = (v) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  if (!keys.length) return <p class="muted">{t('audit.noDetails')}</p>;
  return (
    <table class="changes">
      <thead><tr><th scope="col">{t('audit.field')}</th><th scope="col">{t('audit.before')}</th><th scope="col">{t('audit.after')}</th></tr></thead>
      <tbody>
        {keys.map((k) => {
          const a = show(before?.[k]); const b = show(after?.[k]);
          return <tr key={k} class={a !== b ? 'changed' : ''}><th scope="row">{k}</th><td>{a}</td><td>{b}</td></tr>;
        })}
      </tbody>
    </table>
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
        <Form id="audit-filter" fields={FILTERS} submitLabel={t('audit.show')}
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
                  <span class="who">{r.actor || '—'}</span>{' '}
                  <code class="action">{r.action}</code>{' '}
                  <span class="what">{r.entity_type}{r.entity_id ? ` ${r.entity_id}` : ''}</span>
                </summary>
                <Changes before={r.before} after={r.after} />
                <p class="muted small">
                  {t('audit.entry', { id: r.id })}
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
