// One date field for every form (issue 18): the day is typed in the language's order
// (dd/mm/yyyy, never the browser's mm/dd/yyyy that <input type=date> shows on an
// American-set computer) or chosen in a calendar, and the form receives YYYY-MM-DD.
// What is typed but is not a day reaches the form as TYPED + text, which the form
// refuses in plain words ("31/02/2026 is not a date: February 2026 has 28 days").
// The calendar is a small dialog: a month of day buttons with one tab stop, arrows
// by day and week, Page Up/Down by month, Home/End to the week's ends, Enter to choose,
// Escape to close (focus back on the calendar button).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.js';
import {
  TYPED, readDay, showDay, dayPattern, monthWeeks, isoDay, addDays, addMonths, monthName, weekdayNames,
} from '../dates.js';

function todayIso() {
  const d = new Date();
  return isoDay(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

const isIso = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The text a value is shown as: an ISO day in the language's order, typed text as typed. */
function textOf(value) {
  if (isIso(value)) return showDay(value);
  if (typeof value === 'string' && value.startsWith(TYPED)) return value.slice(TYPED.length);
  return '';
}

/** The text to show for VALUE set from outside, where TEXT is shown now. */
function outsideText(value, text) {
  if (isIso(value)) return readDay(text).iso === value ? text : showDay(value);
  if (typeof value === 'string' && value.startsWith(TYPED)) return textOf(value);
  return text.trim() ? '' : text;
}

function Calendar({ id, label, start, chosen, onChoose, onClose }) {
  const [focus, setFocus] = useState(start);
  const ref = useRef(null);
  const [y, m] = focus.split('-').map(Number);
  // Focus follows the day the keys move to (after it is drawn).
  useEffect(() => { ref.current?.querySelector(`button[data-day="${focus}"]`)?.focus(); }, [focus]);
  const keys = (e) => {
    const moves = {
      ArrowLeft: () => addDays(focus, -1), ArrowRight: () => addDays(focus, 1),
      ArrowUp: () => addDays(focus, -7), ArrowDown: () => addDays(focus, 7),
      PageUp: () => addMonths(focus, e.shiftKey ? -12 : -1), PageDown: () => addMonths(focus, e.shiftKey ? 12 : 1),
      Home: () => addDays(focus, -((new Date(`${focus}T00:00:00Z`).getUTCDay() + 6) % 7)),
      End: () => addDays(focus, 6 - ((new Date(`${focus}T00:00:00Z`).getUTCDay() + 6) % 7)),
    };
    const move = moves[e.key];
    if (move && e.target.dataset?.day) { e.preventDefault(); setFocus(move()); }
  };
  const headId = `${id}-month`;
  const long = weekdayNames(undefined, 'long');
  // The language's short names when they are short (Mon, Tue ...); Swahili's are whole
  // words (Jumatatu), so its usual calendar letters (J3, J4 ... J2) come from the strings.
  const intl = weekdayNames(undefined, 'short');
  const short = intl.every((s) => s.length <= 4) ? intl : t('daily.date.weekdays').split(' ');
  const today = todayIso();
  return (
    <div class="calendar" id={id} role="dialog" aria-label={t('daily.date.calendar', { label })} ref={ref} onKeyDown={keys}>
      <div class="calendar-head">
        <button type="button" class="calendar-step" aria-label={t('daily.date.prevMonth')}
          onClick={() => setFocus(addMonths(focus, -1))}>‹</button>
        <h2 id={headId} aria-live="polite">{monthName(m)} {y}</h2>
        <button type="button" class="calendar-step" aria-label={t('daily.date.nextMonth')}
          onClick={() => setFocus(addMonths(focus, 1))}>›</button>
      </div>
      <table class="calendar-month" aria-labelledby={headId}>
        <thead><tr>{short.map((s, i) => <th key={i} scope="col" abbr={long[i]}>{s}</th>)}</tr></thead>
        <tbody>
          {monthWeeks(y, m).map((w, wi) => (
            <tr key={wi}>
              {w.map((d, i) => {
                if (!d) return <td key={i} />;
                const iso = isoDay(y, m, d);
                return (
                  <td key={i}>
                    <button type="button" data-day={iso} tabindex={iso === focus ? 0 : -1}
                      aria-label={`${d} ${monthName(m)} ${y}`} aria-pressed={iso === chosen ? 'true' : 'false'}
                      aria-current={iso === today ? 'date' : undefined}
                      class={iso === chosen ? 'is-chosen' : undefined}
                      onClick={() => onChoose(iso)}>{d}</button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="help">{t('daily.date.keys')}</p>
      <button type="button" class="link-button" onClick={onClose}>{t('daily.date.close')}</button>
    </div>
  );
}

/**
 * <DateField id value onInput label .../>: VALUE is YYYY-MM-DD, '' or TYPED + text;
 * onInput(v) gets the same. LABEL names the calendar button. Other props (name,
 * required, aria-*, data-*) go to the text input. With `compact` (a grid cell) the
 * format hint is only the placeholder and the accessible description.
 */
export function DateField({ id, value, onInput, label, compact, disabled, ...rest }) {
  // The text shown, and the value it was last derived from. A value set from outside (a
  // draft restored, "passed" offering the last day, a cleared form) shows in the same
  // render that brings it; one this field produced from the text leaves the text alone.
  const shown = useRef(null);
  if (!shown.current) shown.current = { value, text: textOf(value) };
  if (shown.current.value !== value) shown.current = { value, text: outsideText(value, shown.current.text) };
  const text = shown.current.text;
  const [, redraw] = useState(0);
  const setText = (s) => { shown.current.text = s; redraw((n) => n + 1); };
  const [open, setOpen] = useState(false);
  const wrap = useRef(null);
  const input = useRef(null);
  const button = useRef(null);
  useEffect(() => {
    if (!open) return undefined;
    const away = (e) => { if (wrap.current && !wrap.current.contains(e.target)) setOpen(false); };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  const typed = (s) => {
    setText(s);
    const r = readDay(s);
    onInput(r.iso ?? (s.trim() ? TYPED + s : ''));
  };
  const choose = (iso) => {
    setText(showDay(iso));
    onInput(iso);
    setOpen(false);
    requestAnimationFrame(() => input.current?.focus());
  };
  // focus back on the button before the calendar goes (it stays; nothing is lost a frame)
  const close = () => { button.current?.focus(); setOpen(false); };
  const pattern = dayPattern();
  const fmtId = `${id}-format`;
  const described = [rest['aria-describedby'], fmtId].filter(Boolean).join(' ');
  const current = readDay(text).iso || (isIso(value) ? value : null);
  const start = current || todayIso();
  return (
    <div class={`date-field${compact ? ' date-field-compact' : ''}`} ref={wrap}
      onKeyDown={(e) => { if (open && e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); } }}>
      <span id={fmtId} class={compact ? 'visually-hidden' : 'help date-format'}>{t('daily.date.help', { pattern })}</span>
      <span class="date-row">
        <input {...rest} ref={input} id={id} type="text" inputmode="numeric" autocomplete="off" spellcheck={false}
          placeholder={pattern} value={text} disabled={disabled} aria-describedby={described}
          onInput={(e) => typed(e.currentTarget.value)} />
        <button type="button" class="date-open" ref={button} disabled={disabled}
          aria-expanded={open ? 'true' : 'false'} aria-controls={open ? `${id}-calendar` : undefined}
          aria-haspopup="dialog" onClick={() => setOpen(!open)}>
          <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
            <rect x="2.5" y="4" width="15" height="13.5" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5" />
            <path d="M2.5 8h15M6.5 2v4M13.5 2v4" stroke="currentColor" stroke-width="1.5" fill="none" />
          </svg>
          <span class="visually-hidden">{t('daily.date.open', { label })}</span>
        </button>
      </span>
      {open && <Calendar id={`${id}-calendar`} label={label} start={start} chosen={current} onChoose={choose} onClose={close} />}
    </div>
  );
}
