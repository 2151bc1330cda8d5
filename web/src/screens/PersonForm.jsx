// Register a worker (/people/new) or change one (/people/:id/edit). The core fields
// are Kazi's; the rest come from the live configuration's field declarations
// (kazi.field with applies_to = "person"), labelled in the user's language. The
// server checks everything again; its 422 is shown next to the field it names.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ApiError, errorText } from '../api.js';
import { t, formatDate } from '../i18n.js';
import { Link, navigate } from '../router.js';
import { Form } from '../components/Form.jsx';
import { useTitleFocusAfterLoad } from '../components/focusTitle.js';
import { OrgUnitField } from '../components/RecordPicker.jsx';
import { customFields, catalogue } from '../lookups.js';
import { identifierTypes, educationOptions, languageCodes, residenceLabel } from '../country-person.js';
import { SHARED, languageName, UnitName } from './People.jsx';
import { personName } from '../names.js';
import { NotInArea } from './Person.jsx';
import { usePlacement, placeFields, checkPlacement, placeNew } from '../components/PlaceFields.jsx';

// Identifier types the form offers: the country's (kazi.country{identifiers}), else a
// national ID and a programme number; others a record holds are kept as they are.
const idTypes = (country) => identifierTypes(country).map((x) => x.id);
const OPTIONAL = ['other_names', 'sex', 'birth_date', 'phone', 'education'];
const CUSTOM = 'custom__';
function coreFields(decls, country) {
  const redeclared = (name) => decls.find((d) => d.id === name && SHARED.includes(name));
  const own = (f) => {
    const d = redeclared(f.name);
    if (!d) return f;
    const options = (d.options || []).map((o) => (typeof o === 'object' ? o : { value: String(o), label: languageName(String(o)) }));
    return { ...d, name: f.name, options: f.name === 'languages' ? options : d.options };
  };
  return [
    { name: 'given_name', type: 'text', required: true, max_length: 100, label: t('people.f.given_name'), autocomplete: 'off' },
    { name: 'family_name', type: 'text', required: true, max_length: 100, label: t('people.f.family_name'), autocomplete: 'off' },
    { name: 'other_names', type: 'text', max_length: 100, label: t('people.f.other_names'), autocomplete: 'off' },
    { name: 'sex', type: 'choice', label: t('people.f.sex'),
      options: ['female', 'male', 'other', 'unknown'].map((v) => ({ value: v, label: t(`people.sex.${v}`) })) },
    { name: 'birth_date', type: 'date', label: t('people.f.birth_date') },
    ...identifierTypes(country).map((x) => ({ name: `id_${x.id}`, type: 'text', max_length: 64, autocomplete: 'off',
      label: x.name ?? (t(`people.f.${x.id}`) === `people.f.${x.id}` ? x.id : t(`people.f.${x.id}`)) })),
    { name: 'phone', type: 'tel', max_length: 30, label: t('people.f.phone'), help: t('people.f.phoneHelp') },
    { name: 'languages', type: 'multichoice', label: t('people.f.languages'),
      options: languageCodes(country).map((v) => ({ value: v, label: languageName(v) })) },
    educationOptions(country)
      ? { name: 'education', type: 'choice', label: t('people.f.education'), options: educationOptions(country) }
      : { name: 'education', type: 'text', max_length: 200, label: t('people.f.education'), help: t('people.f.educationHelp') },
    { name: 'residence_org_unit_id', type: 'orgunit', required: true, label: residenceLabel(country),
      help: t('people.f.residenceHelp'), render: (props) => <OrgUnitField {...props} label={residenceLabel(country)} /> },
  ].map(own);
}

/** The configuration's person fields as form declarations named custom__<id>. */
function configFields(decls) {
  return decls.filter((d) => !SHARED.includes(d.id)).map((d) => ({ ...d, name: CUSTOM + d.id }));
}

function initialValues(p, decls, country) {
  if (!p) return { languages: [] };
  const v = {};
  for (const k of ['given_name', 'family_name', 'residence_org_unit_id', ...OPTIONAL]) if (p[k] != null) v[k] = p[k];
  v.languages = p.languages || [];
  for (const k of SHARED) if (p.custom?.[k] != null && decls.some((d) => d.id === k)) v[k] = p.custom[k];
  for (const x of p.identifiers || []) if (idTypes(country).includes(x.type)) v[`id_${x.type}`] = x.value;
  for (const d of decls) {
    const c = p.custom?.[d.id];
    if (c !== undefined && c !== null) v[CUSTOM + d.id] = typeof c === 'number' ? String(c) : c;
  }
  return v;
}

/** Form values -> the API's person body. For an edit, cleared fields are sent as null. */
function toBody(values, decls, person, country) {
  const body = {};
  for (const k of ['given_name', 'family_name', ...OPTIONAL, 'languages', 'residence_org_unit_id']) {
    if (values[k] !== undefined) body[k] = values[k];
    else if (person && person[k] != null && k !== 'languages') body[k] = null;
  }
  if (!body.languages) body.languages = [];
  body.residence_org_unit_id = Number(body.residence_org_unit_id);
  const types = idTypes(country);
  const ids = (person?.identifiers || []).filter((x) => !types.includes(x.type));
  for (const type of types) if (values[`id_${type}`]) ids.push({ type, value: values[`id_${type}`] });
  body.identifiers = ids;
  const custom = {};
  for (const d of decls) {
    const v = SHARED.includes(d.id) ? values[d.id] : values[CUSTOM + d.id];
    if (v !== undefined && !(Array.isArray(v) && !v.length)) custom[d.id] = v;
  }
  body.custom = custom;
  return body;
}

/** The server names custom fields custom.<id> and identifiers as one list: point at our inputs. */
function fieldOfError(e, country) {
  if (!(e instanceof ApiError) || !e.field) return e;
  for (const x of [e, ...(e.errors || [])]) {
    if (!x.field) continue;
    if (x.field.startsWith('custom.')) {
      const id = x.field.slice(7);
      x.field = SHARED.includes(id) ? id : CUSTOM + id;
    }
    else if (x.field === 'identifiers') {
      const types = idTypes(country);
      const type = types.find((y) => (x.message || '').includes(y)) || types[0];
      x.field = `id_${type}`;
    }
  }
  return e;
}

/**
 * Registered people who look like the one about to be registered: the same given and
 * family names, and the same date of birth or home village. (The server flags such a
 * record after the fact; asking first lets the officer open the other record instead.)
 */
async function lookalikes(body) {
  const norm = (x) => String(x || '').trim().toLowerCase();
  const r = await api.get(`/api/v1/people?${new URLSearchParams({ q: `${body.family_name} ${body.given_name}`, limit: '20' })}`);
  return (r.items || []).filter((p) => norm(p.given_name) === norm(body.given_name) && norm(p.family_name) === norm(body.family_name)
    && ((body.birth_date && p.birth_date === body.birth_date) || p.residence_org_unit_id === body.residence_org_unit_id));
}

function Lookalikes({ people, onAnyway }) {
  return (
    <div class="warning dup-check" role="note" aria-labelledby="dup-check-title">
      <h2 id="dup-check-title">{t('people.dupBeforeTitle')}</h2>
      <ul>
        {people.map((p) => (
          <li key={p.id}>
            <Link href={`/people/${p.id}`}>{personName(p)}</Link>
            {p.birth_date && ` · ${formatDate(p.birth_date)}`}{' · '}<UnitName id={p.residence_org_unit_id} />
            {p.identifiers?.[0] && <> · <span translate="no">{p.identifiers[0].value}</span></>}
          </li>
        ))}
      </ul>
      <p>{t('people.dupBeforeWhat')}</p>
      <button type="button" onClick={onAnyway}>{t('people.registerAnyway')}</button>
    </div>
  );
}

export function PersonForm({ params }) {
  const editing = !!params?.id;
  const [decls, setDecls] = useState(null);
  const [country, setCountry] = useState(null);
  const [person, setPerson] = useState(editing ? null : undefined);
  const [error, setError] = useState(null);
  const [similar, setSimilar] = useState(null);
  const anyway = useRef(false);
  // Registering only: the worker may be placed in a vacant post in the same form.
  const placement = usePlacement(!editing);
  const [chosen, setChosen] = useState({});
  useEffect(() => {
    customFields('person').then(setDecls, () => setDecls([]));
    catalogue('country').then((c) => setCountry(c || {}), () => setCountry({}));
    if (editing) {
      api.get(`/api/v1/people/${params.id}`).then(setPerson,
        (e) => (e.status === 404 ? setPerson(false) : setError(errorText(e))));
    }
  }, [params?.id]);

  const ready = decls && country && (!editing || person);
  useTitleFocusAfterLoad(!!ready || person === false);
  if (person === false) return <NotInArea />;
  const title = editing ? (person ? t('people.editTitle', { name: personName(person) }) : t('people.edit')) : t('people.new');
  return (
    <section class="person-form">
      <p class="crumbs"><Link href={editing ? `/people/${params.id}` : '/people'}>
        {editing ? t('people.backToPerson') : t('people.backToList')}</Link></p>
      <h1 id="main-title" tabindex={-1}>{title}</h1>
      {!editing && <p>{t('people.newIntro')}</p>}
      {error && <p class="problem" role="alert">{error}</p>}
      {!ready && !error && <p role="status">{t('app.loading')}</p>}
      {ready && (
        <Form id="person" fields={[...coreFields(decls, country), ...configFields(decls), ...(editing ? [] : placeFields(placement, chosen, setChosen))]}
          initial={initialValues(person, decls, country)} check={editing ? undefined : checkPlacement}
          submitLabel={editing ? t('people.saveChanges') : t('people.registerButton')} busyLabel={t('people.saving')}
          onSubmit={async (values) => {
            const body = toBody(values, decls, person, country);
            if (!editing && !anyway.current) {
              const found = await lookalikes(body).catch(() => []);
              if (found.length) {
                setSimilar(found);
                throw Object.assign(new Error('lookalike'), { userMessage: t('people.dupBefore') });
              }
            }
            let saved;
            try {
              saved = editing ? await api.patch(`/api/v1/people/${params.id}`, body) : await api.post('/api/v1/people', body);
            } catch (e) { throw fieldOfError(e, country); }
            if (!editing && values.place_position) {
              // The worker is registered; a placement the server refuses is said on their page.
              try { await placeNew(saved.id, values, placement); } catch (e) {
                navigate(`/people/${saved.id}?registered=1&unplaced=${encodeURIComponent(errorText(e))}`);
                return;
              }
              navigate(`/people/${saved.id}?registered=1&placed=1`);
              return;
            }
            navigate(`/people/${saved.id}?${editing ? 'saved' : 'registered'}=1`);
          }}>
          <Link href={editing ? `/people/${params.id}` : '/people'}>{t('people.cancel')}</Link>
          {similar && <Lookalikes people={similar} onAnyway={() => {
            anyway.current = true;
            document.getElementById('person')?.requestSubmit();
          }} />}
        </Form>
      )}
    </section>
  );
}
