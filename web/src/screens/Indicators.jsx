// Indicators: the reports whose catalogue entry declares `indicator` (docs/plugins.md,
// "Indicators"), run with the standard parameters level, period and breakdown
// (POST /api/v1/reports/{id}/run). The chart and its table, a CSV of the same run,
// each indicator's definition (numerator, denominator, period) beside it, and a
// coverage map of the value by org unit drawn from the imported boundaries
// (GET /api/v1/boundaries) with the table as its accessible alternative. Where the
// indicator names a report of the workers behind its figures and the user may read
// personal reports, each figure opens those workers (components/IndicatorNames.jsx).
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { errorText } from '../api.js';
import { FigureChart } from '../components/FigureChart.jsx';
import { CoverageMap } from '../components/CoverageMap.jsx';
import { fetchCsv, saveBlob } from '../transfer.js';
import { useTitleFocusAfterLoad } from '../components/focusTitle.js';
import { IndicatorNames, namesReport, namesParams, opensNames } from '../components/IndicatorNames.jsx';

const BREAKDOWNS = ['none', 'cadre', 'sex', 'age_group'];
const num = (v) => (v == null ? '—' : formatNumber(v));

function Definition({ report }) {
  const d = report.indicator.definition || {};
  return (
    <aside class="card indicator-definition" aria-labelledby="def-title">
      <h2 id="def-title">{t('ind.definition')}</h2>
      <dl>
        <dt>{t('ind.numerator')}</dt><dd>{localName(d.numerator, '—')}</dd>
        <dt>{t('ind.denominator')}</dt><dd>{localName(d.denominator, '—')}</dd>
        <dt>{t('ind.period')}</dt><dd>{localName(d.period, '—')}</dd>
        <dt>{t('ind.unit')}</dt><dd>{report.indicator.unit || '—'}</dd>
      </dl>
    </aside>
  );
}

function Result({ report, result, params, boundaries, all, catalogue }) {
  const [problem, setProblem] = useState(null);
  const [open, setOpen] = useState(null);
  const names = namesReport(report, all);
  const namesTitle = names && localName(names.title, names.id);
  // a figure: the workers behind it when the indicator names them and the user may read them
  const figure = (r, area) => (opensNames(names, params, r, report) ? (
    <button type="button" class="figure-link" aria-expanded={open?.row === r ? 'true' : 'false'} aria-controls="ind-names"
      onClick={(e) => setOpen({ row: r, area, from: e.currentTarget })}>
      {num(r.value)}<span class="visually-hidden"> — {t('ind.names.open', { title: namesTitle, area })}</span>
    </button>
  ) : num(r.value));
  const rows = (result.rows || []).filter((r) => r.org_unit_id != null);
  const total = (result.rows || []).find((r) => r.org_unit_id == null);
  const grouped = params.breakdown && params.breakdown !== 'none';
  const label = (r) => (grouped ? `${r.org_unit_name} · ${r.group}` : r.org_unit_name);
  const unit = report.indicator.unit || '';
  const values = Object.fromEntries(grouped ? [] : rows.map((r) => [r.org_unit_code, r.value]));
  const download = async () => {
    setProblem(null);
    try {
      const { blob } = await fetchCsv(`/api/v1/reports/${encodeURIComponent(report.id)}/run`, { params });
      saveBlob(blob, `${report.id}.csv`);
    } catch (e) { setProblem(errorText(e)); }
  };
  const title = `${localName(report.title, report.id)} (${unit})`;
  return (
    <section aria-labelledby="ind-result">
      <h2 id="ind-result">{t('ind.result')}</h2>
      <div class="actions"><button type="button" class="small-button" onClick={download}>{t('ind.csv')}</button></div>
      {problem && <p class="problem" role="alert">{problem}</p>}
      {rows.length === 0 ? <p class="muted">{t('ind.noRows')}</p> : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-labelledby="ind-result">
            <table class="list indicator-table">
              <caption class="visually-hidden">{title}</caption>
              <thead><tr>
                <th scope="col">{t('ind.area')}</th>{grouped && <th scope="col">{t('ind.group')}</th>}
                <th scope="col" class="num">{t('ind.numerator')}</th><th scope="col" class="num">{t('ind.denominator')}</th>
                <th scope="col" class="num">{t('ind.value', { unit })}</th>
              </tr></thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i}>
                    <th scope="row">{r.org_unit_name}</th>{grouped && <td>{r.group}</td>}
                    <td class="num">{num(r.numerator)}</td><td class="num">{num(r.denominator)}</td>
                    <td class="num">{figure(r, grouped ? `${r.org_unit_name} · ${r.group}` : r.org_unit_name)}</td>
                  </tr>
                ))}
              </tbody>
              {total && (
                <tfoot><tr>
                  <th scope="row">{t('ind.total')}</th>{grouped && <td />}
                  <td class="num">{num(total.numerator)}</td><td class="num">{num(total.denominator)}</td>
                  <td class="num">{figure(total, grouped ? `${t('ind.total')} · ${total.group}` : t('ind.total'))}</td>
                </tr></tfoot>
              )}
            </table>
          </div>
          {names && <p class="muted small" id="ind-names-hint">{t('ind.names.hint', { title: namesTitle })}</p>}
          <div id="ind-names">
            {open && <IndicatorNames names={names} params={namesParams(names, params, open.row)} area={open.area}
              catalogue={catalogue} onClose={() => { open.from?.focus(); setOpen(null); }} />}
          </div>
          <div class="card indicator-chart">
            <FigureChart id="indicator-chart" title={title} category={t('ind.area')} value={unit} table={false}
              rows={rows.map((r, i) => ({ key: i, label: label(r), value: Number(r.value ?? 0) }))} />
          </div>
          {!grouped && boundaries && (boundaries.features.length ? (
            <CoverageMap id="coverage-map" title={t('ind.mapTitle', { title })} features={boundaries.features}
              values={values} unit={unit} />
          ) : <p class="muted" id="no-boundaries">{t('ind.noBoundaries')}</p>)}
          {grouped && <p class="muted small">{t('ind.mapNone')}</p>}
        </>
      )}
    </section>
  );
}

export function Indicators() {
  const [reports, setReports] = useState(null);
  const [all, setAll] = useState([]);
  const [catalogue, setCatalogue] = useState(null);
  const [levels, setLevels] = useState([]);
  const [error, setError] = useState(null);
  const [form, setForm] = useState({ id: '', level: 'district', period: String(new Date().getFullYear()), breakdown: 'none' });
  const [run, setRun] = useState(null);
  const [busy, setBusy] = useState(false);
  useTitleFocusAfterLoad(reports != null || error != null);
  useEffect(() => {
    api.get('/api/v1/reports').then((r) => {
      const list = (r.reports || []).filter((x) => x.indicator);
      setAll(r.reports || []);
      setReports(list);
      if (list.length) setForm((f) => ({ ...f, id: list[0].id }));
    }, (e) => setError(errorText(e)));
    api.get('/api/v1/catalogue').then((c) => {
      const ls = c.country?.levels || [];
      setLevels(ls);
      setCatalogue(c);
      // By the country's second level (the indicators' own default for the whole
      // country) unless the country has a level named as the form's.
      if (ls.length && !ls.some((l) => l.id === 'district')) setForm((f) => ({ ...f, level: (ls[1] || ls[0]).id }));
    }, () => {});
  }, []);
  const report = reports && reports.find((r) => r.id === form.id);
  const bparam = report && (report.params || []).find((p) => p.id === 'breakdown');
  const breakdowns = (bparam && bparam.options) || BREAKDOWNS;
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    const params = { level: form.level, period: form.period, breakdown: form.breakdown };
    try {
      const [result, boundaries] = await Promise.all([
        api.post(`/api/v1/reports/${encodeURIComponent(report.id)}/run`, { params }),
        api.get(`/api/v1/boundaries?level=${encodeURIComponent(form.level)}`).catch(() => null),
      ]);
      setRun({ report, result, params, boundaries, stamp: Date.now() });
    } catch (err) { setError(errorText(err)); }
    setBusy(false);
  };
  return (
    <section class="indicators">
      <h1 id="main-title" tabindex={-1}>{t('ind.title')}</h1>
      <p>{t('ind.intro')}</p>
      {reports && reports.length === 0 && <p class="muted">{t('ind.none')}</p>}
      {report && (
        <div class="indicators-layout">
          <form class="indicator-form" onSubmit={submit}>
            <label for="ind-indicator">{t('ind.indicator')}</label>
              <select id="ind-indicator" value={form.id} onChange={(e) => { setForm({ ...form, id: e.currentTarget.value, breakdown: 'none' }); setRun(null); }}>
                {reports.map((r) => <option key={r.id} value={r.id}>{localName(r.title, r.id)}</option>)}
              </select>
            <label for="ind-level">{t('ind.level')}</label>
              <select id="ind-level" value={form.level} onChange={set('level')}>
                {(levels.length ? levels : [{ id: 'district' }]).map((l) => <option key={l.id} value={l.id}>{localName(l.name, l.id)}</option>)}
              </select>
            <label for="ind-period">{t('ind.periodField')}</label>
            <input id="ind-period" value={form.period} onInput={set('period')} />
            <label for="ind-breakdown">{t('ind.breakdown')}</label>
              <select id="ind-breakdown" value={form.breakdown} onChange={set('breakdown')}>
                {breakdowns.map((b) => <option key={b} value={b}>{t(`ind.by.${b}`)}</option>)}
              </select>
            <button type="submit" disabled={busy}>{busy ? t('ind.working') : t('ind.show')}</button>
          </form>
          <Definition report={report} />
        </div>
      )}
      {error && <p class="problem" role="alert">{error}</p>}
      {run && run.report.id === form.id && <Result key={run.stamp} {...run} all={all} catalogue={catalogue} />}
    </section>
  );
}
