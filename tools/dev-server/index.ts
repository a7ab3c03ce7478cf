/** The local stand-in for WeChat cloud: in-process clients and the HTTP face (see README, "Local development"). */
// Types of the function module and the callFunction shapes.
export * from './cloud-types';
// createLocalCloud: per-openid callFunction and stream watch, in process.
export * from './local-cloud';
// startDevServer: the loopback HTTP/SSE face.
export * from './http-server';
// loadFunctionModule: the built cloud function bundle.
export * from './load-function';
