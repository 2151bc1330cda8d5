// The class grid of a training event (issue 18, point 1): one row per trainee with
// attendance, pass, score and completion date, typed like a spreadsheet (Tab moves
// across, Enter and the up/down arrows move down and up a column), saved row by row
// with one "Save" for the whole class; a refused row keeps what was typed and says
// what is wrong in the cell concerned. Below it, "Issue certificates to everyone who
// passed": each passed trainee is checked by the certification's own rule and the
// refusals are listed by name with what is still missing.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { errorText } from '../api.js';
import { personName } from '../names.js';
import { missingText, today } from '../careers-data.jsx';
import * as session from '../session.js';
import { dayProblem } from '../dates.js';
import { DateField } from './DateField.jsx';

const COLS = ['attended', 'passed', 'score', 'completion_date'];

function fromItem(e, ev) {
  return {
    attended: e.attended ?? true,
    passed: e.passed ?? false,
    score: e.score != null ? String(e.score) : '',
    completion_date: e.completed_date || (e.passed ? ev.end_date : ''),
  };
}

/** The request body for one row; a check the browser can make is returned as {field: message}. */
export function rowBody(personId, r) {
  const errors = {};
  const body = { person_id: personId, attended: !!r.attended, passed: !!r.passed && !!r.attended };
  const score = String(r.score ?? '').trim();
  if (score !== '') {
    const n = Number(score.replace(',', '.'));
    if (!Number.isFinite(n) || n < 0 || n > 100) errors.score = t('grid.badScore');
    else body.score = n;
  }
  if (body.passed) {
    if (!r.completion_date) errors.completion_date = t('grid.needDate');
    else if (dayProblem(r.completion_date)) errors.completion_date = dayProblem(r.completion_date);
    else body.completion_date = r.completion_date;
  }
  return { body, errors };
}

/** Move focus to the same column of the row above (-1) or below (+1), or the next column. */
function moveFocus(grid, from, dRow, dCol) {
  const row = Number(from.dataset.row) + dRow;
  const col = Number(from.dataset.col) + dCol;
  const next = grid.querySelector(`[data-row="${row}"][data-col="${col}"]`);
  if (next) { next.focus(); if (next.select && next.type !== 'checkbox') next.select(); return true; }
  return false;
}

/**
 * Spreadsheet keys for a grid of inputs marked data-row/data-col: Enter or the down
 * arrow goes down a column (Enter on the last row goes to SAVE), the up arrow or
 * Shift+Enter back up, left/right between tick boxes. Tab moves along a row as usual.
 */
export function gridKeys(e, grid, save) {
  const el = e.target;
  if (!el.dataset || el.dataset.row === undefined) return;
  if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) {
    e.preventDefault();
    if (!moveFocus(grid, el, 1, 0) && e.key === 'Enter') save?.focus();
  } else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) {
    e.preventDefault();
    moveFocus(grid, el, -1, 0);
  } else if (el.type === 'checkbox' && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
    e.preventDefault();
    moveFocus(grid, el, 0, e.key === 'ArrowRight' ? 1 : -1);
  }
}

export function ClassGrid({ ev, items, cat, onSaved }) {
  const [rows, setRows] = useState({});
  const [dirty, setDirty] = useState(new Set());
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [busy, setBusy] = useState(false);
  const gridRef = useRef(null);
  const saveRef = useRef(null);
  // Rows not being edited follow the server; rows with unsaved typing keep it.
  useEffect(() => {
    setRows((old) => {
      const next = {};
      for (const e of items) next[e.person_id] = dirty.has(e.person_id) && old[e.person_id] ? old[e.person_id] : fromItem(e, ev);
      return next;
    });
  }, [items]);

  const change = (pid, field, value) => {
    const r = { ...rows[pid], [field]: value };
    if (field === 'attended' && !value) { r.passed = false; r.completion_date = ''; }
    if (field === 'passed' && value) { r.attended = true; if (!r.completion_date) r.completion_date = ev.end_date; }
    if (field === 'passed' && !value) r.completion_date = '';
    setRows({ ...rows, [pid]: r });
    setDirty(new Set(dirty).add(pid));
    if (errors[pid]) { const e = { ...errors }; delete e[pid]; setErrors(e); }
  };

  const onKeyDown = (e) => gridKeys(e, gridRef.current, saveRef.current);

  const save = async () => {
    setBusy(true); setSummary(null);
    const errs = {};
    let saved = 0;
    for (const e of items) {
      if (!dirty.has(e.person_id)) continue;
      const { body, errors: local } = rowBody(e.person_id, rows[e.person_id]);
      if (Object.keys(local).length) { errs[e.person_id] = local; continue; }
      try {
        await api.post(`/api/v1/training-events/${ev.id}/results`, body);
        saved++;
      } catch (x) {
        const field = COLS.includes(x.field) ? x.field : 'row';
        errs[e.person_id] = { [field]: field === 'row' ? errorText(x) : x.message };
      }
    }
    const left = new Set(Object.keys(errs).map(Number));
    setDirty(left);
    setErrors(errs);
    setSummary(left.size
      ? t('grid.savedSome', { n: formatNumber(saved), bad: formatNumber(left.size) })
      : t('grid.saved', { n: formatNumber(saved) }));
    setBusy(false);
    if (saved) await onSaved();
    // Focus the first refused cell, so the officer can correct it at once.
    requestAnimationFrame(() => gridRef.current?.querySelector('[aria-invalid="true"]')?.focus());
  };

  if (!items.length) return null;
  const cell = (e, i, col, control) => {
    const err = errors[e.person_id]?.[col];
    const errId = `grid-${e.person_id}-${col}-error`;
    return (
      <td class={`grid-cell${err ? ' has-error' : ''}`}>
        {control({ 'data-row': i, 'data-col': COLS.indexOf(col), 'aria-invalid': err ? 'true' : undefined, 'aria-describedby': err ? errId : undefined })}
        {err && <span class="field-error" id={errId}>{err}</span>}
      </td>
    );
  };
  return (
    <div class="class-grid">
      <p class="muted small" id="grid-help">{t('grid.help')}</p>
      <div class="table-wrap">
        <table class="list grid" ref={gridRef} onKeyDown={onKeyDown} aria-describedby="grid-help">
          <caption class="visually-hidden">{t('grid.caption')}</caption>
          <thead><tr>
            <th scope="col">{t('grid.trainee')}</th><th scope="col">{t('grid.attended')}</th>
            <th scope="col">{t('grid.passed')}</th><th scope="col">{t('grid.score')}</th>
            <th scope="col">{t('grid.date')}</th><th scope="col">{t('grid.state')}</th>
          </tr></thead>
          <tbody>
            {items.map((e, i) => {
              const r = rows[e.person_id] || fromItem(e, ev);
              const name = personName(e);
              const rowErr = errors[e.person_id]?.row;
              return (
                <tr key={e.person_id} class={dirty.has(e.person_id) ? 'is-dirty' : undefined}>
                  <th scope="row">{name}</th>
                  {cell(e, i, 'attended', (a) => <input type="checkbox" {...a} aria-label={`${t('grid.attended')}: ${name}`}
                    checked={!!r.attended} onChange={(x) => change(e.person_id, 'attended', x.currentTarget.checked)} />)}
                  {cell(e, i, 'passed', (a) => <input type="checkbox" {...a} aria-label={`${t('grid.passed')}: ${name}`}
                    checked={!!r.passed} onChange={(x) => change(e.person_id, 'passed', x.currentTarget.checked)} />)}
                  {cell(e, i, 'score', (a) => <input type="text" inputmode="decimal" size={4} {...a} aria-label={`${t('grid.score')}: ${name}`}
                    value={r.score} onInput={(x) => change(e.person_id, 'score', x.currentTarget.value)} />)}
                  {cell(e, i, 'completion_date', (a) => <DateField compact id={`grid-${e.person_id}-date`} {...a}
                    aria-label={`${t('grid.date')}: ${name}`} label={`${t('grid.date')}: ${name}`}
                    value={r.completion_date} disabled={!r.passed}
                    onInput={(v) => change(e.person_id, 'completion_date', v)} />)}
                  <td class="small">
                    {rowErr ? <span class="field-error">{rowErr}</span>
                      : dirty.has(e.person_id) ? t('grid.unsaved') : t('grid.stored')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" class="primary" ref={saveRef} disabled={busy || !dirty.size} onClick={save}>
          {t('grid.save', { n: formatNumber(dirty.size) })}
        </button>
      </p>
      <p role="status" class={summary && Object.keys(errors).length ? 'problem' : 'notice'}>{summary}</p>
      <IssueAll ev={ev} items={items} cat={cat} />
    </div>
  );
}

/** The certifications whose course this event teaches. */
function certificationsOf(cat, course) {
  return (cat?.certifications || []).filter((c) => c.course === course);
}

/** Check each passed trainee against the rule and issue where it passes. */
async function issueEach(passed, certId) {
  const issued = [], refused = [], held = [];
  for (const e of passed) {
    const name = personName(e);
    try {
      const [el, certs] = await Promise.all([
        api.get(`/api/v1/people/${e.person_id}/eligibility`),
        api.get(`/api/v1/people/${e.person_id}/certificates`),
      ]);
      if ((certs.items || []).some((c) => c.certification === certId && c.status === 'valid' && (!c.expires_date || c.expires_date >= today()))) {
        held.push({ name });
        continue;
      }
      const it = (el.items || []).find((x) => x.certification === certId);
      if (!it || !it.eligible) {
        const why = it?.error ? t('grid.ruleFailed', { message: it.error.message || '' })
          : (it?.missing || []).map(missingText).join('; ');
        refused.push({ name, why });
        continue;
      }
      const c = await api.post(`/api/v1/people/${e.person_id}/certificates`, { certification: certId, issued_date: today() });
      issued.push({ name, number: c.number });
    } catch (x) {
      refused.push({ name, why: errorText(x) });
    }
  }
  return { issued, refused, held };
}

function IssueAll({ ev, items, cat }) {
  const [outcome, setOutcome] = useState(null);
  const [busy, setBusy] = useState(false);
  const headRef = useRef(null);
  if (!session.can('certificates.issue')) return null;
  const certs = certificationsOf(cat, ev.course);
  const passed = items.filter((e) => e.passed);
  if (!certs.length) return null;
  return (
    <section class="issue-all" aria-labelledby="issue-all-title">
      <h3 id="issue-all-title">{t('grid.issueTitle')}</h3>
      {certs.map((c) => (
        <p key={c.id}>
          <button type="button" disabled={busy || !passed.length}
            onClick={async () => {
              setBusy(true); setOutcome(null);
              const r = await issueEach(passed, c.id);
              setOutcome({ cert: localName(c.name, c.id), ...r });
              setBusy(false);
              requestAnimationFrame(() => headRef.current?.focus());
            }}>
            {t('grid.issueAll', { cert: localName(c.name, c.id), n: formatNumber(passed.length) })}
          </button>
        </p>
      ))}
      {!passed.length && <p class="muted small">{t('grid.nobodyPassed')}</p>}
      {outcome && (
        <div class="issue-outcome">
          <p tabindex={-1} ref={headRef} role="status">
            {t('grid.issued', { n: formatNumber(outcome.issued.length), cert: outcome.cert })}
            {outcome.held.length > 0 && ` ${t('grid.alreadyHeld', { n: formatNumber(outcome.held.length) })}`}
          </p>
          {outcome.issued.length > 0 && (
            <ul class="issued">{outcome.issued.map((x) => <li key={x.number}>{x.name} — {x.number}</li>)}</ul>
          )}
          {outcome.refused.length > 0 && (
            <>
              <p class="missing-title">{t('grid.refused', { n: formatNumber(outcome.refused.length) })}</p>
              <ul class="refused">{outcome.refused.map((x) => <li key={x.name}><strong>{x.name}</strong>: {x.why}</li>)}</ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
