// Shown instead of every other screen while the server says mfa_pending: an
// administrator who has not yet set up two-step sign-in (issue 3, point 4).
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../i18n.js';
import * as session from '../session.js';
import { Form } from '../components/Form.jsx';
import { errorText } from '../api.js';

/** EMBEDDED: a section of My account (h2, no "administrators must" text) rather than a screen. */
export function EnrolSecondFactor({ embedded = false, onDone }) {
  const [secret, setSecret] = useState(null);
  const [codes, setCodes] = useState(null);
  const [error, setError] = useState(null);
  const start = async () => {
    setError(null);
    try { setSecret(await api.post('/api/v1/auth/totp', {})); } catch (e) { setError(errorText(e)); }
  };
  return (
    <section class="enrol">
      {embedded ? <h2>{t('mfa.title')}</h2> : <h1 id="main-title" tabindex={-1}>{t('mfa.title')}</h1>}
      <p>{embedded ? t('mfa.whyAnyone') : t('mfa.why')}</p>
      <div class="form-error" role="alert">{error && <p>{error}</p>}</div>
      {!secret && <button type="button" class="primary" onClick={start}>{t('mfa.start')}</button>}
      {secret && !codes && (
        <>
          <p>{t('mfa.step1')}</p>
          <p class="secret" translate="no">{secret.secret.replace(/(.{4})/g, '$1 ').trim()}</p>
          <p>{t('mfa.step2')}</p>
          <Form id="totp" submitLabel={t('mfa.confirm')}
            fields={[{ name: 'code', type: 'string', required: true, autocomplete: 'one-time-code', max_length: 16,
              label: { t: 'mfa.code' } }]}
            onSubmit={async ({ code }) => {
              try {
                const r = await api.post('/api/v1/auth/totp/confirm', { code: code.replace(/\s/g, '') });
                setCodes(r.recovery_codes || []);
              } catch (e) {
                if (e.field === 'code') e.message = t('mfa.codeWrong');
                throw e;
              }
            }} />
        </>
      )}
      {codes && (
        <>
          <p role="status">{t('mfa.done')}</p>
          <ol class="codes" translate="no">{codes.map((c) => <li key={c}>{c}</li>)}</ol>
          <button type="button" class="primary" onClick={() => (onDone ? onDone() : session.refresh())}>{t('mfa.continue')}</button>
        </>
      )}
    </section>
  );
}
