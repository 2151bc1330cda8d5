// Field declarations -> form fields, checks and payload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BAD_DATE, normaliseField, validate, toPayload } from '../src/form-logic.js';

const decls = [
  { name: 'given_name', type: 'string', required: true, label: { en: 'Given name', sw: 'Jina la kwanza' } },
  { name: 'children_served', type: 'integer', min: 0 },
  { name: 'trained_on', type: 'date' },
  { name: 'sex', type: 'enum', required: true, options: [{ value: 'f', label: { en: 'Female', sw: 'Mwanamke' } }, 'm'] },
  { name: 'volunteer', type: 'boolean' },
  { name: 'mystery', type: 'hologram' },
  { id: 'languages', type: 'multichoice', required: true, options: [{ id: 'sw', name: { en: 'Swahili' } }, { id: 'en', name: { en: 'English' } }] },
];
const fields = decls.map(normaliseField);

test('form: declarations map to inputs, unknown types to text', () => {
  assert.deepEqual(fields.map((f) => f.input), ['text', 'number', 'date', 'select', 'checkbox', 'text', 'multi']);
  assert.deepEqual(fields[3].options, [{ value: 'f', label: { en: 'Female', sw: 'Mwanamke' } }, { value: 'm', label: 'm' }]);
  assert.equal(fields[0].required, true);
  assert.equal(fields[6].name, 'languages', 'the configuration names fields by id');
  assert.deepEqual(fields[6].options.map((o) => o.value), ['sw', 'en']);
  assert.throws(() => normaliseField({ type: 'string' }), /name/);
});

test('form: required, number and date checks', () => {
  assert.deepEqual(validate(fields, {}), { given_name: 'form.required', sex: 'form.required', languages: 'form.required' });
  assert.equal(validate(fields, { languages: [] }).languages, 'form.required');
  assert.deepEqual(validate(fields, { given_name: '  ', sex: 'f', children_served: 'ten', trained_on: '5/3/2026', languages: ['sw'] }),
    { given_name: 'form.required', children_served: 'form.number', trained_on: 'form.date' });
  assert.deepEqual(validate(fields, { given_name: 'Asha', sex: 'f', children_served: '12', trained_on: '2026-03-05', languages: ['sw'] }), {});
});

test('form: payload has numbers as numbers, trimmed text and no empty optional fields', () => {
  assert.deepEqual(toPayload(fields, { given_name: ' Asha ', sex: 'f', children_served: '12', trained_on: '' }),
    { given_name: 'Asha', children_served: 12, sex: 'f', volunteer: false });
});

test('form: a field drawn by the screen (render) is checked and sent like the others', () => {
  const render = () => null;
  const f = normaliseField({ name: 'residence_org_unit_id', type: 'orgunit', required: true, render });
  assert.equal(f.render, render);
  assert.equal(normaliseField({ name: 'x' }).render, null);
  assert.deepEqual(validate([f], {}), { residence_org_unit_id: 'form.required' });
  assert.deepEqual(toPayload([f], { residence_org_unit_id: 42 }), { residence_org_unit_id: 42 }, 'an id stays a number');
});

test('form: a date that does not exist (30 February) is refused, never sent as no date', () => {
  const base = { given_name: 'Zuhura', sex: 'f', languages: ['sw'] };
  assert.deepEqual(validate(fields, { ...base, trained_on: '2024-02-30' }), { trained_on: 'form.date' });
  assert.deepEqual(validate(fields, { ...base, trained_on: '2023-02-29' }), { trained_on: 'form.date' });
  // What the date input reports when the browser could not read the typed date.
  assert.deepEqual(validate(fields, { ...base, trained_on: BAD_DATE }), { trained_on: 'form.date' });
  assert.deepEqual(validate(fields, { ...base, trained_on: '2024-02-29' }), {});
});
