/**
 * The user-context hook: what the bot may know about the user who is chatting. EDIT THIS FILE; `npm run build`
 * never overwrites it (it is not part of the bundle). The cloud function calls it before every chat with the
 * openid from the WeChat context (never from the request) and the cloud SDK, e.g. to read your own database.
 * Return an object of strings (numbers and booleans are turned into strings): bot chats receive it as prompt
 * variables (custom_variables: {{key}} in the persona), chatflows as start-node parameters. Return {} (or
 * nothing) to tell the bot nothing. A thrown error or a slow answer never blocks the chat; it is logged.
 * See README.md "What the bot may know about the user" for an example reading a `users` collection.
 */
module.exports = async function userContext(/* { openid, cloud } */) {
  return {};
};
