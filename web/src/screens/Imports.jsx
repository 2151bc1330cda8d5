// Import a spreadsheet (CSV) of people, posts or placements: the template from the
// active configuration, the upload (all or nothing, or partial), the job's
// progress (GET /api/v1/imports/{id}), the row-and-column error report, the
// rejects file in partial mode, and what was imported.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, formatNumber } from '../i18n.js';
import { errorText } from '../api.js';
import { sendCsv, fetchCsv, saveBlob } from '../transfer.js';

const KINDS = ['people', 'positions', 'assignments'];
const POLL_MS = 400;

function Report({ job, onRejects }) {
  const r = job.result || {};
  const errors = r.errors || [];
  const failed = job.status === 'failed';
  return (
    <section class="import-report" aria-labelledby="import-report-title">
      <h2 id="import-report-title">{failed ? t('imports.failedTitle') : t('imports.doneTitle')}</h2>
      {failed && <p class="problem" role="alert">{r.error?.message || t('imports.failed')}</p>}
      <ul class="import-summary">
        <li>{t('imports.rows', { n: formatNumber(r.rows ?? job.total ?? 0) })}</li>
        <li>{t('imports.created', { n: formatNumber(r.created ?? 0) })}</li>
        <li>{t('imports.existing', { n: formatNumber(r.existing ?? 0) })}</li>
        <li>{t('imports.rejected', { n: formatNumber(r.rejected ?? 0) })}</li>
      </ul>
      {!failed && (r.created ?? 0) + (r.existing ?? 0) > 0 && <p class="ok">{t('imports.success', { n: formatNumber((r.created ?? 0) + (r.existing ?? 0)) })}</p>}
      {failed && errors.length > 0 && <p>{t('imports.nothing')}</p>}
      {job.partial && (r.rejected ?? 0) > 0 && (
        <p><button type="button" class="small-button" onClick={onRejects}>{t('imports.rejectsCsv')}</button></p>
      )}
      {errors.length > 0 && (
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="import-errors-title">
          <h3 id="import-errors-title">{t('imports.errorsTitle', { n: formatNumber(errors.length) })}</h3>
          <table class="list import-errors">
            <thead><tr><th scope="col">{t('imports.row')}</th><th scope="col">{t('imports.column')}</th>
              <th scope="col">{t('imports.problem')}</th></tr></thead>
            <tbody>
              {errors.map((e, i) => (
                <tr key={i}>
                  <td class="num">{e.row}</td>
                  <td>{e.column_name ? `${e.column_name} (${e.column})` : e.column ?? ''}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function Imports() {
  const [kind, setKind] = useState('people');
  const [partial, setPartial] = useState(false);
  const [file, setFile] = useState(null);
  const [fileError, setFileError] = useState(null);
  const [job, setJob] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef(null);
  useEffect(() => () => clearTimeout(timer.current), []);

  const poll = async (id) => {
    try {
      const j = await api.get(`/api/v1/imports/${id}`);
      setJob(j);
      if (j.status === 'running') timer.current = setTimeout(() => poll(id), POLL_MS);
      else setBusy(false);
    } catch (e) { setProblem(errorText(e)); setBusy(false); }
  };
  const template = async () => {
    setProblem(null);
    try { saveBlob((await fetchCsv(`/api/v1/imports/templates/${kind}.csv`)).blob, `${kind}-template.csv`); }
    catch (e) { setProblem(errorText(e)); }
  };
  const rejects = async () => {
    setProblem(null);
    try { saveBlob((await fetchCsv(`/api/v1/imports/${job.id}/rejects.csv`)).blob, `${kind}-rejects.csv`); }
    catch (e) { setProblem(errorText(e)); }
  };
  const upload = async (e) => {
    e.preventDefault();
    setProblem(null); setFileError(null);
    if (!file) { setFileError(t('imports.chooseFile')); document.getElementById('import-file')?.focus(); return; }
    setBusy(true); setJob(null);
    try {
      const text = await file.text();
      const started = await sendCsv(`/api/v1/imports?kind=${kind}${partial ? '&partial=true' : ''}`, text);
      setJob(started);
      poll(started.id);
    } catch (err) {
      setBusy(false);
      if (err.field === 'body' || err.field === 'csv' || err.field === 'kind') setFileError(errorText(err));
      else setProblem(errorText(err));
    }
  };
  const pct = job && job.total ? Math.round((100 * job.done) / job.total) : 0;
  return (
    <section class="imports">
      <h1 id="main-title" tabindex={-1}>{t('nav.imports')}</h1>
      <p>{t('imports.intro')}</p>
      <form class="form import-form" onSubmit={upload} noValidate>
        <fieldset class="field">
          <legend>{t('imports.what')}</legend>
          {KINDS.map((k) => (
            <label class="choice" key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => { setKind(k); setJob(null); }} />
              {' '}{t(`imports.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <p><button type="button" class="small-button" onClick={template}>{t('imports.template', { kind: t(`imports.kind.${kind}`) })}</button></p>
        <p class="muted small">{t('imports.templateHelp')}</p>
        <div class={`field${fileError ? ' has-error' : ''}`}>
          <label for="import-file">{t('imports.file')}</label>
          <input id="import-file" type="file" accept=".csv,text/csv" aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={fileError ? 'import-file-error' : undefined}
            onChange={(e) => { setFile(e.currentTarget.files[0] || null); setFileError(null); }} />
          {fileError && <p class="field-error" id="import-file-error">{fileError}</p>}
        </div>
        <fieldset class="field">
          <legend>{t('imports.mode')}</legend>
          <label class="choice"><input type="radio" name="mode" checked={!partial} onChange={() => setPartial(false)} /> {t('imports.allOrNothing')}</label>
          <label class="choice"><input type="radio" name="mode" checked={partial} onChange={() => setPartial(true)} /> {t('imports.partial')}</label>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="primary" disabled={busy} aria-busy={busy ? 'true' : undefined}>
            {busy ? t('imports.uploading') : t('imports.upload')}
          </button>
        </div>
      </form>
      {problem && <p class="problem" role="alert">{problem}</p>}
      {job && job.status === 'running' && (
        <div class="import-progress" aria-live="polite">
          <label for="import-progress">{t('imports.progress', { done: formatNumber(job.done || 0), total: formatNumber(job.total || 0) })}</label>
          <progress id="import-progress" max={100} value={pct}>{pct}%</progress>
        </div>
      )}
      {job && job.status !== 'running' && <Report job={job} onRejects={rejects} />}
    </section>
  );
}
