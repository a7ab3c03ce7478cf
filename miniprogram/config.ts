/**
 * Settings of the mini-program side. Edit CLOUD_ENV when your AppID has more than one cloud environment;
 * left empty, wx.cloud uses the environment created first.
 */
export const CLOUD_ENV = '';
