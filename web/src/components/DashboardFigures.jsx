// The register's figures for the signed-in user's area, in ONE request
// (GET /api/v1/figures/dashboard: people, vacant posts, certificates expiring in the
// next 90 days, supervision coverage and this month's pay compliance, with the names
// of the cadres and certifications they are shown with). The server leaves out what the
// user's role may not read. A figure that counts workers opens the list of those
// workers with the reason (screens/FigurePeople.jsx) when the user may see names;
// the others link to the screen where they are acted on.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber, locale } from '../i18n.js';
import { can } from '../session.js';
import { Link } from '../router.js';
import { FigureChart } from './FigureChart.jsx';
import { errorText } from '../api.js';

export const EXPIRY_DAYS = 90;

// public/early.js starts this very request with the page, on a slow link.
const PATH = `/api/v1/figures/dashboard?days=${EXPIRY_DAYS}`;

/** The dashboard's answer, names included: {figures, catalogue: {cadres, certifications}}. */
export async function loadFigures() {
  const figures = await api.get(PATH);
  return { figures, catalogue: figures.names || {} };
}

/** Where a figure that counts workers leads: their names when the user may see them. */
export function namesHref(figure, period, fallback) {
  if (!can('people.read')) return fallback;
  return `/figures/${figure}${period ? `?period=${period}` : ''}`;
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

const list = (cat, kind) => (cat && Array.isArray(cat[kind]) ? cat[kind] : []);

export function DashboardFigures() {
  const [f, setF] = useState(null);
  useEffect(() => {
    let live = true;
    loadFigures().then((x) => live && setF(x), (error) => live && setF({ error }));
    return () => { live = false; };
  }, []);
  if (!f) return <p aria-live="polite">{t('dashboard.loading')}</p>;
  if (f.error) return <p class="problem">{errorText(f.error)}</p>;
  const { figures: d, catalogue: cat } = f;
  const people = d.people, vacant = d.vacant, exp = d.expiring, sup = d.supervision, pay = d.pay;
  if (!people && !vacant && !sup) return null;
  if (people && people.active === 0) {
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
  const cadres = list(cat, 'cadres');
  const cadreIds = [...new Set([...cadres.map((c) => c.id), ...Object.keys(people?.by_cadre || {}), ...Object.keys(vacant?.by_cadre || {})])];
  const cadreName = (id) => localName(cadres.find((c) => c.id === id)?.name, id);
  const certName = (id) => localName(list(cat, 'certifications').find((c) => c.id === id)?.name, id);
  const month = d.period;
  return (
    <section class="figures-section" aria-labelledby="figures-title">
      <h2 id="figures-title">{t('dashboard.figures')}</h2>
      <div class="stats">
        {people && <Stat id="fig-people" label={t('dashboard.people')} value={people.active} href="/people" />}
        {vacant && <Stat id="fig-vacant" label={t('dashboard.vacant')} value={vacant.total} href="/positions?vacant=true" />}
        {exp && <Stat id="fig-expiring" label={t('dashboard.expiring', { days: EXPIRY_DAYS })} value={exp.total} href="/certificates" />}
        {sup && <Stat id="fig-unsupervised" label={t('dashboard.withoutSupervisor')} value={sup.without_supervisor}
          href={namesHref('without_supervisor', null, '/supervision')} note={t('dashboard.ofWorkers', { n: formatNumber(sup.workers) })} />}
        {pay && <Stat id="fig-below-minimum" label={t('dashboard.belowMinimum')} value={pay.below_minimum}
          href={namesHref('below_minimum', month, '/supervision')} note={t('dashboard.ofWithMinimum', { n: formatNumber(pay.with_minimum) })} />}
      </div>
      <div class="cards figure-cards">
        {people && (
          <article class="card">
            <FigureChart id="chart-cadres" title={t('dashboard.byCadre')} category={t('dashboard.cadre')} value={t('dashboard.workers')}
              rows={cadreIds.map((id) => ({ key: id, label: cadreName(id), value: people.by_cadre[id] ?? 0,
                href: `/people?cadre=${encodeURIComponent(id)}` }))} />
          </article>
        )}
        {people && people.by_unit.length > 0 && (
          <article class="card">
            <FigureChart id="chart-units" title={t('dashboard.byUnit')} category={t('dashboard.unit')} value={t('dashboard.people')}
              rows={people.by_unit.map(({ org_unit: u, people: n }) => ({ key: u.id, label: localName(u.name, u.code), value: n,
                href: `/people?org_unit=${u.id}` }))} />
          </article>
        )}
        {vacant && (
          <article class="card">
            <FigureChart id="chart-vacant" title={t('dashboard.vacantByCadre')} category={t('dashboard.cadre')} value={t('dashboard.vacantPosts')}
              rows={cadreIds.map((id) => ({ key: id, label: cadreName(id), value: vacant.by_cadre[id] ?? 0,
                href: `/positions?vacant=true&cadre=${encodeURIComponent(id)}` }))} />
          </article>
        )}
        {exp && (
          <article class="card">
            <h3>{t('dashboard.expiringTitle', { days: EXPIRY_DAYS })}</h3>
            {exp.total === 0 ? <p class="muted">{t('dashboard.noneExpiring')}</p> : (
              <FigureChart id="chart-expiring" chart={false} title={t('dashboard.expiringByCert')} category={t('dashboard.certification')}
                value={t('dashboard.certificates')}
                rows={Object.entries(exp.by_certification).map(([id, n]) => ({ key: id, value: n, href: '/certificates', label: certName(id) }))} />
            )}
          </article>
        )}
        {sup && (
          <article class="card" id="card-supervision">
            <h3>{t('dashboard.supervisionTitle')}</h3>
            <table class="figures">
              <tbody>
                {[['workers', 'dashboard.supWorkers', '/supervision'],
                  ['without_supervisor', 'dashboard.supWithout', namesHref('without_supervisor', null, '/supervision')],
                  ['no_recent_session', 'dashboard.supNoSession', namesHref('no_recent_session', null, '/supervision')],
                  ['supervisors', 'dashboard.supSupervisors', '/supervision'],
                  ['supervisors_over_ratio', 'dashboard.supOverRatio', '/supervision']].map(([k, label, href]) => (
                  <tr key={k}><th scope="row">{t(label)}</th>
                    <td class="num"><Link href={href}>{formatNumber(sup[k] ?? 0)}</Link></td></tr>
                ))}
                <tr><th scope="row">{t('dashboard.supRatio')}</th>
                  <td class="num">{sup.workers_per_supervisor == null ? '—' : formatNumber(sup.workers_per_supervisor, { maximumFractionDigits: 1 })}</td></tr>
              </tbody>
            </table>
          </article>
        )}
        {pay && (
          <article class="card" id="card-pay">
            <h3>{t('dashboard.payTitle', { month: monthName(month) })}</h3>
            <table class="figures">
              <tbody>
                {[['workers', 'dashboard.payWorkers', '/supervision'],
                  ['with_minimum', 'dashboard.payWithMinimum', '/supervision'],
                  ['below_minimum', 'dashboard.payBelow', namesHref('below_minimum', month, '/supervision')],
                  ['volunteers', 'dashboard.payVolunteers', '/supervision'],
                  ['volunteers_without_reimbursement', 'dashboard.payUnreimbursed', namesHref('volunteers_without_reimbursement', month, '/supervision')]].map(([k, label, href]) => (
                  <tr key={k}><th scope="row">{t(label)}</th>
                    <td class="num"><Link href={href}>{formatNumber(pay[k] ?? 0)}</Link></td></tr>
                ))}
              </tbody>
            </table>
          </article>
        )}
      </div>
    </section>
  );
}

/** "May 2024" for "2024-05". */
export function monthName(period) {
  if (!/^\d{4}-\d{2}$/.test(period || '')) return period || '';
  const [y, m] = period.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric' }).format(new Date(y, m - 1, 1));
}
