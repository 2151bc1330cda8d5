// Field declarations -> what a form needs: normalised fields, client-side checks
// and the JSON values to send. Plain JS so node:test can load it.
//
// A declaration comes from the configuration (kazi.field in Lua, via the catalogue):
//   { name = "nida_number", type = "string", required = true,
//     label = { en = "National ID", sw = "Kitambulisho cha taifa" },
//     help = { en = "...", sw = "..." }, options = { {value="f", label={...}}, ... },
//     min = 0, max = 100, max_length = 40 }
// Unknown types render as text inputs, so a newer configuration never breaks a form.

const TYPES = {
  string: 'text', text: 'text', phone: 'tel', tel: 'tel', email: 'email', password: 'password',
  number: 'number', integer: 'number', decimal: 'number', date: 'date',
  enum: 'select', select: 'select', choice: 'select', multichoice: 'multi', multiselect: 'multi', boolean: 'checkbox', bool: 'checkbox',
  textarea: 'textarea', longtext: 'textarea',
};

/** One declaration -> {name, type, input, required, label, help, options[], min, max, maxLength, autocomplete}. */
export function normaliseField(decl) {
  const name = decl.name ?? decl.id ?? decl.key;
  if (!name) throw new Error('a field declaration needs a name');
  const type = String(decl.type || 'string').toLowerCase();
  const options = (decl.options || decl.values || []).map((o) =>
    typeof o === 'object' && o !== null ? { value: String(o.value ?? o.id), label: o.label ?? o.name ?? String(o.value ?? o.id) }
      : { value: String(o), label: String(o) });
  return {
    name: String(name), type, input: TYPES[type] || 'text', required: !!decl.required,
    label: decl.label ?? decl.name_label ?? decl.title ?? String(name), help: decl.help ?? null,
    options, min: decl.min, max: decl.max, maxLength: decl.max_length ?? decl.maxLength,
    autocomplete: decl.autocomplete, integer: type === 'integer',
    // A screen's own control (e.g. an org-unit picker): render(props) draws it.
    render: typeof decl.render === 'function' ? decl.render : null,
  };
}

/**
 * What a date input holds when the browser could not read what was typed (30 February):
 * its value is then '' as if the field were left empty, which would save NO date,
 * silently. Form.jsx passes this instead, and validate() refuses it.
 */
export const BAD_DATE = '\u0000unreadable date';

/** YYYY-MM-DD of a day that exists (the server's one date rule, domain/schema.c). */
export function isDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return y >= 1800 && mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1];
}

function empty(v) {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/**
 * Check VALUES (strings from the inputs, booleans for checkboxes) against FIELDS.
 * Returns {name: message-key} for each field that fails; {} when all pass.
 * The server checks everything again; this only saves a round trip.
 */
export function validate(fields, values) {
  const errors = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.input === 'checkbox') continue;
    if (empty(v)) { if (f.required) errors[f.name] = 'form.required'; continue; }
    if (f.input === 'number' && !Number.isFinite(Number(v))) errors[f.name] = 'form.number';
    else if (f.input === 'date' && !isDate(String(v))) errors[f.name] = 'form.date';
  }
  return errors;
}

/** The JSON to send: numbers as numbers, empty optional fields left out. */
export function toPayload(fields, values) {
  const out = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.input === 'checkbox') { out[f.name] = !!v; continue; }
    if (empty(v)) continue;
    if (f.input === 'multi') { out[f.name] = [...v]; continue; }
    out[f.name] = f.input === 'number' ? Number(v) : typeof v === 'string' && f.input !== 'password' ? v.trim() : v;
  }
  return out;
}
