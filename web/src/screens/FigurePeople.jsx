// The workers behind a dashboard figure (issue 18): "Workers without a supervisor: 9"
// opens the nine, each with why they are counted (months without a session, the
// amount paid against the minimum, ...), linked to their page, and downloadable as
// CSV. GET /api/v1/figures/people — scoped by the server to the user's area, and
// only for users who may read people's names (people.read).
import { t, formatNumber } from '../i18n.js';
import { Link, useLocation } from '../router.js';
import { errorText } from '../api.js';
import { useGet } from '../components/useGet.js';
import { formatDay, today } from '../careers-data.jsx';
import { monthName } from '../components/DashboardFigures.jsx';
import { saveBlob } from '../transfer.js';

export const FIGURES = ['without_supervisor', 'no_recent_session', 'without_support', 'below_minimum', 'volunteers_without_reimbursement'];

/** Whole months from ISO day A to ISO day B (B later). */
export function monthsBetween(a, b) {
  const [ya, ma, da] = a.split('-').map(Number);
  const [yb, mb, db] = b.split('-').map(Number);
  return Math.max(0, (yb - ya) * 12 + (mb - ma) - (db < da ? 1 : 0));
}

const money = (n, currency) => `${currency ? `${currency} ` : ''}${formatNumber(n)}`;

/** Why worker ROW is counted in FIGURE, in plain words; PERIOD the pay month. */
export function reasonText(figure, row, period, now = today()) {
  switch (figure) {
    case 'without_supervisor': return t('dashboard.names.why.noSupervisor');
    case 'no_recent_session':
    case 'without_support': {
      const last = figure === 'no_recent_session' ? row.last_session : row.last_support;
      const kind = figure === 'no_recent_session' ? 'Session' : 'Support';
      if (!last) return t(`dashboard.names.why.never${kind}`, { since: formatDay(row.since) });
      return t(`dashboard.names.why.months${kind}`, { n: formatNumber(monthsBetween(last, now)), last: formatDay(last) });
    }
    case 'below_minimum':
      return t('dashboard.names.why.below', { paid: money(row.paid, row.currency), minimum: money(row.minimum, row.currency),
        short: money(row.minimum - row.paid, row.currency), month: monthName(period) });
    case 'volunteers_without_reimbursement': return t('dashboard.names.why.unreimbursed', { month: monthName(period) });
    default: return '';
  }
}

/** A CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet never runs it. */
export function csvCell(v) {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The list as CSV text: the columns on screen plus the raw values behind the reason. */
export function toCsv(figure, items, period) {
  const pay = figure === 'below_minimum' || figure === 'volunteers_without_reimbursement';
  const head = [t('dashboard.names.col.family'), t('dashboard.names.col.given'), t('dashboard.names.col.livesIn'), t('dashboard.names.col.why'),
    ...(pay ? [t('dashboard.names.col.funder')] : []), 'person_id',
    ...(figure === 'below_minimum' ? ['paid', 'minimum', 'currency'] : []),
    ...(figure === 'no_recent_session' ? ['last_session', 'due_since'] : []),
    ...(figure === 'without_support' ? ['last_support', 'due_since'] : [])];
  const rows = items.map((r) => [r.family_name, r.given_name, r.org_unit_name, reasonText(figure, r, period),
    ...(pay ? [r.funder_name || r.funder || ''] : []), r.person_id,
    ...(figure === 'below_minimum' ? [r.paid, r.minimum, r.currency] : []),
    ...(figure === 'no_recent_session' ? [r.last_session, r.since] : []),
    ...(figure === 'without_support' ? [r.last_support, r.since] : [])]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function FigurePeople({ params }) {
  const { query } = useLocation();
  const figure = params.figure;
  const period = query.get('period');
  const unit = query.get('org_unit');
  const q = new URLSearchParams({ figure });
  if (period) q.set('period', period);
  if (unit) q.set('org_unit', unit);
  const known = FIGURES.includes(figure);
  const { data, error } = useGet(known ? `/api/v1/figures/people?${q}` : null);
  const title = known ? t(`dashboard.names.title.${figure}`, { month: monthName(period) }) : t('notfound.title');
  const pay = figure === 'below_minimum' || figure === 'volunteers_without_reimbursement';
  const download = () => saveBlob(new Blob([toCsv(figure, data.items, period)], { type: 'text/csv;charset=utf-8' }),
    `${figure}${period ? `-${period}` : ''}.csv`);
  return (
    <section class="figure-people">
      <p class="back"><Link href="/">{t('dashboard.names.back')}</Link></p>
      <h1 id="main-title" tabindex={-1}>{title}</h1>
      {error && <p class="problem" role="alert">{errorText(error)}</p>}
      {!data && !error && known && <p aria-live="polite">{t('app.loading')}</p>}
      {data && (
        <>
          <div class="list-head">
            <p role="status">{t('dashboard.names.count', { n: formatNumber(data.total) })}</p>
            {data.items.length > 0 && <button type="button" onClick={download}>{t('dashboard.names.csv')}</button>}
          </div>
          {data.items.length > 0 && (
            <div class="table-wrap">
              <table class="list">
                <caption class="visually-hidden">{title}</caption>
                <thead><tr>
                  <th scope="col">{t('dashboard.names.col.name')}</th>
                  <th scope="col">{t('dashboard.names.col.livesIn')}</th>
                  <th scope="col">{t('dashboard.names.col.why')}</th>
                  {pay && <th scope="col">{t('dashboard.names.col.funder')}</th>}
                </tr></thead>
                <tbody>
                  {data.items.map((r) => (
                    <tr key={r.person_id}>
                      <th scope="row"><Link href={`/people/${r.person_id}`}>{r.given_name} {r.family_name}</Link></th>
                      <td>{r.org_unit_name}</td>
                      <td class="why">{reasonText(figure, r, period)}</td>
                      {pay && <td>{r.funder_name || r.funder || ''}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
