/** The road of live text: HTTP only where callHTTPFunction exists and coze-http answers; remembered; re-probed. */
import { STREAM_PATH_KEY, StreamPathChooser, WATCH_RECHECK_MS, type PathStorage } from '../../../miniprogram/services/stream-path';
import type { CloudApi, HttpFunctionParam } from '../../../miniprogram/services/cloud-api';

function memory(): PathStorage & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) };
}

function cloudWith(answer: ((param: HttpFunctionParam) => void) | undefined): CloudApi & { probes: number } {
  const cloud = { probes: 0 } as CloudApi & { probes: number };
  if (answer) cloud.callHTTPFunction = (param) => {
    cloud.probes += 1;
    answer(param);
  };
  return cloud;
}

const deployed = (p: HttpFunctionParam) => p.success?.({ statusCode: 200, data: '{"ok":true,"data":{"function":"coze-http"}}' });
const missing = (p: HttpFunctionParam) => p.fail?.({ errMsg: 'cloud.callHTTPFunction:fail function not found' });

beforeEach(() => jest.spyOn(console, 'info').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

test('no callHTTPFunction (base library < 3.15.1): the watch, without probing or storing', async () => {
  const storage = memory();
  expect(await new StreamPathChooser(cloudWith(undefined), storage).choose()).toBe('watch');
  expect(storage.map.size).toBe(0);
});

test('deployed: HTTP, probed once (concurrent sends share the probe), remembered for the next page', async () => {
  const storage = memory();
  const cloud = cloudWith(deployed);
  const chooser = new StreamPathChooser(cloud, storage);
  expect(await Promise.all([chooser.choose(), chooser.choose()])).toEqual(['http', 'http']);
  expect(await new StreamPathChooser(cloud, storage).choose()).toBe('http');
  expect(cloud.probes).toBe(1);
  expect(storage.map.get(STREAM_PATH_KEY)).toMatchObject({ path: 'http' });
});

test('not deployed, or something else answering: the watch, probed again after a day', async () => {
  let now = 1000;
  const storage = memory();
  const cloud = cloudWith(missing);
  expect(await new StreamPathChooser(cloud, storage, () => now).choose()).toBe('watch');
  expect(await new StreamPathChooser(cloud, storage, () => now).choose()).toBe('watch');
  expect(cloud.probes).toBe(1);
  now += WATCH_RECHECK_MS;
  const other = cloudWith((p) => p.success?.({ statusCode: 200, data: { ok: true, data: { function: 'someone-else' } } }));
  expect(await new StreamPathChooser(other, storage, () => now).choose()).toBe('watch');
  expect(other.probes).toBe(1);
});

test('forget: the next send probes again', async () => {
  const storage = memory();
  const cloud = cloudWith(deployed);
  const chooser = new StreamPathChooser(cloud, storage);
  await chooser.choose();
  chooser.forget();
  await chooser.choose();
  expect(cloud.probes).toBe(2);
});
