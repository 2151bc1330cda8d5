// Started by index.html before the app's modules have arrived (issue 18, slow links):
// the session check, on the dashboard its figures, on People the search, the language
// menu and the chosen language's text — so on a slow link the data travels while the
// code does. api.js takes each answer the first time the app asks for the same path. A plain script (no module graph to wait for), run as soon as it
// arrives; it changes nothing on the page.
(function () {
  var early = {};
  var headers = { accept: 'application/json' };
  // The interface language chosen before (web/src/i18n.js), as api.js will send it.
  try {
    var lang = localStorage.getItem('kazi.lang');
    if (lang) headers['accept-language'] = lang;
  } catch (e) { /* no storage: the browser's own languages */ }
  var get = function (path) {
    early[path] = fetch(path, { credentials: 'same-origin', cache: 'no-store', headers: headers });
    early[path].catch(function () {});
  };
  get('/api/v1/auth/me');
  if (location.pathname === '/') get('/api/v1/figures/dashboard?days=90');
  // People: the first page of the search in the address, as screens/People.jsx asks
  // for it (components/CursorPager.jsx: limit, then q, cadre, org_unit, status, after).
  if (location.pathname === '/people') {
    var here = new URLSearchParams(location.search);
    var q = new URLSearchParams({ limit: '25' });
    ['q', 'cadre', 'org_unit', 'status', 'after'].forEach(function (k) {
      var v = (here.get(k) || '').trim();
      if (v) q.set(k, v);
    });
    get('/api/v1/people?' + q);
  }
  get('/api/v1/languages'); // the language menu (web/src/strings.js)
  // The chosen language's text, when it is not the English the app carries.
  if (headers['accept-language'] && headers['accept-language'] !== 'en') {
    get('/api/v1/translations/' + encodeURIComponent(headers['accept-language']));
  }
  // The code of the screen at this address, fetched beside the shell rather than after
  // it (vite.config.js fills the table at build: [[pattern, [files]], ...]).
  var SCREEN_CODE = [];
  for (var i = 0; i < SCREEN_CODE.length; i++) {
    if (!new RegExp(SCREEN_CODE[i][0]).test(location.pathname)) continue;
    SCREEN_CODE[i][1].forEach(function (href) {
      var link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = href;
      document.head.appendChild(link);
    });
    break;
  }
  window.kaziEarly = early;
})();
