/**
 * What a web consultant should do about a widget's error, from its code (the server's stable
 * error codes, or `network` when no Deputy answer arrived).
 */
export function fixFor(code: string, api: string, pageOrigin: string): string {
  const server = api || pageOrigin;
  switch (code) {
    case 'network':
      return `No answer from ${server}. If the server is up, add ${pageOrigin} to the partner's origin allow-list (exact origin), and check the widget's api attribute.`;
    case 'unauthenticated':
      return 'The token is missing, expired or revoked: have your backend mint a fresh one (POST /api/embed-tokens with the partner API key) for this page\'s origin and set the widget\'s token.';
    case 'forbidden':
      return "The token's user may not do this: give them a role that allows it, or mint the token for another user.";
    case 'not_found':
      return 'The widget names something the token\'s user cannot see: check the ids in its attributes.';
    case 'invalid':
    case 'too_large':
    case 'unsupported_media_type':
      return 'The server refused the request as malformed: check the widget\'s attributes and the server version.';
    case 'conflict':
      return 'Someone changed the same thing meanwhile: reload and try again.';
    case 'locked':
      return 'The user is locked after failed sign-ins: wait for the lock to lift or have an admin unlock them.';
    default:
      return 'See the message; the server log has the details.';
  }
}
