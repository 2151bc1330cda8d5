// The shell: sign-in gate, header, navigation, language, and the current screen.
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { t, onLanguage, languageState } from './i18n.js';
import * as api from './api.js';
import * as session from './session.js';
import { useLocation, navigate, Link, match } from './router.js';
import { SCREENS } from './screens.js';
import { ComingSoon } from './screens/ComingSoon.jsx';
import { NotFound } from './screens/NotFound.jsx';
import { LanguagePicker } from './components/LanguagePicker.jsx';
import { lazy, FIRST_TEXT } from './lazy.jsx';

// Pages drawn outside the shell: their code comes when first needed, and focus stays
// where a page starts (lazy.jsx).
const OUTSIDE = { focus: false };
// The public certificate check, with its own code (it is rarely the first page).
const PublicVerify = lazy(() => import('./screens/PublicVerify.jsx'), 'PublicVerify', null, OUTSIDE);
// Sign-in, with the form code it needs (a signed-in visit downloads neither; early.js
// fetches it beside the shell on /signin).
const SignIn = lazy(() => import('./screens/SignIn.jsx'), 'SignIn', FIRST_TEXT, OUTSIDE);
// The second factor an administrator must enrol before anything else (rare, so fetched then).
const EnrolSecondFactor = lazy(() => import('./screens/EnrolSecondFactor.jsx'), 'EnrolSecondFactor', FIRST_TEXT, OUTSIDE);

/** Only same-app paths are followed after sign-in (no open redirect). */
export function safeNext(next) {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin')
    ? next : '/';
}

function useStore(subscribe, read) {
  const [v, setV] = useState(read);
  useEffect(() => subscribe(() => setV(read())), []);
  return v;
}

function Shell({ loc }) {
  const s = session.session();
  const [menuOpen, setMenuOpen] = useState(false);
  // Until an administrator has set up two-step sign-in the server allows nothing
  // else, so the menu offers nothing else.
  const visible = s.mfaPending ? [] : SCREENS.filter((sc) => session.can(sc.permission, sc.role));
  const found = match(visible, loc.path);
  const screen = found?.route;
  const title = s.mfaPending ? t('mfa.title') : screen ? t(screen.nav) : t('notfound.title');

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title]);
  // After moving to another screen, put keyboard and screen-reader focus on its title,
  // in the very render that draws it: an effect runs up to a frame later, and a Tab
  // pressed in between would have its focus taken away.
  useLayoutEffect(() => {
    setMenuOpen(false);
    document.getElementById('main-title')?.focus({ preventScroll: false });
  }, [loc.path]);

  let body;
  if (s.mfaPending) body = <EnrolSecondFactor />;
  else if (!screen) body = <NotFound />;
  else if (screen.component) { const C = screen.component; body = <C params={found.params} />; }
  else body = <ComingSoon screen={screen} />;

  return (
    <>
      <a class="skip" href="#main">{t('app.skip')}</a>
      <header class="topbar">
        <Link class="brand" href="/"><span class="logo" aria-hidden="true">K</span> {t('app.name')}</Link>
        <button type="button" class="menu-button" aria-expanded={menuOpen ? 'true' : 'false'} aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}>{t('app.menu')}</button>
        <div class="top-right">
          <LanguagePicker id="lang" />
          <Link class="user" href="/account"><span class="visually-hidden">{t('account.link')}: </span>{session.displayName(s.user)}</Link>
          <button type="button" class="signout" onClick={() => session.signOut()}>{t('app.signOut')}</button>
        </div>
      </header>
      <div class="layout">
        <nav id="nav" aria-label={t('app.mainNav')} class={menuOpen ? 'open' : ''}>
          <ul>
            {visible.filter((sc) => !sc.parent && !sc.path.includes(':')).map((sc) => (
              <li key={sc.path}>
                <Link href={sc.path} aria-current={screen === sc || screen?.parent === sc.path ? 'page' : undefined}>
                  {t(sc.nav)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabindex={-1}>{body}</main>
      </div>
    </>
  );
}

/** The public certificate check: /verify or /verify/<number>, open to anyone. */
function publicNumber(path) {
  const m = /^\/verify(?:\/([^/]+))?\/?$/.exec(path);
  return m ? decodeURIComponent(m[1] || '') : null;
}

export function App() {
  useStore(onLanguage, languageState);
  const s = useStore(session.onSession, session.session);
  const loc = useLocation();

  useEffect(() => {
    api.setUnauthorizedHandler(() => session.expired());
    session.check();
    // An officer coming back to the tab after a break learns at once whether the
    // session is still alive, instead of when a form is submitted.
    const onVisible = () => {
      if (document.visibilityState === 'visible' && session.session().status === 'in') session.recheck();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  // Keep the address and the session in step: signed out -> sign-in page that
  // remembers where the officer was; signed in on the sign-in page -> back there.
  const open = publicNumber(loc.path);
  useEffect(() => {
    if (open !== null) return; // the public check needs no session
    if (s.status === 'out' && loc.path !== '/signin' && s.notice === 'signedOut') {
      navigate('/signin', { replace: true });
    } else if (s.status === 'out' && loc.path !== '/signin') {
      navigate(`/signin?next=${encodeURIComponent(loc.path + location.search)}`, { replace: true });
    } else if (s.status === 'in' && loc.path === '/signin') {
      navigate(safeNext(loc.query.get('next')), { replace: true });
    }
  }, [s.status, loc.path]);

  if (open !== null) return <PublicVerify number={open} />;
  if (s.status === 'checking') return <p class="loading" role="status">{t('app.loading')}</p>;
  if (s.status === 'out' || loc.path === '/signin') return <SignIn notice={s.notice} />;
  return <Shell loc={loc} />;
}
