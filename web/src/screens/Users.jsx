// Users and API tokens (administrators): list, add, disable/enable users; create
// (shown once) and revoke tokens. Areas are entered by org-unit code and shown by name.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ApiError, errorText } from '../api.js';
import { t, formatDate, roleName, localName } from '../i18n.js';
import { Form } from '../components/Form.jsx';
import { Confirm } from '../components/Confirm.jsx';
import { ComingSoon } from './ComingSoon.jsx';

/** Org-unit names by id, fetched once each. */
const unitNames = new Map();
async function unitName(id) {
  if (!id) return t('users.national');
  if (!unitNames.has(id)) {
    unitNames.set(id, api.get(`/api/v1/org-units/${id}`).then((u) => localName(u.name, u.code), () => `#${id}`));
  }
  return unitNames.get(id);
}

function Area({ id }) {
  const [name, setName] = useState(id ? '…' : t('users.national'));
  useEffect(() => { let live = true; unitName(id).then((n) => live && setName(n)); return () => { live = false; }; }, [id]);
  return <>{name}</>;
}

/** The id of the org unit with exactly this code; an ApiError on FIELD otherwise. */
async function unitId(code, field) {
  const r = await api.get(`/api/v1/org-units?q=${encodeURIComponent(code)}`);
  const u = (r.org_units || []).find((x) => x.code.toLowerCase() === code.toLowerCase());
  if (!u) throw new ApiError(422, 'invalid_field', t('users.noSuchArea', { code }), field);
  return u.id;
}

function roleOptions(roles) {
  return roles.map((r) => ({ value: r.role, label: roleName(r.role) }));
}

function UsersPart({ roles }) {
  const [users, setUsers] = useState(null);
  const [error, setError] = useState(null);
  const [added, setAdded] = useState(null);
  const load = () => api.get('/api/v1/users').then((r) => setUsers(r.users || []), (e) => setError(errorText(e)));
  useEffect(() => { load(); }, []);
  const [disabling, setDisabling] = useState(null);
  const toggle = async (u) => {
    setError(null); setDisabling(null);
    try { await api.patch(`/api/v1/users/${u.id}`, { disabled: !u.disabled }); await load(); } catch (e) { setError(errorText(e)); }
  };
  const fields = [
    { name: 'username', type: 'text', required: true, max_length: 64, autocomplete: 'off', label: { t: 'signin.username' } },
    { name: 'display_name', type: 'text', max_length: 200, autocomplete: 'off', label: { t: 'users.f.fullName' } },
    { name: 'role', type: 'choice', required: true, options: roleOptions(roles), label: { t: 'users.role' } },
    { name: 'area', type: 'text', max_length: 64, autocomplete: 'off', label: { t: 'users.f.areaOrgUnitCode' },
      help: { t: 'users.f.neededForDistrictOfficers' } },
    { name: 'password', type: 'password', required: true, max_length: 4096, autocomplete: 'new-password',
      label: { t: 'users.f.firstPassword' },
      help: { t: 'users.f.atLeast12Characters' } },
  ];
  return (
    <>
      <h2>{t('users.users')}</h2>
      {error && <p class="problem" role="alert">{error}</p>}
      {users && (
        <div class="table-wrap">
          <table class="list">
            <thead><tr>
              <th scope="col">{t('users.username')}</th><th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.role')}</th><th scope="col">{t('users.area')}</th>
              <th scope="col">{t('users.twoStep')}</th><th scope="col">{t('users.status')}</th>
            </tr></thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.username}</th><td>{u.display_name}</td><td>{roleName(u.role)}</td>
                  <td><Area id={u.scope_org_unit_id} /></td>
                  <td>{u.totp_enabled ? t('users.on') : t('users.off')}</td>
                  <td>
                    {u.disabled ? t('users.disabled') : t('users.active')}{' '}
                    {disabling === u.id
                      ? <Confirm id={`disable-${u.id}`} question={t('confirm.disableUser', { name: u.username })}
                        yes={t('confirm.disableYes', { name: u.username })} onYes={() => toggle(u)} onNo={() => setDisabling(null)} />
                      : <button type="button" class="small-button" onClick={() => (u.disabled ? toggle(u) : setDisabling(u.id))}
                        aria-label={`${u.disabled ? t('users.enable') : t('users.disable')} ${u.username}`}>
                        {u.disabled ? t('users.enable') : t('users.disable')}
                      </button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details class="add">
        <summary>{t('users.add')}</summary>
        {added && <p class="notice" role="status">{t('users.added', { name: added })}</p>}
        <Form key={added} id="user-add" fields={fields} submitLabel={t('users.addButton')}
          onSubmit={async (v) => {
            const body = { username: v.username, password: v.password, role: v.role };
            if (v.display_name) body.display_name = v.display_name;
            if (v.area) body.scope_org_unit_id = await unitId(v.area, 'area');
            try { await api.post('/api/v1/users', body); } catch (e) {
              if (e.field === 'scope_org_unit_id') e.field = 'area';
              throw e;
            }
            setAdded(v.username);
            await load();
          }} />
      </details>
    </>
  );
}

function TokensPart({ roles }) {
  const [tokens, setTokens] = useState(null);
  const [error, setError] = useState(null);
  const [fresh, setFresh] = useState(null);
  const load = () => api.get('/api/v1/tokens').then((r) => setTokens(r.tokens || []), (e) => setError(errorText(e)));
  useEffect(() => { load(); }, []);
  const [revoking, setRevoking] = useState(null);
  const revoke = async (tk) => {
    setError(null); setRevoking(null);
    try { await api.del(`/api/v1/tokens/${tk.id}`); await load(); } catch (e) { setError(errorText(e)); }
  };
  const fields = [
    { name: 'name', type: 'text', required: true, max_length: 100, autocomplete: 'off',
      label: { t: 'users.f.whatItIsFor' }, help: { t: 'users.f.forExampleDhis2Monthly' } },
    { name: 'role', type: 'choice', required: true, options: roleOptions(roles.filter((r) => r.role !== 'administrator')),
      label: { t: 'users.role' } },
    { name: 'area', type: 'text', max_length: 64, autocomplete: 'off', label: { t: 'users.f.areaOrgUnitCode' } },
    { name: 'expires_in_days', type: 'integer', required: true, min: 1, max: 730, label: { t: 'users.f.validForDays' } },
  ];
  return (
    <>
      <h2>{t('users.tokens')}</h2>
      <p class="muted">{t('users.tokensAbout')}</p>
      {error && <p class="problem" role="alert">{error}</p>}
      {fresh && (
        <div class="notice" role="status">
          <p>{t('users.tokenOnce')}</p>
          <p class="secret" translate="no">{fresh}</p>
        </div>
      )}
      {tokens && tokens.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <thead><tr>
              <th scope="col">{t('users.tokenName')}</th><th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.area')}</th><th scope="col">{t('users.expires')}</th><th scope="col">{t('users.status')}</th>
            </tr></thead>
            <tbody>
              {tokens.map((tk) => (
                <tr key={tk.id}>
                  <th scope="row">{tk.name} <code translate="no">{tk.prefix}…</code></th>
                  <td>{roleName(tk.role)}</td><td><Area id={tk.scope_org_unit_id} /></td>
                  <td>{formatDate(tk.expires_at)}</td>
                  <td>
                    {tk.revoked_at ? t('users.revoked') : <>
                      {t('users.active')}{' '}
                      {revoking === tk.id
                        ? <Confirm id={`revoke-${tk.id}`} question={t('confirm.revokeToken', { name: tk.name })}
                          yes={t('confirm.revokeYes', { name: tk.name })} onYes={() => revoke(tk)} onNo={() => setRevoking(null)} />
                        : <button type="button" class="small-button" onClick={() => setRevoking(tk.id)}
                          aria-label={`${t('users.revoke')} ${tk.name}`}>{t('users.revoke')}</button>}
                    </>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details class="add">
        <summary>{t('users.newToken')}</summary>
        <Form key={fresh} id="token-add" fields={fields} initial={{ expires_in_days: '90' }} submitLabel={t('users.create')}
          onSubmit={async (v) => {
            const body = { name: v.name, role: v.role, expires_in_days: v.expires_in_days };
            if (v.area) body.scope_org_unit_id = await unitId(v.area, 'area');
            let r;
            try { r = await api.post('/api/v1/tokens', body); } catch (e) {
              if (e.field === 'scope_org_unit_id') e.field = 'area';
              throw e;
            }
            setFresh(r.token);
            await load();
          }} />
      </details>
    </>
  );
}

export function Users() {
  const [roles, setRoles] = useState(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    api.get('/api/v1/auth/roles').then((r) => setRoles(r.roles || []),
      (e) => (e.status === 404 ? setMissing(true) : setError(errorText(e))));
  }, []);
  if (missing) {
    return <ComingSoon screen={{ nav: 'nav.users', needs: 'access', api: '/api/v1/users', about: 'about.users' }} />;
  }
  return (
    <section class="users">
      <h1 id="main-title" tabindex={-1}>{t('nav.users')}</h1>
      <p>{t('about.users')}</p>
      {error && <p class="problem" role="alert">{error}</p>}
      {roles && <UsersPart roles={roles} />}
      {roles && <TokensPart roles={roles} />}
    </section>
  );
}
