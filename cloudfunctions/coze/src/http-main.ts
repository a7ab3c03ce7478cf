/**
 * Entry of the HTTP function `coze-http` (built to cloudfunctions/coze-http/index.js): CloudBase starts it through
 * `scf_bootstrap` and sends requests to port 9000 (docs.cloudbase.net/cloud-function/develop/scf-bootstrap).
 */
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import { handleHttp } from './http-handler';
import { log } from './log';

/** CloudBase HTTP functions listen on 9000; PORT overrides it for a local run. */
const port = Number(process.env.PORT ?? 9000);
const server = createServer(handleHttp);
server.listen(port, '0.0.0.0', () => log.info('http.listening', { port: (server.address() as AddressInfo).port }));
