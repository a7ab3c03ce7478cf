/**
 * What the doctor tells a developer to do for each failure: where things are in the Coze and WeChat
 * consoles, in one place so the wording stays consistent with the README's troubleshooting section.
 */

/** The OAuth permissions the actions need (Coze console names), each probed once by the doctor. */
export const PERMISSIONS = [
  'getMetadata',
  'createConversation',
  'listConversation',
  'retrieveConversation',
  'chat',
  'getChat',
  'listMessage',
  'cancelChat',
  'editConversation',
  'feedback',
  'deleteMessage',
  'createTranscription',
  'retrieveMessage',
  'createSpeech',
  'uploadFile',
] as const;

/** One of {@link PERMISSIONS}. */
export type PermissionName = (typeof PERMISSIONS)[number];

/** Which actions of the cloud function break without each permission. */
export const PERMISSION_USERS: Record<PermissionName, string> = {
  getMetadata: 'bot.info (prologue, suggested questions)',
  createConversation: 'conversation.create, the first chat.send',
  listConversation: 'conversation.list',
  retrieveConversation: 'every action on an existing conversation (chat.send in it, message.list, rename, delete, clear, feedback): the ownership check reads it',
  chat: 'chat.send; message.list and chat.poll need it too, with listMessage (list_message.md)',
  getChat: 'chat.poll (answers longer than the function deadline)',
  listMessage: 'message.list, chat.poll (each together with chat)',
  cancelChat: 'chat.cancel (stop button)',
  editConversation: 'conversation.rename, conversation.delete, conversation.clear',
  feedback: 'message.feedback (like / dislike)',
  deleteMessage: 'removing an answer that WeChat\'s content check withheld from the history',
  createTranscription: 'audio.transcribe (voice input)',
  retrieveMessage: 'audio.speech (read-aloud reads the answer it speaks)',
  createSpeech: 'audio.speech (read-aloud, the voice mode)',
  uploadFile: 'chat.send with images or files (POST /v1/files/upload)',
};

/**
 * Where the OAuth app lives in today's Coze console (扣子编程), exactly as README.md's "Coze setup" names it:
 * https://docs.coze.cn/api/open/docs/developer_guides/oauth_jwt ("1 创建 Oauth 应用并授权").
 */
export const OAUTH_APP_PATH = '扣子编程 (code.coze.cn) → API & SDK → 授权 → OAuth 应用';

const OAUTH_APP = `${OAUTH_APP_PATH} → your 服务类应用 (JWT)`;
const ENV_WHERE = 'in .env (npm start / npm run doctor) and in the function\'s 环境变量 (云开发控制台 → 云函数 → coze → 函数配置)';

/** Fixes, keyed by failure. */
export const FIXES = {
  missingVariable: (name: string): string => `Set ${name} ${ENV_WHERE}. See .env.example for every variable.`,
  badSetting: `Correct the variable named above ${ENV_WHERE}.`,
  envTooLarge: (bytes: number, limit: number): string =>
    `CloudBase refuses a function's environment variables above ${limit} bytes in total (names and values; yours take ${bytes}). ` +
    `Use a 2048-bit key (in ${OAUTH_APP}, create a new key pair: Coze's keys are 2048-bit; a 4096-bit key alone takes about 3.3 KB), and drop optional COZE_/CHAT_ variables that only repeat their defaults.`,
  invalidClient:
    `Coze rejected the signed JWT (invalid_client): the private key does not match the public key registered under COZE_JWT_OAUTH_PUBLIC_KEY_ID, ` +
    `or the key id or app id is wrong. In ${OAUTH_APP_PATH}, the app's 应用 ID must equal COZE_JWT_OAUTH_CLIENT_ID; under 操作 → edit (编辑) → 配置, ` +
    `the key's 公钥指纹 must equal COZE_JWT_OAUTH_PUBLIC_KEY_ID, and COZE_JWT_OAUTH_PRIVATE_KEY must be the private_key.pem downloaded when that key pair was created ` +
    `(lost it? 创建 Key there for a new pair, at most three, and use its fingerprint and private key).`,
  accessDenied: `The OAuth app is deactivated or not a 服务类应用 (JWT) app: enable it in ${OAUTH_APP_PATH}, or 创建新应用 there with 应用类型 普通 and 客户端类型 服务类应用.`,
  unreachable: (base: string, detail = ''): string => {
    const bases = 'https://api.coze.cn for coze.cn apps, https://api.coze.com for coze.com';
    if (/ENOTFOUND|EAI_AGAIN/.test(detail)) return `The host of COZE_API_BASE (${base}) does not resolve: check its spelling (${bases}) and this machine's DNS and network.`;
    if (/ECONNREFUSED/.test(detail)) return `Nothing accepts connections at ${base}: check the host and port in COZE_API_BASE (${bases}; a local emulator must be running, e.g. npm run emulator).`;
    return `Cannot reach ${base}: check COZE_API_BASE (${bases}), the network and any proxy or firewall, then run the doctor again.`;
  },
  wrongRegion: (configured: string, other: string): string =>
    `Your OAuth app lives on ${other}, but COZE_API_BASE points at ${configured}: tokens are only issued (and accepted) in the app's own region. ` +
    `Set COZE_API_BASE=https://${other} — or create the app and bot on ${configured.replace(/^api\./, '')} if that is where your bot is. Apps, bots and tokens never cross regions (the classic cause of 4100/4101/4200).`,
  botNotFound:
    'Coze does not know COZE_BOT_ID (4200): copy the id from the bot page URL (…/bot/<id>, about 19 digits, keep it a string), make sure the bot is in a workspace this OAuth app can use, and that the region matches.',
  botNoAccess: 'COZE_BOT_ID is invalid or this OAuth app has no access to it (4006): check the id and that the app and bot belong to the same account/workspace.',
  botUnpublished:
    'The bot is not published to the API channel (4015) — the Coze FAQ\'s "no prologue / 没有开场白" cause. On the agent\'s page in 扣子编程 click 发布 (top right), select the API option and 发布; publish again after every change.',
  missingPermission: (permission: PermissionName): string =>
    `Add the permission "${permission}" to the OAuth app: ${OAUTH_APP} → 操作 → edit (编辑) → 权限, tick ${permission}, 确定, then 授权 in the dialog that follows (needed by ${PERMISSION_USERS[permission]}).`,
  buildFunction: 'Run `npm run build` to build cloudfunctions/coze/index.js, then run the doctor again.',
} as const;
