// The workers behind an indicator figure (issue 18): an indicator that declares
// `indicator.names` (docs/plugins.md, "Indicators") has a personal report listing them;
// on the Indicators screen each figure of such an indicator opens that report, run for
// the figure's org unit with the same period (and breakdown and group where the names
// report takes them), with the reason columns titled in the user's language, each name
// linked to the worker's page, and the same run as CSV. Only for users who may read
// personal reports (reports.personal): for the others the figures stay plain numbers.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { can } from '../session.js';
import { Link } from '../router.js';
import { errorText } from '../api.js';
import { formatDay } from '../careers-data.jsx';
import { fetchCsv, saveBlob } from '../transfer.js';

/** The names report behind INDICATOR's figures, when the user may run it; else null. */
export function namesReport(indicator, reports) {
  const id = indicator?.indicator?.names;
  if (!id || !can('reports.personal')) return null;
  return (reports || []).find((r) => r.id === id) || null;
}

/** The names report's parameters for a figure: ROW of a run made with PARAMS. */
export function namesParams(names, params, row) {
  const takes = (p) => (names.params || []).some((x) => x.id === p);
  const out = { period: params.period };
  if (row.org_unit_code != null) out.org_unit = row.org_unit_code;
  if (takes('breakdown')) Object.assign(out, { breakdown: params.breakdown || 'none', group: row.group || '' });
  return out;
}

/** How many the names of ROW hold: its numerator, or its gap with names_of = "gap". */
export function behind(indicator, row) {
  const num = Number(row.numerator ?? 0);
  return indicator?.indicator?.names_of === 'gap' ? Number(row.denominator ?? 0) - num : num;
}

/** Whether a figure of ROW opens its names: someone is behind it, and the names can be
 * split by the breakdown chosen. */
export function opensNames(names, params, row, indicator) {
  if (!names || behind(indicator, row) <= 0) return false;
  const grouped = params.breakdown && params.breakdown !== 'none';
  return !grouped || (names.params || []).some((x) => x.id === 'breakdown' && (x.options || []).includes(params.breakdown));
}

/** One cell: ids of cadres and certifications by their names, reasons and statuses in
 * words, days in the user's order. */
function cellText(col, v, catalogue) {
  if (v == null || v === '') return '';
  if (typeof v === 'number') return formatNumber(v);
  const named = { cadre: 'cadres', certification: 'certifications' }[col];
  if (named) {
    const list = catalogue?.[named] || [];
    return String(v).split(',').map((id) => localName(list.find((x) => x.id === id)?.name, id)).join(', ');
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDay(v);
  // a reason or status in words, where the interface has them
  const words = { end_reason: 'positions.endReason', status: 'people.status' }[col];
  const key = words && `${words}.${v}`;
  const said = key && t(key);
  return said && said !== key ? said : String(v);
}

export function IndicatorNames({ names, params, area, catalogue, onClose }) {
  const [state, setState] = useState(null);
  const [problem, setProblem] = useState(null);
  const heading = useRef(null);
  const key = JSON.stringify(params);
  useEffect(() => {
    let live = true;
    setState(null); setProblem(null);
    api.post(`/api/v1/reports/${encodeURIComponent(names.id)}/run`, { params })
      .then((r) => live && setState({ result: r }), (e) => live && setState({ error: e }));
    return () => { live = false; };
  }, [names.id, key]);
  // focus to the list's title in the render that draws it (not after the paint, when a
  // keyboard user may already have moved on)
  useLayoutEffect(() => { heading.current?.focus(); }, [names.id, key]);
  const title = t('ind.names.title', { title: localName(names.title, names.id), area });
  const result = state?.result;
  const cols = (result?.columns || []).filter((c) => c !== 'person_id' && c !== 'name');
  const label = (c) => localName(result?.labels?.[c], c);
  const rows = result?.rows || [];
  const download = async () => {
    setProblem(null);
    try {
      const { blob } = await fetchCsv(`/api/v1/reports/${encodeURIComponent(names.id)}/run`, { params });
      saveBlob(blob, `${names.id}${params.org_unit ? `-${params.org_unit}` : ''}.csv`);
    } catch (e) { setProblem(errorText(e)); }
  };
  return (
    <section class="card indicator-names" aria-labelledby="ind-names-title">
      <h2 id="ind-names-title" tabindex={-1} ref={heading}>{title}</h2>
      {!state && <p aria-live="polite">{t('app.loading')}</p>}
      {state?.error && <p class="problem" role="alert">{errorText(state.error)}</p>}
      {result && (
        <>
          <div class="list-head">
            <p role="status">{t('ind.names.count', { n: formatNumber(rows.length) })}</p>
            <div class="actions">
              {rows.length > 0 && <button type="button" class="small-button" onClick={download}>{t('ind.names.csv')}</button>}
              <button type="button" class="small-button" onClick={onClose}>{t('ind.names.close')}</button>
            </div>
          </div>
          {problem && <p class="problem" role="alert">{problem}</p>}
          {rows.length > 0 && (
            <div class="table-wrap" tabindex={0} role="region" aria-labelledby="ind-names-title">
              <table class="list">
                <caption class="visually-hidden">{title}</caption>
                <thead><tr>
                  <th scope="col">{label('name')}</th>
                  {cols.map((c) => <th scope="col" key={c}>{label(c)}</th>)}
                </tr></thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={i}>
                      <th scope="row"><Link href={`/people/${r.person_id}`}>{r.name || r.person_id}</Link></th>
                      {cols.map((c) => <td key={c} class={typeof r[c] === 'number' ? 'num' : undefined}>{cellText(c, r[c], catalogue)}</td>)}
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
