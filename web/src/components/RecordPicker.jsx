// Choosing a record from the register by searching for it: a person (by name or
// identifier) or an org unit (by name or code). A labelled search box, a Search
// button, results as buttons; the choice is shown with a Change button. Keyboard
// only works throughout (Enter searches). Used by the training, certificate and
// career screens; general enough for any screen that needs to pick one record.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { errorText } from './Form.jsx';

/**
 * <SearchPicker id label help value onChange search itemLabel itemDetail error />
 * SEARCH(q) resolves to a list of records; ITEMLABEL(record) is its name as text.
 * VALUE is the chosen record (or null); ONCHANGE(record|null).
 */
export function SearchPicker({ id, label, help, value, onChange, search, itemLabel, itemDetail, error, optional }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const errId = `${id}-error`;
  const helpId = `${id}-help`;
  const run = async () => {
    setProblem(null);
    setBusy(true);
    try { setResults(await search(q.trim())); } catch (e) { setProblem(errorText(e)); setResults(null); } finally { setBusy(false); }
  };
  const described = [help ? helpId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field picker${error ? ' has-error' : ''}`}>
      {value ? (
        <>
          <span class="picker-label" id={`${id}-label`}>{label}</span>
          <p class="picked" aria-labelledby={`${id}-label`}>
            <strong>{itemLabel(value)}</strong>{' '}
            <button type="button" class="small-button" id={id} aria-describedby={described}
              aria-label={`${t('picker.change')}: ${label}`}
              onClick={() => { onChange(null); setResults(null); }}>{t('picker.change')}</button>
          </p>
        </>
      ) : (
        <>
          <label for={id}>{label}{optional && <span class="req"> {t('picker.optional')}</span>}</label>
          {help && <p class="help" id={helpId}>{help}</p>}
          <div class="picker-row">
            <input id={id} type="search" value={q} autocomplete="off" aria-describedby={described}
              aria-invalid={error ? 'true' : undefined}
              onInput={(e) => setQ(e.currentTarget.value)}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); run(); } }} />
            <button type="button" onClick={run} disabled={busy} aria-label={`${t('picker.search')}: ${label}`}>{t('picker.search')}</button>
          </div>
        </>
      )}
      {error && <p class="field-error" id={errId}>{error}</p>}
      {problem && <p class="problem" role="alert">{problem}</p>}
      {!value && results && (
        <div class="picker-results" role="status">
          <p class="muted small">{results.length ? t('picker.found', { n: formatNumber(results.length) }) : t('picker.none')}</p>
          {results.length > 0 && (
            <ul>
              {results.map((r) => (
                <li key={r.id}>
                  <button type="button" class="small-button" aria-label={`${t('picker.choose')}: ${itemLabel(r)}`}
                    onClick={() => { onChange(r); setResults(null); setQ(''); }}>{t('picker.choose')}</button>{' '}
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

/** People whose name or identifier matches Q (at most LIMIT), in the caller's area. */
export async function searchPeople(q, limit = 10, extra = {}) {
  const p = new URLSearchParams({ limit: String(limit), status: 'active', ...extra });
  if (q) p.set('q', q);
  return (await api.get(`/api/v1/people?${p}`)).items || [];
}

export const personLabel = (p) => [p.given_name, p.other_names, p.family_name].filter(Boolean).join(' ');
const personDetail = (p) => [p.birth_date, ...(p.identifiers || []).map((i) => i.value)].filter(Boolean).join(' · ');

export function PersonPicker(props) {
  return <SearchPicker {...props} search={(q) => searchPeople(q, 10, props.filter || {})} itemLabel={personLabel} itemDetail={personDetail} />;
}

/** Org units whose name or code matches Q. */
export async function searchUnits(q) {
  return (await api.get(`/api/v1/org-units?q=${encodeURIComponent(q)}`)).org_units || [];
}

export const unitLabel = (u) => `${localName(u.name, u.code)}${u.level ? ` (${u.level})` : ''}`;

export function OrgUnitPicker(props) {
  return <SearchPicker {...props} search={searchUnits} itemLabel={unitLabel} itemDetail={(u) => u.code} />;
}
