// GET /api/v1/positions?approved=true|false: the Posts screen's "approved in the
// scheme of service" filter, combined with the other filters and counted in total.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPosition } from './lib/registry.mjs';

let srv, ids, who;
before(async () => { ({ srv, ids, who } = await registryServer()); });
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

test('approved=true and approved=false split the posts; the total follows the filter', async () => {
  const yes = await createPosition(who.national, ids, { approved: true, cadre: 'pcdw' });
  const no = await createPosition(who.national, ids, { approved: false, cadre: 'pcdw' });
  const ids_ = (r) => r.body.items.map((p) => p.id);
  let r = await who.national.call('GET', '/api/v1/positions?cadre=pcdw&approved=true');
  assert.equal(r.status, 200);
  assert.deepEqual(ids_(r), [yes.id]);
  assert.equal(r.body.total, 1);
  r = await who.national.call('GET', '/api/v1/positions?cadre=pcdw&approved=false');
  assert.deepEqual(ids_(r), [no.id]);
  assert.equal(r.body.total, 1);
  r = await who.national.call('GET', '/api/v1/positions?cadre=pcdw');
  assert.deepEqual(ids_(r).sort(), [yes.id, no.id].sort());
  r = await who.national.call('GET', '/api/v1/positions?cadre=pcdw&approved=true&vacant=true');
  assert.deepEqual(ids_(r), [yes.id]);
});

test('approved must be true or false', async () => {
  const r = await who.national.call('GET', '/api/v1/positions?approved=yes');
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'approved');
});
