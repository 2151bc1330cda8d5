// The dashboard shows only what the server answers: the signed-in user's roles and
// area, the register's figures for the user's area (components/DashboardFigures.jsx),
// each linking to the workers behind it or the screen where it can be acted on, and —
// for those who run the installation (config.read) — the server's health and what the
// active configuration declares. Never made-up numbers.
import { t, localName, formatNumber, roleName } from '../i18n.js';
import { session, can } from '../session.js';
import { useCatalogue } from '../careers-data.jsx';
import { BarChart } from '../components/BarChart.jsx';
import { DashboardFigures } from '../components/DashboardFigures.jsx';
import { useEffect, useState } from 'preact/hooks';
import { useGet } from '../components/useGet.js';
import { orgUnit } from '../lookups.js';

const KINDS = ['cadres', 'courses', 'fields', 'certifications', 'moves', 'reports'];


function scopeName(scope) {
  if (!scope) return t('dash.scopeAll');
  if (typeof scope === 'string') return scope;
  const unit = scope.org_unit || scope;
  return localName(unit.name, unit.code || String(unit.id ?? '')) || t('dash.scopeAll');
}

function Server() {
  const h = useGet('/healthz');
  if (h.loading) return <p>{t('app.loading')}</p>;
  if (h.error) return <p class="problem">{t('dash.serverBad', { status: h.error.message })}</p>;
  return h.data.status === 'ok'
    ? <p><span class="ok-dot" aria-hidden="true" /> {t('dash.serverOk', { version: formatNumber(h.data.schema_version) })}</p>
    : <p class="problem">{t('dash.serverBad', { status: String(h.data.status) })}</p>;
}

function Configuration() {
  // The catalogue the figures already loaded (one request per page load, shared).
  const data = useCatalogue();
  if (!data) return <p>{t('app.loading')}</p>;
  const c = { data };
  const rows = KINDS.filter((k) => Array.isArray(c.data[k]))
    .map((k) => ({ label: t(`kind.${k}`), value: c.data[k].length }));
  const cadres = Array.isArray(c.data.cadres) ? c.data.cadres : [];
  return (
    <>
      {rows.length > 0 && <BarChart id="config-chart" title={t('dash.configChart')} rows={rows}
        categoryLabel={t('dash.kind')} valueLabel={t('dash.count')} />}
      {cadres.length > 0 && (
        <>
          <h3>{t('dash.cadres')}</h3>
          <ul class="cadres">
            {cadres.map((cd) => <li key={cd.id}>{localName(cd.name, cd.id)}</li>)}
          </ul>
        </>
      )}
    </>
  );
}

/** Where the user's area sits: Tanzania › Arusha › Arusha City. */
function AreaPath({ scope }) {
  const id = scope && typeof scope === 'object' ? (scope.org_unit || scope).id : null;
  const [unit, setUnit] = useState(null);
  useEffect(() => { if (id) orgUnit(id).then(setUnit, () => {}); }, [id]); // kept across visits
  const path = Array.isArray(unit?.path) ? unit.path : null;
  if (!path || path.length < 2) return null;
  return <span class="area-path"> ({path.map((u) => localName(u.name, u.code)).join(' › ')})</span>;
}

export function Dashboard() {
  const s = session();
  return (
    <section class="dashboard">
      <h1 id="main-title" tabindex={-1}>{t('dash.title')}</h1>
      <p class="who">
        {s.roles.length > 0 && <>{t('dash.roles', { roles: s.roles.map(roleName).join(', ') })} · </>}
        {t('dash.scope', { scope: scopeName(s.scope) })}<AreaPath scope={s.scope} />
      </p>
      <DashboardFigures />
      {can('config.read', 'administrator') && (
        <div class="cards">
          <article class="card">
            <h2>{t('dash.server')}</h2>
            <Server />
          </article>
          <article class="card wide">
            <h2>{t('dash.configTitle')}</h2>
            <Configuration />
          </article>
        </div>
      )}
    </section>
  );
}
