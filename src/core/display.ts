/**
 * Text from a log, a path or the webview, made safe to show in VS Code's own UI. Notifications render
 * `[label](command:…)` as a link that runs a command, and the status bar, quick picks and notifications
 * render `$(name)` as an icon: a run named like that must show as the text it is.
 */

/** Longest text shown; past it, an ellipsis (a name is not a document). */
const MAX_LENGTH = 200;
/** Control characters (line breaks included) would break a one-line message apart. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;
/** A link's `](` and an icon's `$(`: a zero-width space after the first character keeps both as text. */
const LINK_OR_ICON = /([\]$])\(/g;

/** `text` as plain text for notifications, the status bar, quick picks and tree labels. */
export function plainText(text: string, max = MAX_LENGTH): string {
  const flat = text.replace(CONTROL, ' ');
  const short = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return short.replace(LINK_OR_ICON, '$1\u200b(');
}
