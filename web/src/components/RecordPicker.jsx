// Choosing a record from the register by searching for it: a person (by name or
// identifier) or an org unit (by name or code). The one picker every screen uses.
// A labelled search box (matches appear as you type, and Enter or the Search
// button searches at once), results as "Choose" buttons; the choice is shown with
// a Change button. Keyboard only works throughout; focus moves to the choice after
// choosing and back to the box after Change. An ERROR appears next to the field and
// is tied to it with aria-describedby; the element with the picker's ID is the box
// (nothing chosen) or the choice (focusable), so a screen can focus it on an error.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { errorText } from '../api.js';
import { orgUnit, searchOrgUnits, pathText } from '../lookups.js';
import { personName, personDetail } from '../names.js';

const TYPE_AHEAD_MS = 250;

/**
 * <SearchPicker id label help value onChange search itemLabel itemDetail error optional />
 * SEARCH(q) resolves to a list of records; ITEMLABEL(record) is its name as text.
 * VALUE is the chosen record (or null); ONCHANGE(record|null).
 * BARE: the screen draws the label (e.g. a <Form> field); ARIA-DESCRIBEDBY, ARIA-INVALID
 * and REQUIRED are then passed on to the search box.
 * AUTOPICK: a search that finds exactly one record chooses it. NONETEXT: what an empty search says.
 */
export function SearchPicker({ id, label, help, value, onChange, search, itemLabel, itemDetail, chosenDetail, error,
  optional, bare, autoPick, noneText, required, 'aria-describedby': outerDescribed, 'aria-invalid': outerInvalid }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef(null);
  const seq = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);
  const errId = `${id}-error`;
  const helpId = `${id}-help`;
  const root = useRef(null);
  // After a choice the clicked button is gone, so focus goes to what replaced it —
  // unless the officer has already moved on to another field (never pull them back).
  const focusLater = (target) => requestAnimationFrame(() => {
    const now = document.activeElement;
    if (now && now !== document.body && !root.current?.contains(now)) return;
    (document.getElementById(target) || document.getElementById(id))?.focus();
  });
  const choose = (r) => {
    clearTimeout(timer.current);
    seq.current += 1;
    setResults(null); setQ('');
    onChange(r);
    focusLater(`${id}-change`);
  };
  const run = async (text, auto) => {
    clearTimeout(timer.current);
    const mine = ++seq.current;
    setProblem(null);
    setBusy(true);
    try {
      const found = await search(text.trim());
      if (mine !== seq.current) return;
      if (auto && autoPick && found.length === 1) choose(found[0]);
      else setResults(found);
    } catch (e) {
      if (mine === seq.current) { setProblem(errorText(e)); setResults(null); }
    } finally { if (mine === seq.current) setBusy(false); }
  };
  const typed = (text) => {
    setQ(text);
    clearTimeout(timer.current);
    if (text.trim().length < 2) { seq.current += 1; setResults(null); return; }
    timer.current = setTimeout(() => run(text, false), TYPE_AHEAD_MS);
  };
  const described = [outerDescribed, !bare && help ? helpId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  const invalid = error || outerInvalid === 'true' || outerInvalid === true ? 'true' : undefined;
  const detail = chosenDetail || itemDetail;
  return (
    <div ref={root} class={`${bare ? '' : 'field '}picker${error ? ' has-error' : ''}`}>
      {value ? (
        <>
          {!bare && <span class="picker-label" id={`${id}-label`}>{label}</span>}
          <p class="picked" id={id} tabindex={-1} aria-labelledby={bare ? undefined : `${id}-label`}
            aria-describedby={described} aria-invalid={invalid}>
            <strong>{itemLabel(value)}</strong>
            {detail && detail(value) && <span class="muted small"> ({detail(value)})</span>}{' '}
            <button type="button" class="small-button" id={`${id}-change`}
              aria-label={`${t('picker.change')}: ${label}`}
              onClick={() => { onChange(null); setResults(null); focusLater(id); }}>{t('picker.change')}</button>
          </p>
        </>
      ) : (
        <>
          {!bare && <label for={id}>{label}{optional && <span class="req"> {t('picker.optional')}</span>}</label>}
          {!bare && help && <p class="help" id={helpId}>{help}</p>}
          <div class="picker-row">
            <input id={id} type="search" value={q} autocomplete="off" aria-describedby={described}
              aria-invalid={invalid} required={required}
              onInput={(e) => typed(e.currentTarget.value)}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); run(q, true); } }} />
            <button type="button" onClick={() => run(q, true)} disabled={busy} aria-label={`${t('picker.search')}: ${label}`}>{t('picker.search')}</button>
          </div>
        </>
      )}
      {error && <p class="field-error" id={errId}>{error}</p>}
      {problem && <p class="problem" role="alert">{problem}</p>}
      {!value && results && (
        <div class="picker-results" role="status">
          <p class="muted small">{results.length ? t('picker.found', { n: formatNumber(results.length) }) : (noneText || t('picker.none'))}</p>
          {results.length > 0 && (
            <ul>
              {results.map((r) => (
                <li key={r.id}>
                  <button type="button" class="small-button" aria-label={`${t('picker.choose')}: ${itemLabel(r)}`}
                    onClick={() => choose(r)}>{t('picker.choose')}</button>{' '}
                  <span>{itemLabel(r)}</span>
                  {itemDetail && <span class="muted small"> {itemDetail(r)}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * People whose name or identifier matches Q (at most LIMIT), in the caller's area.
 * STATUS narrows to one status ('' for any); QUERY adds list filters ({cadre, org_unit}).
 */
export async function searchPeople(q, limit = 10, query = {}, status = 'active') {
  const p = new URLSearchParams({ limit: String(limit), ...query });
  if (status) p.set('status', status);
  if (q) p.set('q', q);
  return (await api.get(`/api/v1/people?${p}`)).items || [];
}

/**
 * <PersonPicker id label value onChange status="active" query={{cadre}} accept={(p) => bool} … />
 * A SearchPicker over the register's people; ACCEPT (optional) drops matches the
 * screen cannot use (e.g. the person being merged into).
 */
export function PersonPicker({ status = 'active', query, accept, limit = 10, ...props }) {
  const search = async (q) => {
    const found = await searchPeople(q, limit, query || {}, status);
    return accept ? found.filter(accept) : found;
  };
  return <SearchPicker noneText={t('picker.noPerson')} {...props} search={search} itemLabel={personName} itemDetail={personDetail} />;
}

/** Org units whose name or code matches Q (within the caller's area). */
export const searchUnits = searchOrgUnits;

/** "Kaloleni (ward)": an org unit's name and level. */
export const unitLabel = (u) => `${localName(u.name, u.code)}${u.level ? ` (${u.level})` : ''}`;

/** <OrgUnitPicker id label value={unit|null} onChange level="ward" … />: LEVEL narrows the matches. */
export function OrgUnitPicker({ level, ...props }) {
  const search = async (q) => {
    const found = await searchUnits(q);
    return level ? found.filter((u) => u.level === level) : found;
  };
  return <SearchPicker noneText={t('picker.noUnit')} {...props} search={search} itemLabel={unitLabel} itemDetail={(u) => u.code}
    chosenDetail={(u) => (u.path ? pathText(u) : u.code)} />;
}

/**
 * An org-unit picker whose value is the unit's id ('' for none), for <Form> fields
 * (render: (props) => <OrgUnitField {...props} label=… />) and list filters whose
 * label the screen draws. ONINPUT(id|'').
 */
export function OrgUnitField({ value, onInput, label, ...props }) {
  const [unit, setUnit] = useState(null);
  useEffect(() => {
    let live = true;
    if (!value) { setUnit(null); return undefined; }
    if (unit && String(unit.id) === String(value) && unit.path) return undefined;
    orgUnit(value).then((u) => live && setUnit(u), () => live && setUnit({ id: value, name: `#${value}`, code: '' }));
    return () => { live = false; };
  }, [value]);
  const shown = value ? (unit && String(unit.id) === String(value) ? unit : null) : null;
  return <OrgUnitPicker {...props} bare label={label || t('people.area')} value={shown}
    onChange={(u) => { setUnit(u); onInput(u ? u.id : ''); }} />;
}
