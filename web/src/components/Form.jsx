// A form generated from field declarations. Shows client-side checks and the
// server's errors: a 422 {"error":{"field":...}} appears next to that field; any
// other error appears above the form. All text is rendered as text, never HTML.
// Field (one labelled control with its help and error) is shared with screens that
// lay out their own form (Planning).
import { useRef, useState } from 'preact/hooks';
import { t, localName } from '../i18n.js';
import { ApiError, errorText } from '../api.js';
import { normaliseField, validate, toPayload } from '../form-logic.js';
import { draftKey, readDraft, saveDraft, dropDraft } from '../drafts.js';
import { dayProblem } from '../dates.js';
import { DateField } from './DateField.jsx';

/** A server message that begins with the field's code ("given_name is required") begins
 * with its label instead ("Given name is required"). */
export function plainMessage(f, message) {
  const codes = [f.name, f.name.replace('__', '.')];
  const code = codes.find((c) => message.startsWith(`${c} `) || message.startsWith(`${c}:`));
  return code ? localName(f.label, f.name) + message.slice(code.length) : message;
}

export function Field({ f, id, value, error, onInput }) {
  const errId = `${id}-error`;
  const helpId = `${id}-help`;
  const described = [f.help ? helpId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id, name: f.name, required: f.required, 'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': described,
  };
  let control;
  if (f.input === 'multi') {
    // Several choices: a group of checkboxes named by a legend.
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset id={id} class={`field field-multi${error ? ' has-error' : ''}`} aria-describedby={described}
        aria-invalid={error ? 'true' : undefined} tabindex={-1}>
        <legend>
          {localName(f.label, f.name)}
          {f.required && <span class="req"> {t('form.requiredMark')}</span>}
        </legend>
        {f.help && <p class="help" id={helpId}>{localName(f.help)}</p>}
        {f.options.map((o) => (
          <label key={o.value} class="choice">
            <input type="checkbox" name={f.name} value={o.value} checked={chosen.includes(o.value)}
              onChange={(e) => onInput(f.name, e.currentTarget.checked ? [...chosen, o.value] : chosen.filter((x) => x !== o.value))} />
            {' '}{localName(o.label, o.value)}
          </label>
        ))}
        {error && <p class="field-error" id={errId}>{error}</p>}
      </fieldset>
    );
  }
  if (f.render) {
    // A control the screen draws itself; it gets the same id, name and aria wiring.
    control = f.render({ ...common, value, onInput: (v) => onInput(f.name, v) });
  } else if (f.input === 'select') {
    control = (
      <select {...common} value={value ?? ''} onChange={(e) => onInput(f.name, e.currentTarget.value)}>
        <option value="">{t('form.choose')}</option>
        {f.options.map((o) => <option key={o.value} value={o.value}>{localName(o.label, o.value)}</option>)}
      </select>
    );
  } else if (f.input === 'date') {
    // Typed as dd/mm/yyyy (the language's order) or chosen in a calendar; sent as YYYY-MM-DD.
    control = <DateField {...common} label={localName(f.label, f.name)} value={value ?? ''}
      onInput={(v) => onInput(f.name, v)} />;
  } else if (f.input === 'checkbox') {
    control = <input type="checkbox" {...common} required={false} checked={!!value}
      onChange={(e) => onInput(f.name, e.currentTarget.checked)} />;
  } else if (f.input === 'textarea') {
    control = <textarea {...common} rows={3} maxLength={f.maxLength} value={value ?? ''}
      onInput={(e) => onInput(f.name, e.currentTarget.value)} />;
  } else {
    control = <input type={f.input} {...common} value={value ?? ''} min={f.min} max={f.max}
      step={f.input === 'number' ? (f.integer ? 1 : 'any') : undefined} maxLength={f.maxLength}
      autocomplete={f.autocomplete}
      onInput={(e) => onInput(f.name, e.currentTarget.value)} />;
  }
  return (
    <div class={`field field-${f.input}${error ? ' has-error' : ''}`}>
      <label for={id}>
        {localName(f.label, f.name)}
        {f.required && <span class="req"> {t('form.requiredMark')}</span>}
      </label>
      {f.help && <p class="help" id={helpId}>{localName(f.help)}</p>}
      {control}
      {error && <p class="field-error" id={errId}>{error}</p>}
    </div>
  );
}

/**
 * <Form id fields={declarations} initial={{}} submitLabel onSubmit={async (payload) => …} />
 * onSubmit may throw an ApiError; its field (if it names one of FIELDS) gets the message.
 * CHECK(values) may return {name: message} for checks across fields; they run after the
 * per-field ones pass. CHILDREN (e.g. a Cancel button) are rendered beside the submit button.
 */
export function Form({ id, fields: decls, initial = {}, submitLabel, busyLabel, onSubmit, check, children }) {
  const fields = decls.map(normaliseField);
  // What was typed is kept as a draft until sent (drafts.js); forms asking for a
  // password (sign-in, change password) are never kept.
  const keepDraft = !fields.some((f) => f.type === 'password');
  const dkey = draftKey(id);
  const [restored] = useState(() => (keepDraft ? readDraft(dkey) : null));
  const [values, setValues] = useState(() => ({ ...initial, ...(restored || {}) }));

  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef(null);

  const focusFirstError = (errs) => {
    const first = fields.find((f) => errs[f.name]);
    if (first) requestAnimationFrame(() => ref.current?.querySelector(`#${id}-${first.name}`)?.focus());
  };
  const onInput = (name, v) => {
    setValues((old) => {
      const next = { ...old, [name]: v };
      if (keepDraft) saveDraft(dkey, next, fields); // at once: the officer may leave any moment
      return next;
    });
    if (errors[name]) {
      const rest = { ...errors };
      delete rest[name];
      setErrors(rest);
      if (!Object.keys(rest).length) setFormError(null); // nothing left to point at
    }
  };
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const found = validate(fields, values);
    // A typed day that is not one is said in words ("31/02/2026 is not a date: …").
    const msgs = Object.fromEntries(Object.entries(found).map(([k, v]) => [k, (v === 'form.date' && dayProblem(values[k])) || t(v)]));
    // The screen's own checks (e.g. two fields that must match), already in words.
    if (check && !Object.keys(msgs).length) Object.assign(msgs, check(values));
    setErrors(msgs);
    setFormError(Object.keys(msgs).length ? t('form.fixErrors') : null);
    if (Object.keys(msgs).length) { focusFirstError(msgs); return; }
    setBusy(true);
    try {
      await onSubmit(toPayload(fields, values));
      dropDraft(dkey);
    } catch (err) {
      // Every field the server names (err.errors when there are several) is shown at once.
      const m = {};
      for (const x of (err instanceof ApiError && (err.errors || (err.field && [err]))) || []) {
        // A message that is only the error code says nothing to an officer.
        const f = fields.find((y) => y.name === x.field);
        if (f && !m[x.field]) m[x.field] = x.message && x.message !== err.code ? plainMessage(f, x.message) : t('form.rejected');
      }
      if (Object.keys(m).length) {
        setErrors(m);
        setFormError(t('form.fixErrors'));
        focusFirstError(m);
      } else {
        setFormError(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id={id} class="form" ref={ref} onSubmit={submit} noValidate>
      <div class="form-error" role="alert">{formError && <p>{formError}</p>}</div>
      {restored && <p class="notice draft-notice">{t('form.draftRestored')}</p>}
      {fields.map((f) => (
        <Field key={f.name} f={f} id={`${id}-${f.name}`} value={values[f.name]} error={errors[f.name]} onInput={onInput} />
      ))}
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy} aria-busy={busy ? 'true' : undefined}>
          {busy ? (busyLabel || submitLabel) : submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
