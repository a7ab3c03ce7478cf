/** The local stand-in for WeChat cloud: in-process clients and the HTTP face (see README, "Local development"). */
export * from './cloud-types';
export * from './local-cloud';
export * from './http-server';
export * from './load-function';
