// First, before any other module runs: built-ins the oldest supported engines lack (core/polyfills.ts).
import './core/polyfills';
import { CLOUD_ENV } from './config';
import { checkBaseLibrary, initCloud } from './services/app-launch';

/** The app: checks the base library and initialises WeChat cloud so every page can call the `coze` function. */
App({
  onLaunch() {
    checkBaseLibrary();
    initCloud(CLOUD_ENV);
  },
});
