// Find a person in the register by name prefix or identifier and choose one.
// The matches (within the caller's area) are buttons; ONPICK gets the person.
// FILTER (optional) narrows what is offered, e.g. only active workers.
import { useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, formatDate } from '../i18n.js';

function nameOf(p) { return [p.given_name, p.other_names, p.family_name].filter(Boolean).join(' '); }

export function PersonPicker({ id, label, onPick, filter, status = 'active' }) {
  const [text, setText] = useState('');
  const [matches, setMatches] = useState(null);
  const timer = useRef(null);
  const search = (q) => {
    setText(q);
    clearTimeout(timer.current);
    if (q.trim().length < 2) { setMatches(null); return; }
    timer.current = setTimeout(async () => {
      const s = new URLSearchParams({ q: q.trim(), limit: '10' });
      if (status) s.set('status', status);
      try {
        const r = await api.get(`/api/v1/people?${s}`);
        setMatches((r.items || []).filter((p) => !filter || filter(p)));
      } catch { setMatches([]); }
    }, 250);
  };
  return (
    <div class="field person-picker">
      <label for={id}>{label}</label>
      <p class="help" id={`${id}-help`}>{t('people.pickerHelp')}</p>
      <input id={id} type="search" autocomplete="off" value={text} aria-describedby={`${id}-help`}
        onInput={(e) => search(e.currentTarget.value)} />
      <div role="status" class="visually-hidden">{matches && t('people.unitMatches', { n: matches.length })}</div>
      {matches && (matches.length ? (
        <ul class="unit-matches">
          {matches.map((p) => (
            <li key={p.id}>
              <button type="button" class="unit-match" onClick={() => { setMatches(null); setText(''); onPick(p); }}>
                {nameOf(p)}{' '}
                <span class="muted small">
                  {[p.identifiers?.[0]?.value, p.birth_date && formatDate(p.birth_date)].filter(Boolean).join(' · ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : <p class="muted small">{t('people.noneFound')}</p>)}
    </div>
  );
}
