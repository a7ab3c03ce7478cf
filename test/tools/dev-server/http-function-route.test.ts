/**
 * The dev server plays wx.cloud.callHTTPFunction at /__http/:name/:path (issue 21): the function's own handler
 * answers with the asked path and the simulated user's x-wx-openid; an unknown function, or coze-http turned off
 * (npm start --stream watch), is a 404 that says how to fix it.
 */
import * as http from 'http';
import { createLocalCloud } from '../../../tools/dev-server/local-cloud';
import { startDevServer, type DevServer } from '../../../tools/dev-server/http-server';
import type { CloudFunctionModule } from '../../../tools/dev-server/cloud-types';

const fn: CloudFunctionModule = {
  main: async () => ({ ok: true, data: {} }),
  localStreams: { watch: () => () => undefined },
  handleHttp: (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ url: req.url, openid: req.headers['x-wx-openid'] }));
  },
};

function get(server: DevServer, path: string, openid = 'o_alice'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(`${server.url}${path}`, { headers: { 'x-wx-openid': openid } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('coze-http is served with its own path and the simulated user', async () => {
  const server = await startDevServer({ cloud: createLocalCloud(fn) });
  try {
    expect(JSON.parse((await get(server, '/__http/coze-http/ping?x=1')).body)).toEqual({ url: '/ping?x=1', openid: 'o_alice' });
    const other = await get(server, '/__http/other/ping');
    expect(other.status).toBe(404);
    expect(other.body).toContain('coze-http');
  } finally {
    await server.stop();
  }
});

test('turned off (--stream watch), coze-http is not deployed: 404, so the page falls back to the watch', async () => {
  const server = await startDevServer({ cloud: createLocalCloud(fn, { http: false }) });
  try {
    const res = await get(server, '/__http/coze-http/ping');
    expect(res.status).toBe(404);
    expect(res.body).toContain('--stream watch');
  } finally {
    await server.stop();
  }
});
