// A certificate to print (issue 18): the holder, the certification, the dates, the
// number, and a QR code that opens the public check of this number (/verify/<number>).
// The print stylesheet (styles.css, @media print) leaves out the app's header and menu.
import { t } from '../i18n.js';
import { Link } from '../router.js';
import { errorText } from '../api.js';
import { useGet } from '../components/useGet.js';
import { QrCode } from '../components/QrCode.jsx';
import { useCatalogue, certificationName, formatDay } from '../careers-data.jsx';

/** The public address of certificate NUMBER, the one the QR code holds. */
export function verifyAddress(number) {
  return `${location.origin}/verify/${encodeURIComponent(number)}`;
}

export function CertificatePrint({ params }) {
  const cat = useCatalogue();
  const { data: c, error } = useGet(`/api/v1/verify/certificates/${encodeURIComponent(params.number)}`);
  const state = c && (c.valid ? 'valid' : c.status);
  return (
    <section class="certificate-print">
      <p class="no-print"><Link href="/certificates">{t('nav.certificates')}</Link></p>
      {error && (
        <>
          <h1 id="main-title" tabindex={-1}>{t('certificates.print')}</h1>
          <p class="problem" role="alert">{error.status === 404 ? t('certificates.noSuchNumber', { number: params.number }) : errorText(error)}</p>
        </>
      )}
      {c && (
        <article class="certificate-sheet" aria-labelledby="main-title">
          <p class="sheet-kicker">{t('app.name')}</p>
          <h1 id="main-title" tabindex={-1}>{certificationName(cat, c.certification)}</h1>
          <p class="sheet-awarded">{t('certificates.awardedTo')}</p>
          <p class="sheet-holder">{c.holder}</p>
          <dl class="facts">
            <div><dt>{t('certificates.number')}</dt><dd><code class="cert-number">{c.number}</code></dd></div>
            <div><dt>{t('certificates.issued')}</dt><dd>{formatDay(c.issued_date)}</dd></div>
            <div><dt>{t('certificates.validUntil')}</dt><dd>{c.valid_until ? formatDay(c.valid_until) : t('certificates.noExpiry')}</dd></div>
            {state !== 'valid' && <div><dt>{t('certificates.status')}</dt><dd>{t(`certificates.state.${state}`)}</dd></div>}
          </dl>
          <div class="sheet-check">
            <QrCode text={verifyAddress(c.number)} label={t('certificates.qrLabel', { number: c.number })} />
            <p>{t('certificates.scanToCheck')}<br /><span class="sheet-url">{verifyAddress(c.number)}</span></p>
          </div>
        </article>
      )}
      {c && <p class="no-print"><button type="button" class="primary" onClick={() => window.print()}>{t('certificates.printNow')}</button></p>}
    </section>
  );
}
