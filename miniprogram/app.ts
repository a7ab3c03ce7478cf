// First, before any other module runs: built-ins the oldest supported engines lack (core/polyfills.ts).
import './core/polyfills';
import { CLOUD_ENV } from './config';

/** The app: initialises WeChat cloud so every page can call the `coze` cloud function. */
App({
  onLaunch() {
    if (!wx.cloud) {
      console.error('wx.cloud is missing: set the base library to 2.8.1 or later (needed for the stream watch).');
      return;
    }
    wx.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
  },
});
