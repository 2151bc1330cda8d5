// The public certificate check (issue 18): no sign-in, linked from the sign-in page.
// /verify/<number> is the shareable address of one certificate (the QR code on a
// printed certificate opens it). The answer says only valid or not, for whom, issued
// and until when; only the whole number finds anything, and the server limits how
// many checks one address may make a minute.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n.js';
import { Link, navigate } from '../router.js';
import { LanguagePicker } from '../components/LanguagePicker.jsx';
import { VerifyBox } from './Certificates.jsx';

export function PublicVerify({ number }) {
  // Checked once on arrival; later checks replace the address without checking again.
  const [first] = useState(number || '');
  useEffect(() => { document.title = `${t('certificates.publicTitle')} · ${t('app.name')}`; }, []);
  return (
    <div class="signin public-verify">
      <div class="signin-card">
        <div class="signin-head">
          <p class="brand"><span class="logo" aria-hidden="true">K</span> {t('app.name')}</p>
          <LanguagePicker id="verify-lang" />
        </div>
        <main id="main" tabindex={-1}>
          <h1 id="main-title" tabindex={-1}>{t('certificates.publicTitle')}</h1>
          <p class="intro">{t('certificates.publicIntro')}</p>
          <VerifyBox id="public" initial={first} heading={false}
            onChecked={(n) => navigate(`/verify/${encodeURIComponent(n)}`, { replace: true })} />
          <p class="small verify-link"><Link href="/signin">{t('certificates.staffSignIn')}</Link></p>
        </main>
      </div>
    </div>
  );
}
