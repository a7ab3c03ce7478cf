/**
 * Settings of the mini-program side. CLOUD_ENV is your cloud environment id (云开发控制台 → 设置 → 环境 ID),
 * passed to wx.cloud.init (whose reference marks `env` required). Left empty, wx.cloud uses the environment
 * created first and the console warns at launch.
 */
export const CLOUD_ENV = '';
