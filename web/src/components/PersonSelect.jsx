// Find a person in the caller's area by name or identifier and choose one:
// a search box, then a list of matches to choose from. Used where a form needs
// a person (supervision, sessions, payments, support).
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../i18n.js';
import { errorText } from './Form.jsx';

export const personLabel = (p) => `${p.given_name} ${p.family_name}${p.identifiers?.[0] ? ` · ${p.identifiers[0].value}` : ''}`;

/** <PersonSelect id label value={person|null} onChange={(person|null) => …} query="cadre=psw" /> */
export function PersonSelect({ id, label, value, onChange, query = '', error }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState(null);
  const [problem, setProblem] = useState(null);
  const search = async (e) => {
    e?.preventDefault();
    setProblem(null);
    try {
      const params = new URLSearchParams(query);
      if (q.trim()) params.set('q', q.trim());
      params.set('limit', '20');
      const r = await api.get(`/api/v1/people?${params}`);
      setFound(r.items || []);
      if ((r.items || []).length === 1) onChange(r.items[0]);
    } catch (err) { setProblem(errorText(err)); }
  };
  const errId = `${id}-error`;
  return (
    <fieldset class={`person-picker${error ? ' has-error' : ''}`} id={id} tabindex={-1}
      aria-describedby={error ? errId : undefined}>
      <legend>{label}</legend>
      <div class="picker-row">
        <label class="visually-hidden" for={`${id}-q`}>{t('personSelect.search', { what: label })}</label>
        <input id={`${id}-q`} type="search" value={q} placeholder={t('personSelect.placeholder')}
          onInput={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') search(e); }} />
        <button type="button" class="small-button" onClick={search}>{t('personSelect.find')}</button>
      </div>
      {problem && <p class="problem">{problem}</p>}
      {found && found.length === 0 && <p class="muted">{t('personSelect.none')}</p>}
      {found && found.length > 0 && (
        <>
          <label for={`${id}-choice`}>{t('personSelect.choose', { what: label })}</label>
          <select id={`${id}-choice`} value={value ? String(value.id) : ''}
            onChange={(e) => onChange(found.find((p) => String(p.id) === e.currentTarget.value) || null)}>
            <option value="">{t('form.choose')}</option>
            {found.map((p) => <option key={p.id} value={String(p.id)}>{personLabel(p)}</option>)}
          </select>
        </>
      )}
      {value && <p class="chosen">{t('personSelect.chosen', { name: personLabel(value) })}</p>}
      {error && <p class="field-error" id={errId}>{error}</p>}
    </fieldset>
  );
}
