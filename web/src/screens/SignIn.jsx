import { useState } from 'preact/hooks';
import { Form } from '../components/Form.jsx';
import { LanguagePicker } from '../components/LanguagePicker.jsx';
import { t } from '../i18n.js';
import * as session from '../session.js';
import { Link } from '../router.js';

const FIELDS = [
  { name: 'username', type: 'string', required: true, autocomplete: 'username', max_length: 64,
    label: { t: 'signin.username' } },
  { name: 'password', type: 'password', required: true, autocomplete: 'current-password', max_length: 1024,
    label: { t: 'signin.password' } },
];
// Asked for only when the server says the account has two-step sign-in.
const CODE = { name: 'totp', type: 'string', required: true, autocomplete: 'one-time-code', max_length: 32,
  label: { t: 'signin.f.codeFromYourAuthenticator' } };

/** The server's answer to a failed sign-in, as words an officer can act on. */
function explain(e) {
  if (e.code === 'invalid_totp') e.message = t('signin.codeWrong');
  else if (e.status === 401) e.userMessage = t('signin.wrong');
  else if (e.status === 404 || e.status === 405) e.userMessage = t('signin.unavailable');
  else if (e.status === 429) e.userMessage = t('signin.tooMany');
  return e;
}

export function SignIn({ notice }) {
  const [needCode, setNeedCode] = useState(false);
  return (
    <div class="signin">
      <div class="signin-card">
        <div class="signin-head">
          <p class="brand"><span class="logo" aria-hidden="true">K</span> {t('app.name')}</p>
          <LanguagePicker id="signin-lang" />
        </div>
        <main id="main" tabindex={-1}>
          <h1 id="main-title" tabindex={-1}>{t('signin.title')}</h1>
          <p class="intro">{t('signin.intro')}</p>
          {needCode ? <p class="notice" role="status">{t('signin.codeNeeded')}</p>
            : notice && <p class={`notice notice-${notice}`} role="status">{t(`signin.${notice}`)}</p>}
          <Form id="signin" fields={needCode ? [...FIELDS, CODE] : FIELDS} submitLabel={t('signin.submit')}
            busyLabel={t('signin.working')}
            onSubmit={async ({ username, password, totp }) => {
              // A recovery code is longer than the 6-digit code and may hold dashes.
              const second = !totp ? {} : /^\d{6,8}$/.test(totp.replace(/\s/g, ''))
                ? { totp: totp.replace(/\s/g, '') } : { recovery_code: totp };
              try { await session.signIn(username, password, second); } catch (e) {
                if (e.code !== 'totp_required') throw explain(e);
                // Not an error: the next step. Ask for the code and put the cursor there.
                setNeedCode(true);
                requestAnimationFrame(() => document.getElementById('signin-totp')?.focus());
              }
            }} />
          <p class="small verify-link"><Link href="/verify">{t('certificates.publicLink')}</Link></p>
        </main>
      </div>
    </div>
  );
}
