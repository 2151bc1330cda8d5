// The signed-in user's own account: change password (POST /api/v1/auth/password).
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../i18n.js';
import { Form } from '../components/Form.jsx';
import { session, displayName } from '../session.js';
import { EnrolSecondFactor } from './EnrolSecondFactor.jsx';

const FIELDS = [
  { name: 'current_password', type: 'password', required: true, autocomplete: 'current-password', max_length: 1024,
    label: { t: 'account.f.currentPassword' } },
  { name: 'new_password', type: 'password', required: true, autocomplete: 'new-password', max_length: 4096,
    label: { t: 'account.f.newPassword' },
    help: { t: 'account.f.atLeast12Characters' } },
  { name: 'repeat_password', type: 'password', required: true, autocomplete: 'new-password', max_length: 4096,
    label: { t: 'account.f.newPasswordAgain' } },
];

export function Account() {
  const [done, setDone] = useState(0);
  const [enrolled, setEnrolled] = useState(false);
  const s = session();
  return (
    <section class="account">
      <h1 id="main-title" tabindex={-1}>{t('account.title')}</h1>
      <p>{t('app.signedInAs', { name: displayName(s.user) })}</p>
      <h2>{t('account.password')}</h2>
      {done > 0 && <p class="notice" role="status">{t('account.changed')}</p>}
      <Form key={done} id="password" fields={FIELDS} submitLabel={t('account.change')}
        check={(v) => (v.new_password !== v.repeat_password ? { repeat_password: t('account.mismatch') } : {})}
        onSubmit={async ({ current_password, new_password }) => {
          await api.post('/api/v1/auth/password', { current_password, new_password });
          setDone(done + 1);
        }} />
      {s.user && s.user.totp_enabled === false && !enrolled && <EnrolSecondFactor embedded onDone={() => setEnrolled(true)} />}
      {(enrolled || s.user?.totp_enabled) && <p class="notice">{t('mfa.isOn')}</p>}
    </section>
  );
}
