/**
 * Which Coze OAuth app permission each endpoint needs, so a 4101 tells the developer exactly which box to tick
 * in the app's settings (扣子编程 → API & SDK → 授权 → OAuth 应用 → 权限).
 */

const RULES: ReadonlyArray<[RegExp, string]> = [
  [/^POST \/v3\/chat$/, 'chat'],
  [/^(GET|POST) \/v3\/chat\/retrieve$/, 'getChat'],
  [/^GET \/v3\/chat\/message\/list$/, 'chat + listMessage'],
  [/^POST \/v3\/chat\/cancel$/, 'cancelChat'],
  [/^POST \/v1\/conversation\/create$/, 'createConversation'],
  [/^GET \/v1\/conversation\/retrieve$/, 'retrieveConversation'],
  [/^GET \/v1\/conversations$/, 'listConversation'],
  [/^(PUT|DELETE) \/v1\/conversations\/\d+$/, 'editConversation'],
  [/^POST \/v1\/conversations\/\d+\/clear$/, 'editConversation'],
  [/^(POST|DELETE) \/v1\/conversations\/\d+\/messages\/\d+\/feedback$/, 'feedback'],
  [/^POST \/v1\/conversation\/message\/list$/, 'chat + listMessage'],
  [/^POST \/v1\/conversation\/message\/delete$/, 'deleteMessage'],
  [/^GET \/v1\/bots\/\d+$/, 'getMetadata'],
  [/^POST \/v1\/audio\/transcriptions$/, 'createTranscription'],
  [/^POST \/v1\/audio\/speech$/, 'createSpeech'],
  [/^GET \/v1\/conversation\/message\/retrieve$/, 'retrieveMessage'],
  [/^POST \/v1\/files\/upload$/, 'uploadFile'],
];

/** Every permission name the table uses (a rule like `chat + listMessage` names two), for the README consistency test. */
export function knownPermissions(): string[] {
  return [...new Set(RULES.flatMap(([, names]) => names.split(' + ')))];
}

/** The permission an endpoint (`METHOD /path`) needs, or undefined when unknown. */
export function permissionFor(endpoint: string): string | undefined {
  return RULES.find(([pattern]) => pattern.test(endpoint))?.[1];
}
