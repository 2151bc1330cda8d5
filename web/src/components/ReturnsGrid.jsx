// The monthly returns grid (issue 18, point 1): one month's activity counts for a
// supervisor's workers or an area's, one row per worker and one column per activity
// type the configuration declares (kazi.activity). Typed like the class grid (Enter or
// the arrows move down and up a column), saved row by row with one button; a refused
// count is said in its cell and the typed values stay.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { errorText } from '../api.js';
import { PersonPicker, OrgUnitPicker, searchPeople } from './RecordPicker.jsx';
import { personName, personById } from '../names.js';
import { catalogue } from '../lookups.js';
import { gridKeys } from './ClassGrid.jsx';

const lastMonth = () => new Date(Date.now() - 28 * 864e5).toISOString().slice(0, 7);

/** The workers of SUPERVISOR (current supervisions) or living in UNIT (active), by name. */
async function workersOf(supervisor, unit) {
  if (supervisor) {
    const r = await api.get(`/api/v1/supervisions?supervisor_id=${supervisor.id}`);
    const ids = [...new Set((r.items || []).filter((s) => !s.end_date).map((s) => s.person_id))];
    const people = (await Promise.all(ids.map(personById))).filter(Boolean);
    return people.sort((a, b) => personName(a).localeCompare(personName(b)));
  }
  return searchPeople('', 100, { org_unit: String(unit.id) });
}

export function ReturnsGrid() {
  const [activities, setActivities] = useState([]);
  const [supervisor, setSupervisor] = useState(null);
  const [unit, setUnit] = useState(null);
  const [period, setPeriod] = useState(lastMonth());
  const [workers, setWorkers] = useState(null);
  const [rows, setRows] = useState({});
  const [dirty, setDirty] = useState(new Set());
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const gridRef = useRef(null);
  const saveRef = useRef(null);
  useEffect(() => { catalogue('activities').then((a) => setActivities(a || []), () => setActivities([])); }, []);

  const load = async () => {
    setProblem(null); setSummary(null); setErrors({}); setDirty(new Set());
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) { setProblem(t('rgrid.badMonth')); return; }
    if (!supervisor && !unit) { setProblem(t('rgrid.chooseWhose')); return; }
    try {
      const people = await workersOf(supervisor, unit);
      const counts = await Promise.all(people.map((p) =>
        api.get(`/api/v1/activity-returns?person_id=${p.id}&period=${period}`).then((r) => r.items || [])));
      const next = {};
      people.forEach((p, i) => {
        next[p.id] = {};
        for (const c of counts[i]) next[p.id][c.activity] = String(c.count);
      });
      setRows(next); setWorkers(people);
    } catch (e) { setProblem(errorText(e)); }
  };

  const change = (pid, act, value) => {
    setRows({ ...rows, [pid]: { ...rows[pid], [act]: value } });
    setDirty(new Set(dirty).add(pid));
    if (errors[pid]) { const e = { ...errors }; delete e[pid]; setErrors(e); }
  };

  const save = async () => {
    setBusy(true); setSummary(null);
    const errs = {};
    let saved = 0;
    for (const p of workers) {
      if (!dirty.has(p.id)) continue;
      const counts = {};
      for (const a of activities) {
        const v = String(rows[p.id]?.[a.id] ?? '').trim();
        if (v === '') continue;
        if (!/^\d+$/.test(v)) (errs[p.id] ||= {})[a.id] = t('rgrid.badCount');
        else counts[a.id] = Number(v);
      }
      if (errs[p.id]) continue;
      try {
        await api.put('/api/v1/activity-returns', { person_id: p.id, period, counts });
        saved++;
      } catch (x) {
        const act = x.field?.startsWith('counts.') ? x.field.slice(7) : null;
        errs[p.id] = act ? { [act]: x.message } : { row: errorText(x) };
      }
    }
    const left = new Set(Object.keys(errs).map(Number));
    setDirty(left); setErrors(errs); setBusy(false);
    setSummary(left.size ? t('grid.savedSome', { n: formatNumber(saved), bad: formatNumber(left.size) }) : t('grid.saved', { n: formatNumber(saved) }));
    requestAnimationFrame(() => gridRef.current?.querySelector('[aria-invalid="true"]')?.focus());
  };

  return (
    <div class="returns-grid">
      <p class="muted">{t('rgrid.intro')}</p>
      <div class="bulk-search">
        <PersonPicker id="rgrid-supervisor" label={t('rgrid.supervisor')} optional value={supervisor}
          onChange={(p) => { setSupervisor(p); if (p) setUnit(null); }} />
        <OrgUnitPicker id="rgrid-unit" label={t('rgrid.area')} optional value={unit}
          onChange={(u) => { setUnit(u); if (u) setSupervisor(null); }} />
        <div class="field">
          <label for="rgrid-month">{t('rgrid.month')}</label>
          <p class="help" id="rgrid-month-help">{t('rgrid.monthHelp')}</p>
          <input id="rgrid-month" type="text" inputmode="numeric" size={8} maxLength={7} value={period}
            aria-describedby="rgrid-month-help" onInput={(e) => setPeriod(e.currentTarget.value.trim())} />
        </div>
        <div><button type="button" onClick={load}>{t('rgrid.show')}</button></div>
      </div>
      {problem && <p class="problem" role="alert">{problem}</p>}
      {workers && workers.length === 0 && <p class="muted">{t('rgrid.nobody')}</p>}
      {workers && workers.length > 0 && (
        <>
          <div class="table-wrap">
            <table class="list grid" ref={gridRef} aria-describedby="grid-help-returns"
              onKeyDown={(e) => gridKeys(e, gridRef.current, saveRef.current)}>
              <caption>{t('rgrid.caption', { month: period, n: formatNumber(workers.length) })}</caption>
              <thead><tr>
                <th scope="col">{t('rgrid.worker')}</th>
                {activities.map((a) => <th scope="col" key={a.id}>{localName(a.name, a.id)}</th>)}
                <th scope="col">{t('grid.state')}</th>
              </tr></thead>
              <tbody>
                {workers.map((p, i) => {
                  const name = personName(p);
                  return (
                    <tr key={p.id} class={dirty.has(p.id) ? 'is-dirty' : undefined}>
                      <th scope="row">{name}</th>
                      {activities.map((a, j) => {
                        const err = errors[p.id]?.[a.id];
                        const errId = `rgrid-${p.id}-${a.id}-error`;
                        return (
                          <td key={a.id} class={`grid-cell${err ? ' has-error' : ''}`}>
                            <input type="text" inputmode="numeric" size={5} data-row={i} data-col={j}
                              aria-label={`${localName(a.name, a.id)}: ${name}`} aria-invalid={err ? 'true' : undefined}
                              aria-describedby={err ? errId : undefined}
                              value={rows[p.id]?.[a.id] ?? ''} onInput={(e) => change(p.id, a.id, e.currentTarget.value)} />
                            {err && <span class="field-error" id={errId}>{err}</span>}
                          </td>
                        );
                      })}
                      <td class="small">{errors[p.id]?.row ? <span class="field-error">{errors[p.id].row}</span>
                        : dirty.has(p.id) ? t('grid.unsaved') : t('grid.stored')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p class="muted small" id="grid-help-returns">{t('rgrid.help')}</p>
          <p><button type="button" class="primary" ref={saveRef} disabled={busy || !dirty.size} onClick={save}>
            {t('grid.save', { n: formatNumber(dirty.size) })}</button></p>
          <p role="status" class={summary && Object.keys(errors).length ? 'problem' : 'notice'}>{summary}</p>
        </>
      )}
    </div>
  );
}
