// The register's figures for the signed-in user's area, from the API only:
// people search totals (by cadre, by org unit), vacant posts, certificates
// expiring in the next 90 days and supervision coverage. Each figure links to the
// screen where it can be acted on. The server scopes every answer to the user's
// area; a figure the user may not see (403) or the server lacks (404) is left out.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { can } from '../session.js';
import { Link } from '../router.js';
import { FigureChart } from './FigureChart.jsx';
import { errorText } from './Form.jsx';

export const EXPIRY_DAYS = 90;
const total = async (path) => (await api.get(path)).total ?? 0;
const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));

async function children(scope) {
  const id = scope && typeof scope === 'object' ? (scope.org_unit || scope).id : null;
  if (id) return (await api.get(`/api/v1/org-units/${id}/children`)).org_units || [];
  const roots = (await api.get('/api/v1/org-units')).org_units || [];
  if (roots.length === 1) return (await api.get(`/api/v1/org-units/${roots[0].id}/children`)).org_units || [];
  return roots;
}

/** Everything the dashboard shows, fetched in parallel; each part {value} or {error}. */
export async function loadFigures(scope) {
  const people = settle(total('/api/v1/people?status=active&limit=1'));
  const certifications = settle(api.get('/api/v1/catalogue/certifications').then((r) => r.items || []));
  const cadres = settle((async () => {
    const list = (await api.get('/api/v1/catalogue/cadres')).items || [];
    return Promise.all(list.map(async (c) => ({ cadre: c,
      workers: await total(`/api/v1/people?status=active&cadre=${encodeURIComponent(c.id)}&limit=1`),
      vacant: can('positions.read') ? await total(`/api/v1/positions?vacant=true&cadre=${encodeURIComponent(c.id)}&limit=1`) : null })));
  })());
  const units = settle((async () => {
    const list = await children(scope);
    return Promise.all(list.map(async (u) => ({ unit: u,
      people: await total(`/api/v1/people?status=active&org_unit=${u.id}&limit=1`) })));
  })());
  const vacant = can('positions.read') ? settle(total('/api/v1/positions?vacant=true&limit=1')) : null;
  const expiring = can('careers.read') ? settle(api.get(`/api/v1/certificates/expiring?days=${EXPIRY_DAYS}`)) : null;
  const supervision = can('reports.aggregate') ? settle(api.get('/api/v1/figures/supervision')) : null;
  const [p, c, u, v, e, s, k] = await Promise.all([people, cadres, units, vacant, expiring, supervision, certifications]);
  return { people: p, cadres: c, units: u, vacant: v, expiring: e, supervision: s, certifications: k };
}

const shown = (part) => part && !part.error;
const missing = (part) => part && part.error && (part.error.status === 403 || part.error.status === 404);

function Problem({ part }) {
  if (!part || !part.error || missing(part)) return null;
  return <p class="problem">{errorText(part.error)}</p>;
}

function Stat({ id, label, value, href, note }) {
  return (
    <div class="stat" id={id}>
      <p class="stat-label">{label}</p>
      <p class="stat-value">{href ? <Link href={href}>{formatNumber(value)}</Link> : formatNumber(value)}</p>
      {note && <p class="muted small">{note}</p>}
    </div>
  );
}

export function DashboardFigures({ scope }) {
  const [f, setF] = useState(null);
  useEffect(() => {
    let live = true;
    loadFigures(scope).then((x) => live && setF(x));
    return () => { live = false; };
  }, [JSON.stringify(scope)]);
  if (!f) return <p aria-live="polite">{t('dashboard.loading')}</p>;
  // Without people.read (an analyst) the counts of people are left out, the rest stays.
  const hasPeople = shown(f.people);
  if (!hasPeople && !shown(f.vacant) && !shown(f.supervision)) return <Problem part={f.people} />;
  if (hasPeople && f.people.value === 0) {
    return (
      <section class="card empty-register" aria-labelledby="figures-title">
        <h2 id="figures-title">{t('dashboard.figures')}</h2>
        <p>{t('dashboard.empty')}</p>
        <p>
          {can('imports.run') && <Link href="/imports">{t('dashboard.emptyImport')}</Link>}
          {can('imports.run') && can('people.write') && ' · '}
          {can('people.write') && <Link href="/people">{t('dashboard.emptyPeople')}</Link>}
        </p>
      </section>
    );
  }
  const sup = shown(f.supervision) ? f.supervision.value.total : null;
  const exp = shown(f.expiring) ? f.expiring.value.items || [] : null;
  const byCert = {};
  for (const c of exp || []) byCert[c.certification] = (byCert[c.certification] || 0) + 1;
  return (
    <section class="figures-section" aria-labelledby="figures-title">
      <h2 id="figures-title">{t('dashboard.figures')}</h2>
      <div class="stats">
        {hasPeople && <Stat id="fig-people" label={t('dashboard.people')} value={f.people.value} href="/people" />}
        {shown(f.vacant) && <Stat id="fig-vacant" label={t('dashboard.vacant')} value={f.vacant.value} href="/positions?vacant=true" />}
        {exp && <Stat id="fig-expiring" label={t('dashboard.expiring', { days: EXPIRY_DAYS })} value={exp.length} href="/certificates" />}
        {sup && <Stat id="fig-unsupervised" label={t('dashboard.withoutSupervisor')} value={sup.without_supervisor}
          href="/supervision" note={t('dashboard.ofWorkers', { n: formatNumber(sup.workers) })} />}
      </div>
      <Problem part={f.vacant} /><Problem part={f.expiring} /><Problem part={f.supervision} />
      <div class="cards figure-cards">
        {hasPeople && shown(f.cadres) && (
          <article class="card">
            <FigureChart id="chart-cadres" title={t('dashboard.byCadre')} category={t('dashboard.cadre')} value={t('dashboard.workers')}
              rows={f.cadres.value.map(({ cadre, workers }) => ({ key: cadre.id, label: localName(cadre.name, cadre.id), value: workers,
                href: `/people?cadre=${encodeURIComponent(cadre.id)}` }))} />
          </article>
        )}
        {hasPeople && shown(f.units) && f.units.value.length > 0 && (
          <article class="card">
            <FigureChart id="chart-units" title={t('dashboard.byUnit')} category={t('dashboard.unit')} value={t('dashboard.people')}
              rows={f.units.value.map(({ unit, people }) => ({ key: unit.id, label: localName(unit.name, unit.code), value: people,
                href: `/people?org_unit=${unit.id}` }))} />
          </article>
        )}
        {shown(f.cadres) && shown(f.vacant) && (
          <article class="card">
            <FigureChart id="chart-vacant" title={t('dashboard.vacantByCadre')} category={t('dashboard.cadre')} value={t('dashboard.vacantPosts')}
              rows={f.cadres.value.map(({ cadre, vacant }) => ({ key: cadre.id, label: localName(cadre.name, cadre.id), value: vacant ?? 0,
                href: `/positions?vacant=true&cadre=${encodeURIComponent(cadre.id)}` }))} />
          </article>
        )}
        {exp && (
          <article class="card">
            <h3>{t('dashboard.expiringTitle', { days: EXPIRY_DAYS })}</h3>
            {exp.length === 0 ? <p class="muted">{t('dashboard.noneExpiring')}</p> : (
              <FigureChart id="chart-expiring" chart={false} title={t('dashboard.expiringByCert')} category={t('dashboard.certification')}
                value={t('dashboard.certificates')}
                rows={Object.entries(byCert).map(([id, n]) => ({ key: id, value: n, href: '/certificates',
                  label: localName((f.certifications.value || []).find((c) => c.id === id)?.name, id) }))} />
            )}
          </article>
        )}
        {sup && (
          <article class="card" id="card-supervision">
            <h3>{t('dashboard.supervisionTitle')}</h3>
            <table class="figures">
              <tbody>
                {[['workers', 'dashboard.supWorkers'], ['without_supervisor', 'dashboard.supWithout'], ['no_recent_session', 'dashboard.supNoSession'],
                  ['supervisors', 'dashboard.supSupervisors'], ['supervisors_over_ratio', 'dashboard.supOverRatio']].map(([k, label]) => (
                  <tr key={k}><th scope="row">{t(label)}</th>
                    <td class="num"><Link href="/supervision">{formatNumber(sup[k] ?? 0)}</Link></td></tr>
                ))}
                <tr><th scope="row">{t('dashboard.supRatio')}</th>
                  <td class="num">{sup.workers_per_supervisor == null ? '—' : formatNumber(sup.workers_per_supervisor, { maximumFractionDigits: 1 })}</td></tr>
              </tbody>
            </table>
          </article>
        )}
      </div>
    </section>
  );
}
