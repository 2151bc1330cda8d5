// Every screen of the app, in navigation order. To add a screen: write
// screens/<Name>.jsx, then add a row here (see docs/ui.md). A row without a
// component renders the "not ready yet" page naming the API it waits for.
import { Dashboard } from './screens/Dashboard.jsx';
import { Account } from './screens/Account.jsx';
import { Audit } from './screens/Audit.jsx';
import { Users } from './screens/Users.jsx';
import { Configuration } from './screens/Configuration.jsx';

export const SCREENS = [
  { path: '/', nav: 'nav.dashboard', component: Dashboard },
  { path: '/people', nav: 'nav.people', needs: 'registry', api: '/api/v1/people', about: 'about.people' },
  { path: '/positions', nav: 'nav.positions', needs: 'registry', api: '/api/v1/positions', about: 'about.positions' },
  { path: '/training', nav: 'nav.training', needs: 'registry', api: '/api/v1/training-events', about: 'about.training' },
  { path: '/certificates', nav: 'nav.certificates', needs: 'registry', api: '/api/v1/certificates', about: 'about.certificates' },
  { path: '/careers', nav: 'nav.careers', needs: 'registry', api: '/api/v1/lattice', about: 'about.careers' },
  { path: '/supervision', nav: 'nav.supervision', needs: 'registry', api: '/api/v1/supervision', about: 'about.supervision' },
  { path: '/reports', nav: 'nav.reports', needs: 'registry', api: '/api/v1/reports', about: 'about.reports' },
  { path: '/imports', nav: 'nav.imports', needs: 'registry', api: '/api/v1/imports', about: 'about.imports' },
  { path: '/configuration', nav: 'nav.configuration', component: Configuration },
  { path: '/users', nav: 'nav.users', component: Users, role: 'administrator' },
  { path: '/audit', nav: 'nav.audit', component: Audit, role: 'administrator' },
  { path: '/account', nav: 'account.title', component: Account },
];
