import { t } from '../i18n.js';
import { Link } from '../router.js';

export function NotFound() {
  return (
    <section>
      <h1 id="main-title" tabindex={-1}>{t('notfound.title')}</h1>
      <p>{t('notfound.text')}</p>
      <p><Link href="/">{t('notfound.home')}</Link></p>
    </section>
  );
}
