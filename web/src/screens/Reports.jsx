// Reports the active configuration declares (kazi.report): choose one, fill in
// the parameters it declares, run it (POST /api/v1/reports/{id}/run) and read
// the table, a chart when the rows have a label and a number, and download the
// same run as CSV. The configuration commit the run used is shown with it.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { Form } from '../components/Form.jsx';
import { errorText } from '../api.js';
import { FigureChart } from '../components/FigureChart.jsx';
import { fetchCsv, saveBlob } from '../transfer.js';
import { Link, useLocation } from '../router.js';

/** The chart a report's rows allow: the first text column against the first numeric one. */
export function chartShape(columns, rows) {
  if (!rows.length || rows.length > 60) return null;
  const isNum = (c) => rows.every((r) => r[c] == null || typeof r[c] === 'number') && rows.some((r) => typeof r[c] === 'number');
  const value = columns.find(isNum);
  const label = columns.find((c) => c !== value && rows.every((r) => r[c] == null || typeof r[c] === 'string'));
  return value && label ? { label, value } : null;
}

function cell(v) {
  if (v == null) return '';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? t('reports.yes') : t('reports.no');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function Result({ report, result, params }) {
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const cols = result.columns || [];
  const rows = result.rows || [];
  const shape = chartShape(cols, rows);
  // A column's title: the label the report declares, in the user's language; else its id.
  const title = (c) => localName(result.labels?.[c], c);
  const download = async () => {
    setBusy(true); setProblem(null);
    try {
      const { blob } = await fetchCsv(`/api/v1/reports/${encodeURIComponent(report.id)}/run`, { params });
      saveBlob(blob, `${report.id}.csv`);
    } catch (e) { setProblem(errorText(e)); }
    setBusy(false);
  };
  return (
    <section class="report-result" aria-labelledby="result-title">
      <h2 id="result-title">{t('reports.result')}</h2>
      <p class="muted small" id="report-source">
        {t('reports.ranWith', { commit: String(result.source || '').slice(0, 12), n: formatNumber(rows.length) })}
      </p>
      <div class="actions">
        <button type="button" class="small-button" onClick={download} disabled={busy}>{t('reports.csv')}</button>
      </div>
      {problem && <p class="problem" role="alert">{problem}</p>}
      {rows.length === 0 ? <p class="muted">{t('reports.noRows')}</p> : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-labelledby="result-title">
            <table class="list report-table">
              <thead><tr>{cols.map((c) => <th scope="col" key={c}>{title(c)}</th>)}</tr></thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i}>{cols.map((c) => <td key={c} class={typeof r[c] === 'number' ? 'num' : undefined}>{cell(r[c])}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
          {shape && (
            <div class="card report-chart">
              <FigureChart id="report-chart" title={t('reports.chartTitle', { value: title(shape.value), label: title(shape.label) })}
                category={shape.label} value={shape.value} table={false}
                rows={rows.map((r, i) => ({ key: i, label: String(r[shape.label] ?? ''), value: Number(r[shape.value] ?? 0) }))} />
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Runner({ report }) {
  const [result, setResult] = useState(null);
  const [params, setParams] = useState({});
  useEffect(() => { setResult(null); }, [report.id]);
  const fields = (report.params || []).map((p) => ({ name: p.id, type: p.type || 'text', label: p.label || p.id,
    help: p.help, options: p.options, required: !!p.required }));
  const initial = Object.fromEntries((report.params || []).filter((p) => p.default != null && p.default !== '')
    .map((p) => [p.id, String(p.default)]));
  return (
    <div class="report-runner">
      <h2 id="report-title">{localName(report.title, report.id)}</h2>
      {report.description && <p>{localName(report.description)}</p>}
      {fields.length === 0 && <p class="muted">{t('reports.noParams')}</p>}
      <Form key={report.id} id={`report-${report.id}`} fields={fields} initial={initial} submitLabel={t('reports.run')}
        busyLabel={t('reports.running')}
        onSubmit={async (payload) => {
          const r = await api.post(`/api/v1/reports/${encodeURIComponent(report.id)}/run`, { params: payload });
          setParams(payload);
          setResult(r);
        }} />
      {result && <Result report={report} result={result} params={params} />}
    </div>
  );
}

export function Reports() {
  const [reports, setReports] = useState(null);
  const [error, setError] = useState(null);
  const { query } = useLocation();
  const chosen = query.get('report');
  useEffect(() => { api.get('/api/v1/reports').then((r) => setReports(r.reports || []), (e) => setError(errorText(e))); }, []);
  const report = reports && reports.find((r) => r.id === chosen);
  return (
    <section class="reports">
      <h1 id="main-title" tabindex={-1}>{t('nav.reports')}</h1>
      <p>{t('reports.intro')}</p>
      {error && <p class="problem" role="alert">{error}</p>}
      {reports && reports.length === 0 && <p class="muted">{t('reports.none')}</p>}
      {reports && reports.length > 0 && (
        <div class="reports-layout">
          <nav aria-label={t('reports.list')} class="report-list">
            <h2>{t('reports.list')}</h2>
            <ul>
              {reports.map((r) => (
                <li key={r.id}>
                  <Link href={`/reports?report=${encodeURIComponent(r.id)}`} aria-current={r.id === chosen ? 'page' : undefined}>
                    {localName(r.title, r.id)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div class="report-main">
            {report ? <Runner report={report} /> : <p class="muted">{t('reports.choose')}</p>}
          </div>
        </div>
      )}
    </section>
  );
}
