// Choose an org unit by typing part of its name or code. The matches (from the
// server, within the caller's area) are buttons under the box; the chosen unit is
// shown with its place in the hierarchy. VALUE is the unit's id (or '' / null).
// Used inside <Form> through a field's render(), and on its own in filters.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, localName } from '../i18n.js';
import { orgUnit, searchOrgUnits, pathText, country } from '../lookups.js';

export function OrgUnitPicker({ id, value, onInput, level, 'aria-describedby': describedBy, 'aria-invalid': invalid, required }) {
  const [chosen, setChosen] = useState(null);
  const [text, setText] = useState('');
  const [matches, setMatches] = useState(null);
  const timer = useRef(null);
  const [levels, setLevels] = useState([]);
  useEffect(() => { country().then((c) => setLevels(c.levels || []), () => {}); }, []);
  const levelName = (id) => { const l = levels.find((x) => x.id === id); return l ? localName(l.name, id) : id; };

  useEffect(() => {
    let live = true;
    if (!value) { setChosen(null); return undefined; }
    orgUnit(value).then((u) => live && setChosen(u), () => live && setChosen({ id: value, name: `#${value}` }));
    return () => { live = false; };
  }, [value]);

  const search = (q) => {
    setText(q);
    clearTimeout(timer.current);
    if (q.trim().length < 2) { setMatches(null); return; }
    timer.current = setTimeout(async () => {
      try {
        const found = await searchOrgUnits(q.trim());
        setMatches(level ? found.filter((u) => u.level === level) : found);
      } catch { setMatches([]); }
    }, 250);
  };
  const pick = (u) => {
    setMatches(null); setText('');
    onInput(u.id);
    requestAnimationFrame(() => document.getElementById(`${id}-change`)?.focus());
  };

  if (value && chosen) {
    return (
      <div class="unit-chosen" id={id} tabindex={-1} aria-describedby={describedBy} aria-invalid={invalid}>
        <span class="unit-name">{localName(chosen.name, chosen.code)}</span>
        {chosen.path && <span class="muted small"> ({pathText(chosen)})</span>}
        <button type="button" class="small-button" id={`${id}-change`} onClick={() => {
          onInput('');
          requestAnimationFrame(() => document.getElementById(id)?.focus());
        }}>{t('people.unitChange')}</button>
      </div>
    );
  }
  return (
    <div class="unit-picker">
      <input id={id} type="search" value={text} autocomplete="off" aria-describedby={describedBy}
        aria-invalid={invalid} required={required} placeholder={t('people.unitPlaceholder')}
        onInput={(e) => search(e.currentTarget.value)}
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); if (matches?.length === 1) pick(matches[0]); } }} />
      <div role="status" class="visually-hidden">
        {matches && t('people.unitMatches', { n: matches.length })}
      </div>
      {matches && (matches.length ? (
        <ul class="unit-matches">
          {matches.slice(0, 12).map((u) => (
            <li key={u.id}>
              <button type="button" class="unit-match" onClick={() => pick(u)}>
                {localName(u.name, u.code)} <span class="muted small">{levelName(u.level)} · {u.code}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : <p class="muted small">{t('people.unitNone')}</p>)}
    </div>
  );
}
