// Every screen of the app, in navigation order. To add a screen: write
// screens/<Name>.jsx, then add a row here (see docs/ui.md). A row without a
// component renders the "not ready yet" page naming the API it waits for.
// `permission` (from the server's session) hides screens the user could not use;
// `role` is the fallback when the server lists no permissions.
import { Dashboard } from './screens/Dashboard.jsx';
import { Account } from './screens/Account.jsx';
import { Audit } from './screens/Audit.jsx';
import { Users } from './screens/Users.jsx';
import { Configuration } from './screens/Configuration.jsx';
import { Supervision } from './screens/Supervision.jsx';
import { Reports } from './screens/Reports.jsx';
import { Imports } from './screens/Imports.jsx';

export const SCREENS = [
  { path: '/', nav: 'nav.dashboard', component: Dashboard },
  { path: '/people', nav: 'nav.people', permission: 'people.read', needs: 'registry', api: '/api/v1/people', about: 'about.people' },
  { path: '/positions', nav: 'nav.positions', permission: 'positions.read', needs: 'registry', api: '/api/v1/positions', about: 'about.positions' },
  { path: '/training', nav: 'nav.training', permission: 'training.read', needs: 'registry', api: '/api/v1/training-events', about: 'about.training' },
  { path: '/certificates', nav: 'nav.certificates', needs: 'registry', api: '/api/v1/certificates', about: 'about.certificates' },
  { path: '/careers', nav: 'nav.careers', needs: 'registry', api: '/api/v1/lattice', about: 'about.careers' },
  { path: '/supervision', nav: 'nav.supervision', permission: 'supervision.read', component: Supervision },
  { path: '/reports', nav: 'nav.reports', permission: 'reports.run', component: Reports },
  { path: '/imports', nav: 'nav.imports', permission: 'imports.run', component: Imports },
  { path: '/configuration', nav: 'nav.configuration', permission: 'config.read', component: Configuration },
  { path: '/users', nav: 'nav.users', component: Users, permission: 'users.read', role: 'administrator' },
  { path: '/audit', nav: 'nav.audit', component: Audit, permission: 'audit.read', role: 'administrator' },
  { path: '/account', nav: 'account.title', component: Account },
];
